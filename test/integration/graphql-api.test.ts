import { gql } from '../support/graphql-http';
import { collect, wsClient } from '../support/graphql-ws-client';
import { startTestServer, type TestServer } from '../support/test-app';

const CREATE = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id name requirements status version createdAt updatedAt } }`;
const RESPOND = `mutation($input: RespondToActionInput!) { respondToAction(input: $input) { id status chosenOptionId response resolvedAt } }`;
const EVENTS_SUB = `subscription($projectId: ID!, $afterVersion: Int) { projectEvents(projectId: $projectId, afterVersion: $afterVersion) { streamVersion type data metadata globalPosition schemaVersion recordedAt } }`;
const options = [{ id: 'accept', label: 'Accept and continue' }, { id: 'retry', label: 'Retry with guidance' }];

describe('GraphQL API over HTTP and graphql-ws', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  async function createProject(name = 'Shop', requirements = 'Build a shop with a cart') {
    const res = await gql(t.url, CREATE, { input: { name, requirements } });
    expect(res.errors).toBeUndefined();
    return res.data!.createProject as { id: string; version: number };
  }

  async function requestAction(projectId: string, actionId: string) {
    const version = await t.app.store.streamVersion(projectId);
    await t.app.store.append(projectId, [
      { type: 'ActionRequested', data: { actionId, title: 'Unsure', description: 'Which domain?', priority: 'high', options, agent: 'analyst', reason: 'low_confidence' } },
    ], version);
  }

  it('creates a project and returns it, then finds it by id, in the list, in the conversation and in the log', async () => {
    const created = await createProject('  Shop  ');
    expect(created).toMatchObject({ name: 'Shop', status: 'ACTIVE', version: 1 });

    const one = await gql(t.url, `query($id: ID!) { project(id: $id) { id name status version } }`, { id: created.id });
    expect(one.data!.project).toEqual({ id: created.id, name: 'Shop', status: 'ACTIVE', version: 1 });

    const list = await gql(t.url, `{ projects(first: 50) { totalCount nodes { id } } }`);
    expect(list.data!.projects.nodes.map((n: { id: string }) => n.id)).toContain(created.id);

    const messages = await gql(t.url, `query($p: ID!) { messages(projectId: $p) { nodes { fromAgent toAgent type content } } }`, { p: created.id });
    expect(messages.data!.messages.nodes).toEqual([{ fromAgent: 'user', toAgent: 'analyst', type: 'handoff', content: 'Build a shop with a cart' }]);

    const events = await gql(t.url, `query($p: ID!) { events(projectId: $p) { streamVersion type schemaVersion data metadata } }`, { p: created.id });
    expect(events.data!.events).toEqual([
      expect.objectContaining({ streamVersion: 1, type: 'ProjectCreated', schemaVersion: 1, data: expect.objectContaining({ name: 'Shop' }), metadata: expect.objectContaining({ actor: 'user', appVersion: expect.any(String) }) }),
    ]);
  });

  it("lists projects without their accepted outputs, and gives a listed project's outputs when they are asked for", async () => {
    const created = await createProject('Spec');
    const output = { user_stories: [{ id: 'S1', title: 'Browse' }] };
    await t.app.store.append(created.id, [{ type: 'AgentOutputAccepted', data: { stepId: 'analyst-1', agent: 'analyst', attempt: 1, output, confidence: 0.9, acceptedBy: 'threshold' } }], 1);
    const page = await t.app.services.queries.projects({ first: 50 });
    expect(page.items.find((i) => i.node.id === created.id)?.node.spec).toBeUndefined();
    const list = await gql(t.url, `{ projects(first: 50) { nodes { id spec } } }`);
    expect(list.data!.projects.nodes.find((n: { id: string }) => n.id === created.id).spec).toEqual({ analyst: output });
    const one = await gql(t.url, `query($id: ID!) { project(id: $id) { spec } }`, { id: created.id });
    expect(one.data!.project.spec).toEqual({ analyst: output });
  });

  it('pages through projects newest first with cursors and filters by status', async () => {
    const ids = [];
    for (const n of [1, 2, 3]) ids.push((await createProject(`Paged ${n}`)).id);
    const first = await gql(t.url, `{ projects(first: 2) { nodes { id } pageInfo { hasNextPage endCursor } edges { cursor } } }`);
    const page1 = first.data!.projects;
    expect(page1.nodes.map((n: { id: string }) => n.id)).toEqual([ids[2], ids[1]]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await gql(t.url, `query($after: String) { projects(first: 2, after: $after) { nodes { id } } }`, { after: page1.pageInfo.endCursor });
    expect(second.data!.projects.nodes[0].id).toBe(ids[0]);

    await t.app.services.commands.execute(ids[0], { type: 'CancelProject', reason: 'test' });
    const cancelled = await gql(t.url, `{ projects(status: CANCELLED) { nodes { id status } } }`);
    expect(cancelled.data!.projects.nodes).toEqual([{ id: ids[0], status: 'CANCELLED' }]);

    const bad = await gql(t.url, `{ projects(after: "nonsense") { totalCount } }`);
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('answers an action once: the action is resolved and the project active again; a second answer is a conflict that appends nothing', async () => {
    const { id } = await createProject();
    await requestAction(id, `act-${id}`);
    const actions = await gql(t.url, `query($p: ID!) { actions(projectId: $p, status: PENDING) { id priority options { id label } } }`, { p: id });
    expect(actions.data!.actions).toEqual([{ id: `act-${id}`, priority: 'HIGH', options }]);

    const answered = await gql(t.url, RESPOND, { input: { actionId: `act-${id}`, optionId: 'retry', response: 'It is a library' } });
    expect(answered.data!.respondToAction).toMatchObject({ status: 'RESOLVED', chosenOptionId: 'retry', response: 'It is a library' });
    const project = await gql(t.url, `query($id: ID!) { project(id: $id) { status version } }`, { id });
    expect(project.data!.project).toEqual({ status: 'ACTIVE', version: 3 });

    const again = await gql(t.url, RESPOND, { input: { actionId: `act-${id}`, optionId: 'accept' } });
    expect(again.errors![0].extensions!.code).toBe('CONFLICT');
    expect(await t.app.store.streamVersion(id)).toBe(3);
  });

  describe('refuses bad input with a clear error and an unchanged log', () => {
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['an empty name', { name: '', requirements: 'x' }, 'BAD_USER_INPUT', 'name'],
      ['a whitespace-only name', { name: ' \t\n', requirements: 'x' }, 'BAD_USER_INPUT', 'name'],
      ['a name over 200 characters', { name: 'n'.repeat(201), requirements: 'x' }, 'BAD_USER_INPUT', 'name'],
      ['empty requirements', { name: 'Shop', requirements: '' }, 'BAD_USER_INPUT', 'requirements'],
      ['whitespace-only requirements', { name: 'Shop', requirements: '   ' }, 'BAD_USER_INPUT', 'requirements'],
      ['requirements over 20,000 characters', { name: 'Shop', requirements: 'r'.repeat(20001) }, 'BAD_USER_INPUT', 'requirements'],
    ];
    it.each(cases)('createProject with %s', async (_label, input, code, field) => {
      const before = await t.app.store.lastPosition();
      const res = await gql(t.url, CREATE, { input });
      expect(res.data).toBeNull();
      expect(res.errors![0].extensions).toMatchObject({ code, field });
      expect(res.errors![0].message).toContain(field);
      expect(await t.app.store.lastPosition()).toBe(before);
    });

    it('accepts a name of exactly 200 characters and requirements of exactly 20,000', async () => {
      const res = await gql(t.url, CREATE, { input: { name: 'n'.repeat(200), requirements: 'r'.repeat(20000) } });
      expect(res.errors).toBeUndefined();
    });

    it('unknown project or action → NOT_FOUND', async () => {
      const before = await t.app.store.lastPosition();
      for (const [query, vars] of [
        [`query($id: ID!) { project(id: $id) { id } }`, { id: 'nope' }],
        [`query($id: ID!) { messages(projectId: $id) { totalCount } }`, { id: 'nope' }],
        [`query($id: ID!) { actions(projectId: $id) { id } }`, { id: 'nope' }],
        [`query($id: ID!) { events(projectId: $id) { type } }`, { id: 'nope' }],
        [RESPOND, { input: { actionId: 'nope', optionId: 'accept' } }],
      ] as const) {
        const res = await gql(t.url, query, vars);
        expect(res.errors![0].extensions!.code).toBe('NOT_FOUND');
      }
      expect(await t.app.store.lastPosition()).toBe(before);
    });

    it('an answer with no option and no response, or an option the action does not offer → BAD_USER_INPUT', async () => {
      const { id } = await createProject();
      await requestAction(id, `bad-${id}`);
      const before = await t.app.store.lastPosition();
      const empty = await gql(t.url, RESPOND, { input: { actionId: `bad-${id}`, response: '  ' } });
      expect(empty.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'response' });
      const wrong = await gql(t.url, RESPOND, { input: { actionId: `bad-${id}`, optionId: 'maybe' } });
      expect(wrong.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'optionId' });
      expect(await t.app.store.lastPosition()).toBe(before);
    });
  });

  it('subscription: catches up on stored events, then streams live ones in order', async () => {
    const { id } = await createProject();
    const client = wsClient(t.wsUrl);
    try {
      const sub = collect(client, EVENTS_SUB, { projectId: id, afterVersion: 0 }, (items) => items.length >= 3);
      await waitFor(() => sub.items.length >= 1);
      await requestAction(id, `live-${id}`);
      await gql(t.url, RESPOND, { input: { actionId: `live-${id}`, optionId: 'accept' } });
      const items = await sub.done;
      expect(items.map((i) => [i.projectEvents.streamVersion, i.projectEvents.type])).toEqual([
        [1, 'ProjectCreated'],
        [2, 'ActionRequested'],
        [3, 'ActionResolved'],
      ]);
    } finally {
      await client.dispose();
    }
  });

  it('subscription: a client that reconnects with afterVersion gets exactly what it missed, then live events', async () => {
    const { id } = await createProject();
    await requestAction(id, `rc-${id}`);
    // Events appended while the client is away:
    await gql(t.url, RESPOND, { input: { actionId: `rc-${id}`, optionId: 'accept' } });
    await requestAction(id, `rc2-${id}`);
    const client = wsClient(t.wsUrl);
    try {
      const sub = collect(client, EVENTS_SUB, { projectId: id, afterVersion: 2 }, (items) => items.length >= 3);
      await waitFor(() => sub.items.length >= 2);
      await gql(t.url, RESPOND, { input: { actionId: `rc2-${id}`, response: 'go on' } });
      const versions = (await sub.done).map((i) => i.projectEvents.streamVersion);
      expect(versions).toEqual([3, 4, 5]);
    } finally {
      await client.dispose();
    }
  });

  it('subscription: no gap and no duplicate when events are appended while the catch-up is read', async () => {
    const { id } = await createProject();
    const total = 40;
    const client = wsClient(t.wsUrl);
    try {
      const sub = collect(client, EVENTS_SUB, { projectId: id, afterVersion: 0 }, (items) => items.length >= total + 1, 20000);
      for (let n = 0; n < total; n++) {
        await t.app.store.append(id, [
          { type: 'MessageSent', data: { messageId: `${id}-${n}`, fromAgent: 'analyst', toAgent: 'architect', type: 'status', content: `${n}`, confidence: null, thread: id, attempt: 1 } },
        ], n + 1);
      }
      const versions = (await sub.done).map((i) => i.projectEvents.streamVersion);
      expect(versions).toEqual(Array.from({ length: total + 1 }, (_, i) => i + 1));
    } finally {
      await client.dispose();
    }
  });

  it('projectChanged sends the project as it is, then the read model after each change', async () => {
    const { id } = await createProject();
    const client = wsClient(t.wsUrl);
    try {
      const sub = collect(client, `subscription($p: ID!) { projectChanged(projectId: $p) { id status version } }`, { p: id }, (items) => items.length >= 3);
      await waitFor(() => sub.items.length >= 1);
      await requestAction(id, `pc-${id}`);
      await gql(t.url, RESPOND, { input: { actionId: `pc-${id}`, optionId: 'accept' } });
      expect((await sub.done).map((i) => i.projectChanged)).toEqual([
        { id, status: 'ACTIVE', version: 1 },
        { id, status: 'WAITING', version: 2 },
        { id, status: 'ACTIVE', version: 3 },
      ]);
    } finally {
      await client.dispose();
    }
  });

  it('projectsChanged pushes any project when it is created or changes status', async () => {
    const client = wsClient(t.wsUrl);
    try {
      const sub = collect(client, `subscription { projectsChanged { name status } }`, {}, (items) => items.some((i) => i.projectsChanged.name === 'Listed B'));
      // graphql-ws gives no signal that the server has registered a subscription: create probes until one arrives.
      for (let n = 0; sub.items.length === 0; n++) {
        if (n > 50) throw new Error('projectsChanged never delivered');
        await createProject('Probe');
        await waitFor(() => sub.items.length > 0, 100).catch(() => undefined);
      }
      const listed = await createProject('Listed A');
      await requestAction(listed.id, `lst-${listed.id}`);
      await createProject('Listed B');
      const items = (await sub.done).map((i) => i.projectsChanged).filter((p) => p.name !== 'Probe');
      // One push per change; each carries the project as it is when sent, so A's last push shows it waiting.
      expect(items.map((i) => i.name)).toEqual(['Listed A', 'Listed A', 'Listed B']);
      expect(items[1].status).toBe('WAITING');
      expect(items[2].status).toBe('ACTIVE');
    } finally {
      await client.dispose();
    }
  });

  it('subscription with compact: true leaves out large fields and says so; events() has them', async () => {
    const { id } = await createProject();
    await t.app.store.append(id, [
      { type: 'MessageSent', data: { messageId: `${id}-big`, fromAgent: 'developer', toAgent: 'tester', type: 'handoff', content: '2 files', data: { files: ['x'.repeat(5000)] }, confidence: 0.9, thread: id, attempt: 1 } },
    ], 1);
    const client = wsClient(t.wsUrl);
    try {
      const sub = collect(client, `subscription($p: ID!) { projectEvents(projectId: $p, compact: true) { streamVersion type data compacted } }`, { p: id }, (items) => items.length >= 2);
      const [created, message] = (await sub.done).map((i) => i.projectEvents);
      expect(created).toMatchObject({ type: 'ProjectCreated', compacted: false, data: { name: 'Shop' } });
      expect(message).toMatchObject({ type: 'MessageSent', compacted: true, data: { fromAgent: 'developer', content: '2 files' } });
      expect(message.data.data).toBeUndefined();
      const full = await gql(t.url, `query($p: ID!) { events(projectId: $p, fromVersion: 2, toVersion: 2) { data compacted } }`, { p: id });
      expect(full.data!.events[0]).toMatchObject({ compacted: false, data: { content: '2 files', data: { files: ['x'.repeat(5000)] } } });
    } finally {
      await client.dispose();
    }
  });

  it('subscription to an unknown project → NOT_FOUND', async () => {
    const client = wsClient(t.wsUrl);
    try {
      await expect(collect(client, EVENTS_SUB, { projectId: 'nope' }, () => true).done).rejects.toThrow(/NOT_FOUND/);
    } finally {
      await client.dispose();
    }
  });

  it('GET /health reports status, version and the last global position', async () => {
    const res = await fetch(`${t.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      version: expect.any(String),
      sandbox: { kind: t.app.sandbox.status.kind, contained: t.app.sandbox.status.contained },
      lastGlobalPosition: await t.app.store.lastPosition(),
    });
  });

  it('with no model configured, the offline rule engine is named as such and no model can be chosen', async () => {
    expect((await gql(t.url, `{ llm { provider model offline } }`)).data!.llm).toEqual({ provider: 'offline', model: 'botarmy-offline-1', offline: true });
    const refused = await gql(t.url, CREATE, { input: { name: 'Shop', requirements: 'Build a shop', model: 'gpt-4o' } });
    expect(refused.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'model' } });
    expect(refused.errors![0].message).toMatch(/offline rule engine/);
    const { id } = await createProject();
    const project = await gql(t.url, `query($id: ID!) { project(id: $id) { model answeredBy } }`, { id });
    expect(project.data!.project).toEqual({ model: null, answeredBy: 'the offline rule engine (no model)' });
  });
});

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
