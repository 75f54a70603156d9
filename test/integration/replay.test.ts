import { nextCommand } from '../../src/domain/workflow';
import { forkProject } from '../../src/app/fork-project';
import { exportJsonLines, importJsonLines } from '../../src/history/export-import';
import { replayProject } from '../../src/history/replay';
import { analystAnswer } from '../support/agent-fixtures';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { startTestApp, type TestApp } from '../support/test-app';
import { ofType, waitForEvent } from '../support/wait-for-event';

describe('deterministic replay', () => {
  let t: TestApp;
  let llm: FakeOpenAiServer;
  let offline: TestApp;
  beforeAll(async () => {
    llm = await FakeOpenAiServer.start();
    t = await startTestApp({ LLM_BASE_URL: llm.baseURL, LLM_API_KEY: 'k', LLM_RETRY_BASE_MS: '10' });
    await t.app.startWorkflow();
    offline = await startTestApp({ LLM_PROVIDER: 'offline' });
    await offline.app.startWorkflow();
  });
  afterAll(async () => {
    await t.close();
    await offline.close();
    await llm.close();
  });

  async function run(app: TestApp['app'], requirements: string) {
    const id = app.services.commands.newId();
    await app.services.commands.execute(id, { type: 'CreateProject', projectId: id, name: 'R', requirements, settings: { proof: app.services.proofDefaults } });
    return id;
  }

  it('replays an offline project, tests and all, as identical', async () => {
    const id = await run(offline.app, 'A help desk where customers open tickets and agents resolve them by priority.');
    await waitForEvent(offline.app, id, ofType('ProjectCompleted'));
    const result = await replayProject(await offline.app.store.readStream(id));
    expect(result).toMatchObject({ identical: true, divergence: null });
    expect(result.compared).toBe(await offline.app.store.streamVersion(id));
  });

  it('replays retries, a repair, an escalation and a person’s answer as identical, with no network call', async () => {
    let calls = 0;
    llm.script = (r) => {
      calls++;
      if (calls === 1) return { status: 500 };
      if (calls === 2) return { text: 'not json' };
      if (r.agent === 'analyst' && calls === 3) return { answer: analystAnswer(0.4) };
      return undefined;
    };
    const id = await run(t.app, 'Build a shop.');
    const action = await waitForEvent(t.app, id, ofType('ActionRequested'));
    await t.app.services.commands.execute(id, { type: 'RespondToAction', actionId: (action.data as { actionId: string }).actionId, optionId: null, response: 'Bicycles only' });
    await waitForEvent(t.app, id, ofType('ProjectCompleted'));
    const before = llm.requests.length;
    const result = await replayProject(await t.app.store.readStream(id));
    expect(result.divergence).toBeNull();
    expect(result.identical).toBe(true);
    expect(llm.requests.length).toBe(before);
  });

  it('reports the first divergence when a workflow rule changes: the event, the fields and what differs', async () => {
    llm.script = () => undefined;
    const id = await run(t.app, 'Build a shop.');
    await waitForEvent(t.app, id, ofType('ProjectCompleted'));
    // Today's rule, changed on purpose: ask a person about every output, however confident.
    const stricter: typeof nextCommand = (state) => {
      const command = nextCommand(state);
      if (command?.type === 'AcceptOutput' && command.acceptedBy === 'threshold') {
        return { type: 'Escalate', escalation: { reason: 'low_confidence', agent: command.agent, confidence: 0.9, threshold: 1 } };
      }
      return command;
    };
    const result = await replayProject(await t.app.store.readStream(id), { nextCommand: stricter });
    expect(result.identical).toBe(false);
    const recorded = await t.app.store.readStream(id);
    const firstAccept = recorded.find((e) => e.type === 'AgentOutputAccepted')!;
    expect(result.divergence).toMatchObject({
      version: firstAccept.streamVersion,
      expected: { type: 'AgentOutputAccepted' },
      actual: { type: 'ActionRequested' },
      fields: ['type'],
      cause: 'workflow_changed',
    });
    expect(result.compared).toBe(firstAccept.streamVersion - 1);
  });

  it('names the prompt lines that changed when the requirements behind a recorded call differ', async () => {
    llm.script = () => undefined;
    const id = await run(t.app, 'Build a shop.');
    await waitForEvent(t.app, id, ofType('ProjectCompleted'));
    const recorded = await t.app.store.readStream(id);
    const edited = recorded.map((e) => (e.type === 'ProjectCreated' ? { ...e, data: { ...e.data, requirements: 'Build a bakery.' } } : e));
    const result = await replayProject(edited as typeof recorded);
    expect(result.divergence).toMatchObject({
      expected: { type: 'LlmCallCompleted' },
      fields: ['messages', 'requestHash'],
      step: { agent: 'analyst', stepId: 'analyst-1' },
      cause: 'prompt_changed',
    });
    // The user prompt is named by its path and shown as a unified diff; the hash with both values whole.
    const prompt = result.divergence!.differences.find((d) => d.path === 'data.messages[1].content')!;
    expect(prompt.diff).toMatch(/^-Build a shop\.$/m);
    expect(prompt.diff).toMatch(/^\+Build a bakery\.$/m);
    const hash = result.divergence!.differences.find((d) => d.path === 'data.requestHash')!;
    expect(hash.expected).toBe((recorded.find((e) => e.type === 'LlmCallCompleted')!.data as { requestHash: string }).requestHash);
    expect(hash.actual).toMatch(/^[0-9a-f]{64}$/);
    expect(hash.actual).not.toBe(hash.expected);
  });

  it('a fork made after LLM calls replays as identical: the copied calls are not answered twice', async () => {
    llm.script = () => undefined;
    const id = await run(t.app, 'Build a shop.');
    await waitForEvent(t.app, id, ofType('ProjectCompleted'));
    const recorded = await t.app.store.readStream(id);
    const architectAccepted = recorded.find((e) => e.type === 'AgentOutputAccepted' && (e.data as { agent: string }).agent === 'architect')!;
    const forkId = await forkProject(t.app.store, t.app.services.commands.newId, id, architectAccepted.streamVersion, {});
    await waitForEvent(t.app, forkId, (e) => e.type === 'ProjectCompleted' && !e.metadata.origin);
    const result = await replayProject(await t.app.store.readStream(forkId));
    expect(result.divergence).toBeNull();
    expect(result.identical).toBe(true);
  });

  it('says the schema or checks changed when the same recorded answer is judged differently', async () => {
    const id = await run(offline.app, 'A parcel locker where couriers drop parcels and recipients collect them with a code.');
    await waitForEvent(offline.app, id, ofType('ProjectCompleted'));
    const recorded = await offline.app.store.readStream(id);
    const produced = recorded.find((e) => e.type === 'AgentOutputProduced')!;
    const edited = recorded.map((e) => (e === produced ? { ...e, data: { ...e.data, confidence: 0.123 } } : e));
    const result = await replayProject(edited as typeof recorded);
    expect(result.divergence).toMatchObject({
      version: produced.streamVersion,
      fields: ['confidence'],
      differences: [{ path: 'data.confidence', expected: 0.123, actual: (produced.data as { confidence: number }).confidence }],
      cause: 'schema_changed',
    });
  });

  it('says the recorded answer is missing when today asks a question the recording never answered', async () => {
    const id = await run(offline.app, 'A tool library where neighbours lend drills and ladders to each other.');
    await waitForEvent(offline.app, id, ofType('ProjectCompleted'));
    const recorded = await offline.app.store.readStream(id);
    const started = recorded.find((e) => e.type === 'AgentStepStarted' && (e.data as { agent: string }).agent === 'architect')!;
    const result = await replayProject(recorded.slice(0, started.streamVersion));
    expect(result.divergence).toMatchObject({
      version: started.streamVersion + 1,
      expected: null,
      actual: { type: 'LlmCallFailed' },
      step: { agent: 'architect' },
      cause: 'answer_missing',
    });
  });

  it('a renamed import replays as its own run: identical, and a changed rule still shows in it', async () => {
    const id = await run(offline.app, 'A seed swap where gardeners offer seeds and others reserve a packet.');
    await waitForEvent(offline.app, id, ofType('ProjectCompleted'));
    const renamed = `${id}-copy`;
    await importJsonLines(offline.app.store, exportJsonLines(await offline.app.store.readStream(id)), offline.app.services.commands.newId, { as: renamed });
    const imported = await offline.app.store.readStream(renamed);
    expect(imported.every((e) => e.metadata.origin)).toBe(true);
    expect(await replayProject(imported)).toMatchObject({ identical: true, compared: imported.length });
    const neverAccept: typeof nextCommand = (state) => {
      const command = nextCommand(state);
      return command?.type === 'AcceptOutput' ? null : command;
    };
    const result = await replayProject(imported, { nextCommand: neverAccept });
    expect(result.divergence).toMatchObject({ expected: { type: 'AgentOutputAccepted' }, actual: null });
  });
});
