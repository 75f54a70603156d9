import { useState } from 'react';
import type { ProjectEvent } from '../types';
import { ErrorNotice } from './ErrorNotice';
import { Panel } from './Panel';
import { TimelineEvent } from './TimelineEvent';

const SHOWN = 100;

interface EventTimelineProps {
  events: ProjectEvent[];
  /** The project's version as last read, to tell "catching up" from "up to date". */
  projectVersion: number | null;
  error: string | null;
  onRetry(): void;
}

/** The project's event log, newest first; each entry opens to show its payload. */
export function EventTimeline({ events, projectVersion, error, onRetry }: EventTimelineProps) {
  const [showAll, setShowAll] = useState(false);
  const latest = events.length ? events[events.length - 1]!.streamVersion : 0;
  const catchingUp = projectVersion !== null && latest < projectVersion;
  const newestFirst = events.slice().reverse();
  const shown = showAll ? newestFirst : newestFirst.slice(0, SHOWN);

  return (
    <Panel
      id="timeline"
      title="Event timeline"
      className="timeline-panel"
      meta={catchingUp ? `loading ${latest} of ${projectVersion}…` : `${events.length} event${events.length === 1 ? '' : 's'}`}
    >
      <ErrorNotice messages={error ? [error] : []} title="Live events stopped" onRetry={onRetry} />
      {events.length === 0 && !error ? (
        <p className="empty">
          {catchingUp ? 'Loading the event history…' : 'No events yet — everything that happens to this project will appear here as it happens.'}
        </p>
      ) : (
        <ol className="timeline" reversed>
          {shown.map((event) => (
            <TimelineEvent key={event.streamVersion} event={event} />
          ))}
        </ol>
      )}
      {!showAll && events.length > SHOWN && (
        <button type="button" className="button button-small" onClick={() => setShowAll(true)}>
          Show all {events.length} events
        </button>
      )}
    </Panel>
  );
}
