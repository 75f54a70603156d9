import type { AnalystOutput } from '../../src/domain/agents/analyst';
import type { DeveloperOutput } from '../../src/domain/agents/developer';
import type { Mutant } from '../../src/events/catalog';
import { proofLines } from '../../src/cli/run-progress';
import { coverageOf, coverageProjection } from '../../src/projections/coverage-projection';
import { InMemoryProjector } from '../../src/projections/in-memory-projector';
import { PROJECTIONS } from '../../src/projections/read-models';
import { analystAnswer, developerAnswer } from '../support/agent-fixtures';
import { SETTINGS, streamOf } from '../support/event-factory';

const story = (id: string, title: string, criteria: [string, string][]): AnalystOutput['user_stories'][number] => ({
  id, title, as_a: 'shopper', i_want: title, so_that: 'I can shop', priority: 'must',
  acceptance_criteria: criteria.map(([cid, text]) => ({ id: cid, text })),
});

const analysis: AnalystOutput = {
  ...analystAnswer(),
  user_stories: [
    story('S1', 'Browse products', [['S1.AC1', 'lists products'], ['S1.AC2', 'adds a product']]),
    story('S2', 'Use a cart', [['S2.AC1', 'removes an item'], ['S2.AC2', 'counts the items']]),
  ],
};

const code: DeveloperOutput = {
  ...developerAnswer(),
  implementations: [
    { criterion_id: 'S1.AC1', file: './src/products.js', function: 'list' },
    { criterion_id: 'S1.AC2', file: 'src/products.js', function: 'add' },
    { criterion_id: 'S2.AC1', file: 'src/cart.js' },
    { criterion_id: 'S2.AC2', file: 'src/cart.js', function: 'count' },
  ],
};

const mutant = (id: string, functionName: string | null, status: Mutant['status'], killedBy: string[], file = 'src/products.js'): Mutant => ({
  id, file, line: 2, column: 4, functionName, mutator: 'ArrayDeclaration', original: 'items.slice()', replacement: '[]', status, killedBy,
});

const options = [{ id: 'accept', label: 'Accept them as open' }, { id: 'retry', label: 'Retry' }, { id: 'abort', label: 'Abort' }];

/** Given a project whose analyst wrote four criteria and whose developer said where each lives, and one test run. */
function given() {
  const e = streamOf('p1');
  const history = [
    e('ProjectCreated', { name: 'Shop', requirements: 'Build a shop', settings: SETTINGS }),
    e('AgentOutputAccepted', { stepId: 's1', agent: 'analyst', attempt: 1, output: analysis, confidence: 0.9, acceptedBy: 'threshold' }),
    e('AgentOutputAccepted', { stepId: 's3', agent: 'developer', attempt: 1, output: code, confidence: 0.8, acceptedBy: 'threshold' }),
    e('TestRunStarted', { runId: 'r1', round: 1 }),
    e('TestRunCompleted', {
      runId: 'r1', round: 1, command: ['node', '--test'], exitCode: 1, signal: null, timedOut: false, passed: 2, failed: 1, skipped: 0, durationMs: 40, output: '',
      tests: [
        { name: 'S1.AC1 lists products', ok: true },
        // Named after S1.AC2, but it exercises list(): the mutants it kills are S1.AC1's.
        { name: 'S1.AC2 adds a product', ok: true },
        { name: 'S2.AC1 removes an item', ok: false },
      ],
    }),
  ];
  return { e, projector: new InMemoryProjector(PROJECTIONS).apply(history) };
}

function mutationRun(e: ReturnType<typeof streamOf>, mutants: Mutant[], error: string | null = null) {
  return e('MutationRunCompleted', {
    runId: 'm1', round: 1, tool: 'stryker 9', durationMs: 900, budgetMs: 60000, budgetExceeded: false,
    created: mutants.length, killed: mutants.filter((m) => m.status === 'killed').length, survived: mutants.filter((m) => m.status === 'survived').length,
    timedOut: 0, mutants, error,
  });
}

const MUTANTS = [
  mutant('m1', 'list', 'killed', ['S1.AC1 lists products', 'S1.AC2 adds a product']),
  mutant('m2', 'add', 'survived', []),
  mutant('m3', 'count', 'skipped', [], 'src/cart.js'),
];

function coverage(projector: InMemoryProjector) {
  const [row] = projector.rows(coverageProjection);
  return coverageOf(row);
}

const statuses = (projector: InMemoryProjector) =>
  Object.fromEntries(coverage(projector).stories.flatMap((s) => s.criteria.map((c) => [c.criterionId, c.status])));

describe('coverage projection', () => {
  it('given the criteria, the code map and a test run, when mutants run, judges each criterion from its own code', () => {
    const { e, projector } = given();
    projector.apply([mutationRun(e, MUTANTS)]);
    const c = coverage(projector);
    expect(statuses(projector)).toEqual({ 'S1.AC1': 'proven', 'S1.AC2': 'weak', 'S2.AC1': 'failing', 'S2.AC2': 'untested' });
    expect(c.stories.map((s) => [s.storyId, s.title])).toEqual([['S1', 'Browse products'], ['S2', 'Use a cart']]);
    const [ac1, ac2] = c.stories[0].criteria;
    expect(ac1).toMatchObject({ text: 'lists products', implementedIn: [{ file: 'src/products.js', function: 'list' }], provingTests: ['S1.AC1 lists products'] });
    // The test named after S1.AC2 killed a mutant, but not one in add(): S1.AC2 stays weak, with add()'s survivor shown.
    expect(ac2).toMatchObject({ tests: [{ name: 'S1.AC2 adds a product', ok: true }], provingTests: [], survivingMutants: [expect.objectContaining({ id: 'm2' })] });
    expect(c).toMatchObject({ total: 4, counts: { proven: 1, weak: 1, failing: 1, untested: 1, accepted: 0 }, mutationScore: 50 });
    expect(c.summary).toBe('1 of 4 criteria proven, mutation score 50%');
  });

  it('before any mutation run, a passing citing test is only weak and there is no score', () => {
    const { projector } = given();
    expect(statuses(projector)['S1.AC1']).toBe('weak');
    expect(coverage(projector)).toMatchObject({ mutationScore: null, summary: '0 of 4 criteria proven, no mutation run' });
  });

  it('when a new test run comes without a mutation run, the old mutants no longer count', () => {
    const { e, projector } = given();
    projector.apply([
      mutationRun(e, MUTANTS),
      e('TestRunCompleted', {
        runId: 'r2', round: 2, command: ['node', '--test'], exitCode: 0, signal: null, timedOut: false, passed: 1, failed: 0, skipped: 0, durationMs: 30, output: '',
        tests: [{ name: 'S1.AC1 lists products', ok: true }],
      }),
    ]);
    expect(projector.rows(coverageProjection)[0].mutants).toBeNull();
    expect(statuses(projector)).toEqual({ 'S1.AC1': 'weak', 'S1.AC2': 'untested', 'S2.AC1': 'untested', 'S2.AC2': 'untested' });
    expect(coverage(projector).mutationScore).toBeNull();
  });

  it('a mutation run that could not be carried out proves nothing and gives no score', () => {
    const { e, projector } = given();
    projector.apply([mutationRun(e, MUTANTS, 'the instrumenter failed')]);
    expect(statuses(projector)['S1.AC1']).toBe('weak');
    expect(coverage(projector)).toMatchObject({ mutationScore: null, summary: '0 of 4 criteria proven, no mutation run' });
  });

  it("when a person accepts unproven criteria, they are accepted with the person's words; another answer accepts nothing", () => {
    const { e, projector } = given();
    const ask = (actionId: string) =>
      e('ActionRequested', { actionId, title: 'S2.AC2 is not proven', description: '…', priority: 'high', options, agent: null, reason: 'criteria_unproven', criteria: ['S2.AC2'] });
    projector.apply([mutationRun(e, MUTANTS), ask('a1'), e('ActionResolved', { actionId: 'a1', optionId: 'retry', response: 'try harder' })]);
    expect(statuses(projector)['S2.AC2']).toBe('untested');

    projector.apply([ask('a2'), e('ActionResolved', { actionId: 'a2', optionId: 'accept', response: 'We count by hand for now' })]);
    const c = coverage(projector);
    expect(c.stories[1].criteria[1]).toMatchObject({ criterionId: 'S2.AC2', status: 'accepted', acceptedWith: 'We count by hand for now' });
    expect(c.summary).toBe('1 of 4 criteria proven, 1 accepted as open, mutation score 50%');
    expect(projector.rows(coverageProjection)[0].awaitingAcceptance).toEqual({});
  });

  it('an accept of an action about something else accepts no criterion', () => {
    const { e, projector } = given();
    projector.apply([
      e('ActionRequested', { actionId: 'a1', title: 'Unsure', description: '…', priority: 'high', options, agent: 'tester', reason: 'low_confidence' }),
      e('ActionResolved', { actionId: 'a1', optionId: 'accept', response: 'fine' }),
    ]);
    expect(coverage(projector).counts.accepted).toBe(0);
  });

  it('stores the evidence compactly: no skipped mutants, long code cut, no file contents', () => {
    const { e, projector } = given();
    projector.apply([mutationRun(e, [...MUTANTS, { ...mutant('m4', 'add', 'survived', []), original: `{ ${'x'.repeat(5000)} }` }])]);
    const [row] = projector.rows(coverageProjection);
    expect(row.mutants!.map((m) => m.id)).toEqual(['m1', 'm2', 'm4']);
    expect(row.mutants![2].original).toHaveLength(200);
    expect(JSON.stringify(row)).not.toContain('exports.list');
  });

  it('a later accepted output replaces the evidence it carries', () => {
    const { e, projector } = given();
    const fewer = { ...analysis, user_stories: [story('S1', 'Browse products', [['S1.AC1', 'lists every product']])] };
    projector.apply([e('AgentOutputAccepted', { stepId: 's5', agent: 'analyst', attempt: 2, output: fewer, confidence: 0.9, acceptedBy: 'person' })]);
    expect(coverage(projector).stories).toEqual([
      expect.objectContaining({ storyId: 'S1', criteria: [expect.objectContaining({ criterionId: 'S1.AC1', text: 'lists every product' })] }),
    ]);
  });

  it('given a criterion a person accepted as open, when a later analysis rewords it → a new version, judged again; unchanged ones keep theirs', () => {
    const { e, projector } = given();
    const ask = e('ActionRequested', { actionId: 'a1', title: 'open', description: '…', priority: 'high', options, agent: null, reason: 'criteria_unproven', criteria: ['S2.AC1', 'S2.AC2'] });
    projector.apply([ask, e('ActionResolved', { actionId: 'a1', optionId: 'accept', response: 'later' })]);
    const reworded = (text: string) => ({
      ...analysis,
      user_stories: [analysis.user_stories[0], story('S2', 'Use a cart', [['S2.AC1', 'removes an item'], ['S2.AC2', text]])],
    });
    const accepted = (text: string, attempt: number) => e('AgentOutputAccepted', { stepId: `s${attempt}`, agent: 'analyst', attempt, output: reworded(text), confidence: 0.9, acceptedBy: 'threshold' });
    const versions = () => coverage(projector).stories[1].criteria.map((c) => [c.criterionId, c.version, c.status]);
    projector.apply([accepted('counts at most 3 items', 2)]);
    expect(versions()).toEqual([['S2.AC1', 1, 'failing'], ['S2.AC2', 2, 'untested']]);
    projector.apply([accepted('counts at most 3 items', 3), accepted('counts at most 5 items', 4)]);
    expect(versions()).toEqual([['S2.AC1', 1, 'failing'], ['S2.AC2', 3, 'untested']]);
    expect(projector.rows(coverageProjection)[0].acceptedWith).toEqual({ 'S2.AC1': 'later' });
  });

  it('ignores events of a stream that has no ProjectCreated', () => {
    const e = streamOf('ghost');
    const projector = new InMemoryProjector(PROJECTIONS).apply([mutationRun(e, MUTANTS)]);
    expect(projector.rows(coverageProjection)).toEqual([]);
  });
});

describe('what `botarmy run` ends with', () => {
  it('lists each criterion that is not proven with its status, then the summary line', () => {
    const { e, projector } = given();
    projector.apply([mutationRun(e, MUTANTS)]);
    expect(proofLines(coverage(projector))).toEqual([
      'not proven:',
      '  S1.AC2  weak      adds a product',
      '  S2.AC1  failing   removes an item',
      '  S2.AC2  untested  counts the items',
      'proof: 1 of 4 criteria proven, mutation score 50%',
    ]);
  });
});
