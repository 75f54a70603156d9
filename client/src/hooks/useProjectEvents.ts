import { useCallback, useEffect, useRef, useState } from 'react';
import { useGraphqlClients } from '../clients-context';
import { followProjectEvents, type ProjectEventFollower } from '../event-follower';
import type { ProjectEvent } from '../types';

interface EventsState {
  projectId: string;
  events: ProjectEvent[];
  error: string | null;
}

export interface ProjectEventsResult {
  /** Every event seen so far, in stream order (oldest first). */
  events: ProjectEvent[];
  /** The highest stream version received (0 before the first event). */
  latestVersion: number;
  error: string | null;
  retry(): void;
}

function merge(known: ProjectEvent[], batch: ProjectEvent[]): ProjectEvent[] {
  if (batch.length === 0) return known;
  const last = known[known.length - 1];
  if (!last || batch[0]!.streamVersion > last.streamVersion) return known.concat(batch);
  return known.concat(batch).sort((a, b) => a.streamVersion - b.streamVersion);
}

/**
 * The project's event log, live: replays from version 0, then follows; catches up after a
 * reconnect (see event-follower.ts). `onNewEvents` sees each new batch once, for refreshing
 * the read models that the events touched.
 */
export function useProjectEvents(projectId: string, onNewEvents?: (events: ProjectEvent[]) => void): ProjectEventsResult {
  const { ws } = useGraphqlClients();
  const [state, setState] = useState<EventsState>({ projectId, events: [], error: null });
  const follower = useRef<ProjectEventFollower | null>(null);
  const callback = useRef(onNewEvents);
  useEffect(() => {
    callback.current = onNewEvents;
  });

  useEffect(() => {
    setState({ projectId, events: [], error: null });
    const current = followProjectEvents({
      ws,
      projectId,
      batchMs: 50,
      onEvents: (batch) => {
        setState((s) => (s.projectId === projectId ? { ...s, events: merge(s.events, batch), error: null } : s));
        callback.current?.(batch);
      },
      onError: (error) => setState((s) => (s.projectId === projectId ? { ...s, error } : s)),
    });
    follower.current = current;
    return () => {
      current.stop();
      if (follower.current === current) follower.current = null;
    };
  }, [ws, projectId]);

  const retry = useCallback(() => follower.current?.restart(), []);
  const events = state.projectId === projectId ? state.events : [];
  return {
    events,
    latestVersion: events.length ? events[events.length - 1]!.streamVersion : 0,
    error: state.projectId === projectId ? state.error : null,
    retry,
  };
}
