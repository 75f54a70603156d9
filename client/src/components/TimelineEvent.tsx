import { memo } from 'react';
import { formatAbsolute, formatClock, summarizeEvent } from '../format';
import type { ProjectEvent } from '../types';
import { JsonDetails } from './JsonDetails';

/** One line of the timeline: version, type, time and a summary; opens to show the envelope. */
export const TimelineEvent = memo(function TimelineEvent({ event }: { event: ProjectEvent }) {
  const summary = summarizeEvent(event);
  return (
    <li className={`timeline-event event-${event.type}`}>
      <JsonDetails
        summary={
          <>
            <span className="event-version">#{event.streamVersion}</span>
            <span className="event-type">{event.type}</span>
            <time className="event-time muted" dateTime={event.recordedAt} title={formatAbsolute(event.recordedAt)}>
              {formatClock(event.recordedAt)}
            </time>
            {summary && <span className="event-summary">{summary}</span>}
          </>
        }
        value={{
          data: event.data,
          metadata: event.metadata,
          schemaVersion: event.schemaVersion,
          globalPosition: event.globalPosition,
        }}
      />
    </li>
  );
});
