import { memo, useId, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { parseApiError } from '../errors';
import { agentLabel, formatNumber, formatPercent } from '../format';
import { RETRY_STEP_MUTATION } from '../queries';
import type { Agent, AgentStatus, Project, ProjectStatus } from '../types';
import { AgentStatusBadge } from './AgentProgress';
import { ErrorNotice } from './ErrorNotice';

const ROLES: Record<string, string> = {
  ANALYST: 'Turns requirements into user stories',
  ARCHITECT: 'Designs components, API and stack',
  DEVELOPER: 'Writes the code',
  TESTER: 'Writes and runs the tests',
};

interface AgentCardProps {
  projectId: string;
  projectStatus: ProjectStatus;
  /** Below this, the agent asks a person: its confidence is shown as a warning. */
  confidenceThreshold: number;
  agent: Agent;
  onRetryRequested(): void;
  readOnly?: boolean;
}

/** What an agent with no current task is doing, by status. */
const IDLE_TASK: Partial<Record<AgentStatus, string>> = {
  DONE: 'Finished its step',
  IDLE: 'Waiting for its turn',
  STOPPED: 'Stopped: the project was cancelled',
};

/** One agent: its status (pulsing while it thinks), what it is doing, its attempt and tokens. */
export const AgentCard = memo(function AgentCard({ projectId, projectStatus, confidenceThreshold, agent, onRetryRequested, readOnly = false }: AgentCardProps) {
  const [retryOpen, setRetryOpen] = useState(false);
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
      {canRetry && (
        <div className="agent-retry">
          <button
            type="button"
            className="link-button"
            aria-expanded={retryOpen}
            aria-controls={`${id}-retry`}
            aria-label={retryOpen ? `Close the retry form of the ${name.toLowerCase()}` : `Retry from the ${name.toLowerCase()}`}
            onClick={() => setRetryOpen((open) => !open)}
          >
            {retryOpen ? 'Close' : 'Retry from here…'}
          </button>
          {retryOpen && (
            <RetryStepForm
              id={`${id}-retry`}
              projectId={projectId}
              agent={agent}
              onDone={() => {
                setRetryOpen(false);
                onRetryRequested();
              }}
            />
          )}
        </div>
      )}
    </li>
  );
});

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
