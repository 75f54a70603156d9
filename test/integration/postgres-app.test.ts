import { doctorReport } from '../../src/cli/doctor';
import { rebuildReadModels } from '../../src/server/app';
import { PostgresEventStore } from '../../src/events/postgres-event-store';
import { exportJsonLines, importJsonLines } from '../../src/history/export-import';
import { verifyLog, verifyStream } from '../../src/history/verify-chain';
import { type TestPostgres, startPostgres } from '../support/embedded-postgres';
import { gql } from '../support/graphql-http';
import { type TestServer, startTestServer } from '../support/test-app';
import { waitForEvent } from '../support/wait-for-event';

let postgres: TestPostgres;
let t: TestServer;
beforeAll(async () => {
  postgres = await startPostgres();
  t = await startTestServer({ BOTARMY_DATABASE_URL: await postgres.newDatabase() });
  await t.app.startWorkflow();
}, 60_000);
afterAll(async () => {
  await t?.close();
  await postgres?.stop();
});

const PROJECT = `query($id: ID!) {
  project(id: $id) { status pipeline }
  agents(projectId: $id) { name status }
  artifacts(projectId: $id) { path }
  testRuns(projectId: $id) { status passed failed }
}`;

describe('the server on PostgreSQL (BOTARMY_DATABASE_URL)', () => {
  it('runs a project from the GraphQL API to the end, with its log and read models on PostgreSQL', async () => {
    expect(t.app.store).toBeInstanceOf(PostgresEventStore);
    const created = await gql(t.url, 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id status } }', {
      input: { name: 'Plant swap', requirements: 'A plant swap: members list cuttings with a name and a photo, and other members list cuttings and find one by id.' },
    });
    expect(created.errors).toBeUndefined();
    const id = created.data!.createProject.id as string;
    await waitForEvent(t.app, id, (e) => e.type === 'ProjectCompleted', 120_000);

    const read = await gql(t.url, PROJECT, { id });
    expect(read.errors).toBeUndefined();
    expect(read.data!.project.status).toBe('COMPLETED');
    expect(read.data!.agents.map((a: { status: string }) => a.status)).toEqual(['DONE', 'DONE', 'DONE', 'DONE']);
    expect(read.data!.artifacts.length).toBeGreaterThan(3);
    expect(read.data!.testRuns[0]).toMatchObject({ status: 'passed', failed: 0 });

    const events = await t.app.store.readStream(id);
    expect(verifyStream(events)).toBeNull();
    expect((await t.app.store.readAll()).filter((e) => e.streamId === id)).toEqual(events);

    // The read models rebuilt from PostgreSQL's log answer the same.
    await rebuildReadModels(t.app);
    expect(await gql(t.url, PROJECT, { id })).toEqual(read);
  });

  it('replays, exports, imports and verifies a project kept on PostgreSQL as on SQLite', async () => {
    const created = await gql(t.url, 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }', {
      input: { name: 'Bird log', requirements: 'A bird log: watchers record sightings with a species and a place, and others list sightings and find one by id.' },
    });
    const id = created.data!.createProject.id as string;
    await waitForEvent(t.app, id, (e) => e.type === 'ProjectCompleted', 120_000);

    const replayed = await gql(t.url, 'query($id: ID!) { replay(projectId: $id) { identical compared } }', { id });
    expect(replayed.errors).toBeUndefined();
    expect(replayed.data!.replay.identical).toBe(true);

    const events = await t.app.store.readStream(id);
    const copy = await importJsonLines(t.app.store, exportJsonLines(events), () => t.app.services.commands.newId(), { as: `${id}-copy` });
    expect(copy.events).toBe(events.length);
    // The copy names itself where the original named its id (message ids, threads); the rest is the same history.
    const copied = await t.app.store.readStream(`${id}-copy`);
    expect(copied.map((e) => e.type)).toEqual(events.map((e) => e.type));
    expect(JSON.stringify(copied.map((e) => e.data)).replaceAll(`${id}-copy`, id)).toBe(JSON.stringify(events.map((e) => e.data)));
    expect((await verifyLog(t.app.store)).broken).toEqual([]);
  });

  it('names the database in `doctor` without its password', async () => {
    const log = (await doctorReport(t.app)).find((line) => line.check === 'log')!;
    expect(log.detail).toMatch(/^PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/botarmy_test_\d+, last global position \d+$/);
    expect(log.detail).not.toContain('botarmy-test');
  });
});
