import type { Client as WsClient } from 'graphql-ws';
import { PROJECT_EVENTS_SUBSCRIPTION } from './queries';
import type { ProjectEvent } from './types';

export interface FollowProjectEventsOptions {
  ws: Pick<WsClient, 'subscribe' | 'on'>;
  projectId: string;
  /** Events at or below this stream version are already known (0: replay the whole stream). */
  afterVersion?: number;
  /** New events, in stream order, each exactly once. Called in batches (a catch-up can be long). */
  onEvents(events: ProjectEvent[]): void;
  /** A GraphQL or fatal socket error on the subscription; `null` once events flow again. */
  onError(message: string | null): void;
  /** How long to collect events before handing them over; 0 hands them over on the next tick. */
  batchMs?: number;
}

export interface ProjectEventFollower {
  /** Subscribe again from the last version seen (after an error, or on a user's "retry"). */
  restart(): void;
  stop(): void;
  /** The stream version up to which every event has been delivered (nothing missing at or below it). */
  readonly caughtUpTo: number;
}

/**
 * Follows one project's event stream through `projectEvents(projectId, afterVersion)`.
 *
 * Catch-up on reconnect: graphql-ws re-sends an active subscription with its *original* variables
 * when the socket comes back, which would replay everything from the first `afterVersion` again.
 * So when the socket closes the follower marks its subscription stale, and on the next
 * `connected` it completes that subscription and starts a new one with
 * `afterVersion = caughtUpTo`: the server replays only what was missed, then goes live.
 *
 * Dedupe: stream versions are 1, 2, 3 … within a stream, so every delivered version is remembered
 * and a repeat is dropped. `caughtUpTo` is the highest version with no gap below it (normally the
 * highest version seen), so even an out-of-order delivery cannot make a resubscription skip an event.
 */
export function followProjectEvents(options: FollowProjectEventsOptions): ProjectEventFollower {
  const { ws, projectId, onEvents, onError, batchMs = 0 } = options;
  let caughtUpTo = options.afterVersion ?? 0;
  /** Versions above `caughtUpTo` already delivered (only non-empty after a gap). */
  const aheadOfGap = new Set<number>();
  let dispose: (() => void) | null = null;
  let generation = 0;
  let stale = false;
  let stopped = false;
  let pending: ProjectEvent[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  let errorShown = false;

  const flush = () => {
    flushTimer = null;
    if (stopped || pending.length === 0) return;
    const batch = pending.sort((a, b) => a.streamVersion - b.streamVersion);
    pending = [];
    onEvents(batch);
  };

  const accept = (event: ProjectEvent) => {
    const v = event.streamVersion;
    if (!Number.isInteger(v) || v <= caughtUpTo || aheadOfGap.has(v)) return; // seen: drop
    if (v === caughtUpTo + 1) {
      caughtUpTo = v;
      while (aheadOfGap.delete(caughtUpTo + 1)) caughtUpTo += 1;
    } else {
      aheadOfGap.add(v);
    }
    pending.push(event);
    if (flushTimer === null) flushTimer = setTimeout(flush, batchMs);
  };

  const setError = (message: string | null) => {
    if (message === null && !errorShown) return;
    errorShown = message !== null;
    onError(message);
  };

  const start = () => {
    if (stopped) return;
    dispose?.();
    const current = ++generation;
    stale = false;
    dispose = ws.subscribe<{ projectEvents: ProjectEvent }>(
      { query: PROJECT_EVENTS_SUBSCRIPTION, variables: { projectId, afterVersion: caughtUpTo } },
      {
        next(result) {
          if (current !== generation) return;
          if (result.errors?.length) {
            setError(result.errors.map((e) => e.message).join('; '));
            return;
          }
          const event = result.data?.projectEvents;
          if (!event) return;
          setError(null);
          accept(event);
        },
        error(error) {
          if (current !== generation) return;
          setError(describeSubscriptionError(error));
        },
        complete() {},
      },
    );
  };

  const offClosed = ws.on('closed', () => {
    stale = true;
  });
  const offConnected = ws.on('connected', () => {
    if (stale) start();
  });
  start();

  return {
    restart: start,
    stop() {
      stopped = true;
      offClosed();
      offConnected();
      if (flushTimer !== null) clearTimeout(flushTimer);
      dispose?.();
      dispose = null;
    },
    get caughtUpTo() {
      return caughtUpTo;
    },
  };
}

export function describeSubscriptionError(error: unknown): string {
  if (Array.isArray(error)) {
    const messages = error.map((e) => (e && typeof e === 'object' && 'message' in e ? String(e.message) : String(e)));
    return messages.join('; ') || 'The subscription failed.';
  }
  if (error && typeof error === 'object' && 'code' in error && 'reason' in error) {
    const { code, reason } = error as { code: number; reason: string };
    return `The live connection was closed by the server (${reason || 'no reason given'}, code ${code}).`;
  }
  if (error instanceof Error) return error.message;
  return 'The subscription failed.';
}
