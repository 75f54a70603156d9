import type { StoredEvent } from '../../src/events/envelope';
import { gql } from '../support/graphql-http';
import { startTestServer, type TestServer } from '../support/test-app';
import { eventsOfType, ofType, waitForEvent } from '../support/wait-for-event';

const CREATE = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id breakpoints } }`;
const PROJECT = `query($id: ID!) { project(id: $id) { status pausedBefore breakpoints spec } agents(projectId: $id) { name status currentTask } }`;
const EDIT = `mutation($id: ID!, $agent: AgentName!, $output: JSON!) { editOutput(projectId: $id, agent: $agent, output: $output) { status } }`;
const RESUME = `mutation($id: ID!) { resumeProject(projectId: $id) { status pausedBefore } }`;

describe('edit and resume: breakpoints, a person’s edit, and the run going on from it', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ LLM_PROVIDER: 'offline' });
    await t.app.startWorkflow();
  });
  afterAll(() => t.close());

  async function create(requirements: string, breakpoints: string[]): Promise<string> {
    const res = await gql(t.url, CREATE, { input: { name: 'Edit', requirements, breakpoints } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createProject.breakpoints).toEqual(breakpoints);
    return res.data!.createProject.id;
  }
  const own = (type: string, after = 0) => (e: StoredEvent) => e.type === type && e.streamVersion > after;

  it('pauses before the architect; the analyst’s stories are edited and the architect works from the edit', async () => {
    const id = await create('A bike repair shop where mechanics log repairs and customers pick up their bikes.', ['ARCHITECT']);
    await waitForEvent(t.app, id, ofType('ProjectPaused'));
    const paused = (await gql(t.url, PROJECT, { id })).data!;
    expect(paused.project).toMatchObject({ status: 'PAUSED', pausedBefore: 'ARCHITECT' });
    expect(paused.agents.map((a: { status: string }) => a.status)).toEqual(['DONE', 'IDLE', 'IDLE', 'IDLE']);
    expect(paused.agents[1].currentTask).toBe('Paused before its turn (a breakpoint)');

    const stories = paused.project.spec.analyst;
    const edited = { ...stories, user_stories: [{ ...stories.user_stories[0], title: 'Mechanics log a repair with its parts' }, ...stories.user_stories.slice(1)] };
    const invalid = await gql(t.url, EDIT, { id, agent: 'ANALYST', output: { user_stories: 'none' } });
    expect(invalid.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'output' } });
    expect(invalid.errors![0].message).toMatch(/^not a valid analyst output: /);
    const res = await gql(t.url, EDIT, { id, agent: 'ANALYST', output: edited });
    expect(res.errors).toBeUndefined();
    // Still paused: the person looks again before letting the team go on.
    expect(res.data!.editOutput.status).toBe('PAUSED');
    const after = (await gql(t.url, PROJECT, { id })).data!;
    expect(after.project.spec.analyst.user_stories[0].title).toBe('Mechanics log a repair with its parts');
    expect(after.agents[0]).toMatchObject({ status: 'DONE', currentTask: 'Output edited by a person' });

    const resumed = await gql(t.url, RESUME, { id });
    expect(resumed.data!.resumeProject).toEqual({ status: 'ACTIVE', pausedBefore: null });
    await waitForEvent(t.app, id, ofType('ProjectCompleted'));
    const events = await t.app.store.readStream(id);
    const edit = eventsOfType(events, 'AgentOutputEdited')[0];
    expect(edit.metadata.actor).toBe('user');
    expect(edit.data).toMatchObject({ agent: 'analyst', replaces: 'analyst-1' });
    const architect = eventsOfType(events, 'LlmCallCompleted').find((c) => c.data.agent === 'architect')!;
    expect(architect.streamVersion).toBeGreaterThan(edit.streamVersion);
    expect(architect.data.messages[1].content).toContain('Mechanics log a repair with its parts');
    // The conversation says who changed what.
    const messages = await gql(t.url, `query($id: ID!) { messages(projectId: $id, first: 100) { nodes { fromAgent content } } }`, { id });
    expect(messages.data!.messages.nodes).toContainEqual({ fromAgent: 'human', content: "Edited the analyst's output; the agents after it work again from the edit." });
    expect((await gql(t.url, RESUME, { id })).errors![0]).toMatchObject({ message: 'the project is not paused', extensions: { code: 'CONFLICT' } });
  });

  it('a finished project’s code is edited: only the changed file gets a new version, and the tests run again over it', async () => {
    const id = await create('A tool library where neighbours borrow drills and return them.', []);
    await waitForEvent(t.app, id, ofType('ProjectCompleted'));
    const head = await t.app.store.streamVersion(id);
    const developer = (await gql(t.url, PROJECT, { id })).data!.project.spec.developer;
    const target = developer.files.find((f: { path: string }) => f.path.startsWith('src/') && f.path.endsWith('.js'));
    const files = developer.files.map((f: { path: string; content: string }) => (f === target ? { ...f, content: `${f.content}\n// reviewed by a person\n` } : f));
    const res = await gql(t.url, EDIT, { id, agent: 'DEVELOPER', output: { ...developer, files } });
    expect(res.errors).toBeUndefined();
    await waitForEvent(t.app, id, own('ProjectCompleted', head));
    const events = (await t.app.store.readStream(id)).filter((e) => e.streamVersion > head);
    expect(eventsOfType(events, 'ArtifactWritten').filter((e) => e.data.agent === 'developer').map((e) => e.data.path)).toEqual([target.path]);
    expect(eventsOfType(events, 'TestRunCompleted')).toHaveLength(1);
    expect(eventsOfType(events, 'TestRunCompleted')[0].data.failed).toBe(0);
    const file = await gql(t.url, `query($id: ID!, $path: String!) { artifact(projectId: $id, path: $path) { content version } }`, { id, path: target.path });
    expect(file.data!.artifact.content).toContain('// reviewed by a person');
  });

  it('refuses an edit while the team works or before the agent has an output, and breakpoints set while running take effect', async () => {
    const id = await create('A choir where singers sign up for concerts and the director sets the programme.', ['ANALYST']);
    await waitForEvent(t.app, id, ofType('ProjectPaused'));
    const early = await gql(t.url, EDIT, { id, agent: 'ANALYST', output: {} });
    expect(early.errors![0]).toMatchObject({ message: 'the analyst has no accepted output to edit yet', extensions: { code: 'CONFLICT', field: 'agent' } });
    const set = await gql(t.url, `mutation($id: ID!) { setBreakpoints(projectId: $id, agents: [TESTER, ANALYST]) { breakpoints } }`, { id });
    expect(set.data!.setBreakpoints.breakpoints).toEqual(['ANALYST', 'TESTER']);
    await gql(t.url, RESUME, { id });
    const pause = await waitForEvent(t.app, id, (e) => e.type === 'ProjectPaused' && (e.data as { beforeAgent: string }).beforeAgent === 'tester');
    expect(eventsOfType(await t.app.store.readStream(id), 'ProjectPaused').map((e) => e.data.beforeAgent)).toEqual(['analyst', 'tester']);
    const cancel = await gql(t.url, `mutation($id: ID!) { cancelProject(id: $id) { status } }`, { id });
    expect(cancel.data!.cancelProject.status).toBe('CANCELLED');
    expect(pause.streamVersion).toBeLessThan(await t.app.store.streamVersion(id));
  });
});
