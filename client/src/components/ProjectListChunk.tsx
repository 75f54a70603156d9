import { useEffect } from 'react';
import { useQuery } from 'urql';
import { useAgentsProgress } from '../hooks/useAgentsProgress';
import { projectHref } from '../hooks/useHashRoute';
import { PROJECTS_QUERY } from '../queries';
import type { ProjectConnection, ProjectStatus } from '../types';
import { AgentProgress } from './AgentProgress';
import { ErrorNotice } from './ErrorNotice';
import { RelativeTime } from './RelativeTime';
import { StatusBadge } from './StatusBadge';

export const PROJECTS_PAGE_SIZE = 20;

interface ProjectListChunkProps {
  status: ProjectStatus | null;
  after: string | null;
  isFirst: boolean;
  isLast: boolean;
  onLoadMore(endCursor: string): void;
  onTotal(totalCount: number): void;
  /** Changes when the list should be read again (a project appeared or changed somewhere). */
  refreshToken: number;
}

/** One page of the project list: its own query, so "load more" just adds a chunk with the next cursor. */
export function ProjectListChunk({ status, after, isFirst, isLast, onLoadMore, onTotal, refreshToken }: ProjectListChunkProps) {
  const [{ data, fetching, error }, reexecute] = useQuery<{ projects: ProjectConnection }>({
    query: PROJECTS_QUERY,
    variables: { status, first: PROJECTS_PAGE_SIZE, after },
    requestPolicy: isFirst ? 'cache-and-network' : 'cache-first',
  });
  const connection = data?.projects;
  const progress = useAgentsProgress(connection?.nodes.map((p) => p.id) ?? [], refreshToken);
  useEffect(() => {
    if (refreshToken > 0) reexecute({ requestPolicy: 'network-only' });
  }, [refreshToken, reexecute]);

  const total = connection?.totalCount;
  useEffect(() => {
    if (isFirst && total !== undefined) onTotal(total);
  }, [isFirst, total, onTotal]);

  if (!connection) {
    if (error) {
      return (
        <li>
          <ErrorNotice
            error={error}
            title="Projects could not be loaded"
            onRetry={() => reexecute({ requestPolicy: 'network-only' })}
          />
        </li>
      );
    }
    return fetching ? <li className="muted loading">Loading projects…</li> : null;
  }

  if (isFirst && connection.nodes.length === 0) {
    return (
      <li className="empty">
        {status
          ? `No ${status.toLowerCase()} projects.`
          : 'No projects yet — create one and the analyst will start turning its requirements into user stories.'}
      </li>
    );
  }

  const { endCursor, hasNextPage } = connection.pageInfo;
  return (
    <>
      {connection.nodes.map((project) => (
        <li key={project.id} className="project-row">
          <a className="project-link" href={projectHref(project.id)}>
            {project.name}
          </a>
          <StatusBadge status={project.status} />
          {project.forkedFrom && (
            <a className="chip fork-origin" href={projectHref(project.forkedFrom.projectId)} title="The project this one was forked from">
              fork at v{project.forkedFrom.atVersion}
            </a>
          )}
          <span className="project-progress">
            {progress?.get(project.id) ? <AgentProgress agents={progress.get(project.id)!} compact /> : <span className="muted">…</span>}
          </span>
          <span className="project-created muted">
            <RelativeTime iso={project.createdAt} prefix="created" />
          </span>
        </li>
      ))}
      {error && (
        <li>
          <ErrorNotice error={error} title="Projects could not be refreshed" />
        </li>
      )}
      {isLast && hasNextPage && endCursor && (
        <li className="load-more">
          <button type="button" className="button" onClick={() => onLoadMore(endCursor)}>
            Load more projects
          </button>
        </li>
      )}
    </>
  );
}
