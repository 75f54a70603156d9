import { gql } from '../support/graphql-http';
import { collect, wsClient } from '../support/graphql-ws-client';
import { startTestServer, type TestServer } from '../support/test-app';

const CREATE = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`;
const STATUS_ONLY = `subscription($p: ID!) { projectChanged(projectId: $p) { status } }`;
/** What the dashboard's header subscribes to. */
const HEADER = `subscription($p: ID!) { projectChanged(projectId: $p) { id name status version confidenceThreshold maxAttempts tokenBudget createdAt updatedAt } }`;
const RUN_MS = 60_000;

/**
 * projectChanged while the offline team runs a project from start to finish: every event of the run wakes the
 * subscription, but it pushes only what differs from its previous push.
 */
describe('projectChanged during a run', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('never pushes the same payload twice in a row, and its last push is the finished project', async () => {
    // Created before the workflow starts, so both subscriptions are in place before the run begins.
    const created = await gql<{ createProject: { id: string } }>(t.url, CREATE, {
      input: { name: 'Help desk', requirements: 'A help desk where customers open tickets and agents resolve them by priority.' },
    });
    const id = created.data!.createProject.id;
    const client = wsClient(t.wsUrl);
    try {
      type Pushed = { projectChanged: { status: string; version?: number } };
      const finished = (items: Pushed[]) => items.at(-1)?.projectChanged.status === 'COMPLETED';
      const statuses = collect<Pushed>(client, STATUS_ONLY, { p: id }, finished, RUN_MS);
      const header = collect<Pushed>(client, HEADER, { p: id }, finished, RUN_MS);
      await waitFor(() => statuses.items.length > 0 && header.items.length > 0);
      await t.app.startWorkflow();

      const statusPushes = (await statuses.done).map((i) => i.projectChanged);
      const headerPushes = (await header.done).map((i) => i.projectChanged);
      const events = await t.app.store.readStream(id);
      expect(events.at(-1)?.type).toBe('ProjectCompleted');
      // Dozens of events, each of which used to push the same { status: ACTIVE } again.
      expect(events.length).toBeGreaterThan(20);
      expect(statusPushes).toEqual([{ status: 'ACTIVE' }, { status: 'COMPLETED' }]);

      for (const pushes of [statusPushes, headerPushes]) {
        const repeats = pushes.filter((p, i) => i > 0 && JSON.stringify(p) === JSON.stringify(pushes[i - 1]));
        expect(repeats).toEqual([]);
      }
      // Nothing is lost: versions only grow, and the last push is the project after its last event.
      const versions = headerPushes.map((p) => p.version!);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
      expect(headerPushes.at(-1)).toMatchObject({ id, status: 'COMPLETED', version: events.length });
    } finally {
      await client.dispose();
    }
  }, RUN_MS + 10_000);
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 20));
  }
}
