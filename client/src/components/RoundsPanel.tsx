import { useEffect } from 'react';
import { useLiveQuery } from '../hooks/useLiveQuery';
import { ROUNDS_QUERY } from '../queries';
import type { Round } from '../types';
import { ChangeBadge, FileHead, changeCounts } from './ChangeBadge';
import { DiffDetails } from './DiffDetails';
import { ErrorNotice } from './ErrorNotice';
import { Panel } from './Panel';
import { RelativeTime } from './RelativeTime';

interface RoundsPanelProps {
  projectId: string;
  /** Goes up with each event that changes a round: the panel reads the rounds again (coalesced). */
  changes: number;
}

/** Each round against the one before, newest first: what was asked, the stories and files it changed (as diffs), its tests. */
export function RoundsPanel({ projectId, changes }: RoundsPanelProps) {
  const query = useLiveQuery<{ rounds: Round[] }>(ROUNDS_QUERY, { projectId });
  const { refresh } = query;
  useEffect(() => {
    if (changes > 0) refresh();
  }, [changes, refresh]);
  const rounds = query.data?.rounds;
  const error = query.error;
  const onRetry = query.refreshNow;
  const newestFirst = (rounds ?? []).slice().reverse();
  return (
    <Panel id="rounds" title="Rounds" className="rounds-panel" meta={rounds ? `${rounds.length} rounds` : undefined}>
      <ErrorNotice error={error} title="The rounds could not be loaded" onRetry={onRetry} />
      {!rounds && !error && <p className="muted loading">Loading rounds…</p>}
      <ol className="rounds">
        {newestFirst.map((r) => (
          <li key={r.round} className={`round round-${r.status.toLowerCase()}`} aria-label={`Round ${r.round}`}>
            <h3>
              Round {r.round} <span className={`badge status-${r.status.toLowerCase()}`}>{r.status.toLowerCase()}</span>{' '}
              <span className="muted">
                <RelativeTime iso={r.startedAt} />
              </span>
            </h3>
            <p className="round-asked">{r.change ?? 'From the requirements.'}</p>
            <p className="round-tests">{testsLine(r)}</p>
            {r.stories.length > 0 && (
              <section aria-label={`Stories of round ${r.round}`}>
                <h4>Stories: {changeCounts(r.stories)}</h4>
                <ul className="round-stories">
                  {r.stories.map((s) => (
                    <li key={s.id}>
                      <DiffDetails
                        summary={
                          <span className="compare-item-head">
                            <code>{s.id}</code> {s.titleB ?? s.titleA} <ChangeBadge status={s.status} />
                          </span>
                        }
                        diff={s.diff}
                        label={`Story ${s.id} in round ${r.round}`}
                      />
                    </li>
                  ))}
                </ul>
              </section>
            )}
            {r.files.length > 0 && (
              <section aria-label={`Files of round ${r.round}`}>
                <h4>Files: {changeCounts(r.files)}</h4>
                <ul className="round-files">
                  {r.files.map((f) => (
                    <li key={f.path}>
                      <DiffDetails summary={<FileHead path={f.path} status={f.status} />} diff={f.diff} label={`Changes to ${f.path} in round ${r.round}`} />
                    </li>
                  ))}
                </ul>
              </section>
            )}
          </li>
        ))}
      </ol>
    </Panel>
  );
}

function testsLine(r: Round): string {
  const last = r.testRuns[r.testRuns.length - 1];
  if (!last) return r.status === 'RUNNING' ? 'No test run yet in this round.' : 'No test run in this round.';
  const runs = `${r.testRuns.length} test run${r.testRuns.length === 1 ? '' : 's'}`;
  return `${runs}; the last ${last.status}: ${last.passed ?? 0} passed, ${last.failed ?? 0} failed.`;
}
