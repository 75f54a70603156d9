import type { AnalystOutput } from '../../src/domain/agents/analyst';
import type { DeveloperOutput } from '../../src/domain/agents/developer';
import type { Mutant } from '../../src/events/catalog';
import { rebuildReadModels } from '../../src/server/app';
import { analystAnswer, developerAnswer } from '../support/agent-fixtures';
import { gql } from '../support/graphql-http';
import { startTestServer, type TestServer } from '../support/test-app';
import { unzipText } from '../support/unzip';

const analysis: AnalystOutput = {
  ...analystAnswer(),
  user_stories: [
    { ...analystAnswer().user_stories[0], acceptance_criteria: [{ id: 'S1.AC1', text: 'GET /products lists products' }, { id: 'S1.AC2', text: 'POST /products adds one' }] },
    { ...analystAnswer().user_stories[0], id: 'S2', title: 'Count products', acceptance_criteria: [{ id: 'S2.AC1', text: 'GET /count counts them' }] },
  ],
};

const code: DeveloperOutput = {
  ...developerAnswer(),
  implementations: [
    { criterion_id: 'S1.AC1', file: 'src/products.js', function: 'list' },
    { criterion_id: 'S1.AC2', file: 'src/products.js', function: 'add' },
    { criterion_id: 'S2.AC1', file: 'src/count.js' },
  ],
};

const mutant = (id: string, functionName: string, status: Mutant['status'], killedBy: string[]): Mutant => ({
  id, file: 'src/products.js', line: 2, column: 14, functionName, mutator: 'MethodExpression', original: 'items.slice()', replacement: 'items', status, killedBy,
});

const COVERAGE = `{ projectId summary total proven weak failing untested accepted mutationScore
  stories { storyId title criteria { criterionId text status implementedIn { file function } tests { name ok proving }
    survivingMutants { id file line column functionName mutator original replacement status } acceptedWith } } }`;

describe('coverage over GraphQL and in the workspace zip', () => {
  let t: TestServer;
  const id = 'shop';
  /** Stream versions: 5 is the test run, 7 the mutation run, 9 the person's answer. */
  beforeAll(async () => {
    t = await startTestServer({ LLM_PROVIDER: 'offline' });
    const { commands } = t.app.services;
    await commands.execute(id, { type: 'CreateProject', projectId: id, name: 'Shop', requirements: 'Build a shop' });
    await t.app.store.append(id, [
      { type: 'AgentOutputAccepted', data: { stepId: 's1', agent: 'analyst', attempt: 1, output: analysis, confidence: 0.9, acceptedBy: 'threshold' } },
      { type: 'AgentOutputAccepted', data: { stepId: 's3', agent: 'developer', attempt: 1, output: code, confidence: 0.8, acceptedBy: 'threshold' } },
      { type: 'TestRunStarted', data: { runId: 'r1', round: 1 } },
      {
        type: 'TestRunCompleted',
        data: {
          runId: 'r1', round: 1, command: ['node', '--test'], exitCode: 0, signal: null, timedOut: false, passed: 2, failed: 0, skipped: 0, durationMs: 50, output: '',
          tests: [{ name: 'S1.AC1 lists products', ok: true }, { name: 'S1.AC2 adds a product', ok: true }],
        },
      },
      { type: 'MutationRunStarted', data: { runId: 'm1', round: 1 } },
      {
        type: 'MutationRunCompleted',
        data: {
          runId: 'm1', round: 1, tool: 'stryker 9.6', durationMs: 1200, budgetMs: 60000, budgetExceeded: false, created: 2, killed: 1, survived: 1, timedOut: 0, error: null,
          mutants: [mutant('m1', 'list', 'killed', ['S1.AC1 lists products']), mutant('m2', 'add', 'survived', [])],
        },
      },
      {
        type: 'ActionRequested',
        data: {
          actionId: 'a1', title: 'S1.AC2 and S2.AC1 are not proven', description: '…', priority: 'high', agent: null, reason: 'criteria_unproven', criteria: ['S1.AC2', 'S2.AC1'],
          options: [{ id: 'accept', label: 'Accept them as open' }, { id: 'abort', label: 'Abort' }],
        },
      },
    ], 1);
    await commands.execute(id, { type: 'RespondToAction', actionId: 'a1', optionId: 'accept', response: 'Checked by hand in the demo' });
  });
  afterAll(() => t.close());

  it('answers coverage(projectId) with every criterion, its status, tests, code and surviving mutants', async () => {
    const res = await gql(t.url, `query($p: ID!) { coverage(projectId: $p) ${COVERAGE} }`, { p: id });
    expect(res.errors).toBeUndefined();
    expect(res.data!.coverage).toEqual({
      projectId: id,
      summary: '1 of 3 criteria proven, 2 accepted as open, mutation score 50%',
      total: 3, proven: 1, weak: 0, failing: 0, untested: 0, accepted: 2, mutationScore: 50,
      stories: [
        {
          storyId: 'S1',
          title: 'Browse products',
          criteria: [
            {
              criterionId: 'S1.AC1', text: 'GET /products lists products', status: 'PROVEN', implementedIn: [{ file: 'src/products.js', function: 'list' }],
              tests: [{ name: 'S1.AC1 lists products', ok: true, proving: true }], survivingMutants: [], acceptedWith: null,
            },
            {
              criterionId: 'S1.AC2', text: 'POST /products adds one', status: 'ACCEPTED', implementedIn: [{ file: 'src/products.js', function: 'add' }],
              tests: [{ name: 'S1.AC2 adds a product', ok: true, proving: false }],
              survivingMutants: [{ id: 'm2', file: 'src/products.js', line: 2, column: 14, functionName: 'add', mutator: 'MethodExpression', original: 'items.slice()', replacement: 'items', status: 'survived' }],
              acceptedWith: 'Checked by hand in the demo',
            },
          ],
        },
        {
          storyId: 'S2',
          title: 'Count products',
          criteria: [
            {
              criterionId: 'S2.AC1', text: 'GET /count counts them', status: 'ACCEPTED', implementedIn: [{ file: 'src/count.js', function: null }],
              tests: [], survivingMutants: [], acceptedWith: 'Checked by hand in the demo',
            },
          ],
        },
      ],
    });
  });

  it('answers null for a project that does not exist', async () => {
    const res = await gql(t.url, `query { coverage(projectId: "nope") { summary } }`);
    expect(res).toEqual({ data: { coverage: null } });
  });

  it('shows the coverage as it was at any version through projectAt', async () => {
    const at = async (v: number) => {
      const res = await gql(t.url, `query($p: ID!, $v: Int!) { projectAt(projectId: $p, version: $v) { coverage ${COVERAGE} } }`, { p: id, v });
      expect(res.errors).toBeUndefined();
      const c = res.data!.projectAt.coverage;
      return { summary: c.summary, mutationScore: c.mutationScore, statuses: c.stories.flatMap((s: { criteria: { status: string }[] }) => s.criteria.map((x) => x.status)) };
    };
    expect(await at(1)).toEqual({ summary: '0 of 0 criteria proven, no mutation run', mutationScore: null, statuses: [] });
    expect(await at(5)).toEqual({ summary: '0 of 3 criteria proven, no mutation run', mutationScore: null, statuses: ['WEAK', 'WEAK', 'UNTESTED'] });
    expect(await at(7)).toEqual({ summary: '1 of 3 criteria proven, mutation score 50%', mutationScore: 50, statuses: ['PROVEN', 'WEAK', 'UNTESTED'] });
    const now = (await gql(t.url, `query($p: ID!) { coverage(projectId: $p) ${COVERAGE} project(id: $p) { version } }`, { p: id })).data!;
    const last = await gql(t.url, `query($p: ID!, $v: Int!) { projectAt(projectId: $p, version: $v) { coverage ${COVERAGE} } }`, { p: id, v: now.project.version });
    expect(last.data!.projectAt.coverage).toEqual(now.coverage);
  });

  it('puts PROOF.md in the workspace zip: the summary, then story, criterion, status, tests and their result', async () => {
    const res = await fetch(`${t.url}/projects/${id}/workspace.zip`);
    expect(res.status).toBe(200);
    const entries = unzipText(Buffer.from(await res.arrayBuffer()));
    const proof = entries.get('shop/PROOF.md')!;
    expect(proof.split('\n').slice(0, 3)).toEqual(['# Proof: Shop', '', '1 of 3 criteria proven, 2 accepted as open, mutation score 50%']);
    const story = proof.indexOf('## S1 Browse products');
    const ac1 = proof.indexOf('- **S1.AC1** GET /products lists products — **proven**');
    const ac1Test = proof.indexOf('  - test "S1.AC1 lists products": passes, and fails when its code is changed');
    const ac2 = proof.indexOf('- **S1.AC2** POST /products adds one — **accepted**');
    const ac2Test = proof.indexOf('  - test "S1.AC2 adds a product": passes, but was not seen to fail when its code was changed');
    expect([story, ac1, ac1Test, ac2, ac2Test].every((i, n, all) => i > (n ? all[n - 1] : 0))).toBe(true);
    expect(proof).toContain('  - surviving mutant: src/products.js:2:14 MethodExpression: `items.slice()` → `items`');
    expect(proof).toContain('  - accepted as open by a person: "Checked by hand in the demo"');
    expect(proof).toMatch(/## S2 Count products\n\n- \*\*S2\.AC1\*\* GET \/count counts them — \*\*accepted\*\*\n {2}- code: src\/count\.js\n {2}- no test cites it/);
  });

  it('lists the mutation runs with their counts and score, now and as of any version', async () => {
    const fields = '{ id round status tool budgetExceeded created killed survived timedOut score error }';
    const res = await gql(t.url, `query($p: ID!) { mutationRuns(projectId: $p) ${fields} projectAt(projectId: $p, version: 6) { mutationRuns { status } } }`, { p: id });
    expect(res.errors).toBeUndefined();
    expect(res.data!.mutationRuns).toEqual([
      { id: 'm1', round: 1, status: 'completed', tool: 'stryker 9.6', budgetExceeded: false, created: 2, killed: 1, survived: 1, timedOut: 0, score: 50, error: null },
    ]);
    expect(res.data!.projectAt.mutationRuns).toEqual([{ status: 'running' }]);
    const missing = await gql(t.url, `query { mutationRuns(projectId: "nope") { id } }`);
    expect(missing.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'projectId' });
  });

  it('rebuilds the coverage and mutation run tables from the log into the same rows', async () => {
    const dump = async () => [await t.app.db.reader.query('SELECT * FROM coverage ORDER BY id'), await t.app.db.reader.query('SELECT * FROM mutation_runs ORDER BY id')];
    const inline = await dump();
    expect(inline.map((rows) => rows.length)).toEqual([1, 1]);
    await t.app.db.transaction((m) => Promise.all([m.query('DELETE FROM coverage'), m.query('DELETE FROM mutation_runs')]));
    expect((await dump()).map((rows) => rows.length)).toEqual([0, 0]);
    await rebuildReadModels(t.app);
    expect(JSON.stringify(await dump())).toBe(JSON.stringify(inline));
  });
});
