import { useRef } from 'react';
import { useQuery } from 'urql';
import { hasErrorCode } from '../errors';
import { projectsHref } from '../hooks/useHashRoute';
import { PROJECT_QUERY } from '../queries';
import type { Project } from '../types';
import { ErrorNotice } from './ErrorNotice';
import { PageHeading } from './PageHeading';
import { ProjectView } from './ProjectView';

/** Loads the project, then hands over to ProjectView (which starts the live subscriptions). */
export function ProjectPage({ projectId }: { projectId: string }) {
  const [{ data, error, fetching }, reexecute] = useQuery<{ project: Project }>({
    query: PROJECT_QUERY,
    variables: { id: projectId },
    requestPolicy: 'cache-and-network',
  });
  // Keep showing the last project read when a later refetch fails (server restarting, network
  // blip): the failure is shown as a notice above the panels instead of replacing the page.
  const lastGood = useRef<Project | undefined>(undefined);
  if (data?.project?.id === projectId) lastGood.current = data.project;
  const project = lastGood.current?.id === projectId ? lastGood.current : undefined;

  if (!project) {
    if (hasErrorCode(error, 'NOT_FOUND')) {
      return (
        <div className="page">
          <PageHeading>Project not found</PageHeading>
          <p>There is no project with the id “{projectId}”.</p>
          <p>
            <a href={projectsHref}>Back to all projects</a>
          </p>
        </div>
      );
    }
    return (
      <div className="page">
        <p className="breadcrumb">
          <a href={projectsHref}>← All projects</a>
        </p>
        {error ? (
          <ErrorNotice
            error={error}
            title="The project could not be loaded"
            onRetry={() => reexecute({ requestPolicy: 'network-only' })}
          />
        ) : (
          fetching && <p className="muted loading">Loading the project…</p>
        )}
      </div>
    );
  }

  return (
    <ProjectView
      key={projectId}
      project={project}
      refreshError={error}
      refetchProject={() => reexecute({ requestPolicy: 'network-only' })}
    />
  );
}
