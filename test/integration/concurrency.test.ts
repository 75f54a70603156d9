import { FakeOpenAiServer } from '../support/fake-openai-server';
import { startTestApp, type TestApp } from '../support/test-app';
import { eventsOfType, ofType, waitForEvent } from '../support/wait-for-event';

describe('many projects at once', () => {
  let llm: FakeOpenAiServer;
  let t: TestApp;
  let inFlight = 0;
  let most = 0;

  beforeAll(async () => {
    llm = await FakeOpenAiServer.start();
    llm.script = () => {
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => inFlight--, 60);
      return { delayMs: 60 };
    };
    t = await startTestApp({ LLM_BASE_URL: llm.baseURL, LLM_API_KEY: 'k', LLM_CONCURRENCY: '2' });
    await t.app.startWorkflow();
  });
  afterAll(async () => {
    await t.close();
    await llm.close();
  });

  it('runs them side by side, never more LLM calls in flight than LLM_CONCURRENCY, each project in order', async () => {
    const ids = await Promise.all(
      [1, 2, 3, 4, 5].map(async (n) => {
        const id = t.app.services.commands.newId();
        await t.app.services.commands.execute(id, { type: 'CreateProject', projectId: id, name: `P${n}`, requirements: `Build shop number ${n}.` });
        return id;
      }),
    );
    // Each project runs its generated code twice (tests, then a mutation run to prove its criteria): give it time.
    await Promise.all(ids.map((id) => waitForEvent(t.app, id, ofType('ProjectCompleted'), 120_000)));
    expect(most).toBe(2);
    for (const id of ids) {
      const steps = eventsOfType(await t.app.store.readStream(id), 'AgentStepStarted').map((e) => e.data.agent);
      expect(steps).toEqual(['analyst', 'architect', 'developer', 'tester']);
    }
    expect(llm.requests).toHaveLength(20);
  }, 150_000);
});
