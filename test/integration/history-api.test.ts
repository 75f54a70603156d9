import { gql } from '../support/graphql-http';
import { startTestServer, type TestServer } from '../support/test-app';
import { replayProject } from '../../src/history/replay';
import { ofType, waitForEvent } from '../support/wait-for-event';

/** An event the fork made itself, not one it copied from its origin. */
const own = (type: string) => (e: { type: string; metadata: { origin?: unknown } }) => e.type === type && !e.metadata.origin;

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

  it('a fork of a finished project with new requirements runs the team again on them, and only their files remain', async () => {
    const head = await t.app.store.streamVersion(id);
    const requirements = 'A recipe book where cooks save recipes and rate them with stars.';
    const res = await gql(
      t.url,
      `mutation($p: ID!, $v: Int!, $r: String!) { forkProject(projectId: $p, atVersion: $v, overrides: { requirements: $r }) { id requirements forkedFrom { projectId atVersion } } }`,
      { p: id, v: head, r: requirements },
    );
    expect(res.errors).toBeUndefined();
    const fork = res.data!.forkProject;
    expect(fork).toMatchObject({ requirements, forkedFrom: { projectId: id, atVersion: head } });
    await waitForEvent(t.app, fork.id, own('ProjectCompleted'));
    const events = await t.app.store.readStream(fork.id);
    // The copied ProjectCreated is the origin's, unchanged; the fork's changes are its own events after the copy.
    expect((events[0].data as { requirements: string }).requirements).toMatch(/borrow books/);
    expect(events.slice(head, head + 2).map((e) => [e.type, e.data])).toEqual([
      ['ProjectForked', expect.objectContaining({ fromProjectId: id, atVersion: head, overrides: expect.objectContaining({ requirements }) })],
      ['StepRetryRequested', { agent: 'analyst', guidance: null }],
    ]);
    const stories = JSON.stringify(events.filter(own('AgentOutputAccepted'))[0].data);
    expect(stories).toMatch(/recipe/i);
    const files = (await gql(t.url, `query($p: ID!) { artifacts(projectId: $p) { path } }`, { p: fork.id })).data!.artifacts.map((a: { path: string }) => a.path);
    expect(files.some((f: string) => /recipe/.test(f))).toBe(true);
    // The library's modules went with the answer they belonged to; their versions stay in the log.
    expect(files.filter((f: string) => /book|member|loan/.test(f))).toEqual([]);
    expect(events.some((e) => e.type === 'ArtifactDeleted')).toBe(true);
    const run = events.filter(own('TestRunCompleted')).pop()!;
    expect(run.data).toMatchObject({ failed: 0 });
    // The fork's own run replays as recorded, although its history holds the origin's calls.
    expect(await replayProject(events)).toMatchObject({ identical: true, divergence: null });
  });

  it('a fork with another system prompt for one agent runs that agent and the ones after it with it', async () => {
    const events = await t.app.store.readStream(id);
    const head = events.length;
    const prompt = 'You are a careful software architect. Prefer small modules.';
    const res = await gql(
      t.url,
      `mutation($p: ID!, $v: Int!, $s: String!) { forkProject(projectId: $p, atVersion: $v, overrides: { systemPrompts: [{ agent: ARCHITECT, prompt: $s }] }) { id } }`,
      { p: id, v: head, s: prompt },
    );
    expect(res.errors).toBeUndefined();
    const forkId = res.data!.forkProject.id;
    await waitForEvent(t.app, forkId, own('ProjectCompleted'));
    const forked = await t.app.store.readStream(forkId);
    expect(forked.find(own('StepRetryRequested'))!.data).toEqual({ agent: 'architect', guidance: null });
    const calls = forked.filter(own('LlmCallCompleted')).map((e) => e.data as { agent: string; messages: { role: string; content: string }[] });
    expect(calls.map((c) => c.agent)).toEqual(['architect', 'developer', 'tester']);
    expect(calls[0].messages[0]).toEqual({ role: 'system', content: prompt });
    expect(calls[1].messages[0].content).not.toBe(prompt);
    const empty = await gql(t.url, `mutation($p: ID!) { forkProject(projectId: $p, atVersion: 1, overrides: { systemPrompts: [{ agent: ANALYST, prompt: "  " }] }) { id } }`, { p: id });
    expect(empty.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('a fork between an accepted output and its files takes the files with it', async () => {
    const events = await t.app.store.readStream(id);
    const developerAccepted = events.find((e) => e.type === 'AgentOutputAccepted' && (e.data as { agent: string }).agent === 'developer')!;
    const res = await gql(t.url, `mutation($p: ID!, $v: Int!) { forkProject(projectId: $p, atVersion: $v) { id forkedFrom { atVersion } } }`, { p: id, v: developerAccepted.streamVersion });
    const fork = res.data!.forkProject;
    const lastFile = events.filter((e) => e.type === 'ArtifactWritten' && (e.data as { stepId: string }).stepId === (developerAccepted.data as { stepId: string }).stepId).pop()!;
    expect(fork.forkedFrom.atVersion).toBe(lastFile.streamVersion);
    await waitForEvent(t.app, fork.id, own('ProjectCompleted'));
    const forked = await t.app.store.readStream(fork.id);
    expect(forked.filter(own('TestRunCompleted')).map((e) => (e.data as { failed: number }).failed)).toEqual([0]);
    // Nobody was paid again for the code the fork copied.
    expect(forked.filter(own('LlmCallCompleted')).map((e) => (e.data as { agent: string }).agent)).toEqual(['tester']);
  });

  it('replays a project over GraphQL: identical, or the first divergence with its path, values and likely cause', async () => {
    const q = `query($p: ID!) { replay(projectId: $p) { identical compared divergence { version expectedType actualType fields
      differences { path expected actual diff } step { agent stepId } cause explanation } } }`;
    const same = await gql(t.url, q, { p: id });
    expect(same.data!.replay).toEqual({ identical: true, compared: await t.app.store.streamVersion(id), divergence: null });

    // The same history, but the analyst's recorded output had another confidence than today's code gives that answer.
    const events = await t.app.store.readStream(id);
    const produced = events.find((e) => e.type === 'AgentOutputProduced')!;
    const editedId = t.app.services.commands.newId();
    await t.app.store.append(
      editedId,
      events.map((e) => ({ type: e.type, data: e === produced ? { ...e.data, confidence: 0.5 } : e.data, metadata: e.metadata, recordedAt: e.recordedAt }) as never),
      0,
    );
    const differs = (await gql(t.url, q, { p: editedId })).data!.replay;
    expect(differs).toMatchObject({
      identical: false,
      compared: produced.streamVersion - 1,
      divergence: {
        version: produced.streamVersion,
        expectedType: 'AgentOutputProduced',
        actualType: 'AgentOutputProduced',
        fields: ['confidence'],
        differences: [{ path: 'data.confidence', expected: 0.5, actual: (produced.data as { confidence: number }).confidence, diff: null }],
        step: { agent: 'analyst', stepId: 'analyst-1' },
        cause: 'SCHEMA_CHANGED',
      },
    });
    expect(differs.divergence.explanation).toMatch(/judged differently/);
    const missing = await gql(t.url, q, { p: 'nope' });
    expect(missing.errors![0].extensions!.code).toBe('NOT_FOUND');
  });

  it('a fork that pauses before the next agent lets a person edit what it inherited before the team goes on', async () => {
    const events = await t.app.store.readStream(id);
    const analystDone = events.find((e) => e.type === 'AgentOutputAccepted')!.streamVersion;
    const res = await gql(t.url, `mutation($p: ID!, $v: Int!) { forkProject(projectId: $p, atVersion: $v, overrides: { breakpoints: [ARCHITECT] }) { id breakpoints } }`, { p: id, v: analystDone });
    const fork = res.data!.forkProject;
    expect(fork.breakpoints).toEqual(['ARCHITECT']);
    await waitForEvent(t.app, fork.id, own('ProjectPaused'));
    const spec = (await gql(t.url, `query($p: ID!) { project(id: $p) { status spec } }`, { p: fork.id })).data!.project;
    expect(spec.status).toBe('PAUSED');
    const stories = { ...spec.spec.analyst, analysis: 'Members borrow books; the librarian records returns and fines.' };
    const edit = await gql(t.url, `mutation($p: ID!, $o: JSON!) { editOutput(projectId: $p, agent: ANALYST, output: $o) { status } }`, { p: fork.id, o: stories });
    expect(edit.errors).toBeUndefined();
    await gql(t.url, `mutation($p: ID!) { resumeProject(projectId: $p) { status } }`, { p: fork.id });
    await waitForEvent(t.app, fork.id, own('ProjectCompleted'));
    const forked = await t.app.store.readStream(fork.id);
    const architect = forked.filter(own('LlmCallCompleted'))[0].data as { agent: string; messages: { content: string }[] };
    expect(architect.agent).toBe('architect');
    expect(architect.messages[1].content).toContain('the librarian records returns and fines');
    expect(await replayProject(forked)).toMatchObject({ identical: true });
  });
});
