import { memo } from 'react';
import type { CombinedError } from 'urql';
import { formatDuration } from '../format';
import type { ProjectStatus, TestRun } from '../types';
import { ErrorNotice } from './ErrorNotice';
import { Panel } from './Panel';
import { RelativeTime } from './RelativeTime';

interface TestRunsPanelProps {
  projectStatus: ProjectStatus;
  testRuns: TestRun[] | undefined;
  error: CombinedError | undefined;
  onRetry(): void;
}

/** Every run of the tester's tests against the developer's code, newest first. */
export function TestRunsPanel({ projectStatus, testRuns, error, onRetry }: TestRunsPanelProps) {
  const newestFirst = (testRuns ?? []).slice().sort((a, b) => b.round - a.round || b.startedAt.localeCompare(a.startedAt));
  const latest = newestFirst[0];
  return (
    <Panel
      id="tests"
      title="Test runs"
      className="tests-panel"
      meta={latest ? `${newestFirst.length} run${newestFirst.length === 1 ? '' : 's'} · latest ${latest.status}` : undefined}
    >
      <ErrorNotice error={error} title="The test runs could not be loaded" onRetry={onRetry} />
      {!testRuns && !error && <p className="muted loading">Loading test runs…</p>}
      {testRuns && testRuns.length === 0 && (
        <p className="empty">
          {projectStatus === 'CANCELLED' || projectStatus === 'FAILED'
            ? 'No test runs — the project stopped before the tests were run.'
            : 'No test runs yet — once the tester has written its tests, BotArmy runs them against the code in a sandbox.'}
        </p>
      )}
      {newestFirst.length > 0 && (
        <ol className="test-runs">
          {newestFirst.map((run) => (
            <TestRunItem key={run.id} run={run} latest={run === latest} />
          ))}
        </ol>
      )}
    </Panel>
  );
}

const TestRunItem = memo(function TestRunItem({ run, latest }: { run: TestRun; latest: boolean }) {
  const running = run.status === 'running';
  const tests = run.tests ?? [];
  const failing = tests.filter((t) => !t.ok);
  return (
    <li className={`test-run test-run-${run.status}`} data-status={run.status}>
      <div className="test-run-head">
        <h3>Round {run.round}</h3>
        <span className={`badge run-status run-${run.status}`}>
          {running && <span className="spinner spinner-small" aria-hidden="true" />}
          {running ? 'Running…' : run.status}
        </span>
        {!running && (
          <span className="test-counts">
            <span className="count-passed">{run.passed ?? 0} passed</span>
            <span className={run.failed ? 'count-failed' : 'muted'}>{run.failed ?? 0} failed</span>
            {!!run.skipped && <span className="muted">{run.skipped} skipped</span>}
          </span>
        )}
        <span className="muted test-run-time">
          {run.durationMs !== null && <>{formatDuration(run.durationMs)} · </>}
          <RelativeTime iso={run.completedAt ?? run.startedAt} />
        </span>
      </div>
      {run.timedOut && <p className="text-danger">The run timed out and was stopped.</p>}
      {run.signal && <p className="text-danger">Stopped by {run.signal}.</p>}
      {tests.length > 0 && (
        <details className="test-cases" open={latest || failing.length > 0}>
          <summary>
            Results by name ({tests.length})
            {failing.length > 0 && <span className="count-failed"> · {failing.length} failing</span>}
          </summary>
          <ul className="test-case-list">
            {tests.map((test, i) => (
              <li key={i} className={test.ok ? 'test-ok' : 'test-fail'}>
                <span className="test-mark" aria-hidden="true">
                  {test.ok ? '✓' : '✗'}
                </span>
                <span className="test-outcome">{test.ok ? 'ok' : 'fail'}</span>
                <span className="test-name">{test.name}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {(run.output || run.command) && (
        <details className="test-output">
          <summary>Output{run.exitCode !== null ? ` (exit code ${run.exitCode})` : ''}</summary>
          {run.command && <p className="test-command"><code>{run.command.join(' ')}</code></p>}
          {run.output && <pre className="output">{run.output}</pre>}
        </details>
      )}
    </li>
  );
});
