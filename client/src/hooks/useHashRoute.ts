import { useSyncExternalStore } from 'react';

// Hash routing (`#/`, `#/projects/<id>`), so the server needs no SPA fallback.
export type Route = { page: 'projects' } | { page: 'project'; projectId: string } | { page: 'notFound'; path: string };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/' || path === '/projects' || path === '/projects/') return { page: 'projects' };
  const match = /^\/projects\/([^/]+)\/?$/.exec(path);
  if (match) {
    try {
      return { page: 'project', projectId: decodeURIComponent(match[1]!) };
    } catch {
      return { page: 'notFound', path };
    }
  }
  return { page: 'notFound', path };
}

export function projectHref(projectId: string): string {
  return `#/projects/${encodeURIComponent(projectId)}`;
}

export const projectsHref = '#/';

export function navigate(href: string): void {
  window.location.hash = href.replace(/^#/, '');
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

function getHash(): string {
  return window.location.hash;
}

export function useHashRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash);
  return parseHash(hash);
}
