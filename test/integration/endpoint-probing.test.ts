import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StoredEvent } from '../../src/events/envelope';
import { replayProject } from '../../src/history/replay';
import { ANSWERS } from '../support/agent-fixtures';
import { FakeOpenAiServer, type RecordedRequest, type Reply } from '../support/fake-openai-server';
import { startTestApp, type TestApp } from '../support/test-app';
import { ended, eventsOfType, waitForEvent } from '../support/wait-for-event';

/**
 * The servers people run answer JSON requests differently. Each is played by the fake OpenAI-compatible server,
 * and each project must end with the right way of asking found, on the record, and its run replayable.
 */
describe('probing an endpoint for the way it takes JSON requests', () => {
  let llm: FakeOpenAiServer;
  let t: TestApp;
  beforeEach(async () => {
    // A fresh app each time: what a provider learned about a model lasts as long as the process.
    llm = await FakeOpenAiServer.start();
    t = await startTestApp({ LLM_BASE_URL: llm.baseURL, LLM_API_KEY: 'k', LLM_MODEL: 'local-model', LLM_RETRY_BASE_MS: '5' });
    await t.app.startWorkflow();
  });
  afterEach(async () => {
    await t.close();
    await llm.close();
  });

  async function run(server: (r: RecordedRequest) => Reply | undefined): Promise<StoredEvent[]> {
    llm.script = server;
    const id = t.app.services.commands.newId();
    await t.app.services.commands.execute(id, { type: 'CreateProject', projectId: id, name: 'P', requirements: 'Build a shop with products.', settings: { proof: null } });
    expect((await waitForEvent(t.app, id, ended)).type).toBe('ProjectCompleted');
    const events = await t.app.store.readStream(id);
    expect(await replayProject(events)).toMatchObject({ identical: true });
    return events;
  }
  const modes = (events: StoredEvent[]) => eventsOfType(events, 'LlmCallCompleted').map((c) => c.data.mode);
  const answer = (r: RecordedRequest) => JSON.stringify(ANSWERS[r.agent]());
  const refuse = (message: string): Reply => ({ status: 400, errorMessage: message });

  it('OpenAI: json_schema is taken on the first call, probed once and used from then on', async () => {
    const events = await run(() => undefined);
    expect(eventsOfType(events, 'EndpointProbed').map((e) => e.data)).toEqual([
      expect.objectContaining({ reason: 'first_call', model: 'local-model', chosen: 'json_schema', tried: [{ mode: 'json_schema', status: 200, errorClass: 'none', message: 'answered' }] }),
    ]);
    expect(modes(events)).toEqual(['json_schema', 'json_schema', 'json_schema', 'json_schema']);
    expect(eventsOfType(events, 'LlmCallFailed')).toHaveLength(0);
  });

  it('a server that refuses json_schema: the refused call is on the record and json_object is used', async () => {
    const events = await run((r) => (r.body.response_format?.type === 'json_schema' ? refuse("'response_format' of type 'json_schema' is not supported") : undefined));
    expect(eventsOfType(events, 'LlmCallFailed').map((f) => [f.data.errorClass, f.data.status])).toEqual([['ModeRefused', 400]]);
    expect(eventsOfType(events, 'EndpointProbed')[0].data).toMatchObject({ chosen: 'json_object', tried: [{ mode: 'json_schema', status: 400 }, { mode: 'json_object', status: 200 }] });
    expect(modes(events)).toEqual(['json_object', 'json_object', 'json_object', 'json_object']);
    // Later calls go straight to the mode found: one refused request in the whole run.
    expect(llm.requests.filter((r) => r.body.response_format?.type === 'json_schema')).toHaveLength(1);
  });

  it('LM Studio refusing json_object and a server refusing response_format altogether end in the schema written into the prompt', async () => {
    const events = await run((r) =>
      r.body.response_format ? refuse(`'response_format.type' must be 'text' on this server`) : { text: `Here is the JSON:\n\`\`\`json\n${answer(r)}\n\`\`\`` },
    );
    expect(eventsOfType(events, 'EndpointProbed')[0].data).toMatchObject({ chosen: 'prompt', tried: [{ mode: 'json_schema' }, { mode: 'json_object' }, { mode: 'prompt', status: 200 }] });
    expect(modes(events)).toEqual(['prompt', 'prompt', 'prompt', 'prompt']);
    const last = llm.requests.at(-1)!;
    expect(last.body.response_format).toBeUndefined();
    expect(last.body.messages[0].content).toMatch(/Answer with one JSON object that matches this JSON schema, and nothing else:\n\{/);
  });

  it('vLLM leaking reasoning: a <think> block with braces of its own before the JSON is read past', async () => {
    const events = await run((r) => ({ text: `<think>The user wants {"a": 1}? No: the schema.</think>\n${answer(r)}` }));
    expect(eventsOfType(events, 'AgentOutputRejected')).toHaveLength(0);
    expect(eventsOfType(events, 'LlmCallCompleted').every((c) => c.data.purpose === 'answer')).toBe(true);
  });

  it('Ollama dropping the format: a mode that answers prose is dropped for the next, until the JSON comes', async () => {
    const events = await run((r) => (r.body.response_format ? { text: 'Sure! I would design a shop with products.' } : { text: answer(r) }));
    expect(eventsOfType(events, 'EndpointProbed').map((e) => [e.data.reason, e.data.chosen])).toEqual([
      ['first_call', 'json_schema'],
      ['mode_failed', 'json_object'],
      ['mode_failed', 'prompt'],
    ]);
    expect(modes(events).slice(-3)).toEqual(['prompt', 'prompt', 'prompt']);
  });

  it('an answer cut at the token limit is asked for again with room for it, not retried as it was', async () => {
    const events = await run((r) => (r.agent === 'developer' && !r.body.max_tokens ? { text: answer(r).slice(0, 40), finishReason: 'length' } : undefined));
    const developer = eventsOfType(events, 'LlmCallCompleted').filter((c) => c.data.agent === 'developer');
    expect(developer.map((c) => [c.data.finishReason, c.data.maxTokens])).toEqual([
      ['length', undefined],
      ['stop', 4096],
    ]);
    expect(llm.requestsFor('developer').map((r) => r.body.max_tokens)).toEqual([undefined, 4096]);
    expect(eventsOfType(events, 'AgentOutputRejected')).toHaveLength(0);
  });

  it('what a probe found outlives a restart: the next process asks the recorded way at once', async () => {
    const refuseSchema = (r: RecordedRequest) => (r.body.response_format?.type === 'json_schema' ? refuse("'response_format' of type 'json_schema' is not supported") : undefined);
    const first = await run(refuseSchema);
    expect(eventsOfType(first, 'EndpointProbed')[0].data).toMatchObject({ endpoint: llm.baseURL, chosen: 'json_object' });
    // The same data directory in a new process (an app of its own here); the first app's files stay until the end.
    const firstRun = t;
    await firstRun.app.close();
    t = await startTestApp({ LLM_BASE_URL: llm.baseURL, LLM_API_KEY: 'k', LLM_MODEL: 'local-model', BOTARMY_DATA_DIR: firstRun.dataDir });
    try {
      await t.app.startWorkflow();
      llm.requests.length = 0;
      const second = await run(refuseSchema);
      expect(eventsOfType(second, 'EndpointProbed')).toHaveLength(0);
      expect(llm.requests.map((r) => r.body.response_format?.type)).toEqual(['json_object', 'json_object', 'json_object', 'json_object']);
    } finally {
      rmSync(dirname(firstRun.dataDir), { recursive: true, force: true });
    }
  });
});
