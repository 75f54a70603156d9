import { useEffect, useRef, useState } from 'react';
import { useClient, type CombinedError } from 'urql';
import { PROJECT_AT_QUERY } from '../queries';
import type { ProjectSnapshot } from '../types';

/** Scrubbing fires a version per key press or pixel; only the one the user stops on is read. */
export const SNAPSHOT_DEBOUNCE_MS = 150;

export interface SnapshotResult {
  /** The last snapshot read; while the next one loads it stays, so the panels do not flash empty. */
  snapshot: ProjectSnapshot | null;
  /** A read for `version` is scheduled or running. */
  loading: boolean;
  error: CombinedError | undefined;
  retry(): void;
}

/**
 * The project as it was right after `version` (null: not time travelling). Reads are debounced, and an answer
 * for a version the user has already moved past is dropped. A version's snapshot never changes, so urql's
 * cache may answer a version seen before.
 */
export function useProjectSnapshot(projectId: string, version: number | null): SnapshotResult {
  const client = useClient();
  const [snapshot, setSnapshot] = useState<ProjectSnapshot | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<CombinedError | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const request = ++latest.current;
    if (version === null) {
      setLoading(false);
      setError(undefined);
      setSnapshot(null);
      return;
    }
    setLoading(true);
    const timer = setTimeout(async () => {
      const result = await client
        .query<{ projectAt: ProjectSnapshot }>(PROJECT_AT_QUERY, { projectId, version }, { requestPolicy: 'cache-first' })
        .toPromise();
      if (request !== latest.current) return;
      setLoading(false);
      setError(result.error);
      if (result.data?.projectAt) setSnapshot(result.data.projectAt);
    }, SNAPSHOT_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [client, projectId, version, attempt]);

  return { snapshot, loading, error, retry: () => setAttempt((a) => a + 1) };
}
