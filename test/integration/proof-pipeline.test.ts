import { foldWorkflow, proofOf } from '../../src/domain/workflow';
import type { StoredEvent } from '../../src/events/envelope';
import { analystAnswer, developerAnswer, testerAnswer } from '../support/agent-fixtures';
import { FakeOpenAiServer, type RecordedRequest } from '../support/fake-openai-server';
import { gql } from '../support/graphql-http';
import { startTestServer, type TestServer } from '../support/test-app';
import { ended, eventsOfType, ofType, waitForEvent } from '../support/wait-for-event';

const CREATE = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`;
const RESPOND = `mutation($input: RespondToActionInput!) { respondToAction(input: $input) { id status } }`;
/** Every run of generated code (tests, then mutants) happens for real in the sandbox: give it time. */
const PIPELINE_MS = 240_000;

/** Two criteria, both implemented in the product store. */
const analysis = {
  ...analystAnswer(),
  user_stories: [
    {
      ...analystAnswer().user_stories[0],
      acceptance_criteria: [
        { id: 'S1.AC1', text: 'GET /products lists products' },
        { id: 'S1.AC2', text: 'POST /products adds a product and returns it' },
      ],
    },
  ],
};
const code = {
  ...developerAnswer(),
  implementations: [
    { criterion_id: 'S1.AC1', file: 'src/products.js' },
    { criterion_id: 'S1.AC2', file: 'src/products.js' },
  ],
};
const HEADER = "const test = require('node:test');\nconst assert = require('node:assert');\nconst products = require('../src/products');\n";
const LISTS = "test('S1.AC1 lists products', () => { products.add({ id: '1' }); assert.deepStrictEqual(products.list(), [{ id: '1' }]); });\n";
const ADDS = "test('S1.AC2 adds a product and returns it', () => { assert.deepStrictEqual(products.add({ id: '2' }), { id: '2' }); });\n";
/** The tester's tests: only S1.AC1 unless told to cover S1.AC2 too. */
const tests = (covering: string[]) => ({
  ...testerAnswer(),
  test_plan: covering.map((id) => ({ story_id: 'S1', criterion_id: id, description: id })),
  test_files: [{ path: 'test/products.test.js', content: HEADER + LISTS + (covering.includes('S1.AC2') ? ADDS : '') }],
});

describe('proof: the loop closes on criteria proven by tests that catch bugs', () => {
  let llm: FakeOpenAiServer;
  let t: TestServer;

  beforeAll(async () => {
    llm = await FakeOpenAiServer.start();
    t = await startTestServer({ LLM_BASE_URL: llm.baseURL, LLM_API_KEY: 'sk-test', LLM_RETRY_BASE_MS: '20', BOTARMY_PROOF: 'on' });
    await t.app.startWorkflow();
  });
  afterAll(async () => {
    await t.close();
    await llm.close();
  });
  beforeEach(() => {
    llm.requests.length = 0;
  });

  async function create(extra: Record<string, unknown> = {}): Promise<string> {
    const res = await gql(t.url, CREATE, { input: { name: 'Shop', requirements: 'Build a shop where people list and add products.', ...extra } });
    expect(res.errors).toBeUndefined();
    return res.data!.createProject.id;
  }

  const userPrompt = (r: RecordedRequest) => r.body.messages.find((m) => m.role === 'user')?.content ?? '';

  it('asks the tester again for the criterion its tests left out, with the gap in its prompt, and completes with both proven', async () => {
    llm.script = (r) => {
      if (r.agent === 'analyst') return { answer: analysis };
      if (r.agent === 'developer') return { answer: code };
      if (r.agent === 'tester') return { answer: tests(userPrompt(r).includes('S1.AC2 (untested)') ? ['S1.AC1', 'S1.AC2'] : ['S1.AC1']) };
      return undefined;
    };
    const id = await create();
    const end = (await waitForEvent(t.app, id, ended, PIPELINE_MS)) as StoredEvent<'ProjectCompleted'>;
    expect(end.type).toBe('ProjectCompleted');

    const [first, second] = llm.requestsFor('tester');
    expect(llm.requestsFor('tester')).toHaveLength(2);
    expect(userPrompt(first)).not.toContain('do not prove');
    const gap = userPrompt(second);
    expect(gap).toContain('Your last tests do not prove every criterion.');
    expect(gap).toContain('S1.AC2 (untested): "POST /products adds a product and returns it"');
    expect(gap).toContain('Implemented in: src/products.js.');
    expect(gap).not.toContain('S1.AC1 (');

    const events = await t.app.store.readStream(id);
    const runs = eventsOfType(events, 'MutationRunCompleted');
    expect(runs.map((r) => [r.data.round, r.data.error])).toEqual([[1, null], [2, null]]);
    expect(runs[1].data.killed).toBeGreaterThan(0);
    expect(eventsOfType(events, 'TestRunCompleted').map((r) => r.data.tests.map((x) => x.name))).toEqual([
      ['S1.AC1 lists products'],
      ['S1.AC1 lists products', 'S1.AC2 adds a product and returns it'],
    ]);
    expect(proofOf(foldWorkflow(id, events)).map((p) => [p.criterionId, p.status])).toEqual([['S1.AC1', 'proven'], ['S1.AC2', 'proven']]);
    expect(end.data.summary).toMatch(/proof: 2 of 2 criteria proven/);
  }, PIPELINE_MS);

  it('a tester that never covers a criterion leads to one question naming it; accepting it with words completes the project', async () => {
    llm.script = (r) => {
      if (r.agent === 'analyst') return { answer: analysis };
      if (r.agent === 'developer') return { answer: code };
      if (r.agent === 'tester') return { answer: tests(['S1.AC1']) };
      return undefined;
    };
    const id = await create({ proofRounds: 1 });
    const action = (await waitForEvent(t.app, id, ended, PIPELINE_MS)) as StoredEvent<'ActionRequested'>;
    expect(action.type).toBe('ActionRequested');
    expect(action.data).toMatchObject({ reason: 'criteria_unproven', agent: 'tester', criteria: ['S1.AC2'], title: 'S1.AC2 is not proven' });
    expect(action.data.options.map((o) => o.label)).toEqual(['Accept them as open', 'Retry with guidance', 'Abort']);
    expect(action.data.description).toContain('1 of 2 criteria proven');
    // One proof round: the tester was asked once more, then the person.
    expect(llm.requestsFor('tester')).toHaveLength(2);

    const res = await gql(t.url, RESPOND, { input: { actionId: action.data.actionId, optionId: 'accept', response: 'Adding is checked by hand before release.' } });
    expect(res.data!.respondToAction.status).toBe('RESOLVED');
    const end = (await waitForEvent(t.app, id, ofType('ProjectCompleted'), PIPELINE_MS)) as StoredEvent<'ProjectCompleted'>;
    expect(end.data.summary).toMatch(/proof: 1 of 2 criteria proven, 1 accepted as open/);

    const events = await t.app.store.readStream(id);
    expect(eventsOfType(events, 'ActionRequested')).toHaveLength(1);
    expect(proofOf(foldWorkflow(id, events)).map((p) => [p.criterionId, p.status, p.acceptedWith])).toEqual([
      ['S1.AC1', 'proven', null],
      ['S1.AC2', 'accepted', 'Adding is checked by hand before release.'],
    ]);
  }, PIPELINE_MS);

  it.each([
    ['proofRounds under 0', { proofRounds: -1 }, 'proofRounds'],
    ['proofRounds over 10', { proofRounds: 11 }, 'proofRounds'],
    ['a mutation budget under a second', { mutationBudgetMs: 999 }, 'mutationBudgetMs'],
  ])('refuses %s, appending nothing', async (_label, extra, field) => {
    const before = await t.app.store.lastPosition();
    const res = await gql(t.url, CREATE, { input: { name: 'Shop', requirements: 'Build a shop.', ...extra } });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await t.app.store.lastPosition()).toBe(before);
  });

  it('records the proof settings asked for; 0 rounds is allowed', async () => {
    const id = await create({ proofRounds: 0, mutationBudgetMs: 5000 });
    const [createdEvent] = eventsOfType(await t.app.store.readStream(id), 'ProjectCreated');
    expect(createdEvent.data.settings.proof).toEqual({ maxRounds: 0, mutationBudgetMs: 5000 });
    await gql(t.url, `mutation($id: ID!) { cancelProject(id: $id) { status } }`, { id });
  });
});
