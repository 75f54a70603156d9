import { gql } from '../support/graphql-http';
import { startTestServer, type TestServer } from '../support/test-app';
import { ofType, waitForEvent } from '../support/wait-for-event';

describe('history, time travel and fork over GraphQL', () => {
  let t: TestServer;
  let id: string;
  beforeAll(async () => {
    t = await startTestServer({ LLM_PROVIDER: 'offline' });
    await t.app.startWorkflow();
    const res = await gql(t.url, `mutation { createProject(input: { name: "Library", requirements: "A library where members borrow books and librarians record returns." }) { id } }`);
    id = res.data!.createProject.id;
    await waitForEvent(t.app, id, ofType('ProjectCompleted'));
  });
  afterAll(() => t.close());

  it('filters events by type, agent and version range, and pages with cursors', async () => {
    const calls = await gql(t.url, `query($p: ID!) { events(projectId: $p, types: ["LlmCallCompleted"]) { type data } }`, { p: id });
    expect(calls.data!.events.map((e: { data: { agent: string } }) => e.data.agent)).toEqual(['analyst', 'architect', 'developer', 'tester']);
    // An LLM call opens to the exact messages, the raw answer, tokens and latency.
    expect(Object.keys(calls.data!.events[0].data)).toEqual(expect.arrayContaining(['messages', 'rawAnswer', 'promptTokens', 'completionTokens', 'latencyMs']));

    const architect = await gql(t.url, `query($p: ID!) { events(projectId: $p, agent: ARCHITECT) { type } }`, { p: id });
    expect(architect.data!.events.map((e: { type: string }) => e.type)).toEqual(['AgentStepStarted', 'LlmCallCompleted', 'AgentOutputProduced', 'AgentOutputAccepted', 'MessageSent']);

    const range = await gql(t.url, `query($p: ID!) { events(projectId: $p, fromVersion: 2, toVersion: 4) { streamVersion } }`, { p: id });
    expect(range.data!.events.map((e: { streamVersion: number }) => e.streamVersion)).toEqual([2, 3, 4]);

    const page1 = await gql(t.url, `query($p: ID!) { events(projectId: $p, first: 3) { streamVersion cursor } }`, { p: id });
    const after = page1.data!.events[2].cursor;
    const page2 = await gql(t.url, `query($p: ID!, $after: String) { events(projectId: $p, first: 3, after: $after) { streamVersion } }`, { p: id, after });
    expect(page2.data!.events.map((e: { streamVersion: number }) => e.streamVersion)).toEqual([4, 5, 6]);

    const bad = await gql(t.url, `query($p: ID!) { events(projectId: $p, types: ["Nope"]) { type } }`, { p: id });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'types' });
  });

  it('shows the project as it was right after any version', async () => {
    const events = await t.app.store.readStream(id);
    const analystDone = events.find((e) => e.type === 'AgentOutputAccepted')!.streamVersion;
    const q = `query($p: ID!, $v: Int!) { projectAt(projectId: $p, version: $v) {
      version project { status version spec } messages { fromAgent toAgent } agents { name status } artifacts { path } testRuns { status } } }`;
    const early = (await gql(t.url, q, { p: id, v: analystDone })).data!.projectAt;
    expect(early.project.version).toBe(analystDone);
    expect(Object.keys(early.project.spec)).toEqual(['analyst']);
    expect(early.agents.map((a: { status: string }) => a.status)).toEqual(['DONE', 'IDLE', 'IDLE', 'IDLE']);
    expect(early.artifacts).toEqual([]);
    const late = (await gql(t.url, q, { p: id, v: events.length })).data!.projectAt;
    expect(late.project.status).toBe('COMPLETED');
    expect(late.artifacts.length).toBeGreaterThan(3);
    expect(late.testRuns).toEqual([{ status: 'passed' }]);
    // The snapshot at the last version is the live read model.
    const now = (await gql(t.url, `query($p: ID!) { project(id: $p) { status version } artifacts(projectId: $p) { path } }`, { p: id })).data!;
    expect(late.project.version).toBe(now.project.version);
    expect(late.artifacts).toEqual(now.artifacts);
    const bad = await gql(t.url, q, { p: id, v: 0 });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'version' });
    // Past the end is refused, not answered with the final state.
    const beyond = await gql(t.url, q, { p: id, v: events.length + 1 });
    expect(beyond.data).toBeNull();
    expect(beyond.errors![0]).toMatchObject({ message: `the project has ${events.length} events; version must be from 1 to ${events.length}`, extensions: { code: 'BAD_USER_INPUT', field: 'version' } });
  });

  it('forks a project at a version with edited requirements; the fork runs on its own and names its origin', async () => {
    const res = await gql(t.url, `mutation($p: ID!) { forkProject(projectId: $p, atVersion: 1, overrides: { requirements: "A library where members reserve study rooms." }) { id name requirements status createdAt } }`, { p: id });
    expect(res.errors).toBeUndefined();
    const fork = res.data!.forkProject;
    // The fork is as old as the fork, not as its origin.
    const origin = (await gql(t.url, `query($p: ID!) { project(id: $p) { createdAt } }`, { p: id })).data!.project;
    const forked = (await t.app.store.readStream(fork.id)).find((e) => e.type === 'ProjectForked')!;
    expect(fork.createdAt).toBe(new Date(forked.recordedAt).toISOString());
    expect(fork.createdAt > origin.createdAt).toBe(true);
    expect(fork).toMatchObject({ name: 'Library (fork)', requirements: 'A library where members reserve study rooms.' });
    await waitForEvent(t.app, fork.id, ofType('ProjectCompleted'));
    const events = await t.app.store.readStream(fork.id);
    expect(events[0].metadata.origin).toEqual({ streamId: id, streamVersion: 1, globalPosition: expect.any(Number) });
    expect(events[1]).toMatchObject({ type: 'ProjectForked', data: { fromProjectId: id, atVersion: 1 } });
    const forkedEntities = JSON.stringify((events.find((e) => e.type === 'AgentOutputAccepted')!.data as { output: unknown }).output);
    expect(forkedEntities).toMatch(/room/);
    // The original is untouched.
    expect((await t.app.store.readStream(id)).every((e) => e.streamId === id)).toBe(true);
    const original = await gql(t.url, `query($p: ID!) { project(id: $p) { requirements } }`, { p: id });
    expect(original.data!.project.requirements).toMatch(/borrow books/);
  });

  it('a fork mid-way keeps the history before it and renames its ids so nothing collides', async () => {
    const events = await t.app.store.readStream(id);
    const at = events.find((e) => e.type === 'MessageSent')!.streamVersion;
    const res = await gql(t.url, `mutation($p: ID!, $v: Int!) { forkProject(projectId: $p, atVersion: $v) { id } }`, { p: id, v: at });
    const forkId = res.data!.forkProject.id;
    await waitForEvent(t.app, forkId, ofType('ProjectCompleted'));
    const messages = await gql(t.url, `query($a: ID!, $b: ID!) { a: messages(projectId: $a) { totalCount } b: messages(projectId: $b) { nodes { id } } }`, { a: id, b: forkId });
    expect(messages.data!.b.nodes.every((m: { id: string }) => m.id.startsWith(forkId))).toBe(true);
    const bad = await gql(t.url, `mutation($p: ID!) { forkProject(projectId: $p, atVersion: 100000) { id } }`, { p: id });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'atVersion' });
    const missing = await gql(t.url, `mutation { forkProject(projectId: "nope", atVersion: 1) { id } }`);
    expect(missing.errors![0].extensions!.code).toBe('NOT_FOUND');
  });
});
