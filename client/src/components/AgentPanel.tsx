import type { CombinedError } from 'urql';
import type { Agent, AgentName, ProjectStatus } from '../types';
import { AgentCard } from './AgentCard';
import { AgentProgress } from './AgentProgress';
import { ErrorNotice } from './ErrorNotice';
import { Panel } from './Panel';

interface AgentPanelProps {
  projectId: string;
  projectStatus: ProjectStatus;
  breakpoints: AgentName[];
  confidenceThreshold: number;
  agents: Agent[] | undefined;
  error: CombinedError | undefined;
  onRetry(): void;
  onRetryRequested(): void;
  /** A past version of the project: no retrying from it. */
  readOnly?: boolean;
}

/** The four agents in pipeline order: status, current task, attempt, tokens; "retry from here", a breakpoint, an edit. */
export function AgentPanel({ projectId, projectStatus, breakpoints, confidenceThreshold, agents, error, onRetry, onRetryRequested, readOnly = false }: AgentPanelProps) {
  return (
    <Panel id="agents" title="Agents" className="agents-panel" meta={agents && agents.length > 0 ? <AgentProgress agents={agents} /> : undefined}>
      <ErrorNotice error={error} title="The agents could not be loaded" onRetry={onRetry} />
      {!agents && !error && <p className="muted loading">Loading the agents…</p>}
      {agents && agents.length === 0 && (
        <p className="empty">No agents yet — the analyst, architect, developer and tester appear once the project starts.</p>
      )}
      {agents && agents.length > 0 && (
        <ol className="agent-cards">
          {agents.map((agent) => (
            <AgentCard
              key={agent.name}
              projectId={projectId}
              projectStatus={projectStatus}
              breakpoints={breakpoints}
              confidenceThreshold={confidenceThreshold}
              agent={agent}
              onRetryRequested={onRetryRequested}
              readOnly={readOnly}
            />
          ))}
        </ol>
      )}
    </Panel>
  );
}
