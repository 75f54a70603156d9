import { useQuery } from 'urql';
import { EVENT_QUERY } from '../queries';
import { ErrorNotice } from './ErrorNotice';
import { formatAbsolute, formatDuration, formatNumber, prettyJson } from '../format';
import type { Json, ProjectEvent } from '../types';

type JsonObject = { [key: string]: Json };

function asObject(value: Json | undefined): JsonObject | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
}

function text(value: Json | undefined): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** The model's answer as people read it: pretty-printed when it is JSON, as it came otherwise. */
export function formatRawAnswer(raw: string): { text: string; json: boolean } {
  try {
    return { text: JSON.stringify(JSON.parse(raw), null, 2), json: true };
  } catch {
    return { text: raw, json: false };
  }
}

function Facts({ items }: { items: [string, string | null][] }) {
  const shown = items.filter((item): item is [string, string] => item[1] !== null && item[1] !== '');
  if (!shown.length) return null;
  return (
    <dl className="event-facts">
      {shown.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Who caused the event and why: the actor, the command or event before it, and for copied events where they came from. */
function MetadataFacts({ metadata }: { metadata: Json }) {
  const m = asObject(metadata);
  if (!m) return null;
  const origin = m.origin;
  return (
    <Facts
      items={[
        ['Actor', text(m.actor)],
        ['Correlation', text(m.correlationId)],
        ['Caused by', text(m.causationId)],
        ['Origin', origin === undefined || origin === null ? null : typeof origin === 'string' ? origin : prettyJson(origin)],
      ]}
    />
  );
}

function LlmCallDetails({ event, data }: { event: ProjectEvent; data: JsonObject }) {
  const messages = Array.isArray(data.messages) ? data.messages : [];
  const prompt = typeof data.promptTokens === 'number' ? data.promptTokens : null;
  const completion = typeof data.completionTokens === 'number' ? data.completionTokens : null;
  const latency = typeof data.latencyMs === 'number' ? formatDuration(data.latencyMs) : null;
  const raw = typeof data.rawAnswer === 'string' ? formatRawAnswer(data.rawAnswer) : null;
  const failed = event.type === 'LlmCallFailed';
  return (
    <div className="llm-call">
      <Facts
        items={[
          ['Agent', text(data.agent)],
          ['Purpose', text(data.purpose)],
          ['Attempt', text(data.attempt)],
          // The built-in provider is no model: it is named for what it is.
          ['Provider', data.provider === 'offline' ? 'the offline rule engine (no model)' : text(data.provider)],
          ['Model', text(data.model)],
          ['Prompt tokens', prompt === null ? null : formatNumber(prompt)],
          ['Completion tokens', completion === null ? null : formatNumber(completion)],
          ['Latency', latency],
          ...(failed
            ? ([
                ['Error', text(data.errorClass)],
                ['Status', text(data.status)],
                ['Retryable', text(data.retryable)],
              ] as [string, string | null][])
            : []),
        ]}
      />
      {failed && typeof data.message === 'string' && <pre className="event-pre llm-error">{data.message}</pre>}
      {messages.length > 0 && (
        <>
          <h4 className="event-subheading">Messages sent ({messages.length})</h4>
          <ol className="llm-messages">
            {messages.map((message, i) => {
              const m = asObject(message);
              const role = text(m?.role) ?? 'message';
              return (
                <li key={i} className={`llm-message llm-role-${role}`}>
                  <details open>
                    <summary className="llm-message-role">{role}</summary>
                    <pre className="event-pre llm-message-content">{text(m?.content) ?? prettyJson(message)}</pre>
                  </details>
                </li>
              );
            })}
          </ol>
        </>
      )}
      {raw && (
        <details className="llm-answer" open>
          <summary className="event-subheading">Raw answer{raw.json ? ' (JSON, formatted)' : ''}</summary>
          <pre className="event-pre llm-raw-answer">{raw.text}</pre>
        </details>
      )}
    </div>
  );
}

/**
 * An event opened in the timeline: an LLM call as the messages sent and the answer received, with its
 * tokens, latency, model and provider; anything else as its formatted data. Then who caused it.
 */
export function EventDetails({ event: listed }: { event: ProjectEvent }) {
  // The live feed is compact: an opened event is read whole, once (urql caches it: events never change).
  const [{ data: full, error }] = useQuery<{ events: ProjectEvent[] }>({
    query: EVENT_QUERY,
    variables: { projectId: listed.streamId, version: listed.streamVersion },
    pause: !listed.compacted,
  });
  const event = listed.compacted ? full?.events[0] : listed;
  if (!event) {
    return (
      <div className="event-details">
        {error ? <ErrorNotice error={error} title="The event could not be read" /> : <p className="muted loading">Reading the whole event…</p>}
      </div>
    );
  }
  const data = asObject(event.data);
  const llm = data && (event.type === 'LlmCallCompleted' || event.type === 'LlmCallFailed');
  return (
    <div className="event-details">
      {llm ? (
        <LlmCallDetails event={event} data={data} />
      ) : (
        <pre className="event-pre event-data">{prettyJson(event.data)}</pre>
      )}
      <h4 className="event-subheading">Metadata</h4>
      <MetadataFacts metadata={event.metadata} />
      <Facts
        items={[
          ['Recorded', formatAbsolute(event.recordedAt)],
          ['Stream version', String(event.streamVersion)],
          ['Global position', String(event.globalPosition)],
          ['Schema version', String(event.schemaVersion)],
        ]}
      />
    </div>
  );
}
