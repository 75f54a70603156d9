import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Client } from 'graphql-ws';
import { PostgresDatabase } from '../../src/events/postgres-database';
import { PostgresEventStore } from '../../src/events/postgres-event-store';
import type { StoredEvent } from '../../src/events/envelope';
import { type TestPostgres, startPostgres } from '../support/embedded-postgres';
import { gql } from '../support/graphql-http';
import { collect, wsClient } from '../support/graphql-ws-client';
import { killHard, startServerProcess, stopGracefully } from '../support/server-process';
import { tempDir } from '../support/temp-dir';

const PROJECTS = 20;
const RUN_MS = 240_000;
const EVENTS = 'subscription($id: ID!, $after: Int!) { projectEvents(projectId: $id, afterVersion: $after, compact: true) { streamVersion type } }';
const TEXTS = [
  'A seed library: members list seeds with a name and a season, and other members list seeds and find one by id.',
  'A tool shed: neighbours add tools with a name and a condition, and others list tools and find one by id.',
  'A recipe box: cooks add recipes with a title and steps, and readers list recipes and find one by id.',
];

type Pushed = { projectEvents: { streamVersion: number; type: string } };

interface Instance {
  id: string;
  child: ChildProcess;
  url: string;
  ws: Client;
}

let postgres: TestPostgres;
const dir = tempDir();
afterAll(async () => {
  await postgres?.stop();
  dir.remove();
});

/**
 * Three `botarmy serve` processes on one PostgreSQL database, 20 projects created round robin, a subscriber for every
 * project on every instance; one instance is killed with SIGKILL mid-run and started again under its name.
 */
describe('three server processes on one PostgreSQL database', () => {
  it('ends every project, records no step twice, and every subscriber sees every event of its project in order', async () => {
    postgres = await startPostgres();
    const database = await postgres.newDatabase();
    const start = async (id: string): Promise<Instance> => {
      const { child, url } = await startServerProcess({
        BOTARMY_DATABASE_URL: database,
        BOTARMY_INSTANCE_ID: id,
        BOTARMY_DATA_DIR: join(dir.path, id),
        BOTARMY_SQLITE_SYNCHRONOUS: 'NORMAL',
      });
      return { id, child, url, ws: wsClient(`${url.replace(/^http/, 'ws')}/graphql`) };
    };
    const instances = await Promise.all(['i0', 'i1', 'i2'].map(start));
    try {
      const ids: string[] = [];
      for (let n = 0; n < PROJECTS; n++) {
        const at = instances[n % 3];
        const created = await gql(at.url, 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }', { input: { name: `Project ${n}`, requirements: TEXTS[n % 3] } });
        expect(created.errors).toBeUndefined();
        ids.push(created.data!.createProject.id);
      }
      // Subscribers on the instances that live through it: every project, on both.
      const ended = (items: Pushed[]) => items.some((i) => i.projectEvents.type === 'ProjectCompleted');
      const survivors = instances.slice(1).flatMap((at) => ids.map((id) => collect<Pushed>(at.ws, EVENTS, { id, after: 0 }, ended, RUN_MS)));
      // Subscribers on the instance that dies: what they saw before, and what they see after reconnecting from there.
      const doomed = ids.map((id) => collect<Pushed>(instances[0].ws, EVENTS, { id, after: 0 }, ended, RUN_MS));
      for (const d of doomed) d.done.catch(() => undefined);

      const store = new PostgresEventStore(await PostgresDatabase.open({ url: database }));
      try {
        const progress = async () => (await Promise.all(ids.map((id) => store.readStream(id)))).filter((events) => events.some((e) => e.type === 'ProjectCompleted')).length;
        const deadline = Date.now() + RUN_MS;
        while ((await progress()) < 3) {
          if (Date.now() > deadline) throw new Error('no project completed before the kill');
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        await killHard(instances[0].child);
        instances[0] = await start('i0');
        const resumed = ids.map((id, k) => {
          const seen = doomed[k].items;
          // A subscriber that saw its project end before the kill has nothing more to wait for.
          if (ended(seen)) return { done: Promise.resolve([] as Pushed[]) };
          const last = seen.length ? seen[seen.length - 1].projectEvents.streamVersion : 0;
          return collect<Pushed>(instances[0].ws, EVENTS, { id, after: last }, ended, RUN_MS);
        });

        const results = await Promise.all(survivors.map((s) => s.done));
        const afterRestart = await Promise.all(resumed.map((r) => r.done));
        const logs = await Promise.all(ids.map((id) => store.readStream(id)));
        logs.forEach((events) => {
          expect(events.some((e) => e.type === 'ProjectCompleted')).toBe(true);
          // No step's outcome, no test run's result and no claim's work recorded twice.
          for (const [type, key] of [['AgentOutputProduced', 'stepId'], ['AgentOutputAccepted', 'stepId'], ['TestRunCompleted', 'runId']] as const) {
            const keys = events.filter((e) => e.type === type).map((e) => (e.data as Record<string, string>)[key]);
            expect(new Set(keys).size).toBe(keys.length);
          }
        });
        const versions = (events: StoredEvent[]) => events.map((e) => e.streamVersion);
        results.forEach((items, k) => expect(items.map((i) => i.projectEvents.streamVersion)).toEqual(versions(logs[k % PROJECTS])));
        ids.forEach((_, k) => {
          const seen = [...doomed[k].items, ...afterRestart[k]].map((i) => i.projectEvents.streamVersion);
          expect(seen).toEqual(versions(logs[k]));
        });
      } finally {
        await store.close();
      }
    } finally {
      for (const at of instances) {
        await at.ws.dispose();
        await stopGracefully(at.child);
      }
    }
  }, RUN_MS + 60_000);
});
