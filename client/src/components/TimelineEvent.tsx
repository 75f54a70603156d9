import { memo, useState } from 'react';
import { formatAbsolute, formatClock, summarizeEvent } from '../format';
import type { ProjectEvent } from '../types';
import { EventDetails } from './EventDetails';

interface TimelineEventProps {
  event: ProjectEvent;
  /** The version the page is showing the project at, when it is time travelling. */
  viewing: boolean;
  /** After the version being viewed: it had not happened yet at that point. */
  future: boolean;
  onView?(version: number): void;
}

/**
 * One line of the timeline: version, type, time and a summary. It opens (click, Enter or Space: a <details>)
 * to the event's full data, rendered only while open; "Show the project here" moves the scrubber to it.
 */
export const TimelineEvent = memo(function TimelineEvent({ event, viewing, future, onView }: TimelineEventProps) {
  const summary = summarizeEvent(event);
  const [open, setOpen] = useState(false);
  return (
    <li
      className={`timeline-event event-${event.type}${viewing ? ' timeline-viewing' : ''}${future ? ' timeline-future' : ''}`}
      data-version={event.streamVersion}
      data-type={event.type}
      aria-current={viewing ? 'step' : undefined}
    >
      <details onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>
          <span className="event-version">#{event.streamVersion}</span>
          <span className="event-type">{event.type}</span>
          <time className="event-time muted" dateTime={event.recordedAt} title={formatAbsolute(event.recordedAt)}>
            {formatClock(event.recordedAt)}
          </time>
          {summary && <span className="event-summary">{summary}</span>}
        </summary>
        {open && (
          <div className="event-body">
            {onView && (
              <button type="button" className="button button-small" onClick={() => onView(event.streamVersion)} disabled={viewing}>
                {viewing ? 'Showing the project here' : 'Show the project here'}
              </button>
            )}
            <EventDetails event={event} />
          </div>
        )}
      </details>
    </li>
  );
});
