import { memo, useId, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation } from 'urql';
import { parseApiError } from '../errors';
import { agentLabel, formatNumber, formatPercent } from '../format';
import { RETRY_STEP_MUTATION, SET_BREAKPOINTS_MUTATION } from '../queries';
import type { Agent, AgentName, AgentStatus, Project, ProjectStatus } from '../types';
import { AgentStatusBadge } from './AgentProgress';
import { ErrorNotice } from './ErrorNotice';
import { OutputEditor } from './OutputEditor';

const ROLES: Record<string, string> = {
  ANALYST: 'Turns requirements into user stories',
  ARCHITECT: 'Designs components, API and stack',
  DEVELOPER: 'Writes the code',
  TESTER: 'Writes and runs the tests',
};

interface AgentCardProps {
  projectId: string;
  projectStatus: ProjectStatus;
  /** The agents the project pauses before. */
  breakpoints: AgentName[];
  /** Below this, the agent asks a person: its confidence is shown as a warning. */
  confidenceThreshold: number;
  agent: Agent;
  onRetryRequested(): void;
  readOnly?: boolean;
}

/** Project states in which no agent works, so a person may edit what the agents made. */
const STOPPED_STATUSES: ReadonlySet<ProjectStatus> = new Set(['PAUSED', 'WAITING', 'COMPLETED', 'FAILED']);

/** What an agent with no current task is doing, by status. */
const IDLE_TASK: Partial<Record<AgentStatus, string>> = {
  DONE: 'Finished its step',
  IDLE: 'Waiting for its turn',
  STOPPED: 'Stopped: the project was cancelled',
};

/** One agent: its status (pulsing while it thinks), what it is doing, its attempt and tokens. */
export const AgentCard = memo(function AgentCard({ projectId, projectStatus, breakpoints, confidenceThreshold, agent, onRetryRequested, readOnly = false }: AgentCardProps) {
  const [breakpointErrors, setBreakpointErrors] = useState<string[]>([]);
  const [{ fetching: settingBreakpoint }, setBreakpoints] = useMutation<{ setBreakpoints: Project }>(SET_BREAKPOINTS_MUTATION);
  // An edit would race an agent at work: it is offered while the team is stopped (paused, asking, or done).
  const canEdit = !readOnly && (agent.status === 'DONE' || agent.status === 'WARNING') && STOPPED_STATUSES.has(projectStatus);
  const canSetBreakpoint = !readOnly && projectStatus !== 'CANCELLED';
  const paused = breakpoints.includes(agent.name);
  const toggleBreakpoint = async () => {
    setBreakpointErrors([]);
    const agents = paused ? breakpoints.filter((a) => a !== agent.name) : [...breakpoints, agent.name];
    const result = await setBreakpoints({ projectId, agents });
    if (result.error) {
      const info = parseApiError(result.error);
      setBreakpointErrors([...Object.values(info.fields), ...info.general]);
    } else onRetryRequested();
  };
  const name = agentLabel(agent.name);
  const canRetry = !readOnly && projectStatus !== 'CANCELLED' && agent.attempt > 0;
  const id = useId();

  return (
    <li className={`agent-card agent-card-${agent.status.toLowerCase()}`} data-agent={agent.name} data-status={agent.status}>
      <div className="agent-card-head">
        <h3 id={`${id}-name`}>{name}</h3>
        <AgentStatusBadge status={agent.status} />
      </div>
      <p className="agent-role muted">{ROLES[agent.name] ?? ''}</p>
      <p className="agent-task">
        {agent.currentTask ?? IDLE_TASK[agent.status] ?? '—'}
      </p>
      <dl className="agent-stats">
        <div>
          <dt>Attempt</dt>
          <dd>{agent.attempt || '—'}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd title={`${formatNumber(agent.promptTokens)} prompt + ${formatNumber(agent.completionTokens)} completion`}>
            {formatNumber(agent.totalTokens)}
          </dd>
        </div>
        <div>
          <dt>Calls</dt>
          <dd>
            {agent.llmCalls}
            {agent.failedCalls > 0 && <span className="text-danger"> ({agent.failedCalls} failed)</span>}
          </dd>
        </div>
        {agent.lastConfidence !== null && (
          <div>
            <dt>Confidence</dt>
            <dd
              className={agent.lastConfidence < confidenceThreshold ? 'confidence-low' : undefined}
              title={agent.lastConfidence < confidenceThreshold ? `Below the project’s threshold of ${formatPercent(confidenceThreshold)}` : undefined}
            >
              {formatPercent(agent.lastConfidence)}
            </dd>
          </div>
        )}
      </dl>
      {agent.lastError && (
        <p className="agent-error" role="note">
          <strong>Last error:</strong> {agent.lastError}
        </p>
      )}
      {canSetBreakpoint && (
        <label className="agent-breakpoint">
          <input type="checkbox" checked={paused} disabled={settingBreakpoint} onChange={() => void toggleBreakpoint()} />
          Pause before the {name.toLowerCase()}
        </label>
      )}
      <ErrorNotice messages={breakpointErrors} title="The breakpoint was not set" />
      {canEdit && (
        <CardForm id={`${id}-edit`} className="agent-edit" openLabel="Edit its output…" closeLabel="Close the editor">
          {(close) => <OutputEditor id={`${id}-edit`} projectId={projectId} agent={agent.name} onDone={() => (close(), onRetryRequested())} />}
        </CardForm>
      )}
      {canRetry && (
        <CardForm
          id={`${id}-retry`}
          className="agent-retry"
          openLabel="Retry from here…"
          closeLabel="Close"
          ariaLabels={[`Retry from the ${name.toLowerCase()}`, `Close the retry form of the ${name.toLowerCase()}`]}
        >
          {(close) => <RetryStepForm id={`${id}-retry`} projectId={projectId} agent={agent} onDone={() => (close(), onRetryRequested())} />}
        </CardForm>
      )}
    </li>
  );
});

/** A link that opens a form in the card and closes it again; the form closes itself when it is done. */
function CardForm({
  id,
  className,
  openLabel,
  closeLabel,
  ariaLabels,
  children,
}: {
  id: string;
  className: string;
  openLabel: string;
  closeLabel: string;
  /** What a screen reader hears, opened and closed, when the visible label alone is too short. */
  ariaLabels?: [string, string];
  children(close: () => void): ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <div className={className}>
      <button type="button" className="link-button" aria-expanded={open} aria-controls={id} aria-label={ariaLabels?.[open ? 1 : 0]} onClick={() => setOpen((o) => !o)}>
        {open ? closeLabel : openLabel}
      </button>
      {open && children(() => setOpen(false))}
    </div>
  );
}

function RetryStepForm({ id, projectId, agent, onDone }: { id: string; projectId: string; agent: Agent; onDone(): void }) {
  const [guidance, setGuidance] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [{ fetching }, retryStep] = useMutation<{ retryStep: Project }>(RETRY_STEP_MUTATION);
  const name = agentLabel(agent.name).toLowerCase();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors([]);
    const text = guidance.trim();
    const result = await retryStep({ input: { projectId, agent: agent.name, ...(text ? { guidance: text } : {}) } });
    if (result.error) {
      const info = parseApiError(result.error);
      setErrors([...Object.values(info.fields), ...info.general]);
      return;
    }
    onDone();
  };

  return (
    <form id={id} className="retry-form" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-guidance`}>Guidance for the {name} (optional)</label>
        <textarea
          id={`${id}-guidance`}
          rows={3}
          value={guidance}
          onChange={(e) => setGuidance(e.target.value)}
          placeholder="What should it do differently?"
        />
        <p className="field-hint">The {name} runs again, and every agent after it.</p>
      </div>
      <ErrorNotice messages={errors} title="The retry was not started" />
      <button type="submit" className="button button-small" disabled={fetching}>
        {fetching ? 'Starting…' : `Retry from the ${name}`}
      </button>
    </form>
  );
}
