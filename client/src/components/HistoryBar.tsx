import { useId, useState, type KeyboardEvent } from 'react';
import type { CombinedError } from 'urql';
import { formatAbsolute, formatClock } from '../format';
import type { AgentName, Project, ProjectEvent } from '../types';
import { ErrorNotice } from './ErrorNotice';
import { ForkForm } from './ForkForm';

interface HistoryBarProps {
  projectId: string;
  /** The newest version known (the live end of the scrubber). */
  latestVersion: number;
  /** The version shown, or null when the page is live. */
  viewing: number | null;
  /** The event at `viewing`, when the timeline has it. */
  event: ProjectEvent | undefined;
  /** The project as it was at `viewing` (once read), for the fork form. */
  snapshotProject: Project | undefined;
  /** The project's agents in order. */
  pipeline: readonly AgentName[];
  loading: boolean;
  error: CombinedError | undefined;
  onRetry(): void;
  onView(version: number | null): void;
}

/**
 * Time travel: a scrubber over the project's versions (drag it, or arrow keys / Home / End / Page keys on it,
 * or the ‹ › buttons). While it is away from live, the page's panels show the project as of that version and
 * this bar says so, with "Back to live" (or Escape) and "Fork from here".
 */
export function HistoryBar({ projectId, latestVersion, viewing, event, snapshotProject, pipeline, loading, error, onRetry, onView }: HistoryBarProps) {
  const [forking, setForking] = useState(false);
  const id = useId();
  const value = viewing ?? latestVersion;
  const travelling = viewing !== null;
  const go = (version: number) => onView(Math.min(latestVersion, Math.max(1, version)));
  const backToLive = () => {
    setForking(false);
    onView(null);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && travelling && !forking) {
      e.preventDefault();
      backToLive();
    }
  };

  if (latestVersion < 1) return null;
  return (
    <section
      className={`history-bar${travelling ? ' history-travelling' : ''}${forking ? ' history-forking' : ''}`}
      aria-labelledby={`${id}-label`}
      onKeyDown={onKeyDown}
    >
      <div className="history-scrubber">
        <label id={`${id}-label`} htmlFor={`${id}-range`} className="history-label">
          {travelling ? 'Time travel' : 'History'}
        </label>
        <button type="button" className="button button-small history-step" onClick={() => go(value - 1)} disabled={value <= 1} aria-label="Previous version">
          ‹
        </button>
        <input
          id={`${id}-range`}
          className="history-range"
          type="range"
          min={1}
          max={latestVersion}
          step={1}
          value={value}
          aria-label="Project version"
          aria-valuetext={`Version ${value} of ${latestVersion}${event && travelling ? `: ${event.type}` : travelling ? '' : ' (live)'}`}
          onChange={(e) => go(Number(e.target.value))}
        />
        <button
          type="button"
          className="button button-small history-step"
          onClick={() => go(value + 1)}
          disabled={value >= latestVersion}
          aria-label="Next version"
        >
          ›
        </button>
        <span className="history-position" aria-hidden="true">
          v{value}/{latestVersion}
        </span>
      </div>
      {viewing !== null ? (
        <div className="history-status">
          <p className="history-viewing" role="status">
            <strong>
              Viewing version {viewing} of {latestVersion}
            </strong>
            {event && (
              <>
                {' — '}
                <span className="history-event-type">{event.type}</span> at{' '}
                <time dateTime={event.recordedAt} title={formatAbsolute(event.recordedAt)}>
                  {formatClock(event.recordedAt)}
                </time>
              </>
            )}
            {loading && <span className="spinner spinner-small history-loading" aria-label="Loading this version" />}
          </p>
          <div className="history-actions">
            <button type="button" className="button button-small button-primary" onClick={backToLive}>
              Back to live
            </button>
            <button
              type="button"
              className="button button-small"
              aria-expanded={forking}
              disabled={!snapshotProject || loading}
              onClick={() => setForking((f) => !f)}
            >
              Fork from here…
            </button>
          </div>
          <ErrorNotice error={error} title="This version could not be loaded" onRetry={onRetry} />
          {forking && snapshotProject && (
            <ForkForm key={viewing} projectId={projectId} atVersion={viewing} original={snapshotProject} pipeline={pipeline} onCancel={() => setForking(false)} />
          )}
        </div>
      ) : (
        <p className="history-hint muted">Live. Move the slider to see the project as it was after any event.</p>
      )}
    </section>
  );
}
