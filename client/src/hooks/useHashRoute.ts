import { useSyncExternalStore } from 'react';

// Hash routing (`#/`, `#/projects/<id>`, `#/compare/<a>/<b>`), so the server needs no SPA fallback.
export type Route =
  | { page: 'projects' }
  | { page: 'project'; projectId: string }
  | { page: 'compare'; a: string; b: string }
  | { page: 'notFound'; path: string };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/' || path === '/projects' || path === '/projects/') return { page: 'projects' };
  const match = /^\/projects\/([^/]+)\/?$/.exec(path);
  const compare = /^\/compare\/([^/]+)\/([^/]+)\/?$/.exec(path);
  try {
    if (match) return { page: 'project', projectId: decodeURIComponent(match[1]!) };
    if (compare) return { page: 'compare', a: decodeURIComponent(compare[1]!), b: decodeURIComponent(compare[2]!) };
  } catch {
    // a malformed escape: not a page of ours
  }
  return { page: 'notFound', path };
}

export function projectHref(projectId: string): string {
  return `#/projects/${encodeURIComponent(projectId)}`;
}

/** Two projects side by side: `a` typically the origin, `b` its fork. */
export function compareHref(a: string, b: string): string {
  return `#/compare/${encodeURIComponent(a)}/${encodeURIComponent(b)}`;
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
