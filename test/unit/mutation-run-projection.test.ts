import type { Mutant } from '../../src/events/catalog';
import { InMemoryProjector } from '../../src/projections/in-memory-projector';
import { mutationRunProjection } from '../../src/projections/mutation-run-projection';
import { PROJECTIONS } from '../../src/projections/read-models';
import { SETTINGS, streamOf } from '../support/event-factory';

const mutant = (id: string, status: Mutant['status']): Mutant => ({
  id, file: 'src/a.js', line: 1, column: 0, functionName: null, mutator: 'BooleanLiteral', original: 'true', replacement: 'false', status, killedBy: [],
});

function completed(e: ReturnType<typeof streamOf>, mutants: Mutant[], error: string | null = null) {
  return e('MutationRunCompleted', {
    runId: 'm1', round: 1, tool: 'stryker 9.6', durationMs: 800, budgetMs: 1000, budgetExceeded: true,
    created: mutants.length, killed: 2, survived: 1, timedOut: 1, mutants, error,
  });
}

describe('mutation run projection', () => {
  it('given a started run, shows it running; when it completes, its counts and a score over the mutants that ran', () => {
    const e = streamOf('p1');
    const projector = new InMemoryProjector(PROJECTIONS).apply([
      e('ProjectCreated', { name: 'Shop', requirements: 'Build a shop', settings: SETTINGS }),
      e('MutationRunStarted', { runId: 'm1', round: 1 }, '2026-01-01T00:00:02.000Z'),
    ]);
    expect(projector.rows(mutationRunProjection)).toEqual([expect.objectContaining({ id: 'm1', projectId: 'p1', status: 'running', score: null, startedAt: '2026-01-01T00:00:02.000Z' })]);
    // Killed and timed out count as caught; the skipped one did not run, so it is not in the score.
    projector.apply([completed(e, [mutant('a', 'killed'), mutant('b', 'killed'), mutant('c', 'timeout'), mutant('d', 'survived'), mutant('e', 'skipped')])]);
    expect(projector.rows(mutationRunProjection)[0]).toMatchObject({
      status: 'completed', tool: 'stryker 9.6', budgetExceeded: true, created: 5, killed: 2, survived: 1, timedOut: 1, score: 75, error: null,
      completedAt: '2026-01-01T00:00:03.000Z',
    });
  });

  it('a run that could not be carried out is failed, with its error and no score', () => {
    const e = streamOf('p1');
    const projector = new InMemoryProjector(PROJECTIONS).apply([
      e('ProjectCreated', { name: 'Shop', requirements: 'Build a shop', settings: SETTINGS }),
      e('MutationRunStarted', { runId: 'm1', round: 1 }),
      completed(e, [], 'the instrumenter could not parse src/a.js'),
    ]);
    expect(projector.rows(mutationRunProjection)[0]).toMatchObject({ status: 'failed', score: null, error: 'the instrumenter could not parse src/a.js' });
  });
});
