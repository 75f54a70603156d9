import { useId, useMemo, useState } from 'react';
import { agentLabel } from '../format';
import type { AgentName, Json, ProjectEvent } from '../types';
import { ErrorNotice } from './ErrorNotice';
import { Panel } from './Panel';
import { TimelineEvent } from './TimelineEvent';

const PAGE = 100;

/** The groups of event types people filter the history by. */
export const EVENT_GROUPS = [
  { id: 'llm', label: 'LLM calls', types: ['LlmCallCompleted', 'LlmCallFailed', 'EndpointProbed'] },
  { id: 'outputs', label: 'Agent outputs', types: ['AgentStepStarted', 'AgentOutputProduced', 'AgentOutputAccepted', 'AgentOutputRejected'] },
  { id: 'messages', label: 'Handoffs and messages', types: ['MessageSent'] },
  { id: 'people', label: 'People’s actions', types: ['ActionRequested', 'ActionResolved', 'StepRetryRequested', 'ProjectCancelled'] },
  { id: 'files', label: 'Files', types: ['ArtifactWritten', 'ArtifactDeleted', 'ArtifactRejected'] },
  { id: 'tests', label: 'Tests', types: ['TestRunStarted', 'TestRunCompleted'] },
  { id: 'project', label: 'Project start and end', types: ['ProjectCreated', 'ProjectForked', 'ProjectCompleted', 'ProjectFailed', 'ProjectCancelled'] },
] as const;

function field(value: Json, key: string): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? value[key] : undefined;
}

/** An agent's events, as the API's `events(agent)` picks them: its steps and calls, what it sent, what it caused. */
export function isAgentsEvent(event: ProjectEvent, agent: string): boolean {
  return [field(event.data, 'agent'), field(event.data, 'fromAgent'), field(event.metadata, 'actor')].some(
    (v) => typeof v === 'string' && v.toUpperCase() === agent,
  );
}

interface EventTimelineProps {
  events: ProjectEvent[];
  /** The project's agents in order: what the agent filter offers. */
  pipeline: readonly AgentName[];
  /** The project's version as last read, to tell "catching up" from "up to date". */
  projectVersion: number | null;
  error: string | null;
  onRetry(): void;
  /** The version the page shows the project at, when time travelling. */
  viewingVersion: number | null;
  onView(version: number): void;
}

/**
 * The project's history, newest first: filtered by kind of event and by agent, a page of 100 at a time.
 * Each entry opens to its full data (an LLM call's messages and answer) and can move the scrubber to it.
 */
export function EventTimeline({ events, pipeline, projectVersion, error, onRetry, viewingVersion, onView }: EventTimelineProps) {
  const [group, setGroup] = useState('');
  const [agent, setAgent] = useState('');
  const [pages, setPages] = useState(1);
  const id = useId();
  const latest = events.length ? events[events.length - 1]!.streamVersion : 0;
  const catchingUp = projectVersion !== null && latest < projectVersion;

  const filtered = useMemo(() => {
    const types: readonly string[] | undefined = EVENT_GROUPS.find((g) => g.id === group)?.types;
    const matching = events.filter((e) => (!types || types.includes(e.type)) && (!agent || isAgentsEvent(e, agent)));
    return matching.reverse();
  }, [events, group, agent]);
  const shown = filtered.slice(0, pages * PAGE);
  const filtering = group !== '' || agent !== '';
  const count = `${events.length} event${events.length === 1 ? '' : 's'}`;

  return (
    <Panel
      id="timeline"
      title="History"
      className="timeline-panel"
      meta={catchingUp ? `loading ${latest} of ${projectVersion}…` : filtering ? `${filtered.length} of ${count}` : count}
    >
      <ErrorNotice messages={error ? [error] : []} title="Live events stopped" onRetry={onRetry} />
      <div className="timeline-filters">
        <div className="field field-inline">
          <label htmlFor={`${id}-group`}>Show</label>
          <select
            id={`${id}-group`}
            value={group}
            onChange={(e) => {
              setGroup(e.target.value);
              setPages(1);
            }}
          >
            <option value="">All events</option>
            {EVENT_GROUPS.map((g) => (
              <option key={g.id} value={g.id}>
                {g.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor={`${id}-agent`}>Agent</label>
          <select
            id={`${id}-agent`}
            value={agent}
            onChange={(e) => {
              setAgent(e.target.value);
              setPages(1);
            }}
          >
            <option value="">All agents</option>
            {pipeline.map((name) => (
              <option key={name} value={name}>
                {agentLabel(name)}
              </option>
            ))}
          </select>
        </div>
        {filtering && (
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              setGroup('');
              setAgent('');
              setPages(1);
            }}
          >
            Clear filters
          </button>
        )}
      </div>
      {events.length === 0 && !error ? (
        <p className="empty">
          {catchingUp ? 'Loading the event history…' : 'No events yet — everything that happens to this project will appear here as it happens.'}
        </p>
      ) : filtered.length === 0 ? (
        <p className="empty">No events of that kind yet.</p>
      ) : (
        <ol className="timeline" reversed>
          {shown.map((event) => (
            <TimelineEvent
              key={event.streamVersion}
              event={event}
              viewing={viewingVersion === event.streamVersion}
              future={viewingVersion !== null && event.streamVersion > viewingVersion}
              onView={onView}
            />
          ))}
        </ol>
      )}
      {filtered.length > shown.length && (
        <button type="button" className="button button-small timeline-more" onClick={() => setPages((p) => p + 1)}>
          Show {Math.min(PAGE, filtered.length - shown.length)} older events ({filtered.length - shown.length} more)
        </button>
      )}
    </Panel>
  );
}
