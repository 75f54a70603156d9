import { useEffect, useRef } from 'react';
import { AppHeader } from './components/AppHeader';
import { ComparePage } from './components/ComparePage';
import { ErrorBoundary } from './components/ErrorBoundary';
import { NotFoundPage } from './components/NotFoundPage';
import { requestHeadingFocus } from './components/PageHeading';
import { ProjectPage } from './components/ProjectPage';
import { ProjectsPage } from './components/ProjectsPage';
import { useHashRoute, type Route } from './hooks/useHashRoute';

function routeKey(route: Route): string {
  if (route.page === 'compare') return `compare:${route.a}:${route.b}`;
  return route.page === 'project' ? `project:${route.projectId}` : route.page;
}

export function App() {
  const route = useHashRoute();
  const key = routeKey(route);
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After in-app navigation (not on the first load), the new page's heading takes focus
  // once it has mounted; see PageHeading.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const heading = main.current?.querySelector<HTMLElement>('h1');
    if (heading) heading.focus();
    else requestHeadingFocus();
    window.scrollTo(0, 0);
  }, [key]);

  return (
    <>
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); main.current?.focus(); }}>
        Skip to content
      </a>
      <AppHeader />
      <main id="main" ref={main} tabIndex={-1}>
        <ErrorBoundary resetKey={key}>
          {route.page === 'projects' && <ProjectsPage />}
          {route.page === 'project' && <ProjectPage key={route.projectId} projectId={route.projectId} />}
          {route.page === 'compare' && <ComparePage key={key} a={route.a} b={route.b} />}
          {route.page === 'notFound' && <NotFoundPage path={route.path} />}
        </ErrorBoundary>
      </main>
    </>
  );
}
