import type { StoredEvent } from '../../src/events/envelope';
import { ANSWERS, analystAnswer, architectAnswer } from '../support/agent-fixtures';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { gql } from '../support/graphql-http';
import { startTestServer, type TestServer } from '../support/test-app';
import { ended, eventsOfType, ofType, waitForEvent } from '../support/wait-for-event';

const CREATE = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`;
const RESPOND = `mutation($input: RespondToActionInput!) { respondToAction(input: $input) { id status } }`;

describe('agent pipeline against an OpenAI-compatible server', () => {
  let llm: FakeOpenAiServer;
  let t: TestServer;

  beforeAll(async () => {
    llm = await FakeOpenAiServer.start();
    t = await startTestServer({
      LLM_BASE_URL: llm.baseURL,
      LLM_API_KEY: 'sk-test-secret',
      LLM_MODEL: 'fake-model',
      // Priced, so every call has a cost: 100 prompt and 50 completion tokens make $0.0002.
      BOTARMY_PRICES: '{"fake-model": {"input": 1, "output": 2}}',
      LLM_TIMEOUT_MS: '400',
      LLM_RETRY_BASE_MS: '20',
      LLM_RETRY_MAX_MS: '2000',
    });
    await t.app.startWorkflow();
  });
  afterAll(async () => {
    await t.close();
    await llm.close();
  });
  beforeEach(() => {
    llm.requests.length = 0;
    llm.script = () => undefined;
  });

  async function create(extra: Record<string, unknown> = {}): Promise<string> {
    const res = await gql(t.url, CREATE, { input: { name: 'Shop', requirements: 'Build a shop with products and a cart.', ...extra } });
    expect(res.errors).toBeUndefined();
    return res.data!.createProject.id;
  }

  const stream = (id: string) => t.app.store.readStream(id);
  const types = (events: StoredEvent[]) => events.map((e) => e.type);

  it('runs analyst → architect → developer → tester and completes, recording every call, handoff and token', async () => {
    const id = await create();
    const end = await waitForEvent(t.app, id, ended);
    expect(end.type).toBe('ProjectCompleted');
    const events = await stream(id);
    const calls = eventsOfType(events, 'LlmCallCompleted');
    expect(calls.map((c) => c.data.agent)).toEqual(['analyst', 'architect', 'developer', 'tester']);
    expect(calls[0].data).toMatchObject({ model: 'fake-model', provider: 'openai-compatible', promptTokens: 100, completionTokens: 50, purpose: 'answer' });
    expect(calls[0].data.messages[1].content).toContain('Build a shop with products and a cart.');
    expect(calls[1].data.messages[1].content).toContain('Browse products');
    expect(JSON.parse(calls[0].data.rawAnswer)).toEqual(analystAnswer());
    // Structured output was asked for with the agent's JSON schema.
    expect(llm.requests[0].body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'analyst' } });

    const handoffs = eventsOfType(events, 'MessageSent').map((e) => [e.data.fromAgent, e.data.toAgent]);
    expect(handoffs).toEqual([['analyst', 'architect'], ['architect', 'developer'], ['developer', 'tester'], ['tester', 'user']]);

    const q = await gql(t.url, `query($p: ID!) { project(id: $p) { status spec } agents(projectId: $p) { name status totalTokens } usage(projectId: $p) { totalTokens llmCalls byAgent { agent totalTokens } } }`, { p: id });
    expect(q.data!.project.status).toBe('COMPLETED');
    expect(Object.keys(q.data!.project.spec)).toEqual(['analyst', 'architect', 'developer', 'tester']);
    expect(q.data!.agents.map((a: { status: string }) => a.status)).toEqual(['DONE', 'DONE', 'DONE', 'DONE']);
    expect(q.data!.usage).toMatchObject({ totalTokens: 600, llmCalls: 4 });
    // The API key never reaches the log.
    expect(JSON.stringify(events)).not.toContain('sk-test-secret');
  });

  it('retries a 429 after the Retry-After the server gave, then succeeds', async () => {
    llm.script = (r, all) => (r.agent === 'analyst' && all.length === 1 ? { status: 429, headers: { 'retry-after': '1' } } : undefined);
    const id = await create();
    expect((await waitForEvent(t.app, id, ended)).type).toBe('ProjectCompleted');
    const [failed] = eventsOfType(await stream(id), 'LlmCallFailed');
    expect(failed?.data).toMatchObject({ status: 429, retryable: true, agent: 'analyst' });
    expect(llm.requests[1].at - llm.requests[0].at).toBeGreaterThanOrEqual(900);
  });

  it('retries a 500, then succeeds', async () => {
    llm.script = (r, all) => (r.agent === 'architect' && all.filter((x) => x.agent === 'architect').length === 1 ? { status: 500 } : undefined);
    const id = await create();
    expect((await waitForEvent(t.app, id, ended)).type).toBe('ProjectCompleted');
    const failures = eventsOfType(await stream(id), 'LlmCallFailed');
    expect(failures.map((f) => [f.data.agent, f.data.status, f.data.retryable])).toEqual([['architect', 500, true]]);
  });

  it('times out a hung request and retries it', async () => {
    llm.script = (r, all) => (r.agent === 'developer' && all.filter((x) => x.agent === 'developer').length === 1 ? { hang: true } : undefined);
    const id = await create();
    expect((await waitForEvent(t.app, id, ended)).type).toBe('ProjectCompleted');
    const [failure] = eventsOfType(await stream(id), 'LlmCallFailed');
    expect(failure?.data).toMatchObject({ agent: 'developer', errorClass: 'Timeout', retryable: true, message: 'no answer within 400 ms' });
  });

  it('asks for a repair when the answer is not JSON, showing the model its answer and the errors', async () => {
    llm.script = (r, all) => (r.agent === 'analyst' && all.filter((x) => x.agent === 'analyst').length === 1 ? { text: 'Sure! Here are your stories: ...' } : undefined);
    const id = await create();
    expect((await waitForEvent(t.app, id, ended)).type).toBe('ProjectCompleted');
    const repair = llm.requestsFor('analyst')[1].body.messages;
    expect(repair[2]).toEqual({ role: 'assistant', content: 'Sure! Here are your stories: ...' });
    expect(repair[3].content).toMatch(/not valid JSON/);
    const calls = eventsOfType(await stream(id), 'LlmCallCompleted').filter((e) => e.data.agent === 'analyst');
    expect(calls.map((c) => c.data.purpose)).toEqual(['answer', 'repair']);
  });

  it('escalates when the answer is schema-invalid even after the repair, on every attempt', async () => {
    const invalid = { ...analystAnswer(), user_stories: [{ id: 'story one' }] };
    llm.script = (r) => (r.agent === 'analyst' ? { answer: invalid } : undefined);
    const id = await create({ maxAttempts: 2 });
    const action = (await waitForEvent(t.app, id, ended)) as StoredEvent<'ActionRequested'>;
    expect(action.type).toBe('ActionRequested');
    expect(action.data).toMatchObject({ reason: 'attempts_exhausted', agent: 'analyst', priority: 'urgent' });
    const events = await stream(id);
    expect(types(events).filter((t) => t === 'AgentOutputRejected')).toHaveLength(2);
    expect(llm.requestsFor('analyst')).toHaveLength(4);
    const [rejected] = eventsOfType(events, 'AgentOutputRejected');
    expect(rejected!.data.errors.join(' ')).toMatch(/user_stories\.0/);
    const agents = await gql(t.url, `query($p: ID!) { agents(projectId: $p) { name status } project(id: $p) { status } }`, { p: id });
    expect(agents.data!.project.status).toBe('WAITING');
    expect(agents.data!.agents[0]).toEqual({ name: 'ANALYST', status: 'WAITING' });
  });

  it('a project chosen to run on another model asks that model, and says so', async () => {
    const info = await gql(t.url, `{ llm { provider model offline } }`);
    expect(info.data!.llm).toEqual({ provider: 'openai-compatible', model: 'fake-model', offline: false });
    const id = await create({ model: 'bigger-model' });
    expect((await waitForEvent(t.app, id, ended)).type).toBe('ProjectCompleted');
    expect(new Set(llm.requests.map((r) => r.body.model))).toEqual(new Set(['bigger-model']));
    const project = await gql(t.url, `query($id: ID!) { project(id: $id) { model answeredBy } }`, { id });
    expect(project.data!.project).toEqual({ model: 'bigger-model', answeredBy: 'bigger-model (openai-compatible)' });
  });

  it('every call records what it cost; a spend budget is checked before each call and a person grants more in dollars', async () => {
    let developerCalls = 0;
    llm.script = (r) => (r.agent === 'developer' && ++developerCalls === 1 ? { text: 'not json at all' } : undefined);
    const id = await create({ budgetUsd: 0.0005 });
    const action = (await waitForEvent(t.app, id, ofType('ActionRequested'))) as StoredEvent<'ActionRequested'>;
    const events = await stream(id);
    expect(eventsOfType(events, 'LlmCallCompleted').map((c) => c.data.costUsd)).toEqual([0.0002, 0.0002, 0.0002]);
    // The developer's repair would have gone past the budget: the step stopped before it, one call over at most.
    expect(eventsOfType(events, 'AgentOutputRejected').map((e) => [e.data.agent, e.data.reason])).toEqual([['developer', 'over_budget']]);
    expect(action.data).toMatchObject({ reason: 'budget_exceeded', title: 'Spend budget used up ($0.0006 of $0.0005)' });
    expect(action.data.options[0].asks).toEqual({ kind: 'usd', prompt: 'Dollars to grant', offered: 0.0005 });
    const usage = await gql(t.url, `query($id: ID!) { usage(projectId: $id) { costUsd budgetUsd byAgent { agent costUsd } } }`, { id });
    expect(usage.data!.usage).toEqual({
      costUsd: 0.0006,
      budgetUsd: 0.0005,
      byAgent: [
        { agent: 'ANALYST', costUsd: 0.0002 },
        { agent: 'ARCHITECT', costUsd: 0.0002 },
        { agent: 'DEVELOPER', costUsd: 0.0002 },
        { agent: 'TESTER', costUsd: 0 },
      ],
    });
    // Per step: the developer's one paid call, then the step stopped before its repair.
    const steps = await gql(t.url, `query($id: ID!) { usageBySteps(projectId: $id) { stepId agent llmCalls costUsd } }`, { id });
    expect(steps.data!.usageBySteps).toEqual([
      { stepId: 'analyst-1', agent: 'ANALYST', llmCalls: 1, costUsd: 0.0002 },
      { stepId: 'architect-1', agent: 'ARCHITECT', llmCalls: 1, costUsd: 0.0002 },
      { stepId: 'developer-1', agent: 'DEVELOPER', llmCalls: 1, costUsd: 0.0002 },
    ]);
    await gql(t.url, RESPOND, { input: { actionId: action.data.actionId, optionId: 'continue', grantUsd: 1 } });
    expect((await waitForEvent(t.app, id, (e) => ended(e) && e.streamVersion > action.streamVersion)).type).toBe('ProjectCompleted');
  });

  it('an agent that fails the same way twice is stopped: a person is asked with the answer attached, not a third attempt', async () => {
    const invalid = { ...analystAnswer(), user_stories: [{ id: 'story one' }] };
    llm.script = (r) => (r.agent === 'analyst' ? { answer: invalid } : undefined);
    const id = await create({ maxAttempts: 5 });
    const action = (await waitForEvent(t.app, id, ended)) as StoredEvent<'ActionRequested'>;
    expect(action.data).toMatchObject({ reason: 'attempts_exhausted', agent: 'analyst', stepId: 'analyst-2', title: 'The analyst failed 2 times' });
    expect(action.data.description).toContain('Attempts analyst-1 and analyst-2 failed the same way, with the same answer');
    expect(action.data.attachment).toContain(JSON.stringify(invalid));
    // Two attempts of an answer and a repair each: four calls, where five attempts would have paid for ten.
    expect(llm.requestsFor('analyst')).toHaveLength(4);
  });

  it('failures that differ are not a loop: the attempts go on to the limit', async () => {
    let n = 0;
    llm.script = (r) => (r.agent === 'analyst' ? { answer: { ...analystAnswer(), user_stories: [{ id: `story ${++n}` }] } } : undefined);
    const id = await create({ maxAttempts: 3 });
    const action = (await waitForEvent(t.app, id, ended)) as StoredEvent<'ActionRequested'>;
    expect(action.data).toMatchObject({ reason: 'attempts_exhausted', title: 'The analyst failed 3 times' });
    expect(action.data.description).not.toContain('failed the same way');
  });

  it('escalates low confidence; an answer with guidance re-runs the agent with the guidance in its prompt, then completes', async () => {
    llm.script = (r, all) => (r.agent === 'analyst' && all.filter((x) => x.agent === 'analyst').length === 1 ? { answer: analystAnswer(0.3) } : undefined);
    const id = await create();
    const action = (await waitForEvent(t.app, id, ended)) as StoredEvent<'ActionRequested'>;
    expect(action.data).toMatchObject({ reason: 'low_confidence', agent: 'analyst' });
    expect(action.data.options.map((o) => o.id)).toEqual(['accept', 'retry', 'replace_requirements', 'abort']);

    const res = await gql(t.url, RESPOND, { input: { actionId: action.data.actionId, optionId: 'retry', response: 'Sell second-hand bicycles only.' } });
    expect(res.data!.respondToAction.status).toBe('RESOLVED');
    expect((await waitForEvent(t.app, id, ofType('ProjectCompleted'))).type).toBe('ProjectCompleted');
    const retried = llm.requestsFor('analyst')[1].body.messages[1].content;
    expect(retried).toContain('Sell second-hand bicycles only.');
    const started = eventsOfType(await stream(id), 'AgentStepStarted').filter((e) => e.data.agent === 'analyst');
    expect(started.map((s) => [s.data.attempt, s.data.guidance])).toEqual([[1, []], [2, ['Sell second-hand bicycles only.']]]);
  });

  it('accepting a low-confidence output hands it on as it is', async () => {
    llm.script = (r) => (r.agent === 'architect' ? { answer: architectAnswer(0.5) } : undefined);
    const id = await create();
    const action = (await waitForEvent(t.app, id, ofType('ActionRequested'))) as StoredEvent<'ActionRequested'>;
    expect(action.data.agent).toBe('architect');
    await gql(t.url, RESPOND, { input: { actionId: action.data.actionId, optionId: 'accept' } });
    expect((await waitForEvent(t.app, id, ofType('ProjectCompleted'))).type).toBe('ProjectCompleted');
    const accepted = eventsOfType(await stream(id), 'AgentOutputAccepted').find((e) => e.data.agent === 'architect');
    expect(accepted!.data).toMatchObject({ acceptedBy: 'person', confidence: 0.5 });
    expect(llm.requestsFor('architect')).toHaveLength(1);
  });

  it('abort cancels the project', async () => {
    llm.script = (r) => (r.agent === 'analyst' ? { answer: analystAnswer(0.2) } : undefined);
    const id = await create();
    const action = (await waitForEvent(t.app, id, ofType('ActionRequested'))) as StoredEvent<'ActionRequested'>;
    await gql(t.url, RESPOND, { input: { actionId: action.data.actionId, optionId: 'abort' } });
    expect((await waitForEvent(t.app, id, ofType('ProjectCancelled'))).data).toEqual({ reason: 'aborted by a person' });
  });

  it('escalates when the project goes over its token budget, and continues when granted more', async () => {
    const id = await create({ tokenBudget: 200 });
    const action = (await waitForEvent(t.app, id, ofType('ActionRequested'))) as StoredEvent<'ActionRequested'>;
    expect(action.data).toMatchObject({ reason: 'budget_exceeded', priority: 'high' });
    // Two calls of 150 tokens used the 200-token budget.
    expect(llm.requests.map((r) => r.agent)).toEqual(['analyst', 'architect']);
    await gql(t.url, RESPOND, { input: { actionId: action.data.actionId, optionId: 'continue' } });
    const next = await waitForEvent(t.app, id, (e) => e.type === 'ActionRequested' && e.streamVersion > action.streamVersion);
    // Another 200 tokens: the developer's call takes the project to 450 of 400.
    expect((next as StoredEvent<'ActionRequested'>).data).toMatchObject({ reason: 'budget_exceeded', title: 'Token budget used up (450 of 400)' });
    expect(llm.requests.map((r) => r.agent)).toEqual(['analyst', 'architect', 'developer']);
  });

  it('cancelProject stops a running pipeline and refuses a second cancel', async () => {
    llm.script = (r) => (r.agent === 'architect' ? { hang: true } : undefined);
    const id = await create();
    await waitForEvent(t.app, id, (e) => e.type === 'AgentStepStarted' && (e as StoredEvent<'AgentStepStarted'>).data.agent === 'architect');
    const res = await gql(t.url, `mutation($id: ID!) { cancelProject(id: $id) { status } }`, { id });
    expect(res.data!.cancelProject.status).toBe('CANCELLED');
    const again = await gql(t.url, `mutation($id: ID!) { cancelProject(id: $id) { status } }`, { id });
    expect(again.errors![0].extensions!.code).toBe('CONFLICT');
    await t.app.workflow.idle();
    const events = await stream(id);
    expect(eventsOfType(events, 'AgentOutputProduced').map((e) => e.data.agent)).toEqual(['analyst']);
    expect(types(events).slice(-2)).toEqual(['ProjectCancelled', 'LlmCallFailed']);
    expect(eventsOfType(events, 'LlmCallFailed')[0].data).toMatchObject({ errorClass: 'Aborted', retryable: false });
    // Nobody reads "waiting for its turn" on a project that will never give it one.
    const agents = await gql(t.url, `query($id: ID!) { agents(projectId: $id) { name status currentTask } }`, { id });
    expect(agents.data!.agents.map((a: { status: string }) => a.status)).toEqual(['DONE', 'STOPPED', 'STOPPED', 'STOPPED']);
  });

  it('"Continue" on a used-up budget offers an amount that doubles it and grants the amount the person chose', async () => {
    const id = await create({ tokenBudget: 200 });
    const action = (await waitForEvent(t.app, id, ofType('ActionRequested'))) as StoredEvent<'ActionRequested'>;
    const asked = await gql(t.url, `query($id: ID!) { actions(projectId: $id) { options { id asks { kind prompt offered } } } }`, { id });
    expect(asked.data!.actions[0].options[0]).toEqual({ id: 'continue', asks: { kind: 'TOKENS', prompt: 'Tokens to grant', offered: 200 } });
    const bad = await gql(t.url, RESPOND, { input: { actionId: action.data.actionId, optionId: 'abort', grantTokens: 10 } });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'grantTokens' });
    const res = await gql(t.url, `mutation($input: RespondToActionInput!) { respondToAction(input: $input) { status grantedTokens } }`, {
      input: { actionId: action.data.actionId, optionId: 'continue', grantTokens: 1000 },
    });
    expect(res.data!.respondToAction).toEqual({ status: 'RESOLVED', grantedTokens: 1000 });
    // 1,200 tokens in all: enough for the four calls (600), so nobody is asked again.
    expect((await waitForEvent(t.app, id, (e) => ended(e) && e.streamVersion > action.streamVersion)).type).toBe('ProjectCompleted');
    expect(eventsOfType(await stream(id), 'ActionRequested')).toHaveLength(1);
  });

  it('accepting failing tests completes the project marked as such: a warning on the developer and on the project', async () => {
    llm.script = (r) => (r.agent === 'developer' ? { answer: { ...ANSWERS.developer(), files: [{ path: 'src/products.js', content: 'exports.list = () => [];\nexports.add = (p) => p;\n' }] } } : undefined);
    const id = await create();
    const action = (await waitForEvent(t.app, id, ofType('ActionRequested'))) as StoredEvent<'ActionRequested'>;
    expect(action.data.reason).toBe('tests_failing');
    await gql(t.url, RESPOND, { input: { actionId: action.data.actionId, optionId: 'accept' } });
    await waitForEvent(t.app, id, ofType('ProjectCompleted'));
    const res = await gql(t.url, `query($id: ID!) { project(id: $id) { status warnings { agent text } } agents(projectId: $id) { name status currentTask } }`, { id });
    expect(res.data!.project).toEqual({ status: 'COMPLETED', warnings: [{ agent: 'developer', text: 'completed with 1 failing test, accepted by a person' }] });
    expect(res.data!.agents.map((a: { status: string }) => a.status)).toEqual(['DONE', 'DONE', 'WARNING', 'DONE']);
    expect(res.data!.agents[2].currentTask).toBe('completed with 1 failing test, accepted by a person');
  });

  it('"Use this as the requirements" on an unsure analyst replaces them: the analyst reads only the new text', async () => {
    let analystCalls = 0;
    llm.script = (r) => (r.agent === 'analyst' && ++analystCalls === 1 ? { answer: analystAnswer(0.3) } : undefined);
    const id = await create({ requirements: 'An app for tasks.' });
    const action = (await waitForEvent(t.app, id, ofType('ActionRequested'))) as StoredEvent<'ActionRequested'>;
    const clear = 'A task list: people add tasks with a due date, mark them done and see overdue ones first.';
    const missing = await gql(t.url, RESPOND, { input: { actionId: action.data.actionId, optionId: 'replace_requirements' } });
    expect(missing.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'response' });
    await gql(t.url, RESPOND, { input: { actionId: action.data.actionId, optionId: 'replace_requirements', response: clear } });
    expect((await waitForEvent(t.app, id, (e) => ended(e) && e.streamVersion > action.streamVersion)).type).toBe('ProjectCompleted');
    const analyst = llm.requestsFor('analyst');
    expect(analyst).toHaveLength(2);
    expect(analyst[1].body.messages[1].content).toContain(clear);
    expect(analyst[1].body.messages[1].content).not.toContain('An app for tasks.');
    expect(analyst[1].body.messages[1].content).not.toMatch(/Guidance from a person/);
    const project = await gql(t.url, `query($id: ID!) { project(id: $id) { requirements } }`, { id });
    expect(project.data!.project.requirements).toBe(clear);
  });

  // What a provider learns about a model lasts its life: this test has a model of its own.
  it('falls back to json_object for a server that refuses json_schema, and reads JSON out of a fenced answer', async () => {
    llm.script = (r) =>
      r.body.response_format?.type === 'json_schema'
        ? { status: 400, errorMessage: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model." }
        : { text: 'Here you go:\n```json\n' + JSON.stringify(ANSWERS[r.agent]()) + '\n```' };
    const id = await create({ model: 'strict-less-model' });
    expect((await waitForEvent(t.app, id, ended)).type).toBe('ProjectCompleted');
    // The first request is refused once, on the record; every later one goes straight to json_object.
    expect(llm.requests.map((r) => r.body.response_format?.type)).toEqual(['json_schema', 'json_object', 'json_object', 'json_object', 'json_object']);
    expect(eventsOfType(await stream(id), 'LlmCallFailed').map((f) => f.data.errorClass)).toEqual(['ModeRefused']);
  });
});
