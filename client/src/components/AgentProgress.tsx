import { agentLabel, titleCase } from '../format';
import type { AgentProgress as AgentProgressData, AgentStatus } from '../types';

export const AGENT_STATUS_HINTS: Record<AgentStatus, string> = {
  IDLE: 'Not started yet',
  THINKING: 'Working on its step',
  WAITING: 'Waiting for a person to answer',
  ERROR: 'Its last attempt failed',
  DONE: 'Its output was accepted',
  WARNING: 'Done, but a person accepted its work short of done',
  STOPPED: 'The project was cancelled before it finished',
};

/** IDLE / THINKING / WAITING / ERROR / DONE / WARNING / STOPPED as a coloured badge; THINKING pulses. */
export function AgentStatusBadge({ status }: { status: AgentStatus }) {
  return (
    <span className={`badge agent-status agent-status-${status.toLowerCase()}`} title={AGENT_STATUS_HINTS[status]}>
      {status === 'THINKING' && <span className="spinner spinner-small" aria-hidden="true" />}
      {titleCase(status)}
    </span>
  );
}

export function doneCount(agents: readonly AgentProgressData[]): number {
  return agents.filter((a) => a.status === 'DONE' || a.status === 'WARNING').length;
}

/** "3/4 agents done" and a four-step bar, one step per agent in pipeline order. */
export function AgentProgress({ agents, compact = false }: { agents: readonly AgentProgressData[]; compact?: boolean }) {
  const done = doneCount(agents);
  const label = `${done}/${agents.length} agents done`;
  const detail = agents.map((a) => `${agentLabel(a.name)}: ${a.status.toLowerCase()}`).join(', ');
  return (
    <span className={`agent-progress${compact ? ' agent-progress-compact' : ''}`} title={detail}>
      <span className="progress-steps" aria-hidden="true">
        {agents.map((a) => (
          <span key={a.name} className={`progress-step step-${a.status.toLowerCase()}`} />
        ))}
      </span>
      <span className="progress-label">{label}</span>
      <span className="visually-hidden"> ({detail})</span>
    </span>
  );
}
