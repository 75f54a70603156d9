import { join } from 'node:path';
import pino from 'pino';
import type { StoredEvent } from '../../src/events/envelope';
import { subscribeToStream } from '../../src/events/stream-subscription';
import type { LlmProvider } from '../../src/llm/llm-port';
import { OfflineProvider } from '../../src/llm/offline-provider';
import { type App, createApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { type TestPostgres, startPostgres } from '../support/embedded-postgres';
import { tempDir } from '../support/temp-dir';
import { eventsOfType } from '../support/wait-for-event';

let postgres: TestPostgres;
const dir = tempDir();
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
  dir.remove();
});

const REQUIREMENTS = 'A seed library: members list seeds with a name and a season, and other members list seeds and find one by id.';

/** The offline team, counting the calls it answers per step across every instance that uses it. */
function countingProvider(calls: Map<string, number>): LlmProvider {
  const offline = new OfflineProvider();
  return { name: offline.name, model: offline.model, complete: (request) => {
    const step = `${request.agent}-${request.attempt}`;
    calls.set(step, (calls.get(step) ?? 0) + 1);
    return offline.complete(request);
  } };
}

/** A model that never answers: its instance holds the step until it dies. */
const silent: LlmProvider = { name: 'silent', model: 'silent', complete: () => new Promise(() => undefined) };

async function instance(url: string, id: string, provider: LlmProvider, env: Record<string, string> = {}): Promise<App> {
  const config = loadConfig({ BOTARMY_DATA_DIR: join(dir.path, id), BOTARMY_DATABASE_URL: url, BOTARMY_INSTANCE_ID: id, BOTARMY_PROOF: 'off', ...env });
  return createApp(config, { logger: pino({ level: 'silent' }), provider });
}

/** Polls the shared log: an instance's bus hears only its own appends. */
async function until(app: App, id: string, done: (events: StoredEvent[]) => boolean, timeoutMs = 60_000): Promise<StoredEvent[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = await app.store.readStream(id);
    if (done(events)) return events;
    if (Date.now() > deadline) throw new Error(`not done in ${timeoutMs} ms: ${events.map((e) => e.type).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const completed = (events: StoredEvent[]) => events.some((e) => e.type === 'ProjectCompleted');

describe('several instances on one PostgreSQL database', () => {
  it('runs each piece of launched work on exactly one of them', async () => {
    const url = await postgres.newDatabase();
    const calls = new Map<string, number>();
    const a = await instance(url, 'a', countingProvider(calls));
    const b = await instance(url, 'b', countingProvider(calls));
    try {
      const id = a.services.commands.newId();
      await a.services.commands.execute(id, { type: 'CreateProject', projectId: id, name: 'Seeds', requirements: REQUIREMENTS });
      await a.store.append(id, [{ type: 'AgentStepStarted', data: { stepId: 'analyst-1', agent: 'analyst', attempt: 1, guidance: [] } }], 1);
      // Both resume the project at once, and both find its first step to run.
      await Promise.all([a.startWorkflow(), b.startWorkflow()]);
      const events = await until(a, id, completed);

      const claims = eventsOfType(events, 'StepClaimed');
      // Agent steps, the test run and the mutation run alike.
      expect(claims.map((c) => c.data.workId)).toEqual(['analyst-1', 'architect-1', 'developer-1', 'tester-1', `${id}:tests-1`, `${id}:mutation-1`]);
      expect([...calls.values()]).toEqual([1, 1, 1, 1]);
      expect(eventsOfType(events, 'LlmCallCompleted')).toHaveLength(4);
      expect(eventsOfType(events, 'TestRunStarted')).toHaveLength(1);
      expect(eventsOfType(events, 'MutationRunStarted')).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('shows a subscriber on one instance every event of a project another instance runs, in order, once', async () => {
    const url = await postgres.newDatabase();
    const a = await instance(url, 'a', countingProvider(new Map()));
    const b = await instance(url, 'b', countingProvider(new Map()));
    try {
      await a.startWorkflow();
      const id = a.services.commands.newId();
      const seen: number[] = [];
      // What a GraphQL subscription on instance B reads: the log up to now, then B's bus, with no gap at the seam.
      const subscription = subscribeToStream(b.store, b.bus, id, 0);
      const reading = (async () => {
        for await (const event of subscription) {
          seen.push(event.streamVersion);
          if (event.type === 'ProjectCompleted') return;
        }
      })();
      await a.services.commands.execute(id, { type: 'CreateProject', projectId: id, name: 'Seeds', requirements: REQUIREMENTS, settings: { proof: null } });
      await reading;
      const stored = await a.store.readStream(id);
      expect(seen).toEqual(stored.map((e) => e.streamVersion));
      expect(seen).toEqual(Array.from({ length: stored.length }, (_, i) => i + 1));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('lets another instance take over the work of one that died, once its lease has passed', async () => {
    const url = await postgres.newDatabase();
    const lease = { BOTARMY_STEP_TIMEOUT_MS: '1500', BOTARMY_CLAIM_GRACE_MS: '0' };
    const a = await instance(url, 'a', silent, lease);
    const id = a.services.commands.newId();
    await a.services.commands.execute(id, { type: 'CreateProject', projectId: id, name: 'Seeds', requirements: REQUIREMENTS });
    await a.startWorkflow();
    await until(a, id, (events) => events.some((e) => e.type === 'StepClaimed'));
    // The instance dies with the analyst's step in hand.
    await a.close();

    const calls = new Map<string, number>();
    const b = await instance(url, 'b', countingProvider(calls), lease);
    try {
      await b.startWorkflow();
      const events = await until(b, id, completed);
      const analyst = eventsOfType(events, 'StepClaimed').filter((c) => c.data.workId === 'analyst-1');
      expect(analyst.map((c) => c.data.instance)).toEqual(['a', 'b']);
      // B waited for A's lease before it took the step over.
      expect(Date.parse(analyst[1].recordedAt)).toBeGreaterThanOrEqual(Date.parse(analyst[0].data.leaseUntil));
      expect(eventsOfType(events, 'AgentStepStarted').filter((e) => e.data.agent === 'analyst')).toHaveLength(1);
      expect(calls.get('analyst-1')).toBe(1);
    } finally {
      await b.close();
    }
  });
});
