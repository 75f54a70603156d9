import { useEffect } from 'react';
import { projectsHref } from '../hooks/useHashRoute';
import { PageHeading } from './PageHeading';

export function NotFoundPage({ path }: { path: string }) {
  useEffect(() => {
    document.title = 'Not found · BotArmy';
  }, []);
  return (
    <div className="page">
      <PageHeading>Page not found</PageHeading>
      <p>Nothing lives at “{path}”.</p>
      <p>
        <a href={projectsHref}>Go to the projects</a>
      </p>
    </div>
  );
}
