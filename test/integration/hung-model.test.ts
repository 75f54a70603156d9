import type { StoredEvent } from '../../src/events/envelope';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { startTestApp, type TestApp } from '../support/test-app';
import { eventsOfType, ofType, waitForEvent } from '../support/wait-for-event';

/**
 * A model that never answers some projects' requests, two LLM slots for everyone: each hung call gives its slot
 * back at its own deadline, each hung step stops at the step's deadline and asks a person, and the healthy
 * projects finish meanwhile.
 */
/** A healthy project runs its generated code twice: its tests, then a mutation run to prove its criteria. */
const COMPLETES_MS = 90_000;

describe('a hung model', () => {
  let llm: FakeOpenAiServer;
  let t: TestApp;
  let hanging = true;

  beforeAll(async () => {
    llm = await FakeOpenAiServer.start();
    llm.script = (r) => (hanging && r.body.messages.some((m) => m.content.includes('HANGS')) ? { hang: true } : { delayMs: 20 });
    t = await startTestApp({
      LLM_BASE_URL: llm.baseURL,
      LLM_API_KEY: 'k',
      LLM_CONCURRENCY: '2',
      // Five calls of 300 ms each would take longer than the step may: the step's deadline decides.
      LLM_TIMEOUT_MS: '300',
      LLM_MAX_CALLS: '5',
      LLM_RETRY_BASE_MS: '20',
      LLM_RETRY_MAX_MS: '100',
      BOTARMY_STEP_TIMEOUT_MS: '1000',
    });
    await t.app.startWorkflow();
  });
  afterAll(async () => {
    await t.close();
    await llm.close();
  });

  const create = async (requirements: string) => {
    const id = t.app.services.commands.newId();
    await t.app.services.commands.execute(id, { type: 'CreateProject', projectId: id, name: requirements.slice(0, 20), requirements });
    return id;
  };

  it('healthy projects complete while hung ones escalate with step_timeout after one attempt', async () => {
    const hung = await Promise.all([1, 2, 3].map((n) => create(`HANGS: build shop number ${n}.`)));
    const healthy = await Promise.all([1, 2, 3].map((n) => create(`Build library number ${n}.`)));

    const actions = (await Promise.all(hung.map((id) => waitForEvent(t.app, id, ofType('ActionRequested'), 30000)))) as StoredEvent<'ActionRequested'>[];
    for (const action of actions) {
      expect(action.data).toMatchObject({
        reason: 'step_timeout',
        agent: 'analyst',
        stepId: 'analyst-1',
        title: 'The analyst got no answer from its model within 1 s',
        priority: 'urgent',
      });
      expect(action.data.options.map((o) => o.id)).toEqual(['retry', 'abort']);
    }
    await Promise.all(healthy.map((id) => waitForEvent(t.app, id, ofType('ProjectCompleted'), COMPLETES_MS)));

    for (const id of hung) {
      const events = await t.app.store.readStream(id);
      // One attempt, stopped at the deadline; no second attempt waited as long.
      expect(eventsOfType(events, 'AgentStepStarted')).toHaveLength(1);
      expect(eventsOfType(events, 'AgentOutputRejected').map((e) => e.data)).toEqual([
        { stepId: 'analyst-1', agent: 'analyst', attempt: 1, reason: 'timed_out', errors: ['no output within 1000 ms'], deadlineMs: 1000 },
      ]);
      const failures = eventsOfType(events, 'LlmCallFailed');
      expect(failures.length).toBeGreaterThan(0);
      expect(failures.length).toBeLessThan(5);
      expect(failures.map((f) => f.data.errorClass)).toContain('Timeout');
      expect(eventsOfType(events, 'LlmCallCompleted')).toHaveLength(0);
    }
  }, COMPLETES_MS + 30_000);

  it('once the model answers again, retry runs the step and the project completes', async () => {
    const id = await create('HANGS: build a bakery.');
    const action = (await waitForEvent(t.app, id, ofType('ActionRequested'), 30000)) as StoredEvent<'ActionRequested'>;
    expect(action.data.reason).toBe('step_timeout');
    hanging = false;
    await t.app.services.commands.execute(id, { type: 'RespondToAction', actionId: action.data.actionId, optionId: 'retry', response: null });
    await waitForEvent(t.app, id, ofType('ProjectCompleted'), COMPLETES_MS);
    const started = eventsOfType(await t.app.store.readStream(id), 'AgentStepStarted').filter((e) => e.data.agent === 'analyst');
    expect(started.map((e) => e.data.attempt)).toEqual([1, 2]);
  }, COMPLETES_MS + 30_000);
});
