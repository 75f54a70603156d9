import type { ReactNode } from 'react';
import { formatAbsolute, formatPercent } from '../format';
import type { Project } from '../types';
import { projectHref } from '../hooks/useHashRoute';
import { PageHeading } from './PageHeading';
import { RelativeTime } from './RelativeTime';
import { StatusBadge } from './StatusBadge';

/**
 * Name, status, version and requirements, with the project's buttons and its line on proof (CoverageSummary).
 * Kept current by projectChanged.
 */
export function ProjectHeader({ project, tools, proof }: { project: Project; tools?: ReactNode; proof?: ReactNode }) {
  const longRequirements = project.requirements.length > 600 || project.requirements.split('\n').length > 8;
  return (
    <header className="project-header">
      <div className="project-title">
        <PageHeading>{project.name}</PageHeading>
        <StatusBadge status={project.status} />
        {tools && <div className="project-tools">{tools}</div>}
      </div>
      {proof}
      <dl className="project-facts">
        {project.forkedFrom && (
          <div>
            <dt>Forked from</dt>
            <dd className="fork-origin">
              <a href={projectHref(project.forkedFrom.projectId)}>{project.forkedFrom.projectId}</a> at version {project.forkedFrom.atVersion}
            </dd>
          </div>
        )}
        {project.round > 1 && (
          <div>
            <dt>Round</dt>
            <dd title="Round 1 worked from the requirements; each change asked for after it ended started another">{project.round}</dd>
          </div>
        )}
        <div>
          <dt>Version</dt>
          <dd title="Events recorded for this project">{project.version}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            <RelativeTime iso={project.createdAt} /> <span className="muted">({formatAbsolute(project.createdAt)})</span>
          </dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>
            <RelativeTime iso={project.updatedAt} />
          </dd>
        </div>
        <div>
          <dt>Asks a person below</dt>
          <dd title="Agents escalate to the action queue when their confidence is below this">
            {formatPercent(project.confidenceThreshold)} confidence
          </dd>
        </div>
        <div>
          <dt>Answered by</dt>
          <dd className="answered-by">{project.answeredBy}</dd>
        </div>
      </dl>
      <details className="requirements" open={!longRequirements}>
        <summary>Requirements</summary>
        <div className="prose">{project.requirements}</div>
      </details>
      {project.changes.length > 0 && (
        <section className="project-changes" aria-label="Changes asked for">
          <h2>Changes asked for</h2>
          <ol>
            {project.changes.map((c) => (
              <li key={c.round}>
                <span className="change-round">Round {c.round}</span> <span className="prose">{c.text}</span>{' '}
                <span className="muted">
                  (<RelativeTime iso={c.requestedAt} />)
                </span>
              </li>
            ))}
          </ol>
        </section>
      )}
    </header>
  );
}
