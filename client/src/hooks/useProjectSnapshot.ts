import { useEffect, useRef, useState } from 'react';
import { useClient, type CombinedError } from 'urql';
import { PROJECT_AT_COVERAGE_QUERY, PROJECT_AT_QUERY } from '../queries';
import type { Coverage, ProjectSnapshot } from '../types';

/** Scrubbing fires a version per key press or pixel; only the one the user stops on is read. */
export const SNAPSHOT_DEBOUNCE_MS = 150;

export interface SnapshotResult {
  /** The last snapshot read; while the next one loads it stays, so the panels do not flash empty. */
  snapshot: ProjectSnapshot | null;
  /** A read for `version` is scheduled or running. */
  loading: boolean;
  error: CombinedError | undefined;
  /**
   * The criteria's coverage at the snapshot's version, read beside it (its own request, so time travel still
   * works where coverage cannot be read); null before it arrives or when the server has none.
   */
  coverage: Coverage | null;
  coverageError: CombinedError | undefined;
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
  const [coverage, setCoverage] = useState<Coverage | null>(null);
  const [coverageError, setCoverageError] = useState<CombinedError | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const request = ++latest.current;
    if (version === null) {
      setLoading(false);
      setError(undefined);
      setSnapshot(null);
      setCoverage(null);
      setCoverageError(undefined);
      return;
    }
    setLoading(true);
    const timer = setTimeout(async () => {
      const [result, proof] = await Promise.all([
        client.query<{ projectAt: ProjectSnapshot }>(PROJECT_AT_QUERY, { projectId, version }, { requestPolicy: 'cache-first' }).toPromise(),
        client
          .query<{ projectAt: { version: number; coverage: Coverage | null } | null }>(
            PROJECT_AT_COVERAGE_QUERY,
            { projectId, version },
            { requestPolicy: 'cache-first' },
          )
          .toPromise(),
      ]);
      if (request !== latest.current) return;
      setLoading(false);
      setError(result.error);
      if (result.data?.projectAt) setSnapshot(result.data.projectAt);
      setCoverageError(proof.error);
      setCoverage(proof.data?.projectAt?.coverage ?? null);
    }, SNAPSHOT_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [client, projectId, version, attempt]);

  return { snapshot, loading, error, coverage, coverageError, retry: () => setAttempt((a) => a + 1) };
}
