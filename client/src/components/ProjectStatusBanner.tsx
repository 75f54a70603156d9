import { useState } from 'react';
import { useMutation } from 'urql';
import { parseApiError } from '../errors';
import { agentLabel } from '../format';
import { RESUME_PROJECT_MUTATION } from '../queries';
import { projectHref } from '../hooks/useHashRoute';
import type { Action, Agent, Artifact, Project, ProjectEvent, TestRun } from '../types';
import { ErrorNotice } from './ErrorNotice';
import { WorkspaceZipLink } from './WorkspaceZipLink';

interface ProjectStatusBannerProps {
  project: Project;
  agents: Agent[] | undefined;
  actions: Action[] | undefined;
  artifacts: Artifact[] | undefined;
  testRuns: TestRun[] | undefined;
  events: ProjectEvent[];
  onJump(panelId: string): void;
}

function lastReason(events: ProjectEvent[], type: string): string | null {
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const event = events[i]!;
    if (event.type !== type) continue;
    const data = event.data;
    if (data && typeof data === 'object' && !Array.isArray(data)) {
      const value = data.reason ?? data.summary;
      if (typeof value === 'string' && value) return value;
    }
    return null;
  }
  return null;
}

/** One line on what the project is doing now: a pulse while agents work, a call to act while it waits. */
export function ProjectStatusBanner({ project, agents, actions, artifacts, testRuns, events, onJump }: ProjectStatusBannerProps) {
  const latestRun = testRuns?.slice().sort((a, b) => b.round - a.round)[0];
  switch (project.status) {
    case 'ACTIVE': {
      const thinking = agents?.filter((a) => a.status === 'THINKING') ?? [];
      const running = latestRun?.status === 'running';
      const what = running
        ? `running the tests (round ${latestRun.round})…`
        : thinking.length
          ? `${thinking.map((a) => `the ${agentLabel(a.name).toLowerCase()}`).join(' and ')} ${thinking.length === 1 ? 'is' : 'are'} thinking${
              thinking.length === 1 && thinking[0]!.attempt > 1 ? ` (attempt ${thinking[0]!.attempt})` : ''
            }…`
          : 'the agents are working…';
      return (
        <div className="status-banner banner-active" role="status">
          <span className="spinner" aria-hidden="true" />
          <span>
            <strong>Working</strong> — {what}
          </span>
        </div>
      );
    }
    case 'PAUSED':
      return <PausedBanner project={project} />;
    case 'WAITING': {
      const pending = actions?.filter((a) => a.status === 'PENDING') ?? [];
      const asker = pending[0]?.agent;
      return (
        <div className="status-banner banner-waiting" role="status">
          <span className="banner-icon" aria-hidden="true">
            ?
          </span>
          <span>
            <strong>Waiting for you</strong> — {asker ? `the ${asker} needs an answer` : 'an agent needs an answer'}
            {pending.length > 1 ? ` (${pending.length} questions)` : ''}.{' '}
            <a
              href={projectHref(project.id)}
              onClick={(e) => {
                e.preventDefault();
                onJump('actions');
              }}
            >
              Answer in the action queue
            </a>
          </span>
        </div>
      );
    }
    case 'COMPLETED': {
      const files = artifacts?.length ?? 0;
      const warned = project.warnings.length > 0;
      // Accepted short of done is not a plain success: the banner names what was accepted.
      const failingTests = project.warnings.some((w) => w.agent === 'developer');
      return (
        <div className={`status-banner banner-completed${warned ? ' banner-completed-warnings' : ''}`} role="status">
          <span className="banner-icon" aria-hidden="true">
            {warned ? '!' : '✓'}
          </span>
          <span>
            <strong>{failingTests ? 'Completed with failing tests' : warned ? 'Completed with warnings' : 'Completed'}</strong>
            {warned && <> ({project.warnings.map((w) => `${w.agent}: ${w.text}`).join('; ')})</>}
            {files > 0 && <> — {files} files</>}
            {latestRun && latestRun.status !== 'running' && (
              <>
                , tests: {latestRun.passed ?? 0} passed, {latestRun.failed ?? 0} failed
              </>
            )}
            .{' '}
            {files > 0 && (
              <WorkspaceZipLink projectId={project.id}>Download the files (.zip)</WorkspaceZipLink>
            )}
          </span>
        </div>
      );
    }
    case 'CANCELLED':
    case 'FAILED': {
      const reason = lastReason(events, project.status === 'CANCELLED' ? 'ProjectCancelled' : 'ProjectFailed');
      return (
        <div className={`status-banner banner-${project.status.toLowerCase()}`} role="status">
          <span className="banner-icon" aria-hidden="true">
            {project.status === 'FAILED' ? '!' : '■'}
          </span>
          <span>
            <strong>{project.status === 'FAILED' ? 'Failed' : 'Cancelled'}</strong>
            {reason ? ` — ${reason}` : ''}
          </span>
        </div>
      );
    }
    default:
      return null;
  }
}

/** Stopped at a breakpoint: where, what a person may do now, and the button that lets the team go on. */
function PausedBanner({ project }: { project: Project }) {
  const [errors, setErrors] = useState<string[]>([]);
  const [{ fetching }, resume] = useMutation<{ resumeProject: Project }>(RESUME_PROJECT_MUTATION);
  const next = project.pausedBefore ? `the ${agentLabel(project.pausedBefore).toLowerCase()}` : 'the next agent';
  const onResume = async () => {
    setErrors([]);
    const result = await resume({ projectId: project.id });
    if (result.error) setErrors(parseApiError(result.error).general);
  };
  return (
    <div className="status-banner banner-paused" role="status">
      <span className="banner-icon" aria-hidden="true">
        ‖
      </span>
      <span>
        <strong>Paused before {next}</strong> — read the work so far, edit an agent’s output if you like, then resume.{' '}
        <button type="button" className="button button-small" onClick={() => void onResume()} disabled={fetching}>
          {fetching ? 'Resuming…' : 'Resume'}
        </button>
        <ErrorNotice messages={errors} title="The project did not resume" />
      </span>
    </div>
  );
}
