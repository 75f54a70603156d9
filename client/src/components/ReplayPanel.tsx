import { useState } from 'react';
import { useClient, useMutation } from 'urql';
import { parseApiError } from '../errors';
import { navigate, projectHref } from '../hooks/useHashRoute';
import { FORK_PROJECT_MUTATION, REPLAY_QUERY } from '../queries';
import type { Project, ReplayResult } from '../types';
import { ErrorNotice } from './ErrorNotice';
import { Panel } from './Panel';
import { UnifiedDiff } from './UnifiedDiff';

const CAUSES: Record<string, string> = {
  PROMPT_CHANGED: 'Prompt changed',
  SCHEMA_CHANGED: 'Schema changed',
  WORKFLOW_CHANGED: 'Workflow changed',
  ANSWER_MISSING: 'Recorded answer missing',
};

/**
 * "Would today's code do the same?": today's workflow and agents run again over this project's recording on the
 * server, and the first event where they differ is shown with its likely cause, every differing value whole or as
 * a diff, and a fork that carries on live from the last event both agree on.
 */
export function ReplayPanel({ projectId }: { projectId: string }) {
  const client = useClient();
  const [result, setResult] = useState<ReplayResult | null>(null);
  const [running, setRunning] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [{ fetching: forking }, fork] = useMutation<{ forkProject: Project }>(FORK_PROJECT_MUTATION);

  const run = async () => {
    setRunning(true);
    setErrors([]);
    const answer = await client.query<{ replay: ReplayResult }>(REPLAY_QUERY, { projectId }, { requestPolicy: 'network-only' }).toPromise();
    setRunning(false);
    if (answer.error) setErrors(parseApiError(answer.error).general);
    else setResult(answer.data?.replay ?? null);
  };
  const carryOn = async (atVersion: number) => {
    const forked = await fork({ projectId, atVersion });
    if (forked.error) setErrors(parseApiError(forked.error).general);
    else if (forked.data) navigate(projectHref(forked.data.forkProject.id));
  };
  const d = result?.divergence;

  return (
    <Panel id="replay" title="Replay" className="replay-panel">
      <p className="muted">Runs today’s workflow and agents again over this project’s recording (no model is called) and compares every event.</p>
      <button type="button" className="button button-small" onClick={() => void run()} disabled={running}>
        {running ? 'Replaying…' : 'Replay against today’s code'}
      </button>
      <ErrorNotice messages={errors} title="The replay did not run" />
      {result?.identical && <p className="replay-identical">Identical: {result.compared} events replayed and compared.</p>}
      {d && (
        <div className="replay-divergence">
          <p>
            <strong>Diverges at version {d.version}</strong> after {result!.compared} identical events
            {d.step ? ` (the ${d.step.agent}, step ${d.step.stepId})` : ''}.
          </p>
          <p>
            <span className="chip">{CAUSES[d.cause] ?? d.cause}</span> {d.explanation}
          </p>
          <p className="muted">
            Recorded: {d.expectedType ?? 'nothing'} · today: {d.actualType ?? 'nothing'} · differing: {d.fields.join(', ')}
          </p>
          {d.differences.map((x) =>
            x.diff ? (
              <UnifiedDiff key={x.path} diff={x.diff} label={`How ${x.path} differs`} />
            ) : (
              <dl key={x.path} className="replay-values">
                <dt>{x.path}</dt>
                <dd>
                  recorded <code>{JSON.stringify(x.expected)}</code>, today <code>{JSON.stringify(x.actual)}</code>
                </dd>
              </dl>
            ),
          )}
          <button type="button" className="button button-small" disabled={forking || result!.compared < 1} onClick={() => void carryOn(result!.compared)}>
            {forking ? 'Forking…' : `Continue live from version ${result!.compared}`}
          </button>
        </div>
      )}
    </Panel>
  );
}
