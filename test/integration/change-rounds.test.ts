import { coverageOf } from '../../src/projections/coverage-projection';
import { createHash } from 'node:crypto';
import type { StoredEvent } from '../../src/events/envelope';
import { gql } from '../support/graphql-http';
import { PROOF_OFF, startTestServer, type TestServer } from '../support/test-app';
import { eventsOfType, waitForEvent } from '../support/wait-for-event';

const ROUND_MS = 120_000;
const REQUIREMENTS = 'A seed swap: gardeners add seeds with a name and a sowing month, and other gardeners list seeds and find one by id.';
const PROJECT = 'round changes { round text } status';

type Story = { id: string; title: string; acceptance_criteria: { id: string; text: string }[] };

describe('a change asked for after a project ended', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(PROOF_OFF);
    await t.app.startWorkflow();
  });
  afterAll(() => t.close());

  const roundEnds = (id: string, after: number) =>
    waitForEvent(t.app, id, (e) => e.streamVersion > after && ['ProjectCompleted', 'ActionRequested', 'ProjectFailed', 'ProjectCancelled'].includes(e.type), ROUND_MS);
  const analysisOf = (events: StoredEvent[]) => eventsOfType(events, 'AgentOutputAccepted').filter((e) => e.data.agent === 'analyst').map((e) => e.data.output.user_stories as Story[]);
  const lastRun = (events: StoredEvent[]) => eventsOfType(events, 'TestRunCompleted').at(-1)!.data;

  it('runs a second round on the code there is: old stories keep their ids, old tests run again and pass with the new ones', async () => {
    const created = await gql(t.url, 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }', { input: { name: 'Seeds', requirements: REQUIREMENTS } });
    const id: string = created.data!.createProject.id;
    expect((await roundEnds(id, 0)).type).toBe('ProjectCompleted');
    const first = await t.app.store.readStream(id);
    const firstTests = lastRun(first).tests.map((x) => x.name);
    expect(firstTests.length).toBeGreaterThan(0);

    // While a round runs, no change can be asked for; once it ended, one starts round 2.
    const changed = await gql(t.url, `mutation($input: RequestChangeInput!) { requestChange(input: $input) { ${PROJECT} } }`, {
      input: { projectId: id, text: 'Gardeners also add swap meetings with a date and a place, and list swap meetings.' },
    });
    expect(changed.errors).toBeUndefined();
    expect(changed.data!.requestChange).toMatchObject({ round: 2, status: 'ACTIVE', changes: [{ round: 2, text: 'Gardeners also add swap meetings with a date and a place, and list swap meetings.' }] });
    const busy = await gql(t.url, `mutation($input: RequestChangeInput!) { requestChange(input: $input) { round } }`, { input: { projectId: id, text: 'and more' } });
    expect(busy.errors?.[0].extensions?.code).toBe('CONFLICT');

    expect((await roundEnds(id, first.length)).type).toBe('ProjectCompleted');
    const events = await t.app.store.readStream(id);
    const [before, after] = analysisOf(events);
    // Every story of round 1 is still there under its id, its criteria too; what is new numbers on.
    for (const story of before) {
      const same = after.find((s) => s.id === story.id);
      expect(same?.title).toBe(story.title);
      expect(same?.acceptance_criteria).toEqual(expect.arrayContaining(story.acceptance_criteria));
    }
    const added = after.filter((s) => !before.some((b) => b.id === s.id));
    expect(added.length).toBeGreaterThan(0);
    expect(added.map((s) => s.title.toLowerCase()).join(' ')).toMatch(/meeting/);

    // The round's last run still tests every criterion of round 1, all passing, beside new tests.
    const run = lastRun(events);
    expect(run.failed).toBe(0);
    const cited = new Set(run.tests.flatMap((x) => x.name.split(' ').filter((word) => /^S\d+\.AC\d+$/.test(word))));
    for (const story of before) for (const c of story.acceptance_criteria) if (firstTests.some((name) => name.split(' ').includes(c.id))) expect(cited).toContain(c.id);
    expect(run.tests.length).toBeGreaterThan(firstTests.length);
    // Round 2 wrote only the files it changed, and deleted none.
    const round2 = events.slice(first.length);
    const rewritten = eventsOfType(round2, 'ArtifactWritten').map((e) => e.data.path);
    const untouched = eventsOfType(first, 'ArtifactWritten').map((e) => e.data.path).filter((p) => !rewritten.includes(p));
    expect(rewritten.length).toBeGreaterThan(0);
    expect(untouched.length).toBeGreaterThan(0);
    expect(eventsOfType(round2, 'ArtifactDeleted')).toEqual([]);

    const project = await gql(t.url, `query($id: ID!) { project(id: $id) { ${PROJECT} } }`, { id });
    expect(project.data!.project).toMatchObject({ round: 2, status: 'COMPLETED' });

    // Each round against the one before: what it asked, which stories and files it changed, its tests.
    const rounds = await gql(t.url, 'query($id: ID!) { rounds(projectId: $id) { round change status fromVersion endedAtVersion stories { id status titleB } files { path status diff } testRuns { status } } }', { id });
    expect(rounds.errors).toBeUndefined();
    const [one, two] = rounds.data!.rounds;
    expect(one).toMatchObject({ round: 1, change: null, status: 'COMPLETED', fromVersion: 1, endedAtVersion: first.length });
    expect(one.stories.map((x: { id: string }) => x.id)).toEqual(before.map((x) => x.id));
    expect(new Set(one.files.map((f: { status: string }) => f.status))).toEqual(new Set(['ADDED']));
    expect(two).toMatchObject({ round: 2, change: 'Gardeners also add swap meetings with a date and a place, and list swap meetings.', status: 'COMPLETED', fromVersion: first.length + 1, endedAtVersion: events.length });
    expect(two.stories.map((x: { id: string; status: string }) => [x.id, x.status])).toEqual(added.map((x) => [x.id, 'ADDED']));
    expect(two.files.map((f: { path: string }) => f.path).sort()).toEqual([...new Set(rewritten)].sort());
    const edited = two.files.find((f: { status: string }) => f.status === 'CHANGED');
    expect(edited.diff).toMatch(new RegExp(`^--- a/${edited.path}\n\\+\\+\\+ b/${edited.path}\n@@`));
    expect(two.testRuns.at(-1).status).toBe('passed');

    // A file's history: each version says what it changed against the one before.
    const history = await gql(t.url, 'query($id: ID!, $path: String!) { artifactHistory(projectId: $id, path: $path) { version diff } }', { id, path: edited.path });
    const [v1, v2] = history.data!.artifactHistory;
    expect(v1.diff).toMatch(new RegExp(`^--- /dev/null\n\\+\\+\\+ b/${edited.path}\n`));
    expect(v2.diff).toBe(edited.diff);

    // Forked where round 2 began, the fork runs round 2 itself, from the same change, to the same stories.
    const fork = await gql(t.url, 'mutation($id: ID!, $at: Int!) { forkProject(projectId: $id, atVersion: $at) { id } }', { id, at: first.length + 1 });
    expect(fork.errors).toBeUndefined();
    const forkId: string = fork.data!.forkProject.id;
    await waitForEvent(t.app, forkId, (e) => e.type === 'ProjectCompleted' && !e.metadata.origin, ROUND_MS);
    const forked = await gql(t.url, `query($id: ID!) { project(id: $id) { ${PROJECT} } }`, { id: forkId });
    expect(forked.data!.project).toMatchObject({ round: 2, status: 'COMPLETED', changes: [{ round: 2 }] });
    expect(analysisOf(await t.app.store.readStream(forkId)).at(-1)!.map((x) => x.id)).toEqual(after.map((x) => x.id));
  });

  it('takes a limit changed in round 2 as the new rule, and in round 3 asks about a change that contradicts an earlier rule', async () => {
    const requirements = 'A dive shop: divers add tanks with a size, and divers rent tanks and return them. A diver may rent at most 2 tanks at a time.';
    const id = t.app.services.commands.newId();
    await t.app.services.commands.execute(id, { type: 'CreateProject', projectId: id, name: 'Tanks', requirements, settings: { proof: null } });
    expect((await roundEnds(id, 0)).type).toBe('ProjectCompleted');
    const limits = (events: StoredEvent[]) => analysisOf(events).map((stories) => stories.flatMap((x) => x.acceptance_criteria.map((c) => c.text)).filter((c) => /^Rule: At most/.test(c)));
    expect(limits(await t.app.store.readStream(id))).toEqual([[expect.stringMatching(/^Rule: At most 2 /)]]);

    let version = (await t.app.store.readStream(id)).length;
    await t.app.services.commands.execute(id, { type: 'RequestChange', text: 'Divers may now rent at most 3 tanks at a time.' });
    expect((await roundEnds(id, version)).type).toBe('ProjectCompleted');
    const second = await t.app.store.readStream(id);
    expect(limits(second)[1]).toEqual([expect.stringMatching(/^Rule: At most 3 /)]);
    expect(lastRun(second)).toMatchObject({ failed: 0 });
    // The raised limit is the same criterion in its second version, and the code enforces it: its tests cite it.
    const oldLimit = analysisOf(second)[0].flatMap((x) => x.acceptance_criteria).find((c) => /^Rule: At most 2 /.test(c.text))!;
    const newLimit = analysisOf(second)[1].flatMap((x) => x.acceptance_criteria).find((c) => /^Rule: At most 3 /.test(c.text))!;
    expect(newLimit.id).toBe(oldLimit.id);
    const coverage = coverageOf((await t.app.services.queries.coverage(id))!).stories.flatMap((x) => x.criteria);
    expect(coverage.find((c) => c.criterionId === newLimit.id)).toMatchObject({ version: 2, text: newLimit.text });
    expect(lastRun(second).tests.some((x) => x.name.split(' ').includes(newLimit.id) && x.ok)).toBe(true);

    version = second.length;
    await t.app.services.commands.execute(id, { type: 'RequestChange', text: 'Anyone may rent tanks without being a diver.' });
    const asked = (await roundEnds(id, version)) as StoredEvent<'ActionRequested'>;
    expect(asked.type).toBe('ActionRequested');
    expect(asked.data).toMatchObject({ reason: 'low_confidence', agent: 'analyst' });
    expect(asked.data.description).toMatch(/These two cannot both hold: "[^"]*at most 3[^"]*" and "Anyone may rent tanks without being a diver\."/i);
  });

  it('takes a record away when a change says it is no longer needed: its stories removed, its module and tests deleted, the rest passing', async () => {
    const requirements = 'A choir: singers add songs with a title, and singers book rehearsals for a date. Singers write notes on songs.';
    const id = t.app.services.commands.newId();
    await t.app.services.commands.execute(id, { type: 'CreateProject', projectId: id, name: 'Choir', requirements, settings: { proof: null } });
    expect((await roundEnds(id, 0)).type).toBe('ProjectCompleted');
    const first = await t.app.store.readStream(id);
    const noteFiles = eventsOfType(first, 'ArtifactWritten').map((e) => e.data.path).filter((p) => /note/i.test(p));
    expect(noteFiles.length).toBeGreaterThanOrEqual(2);

    await t.app.services.commands.execute(id, { type: 'RequestChange', text: 'Notes are no longer needed.' });
    expect((await roundEnds(id, first.length)).type).toBe('ProjectCompleted');
    const events = await t.app.store.readStream(id);
    const round2 = events.slice(first.length);
    const [before, after] = analysisOf(events);
    const noteStories = before.filter((s) => /note/i.test(s.title)).map((s) => s.id);
    expect(noteStories.length).toBeGreaterThan(0);
    expect(after.map((s) => s.id)).toEqual(before.map((s) => s.id).filter((sid) => !noteStories.includes(sid)));
    const accepted = eventsOfType(round2, 'AgentOutputAccepted').find((e) => e.data.agent === 'analyst')!;
    expect(accepted.data.output.removed_stories).toEqual(noteStories);
    expect(eventsOfType(round2, 'ArtifactDeleted').map((e) => e.data.path).sort()).toEqual([...noteFiles].sort());
    const run = lastRun(events);
    expect(run).toMatchObject({ failed: 0 });
    expect(run.passed).toBeGreaterThan(0);
    expect(run.tests.filter((x) => noteStories.some((sid) => x.name.startsWith(`${sid}.`)))).toEqual([]);
  });

  it('keeps a file a person wrote by hand: round 2 proposes its change as a diff, and the person keeps theirs', async () => {
    const created = await gql(t.url, 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }', { input: { name: 'Seeds', requirements: REQUIREMENTS } });
    const id: string = created.data!.createProject.id;
    const first = await roundEnds(id, 0);
    const readme = eventsOfType(await t.app.store.readStream(id), 'ArtifactWritten').find((e) => e.data.path === 'README.md')!.data.content;
    const mine = `${readme}\nRun it behind the garden shed's proxy.\n`;
    const edit = 'mutation($input: EditFileInput!) { editFile(input: $input) { version } }';
    const refused = await gql(t.url, edit, { input: { projectId: id, path: '../outside.md', content: 'x' } });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'path' });
    expect((await gql(t.url, edit, { input: { projectId: id, path: 'README.md', content: mine } })).errors).toBeUndefined();
    const files = await gql(t.url, 'query($id: ID!) { artifacts(projectId: $id) { path agent sha256 } }', { id });
    expect(files.data!.artifacts.find((f: { path: string }) => f.path === 'README.md')).toEqual({ path: 'README.md', agent: 'person', sha256: createHash('sha256').update(mine).digest('hex') });

    await gql(t.url, 'mutation($input: RequestChangeInput!) { requestChange(input: $input) { round } }', { input: { projectId: id, text: 'Gardeners also add swap meetings with a date and a place, and list swap meetings.' } });
    const asked = (await roundEnds(id, first.streamVersion + 1)) as StoredEvent<'ActionRequested'>;
    expect(asked.data).toMatchObject({ reason: 'person_file_changed', agent: 'developer' });
    expect(asked.data.attachment).toMatch(/^--- yours\/README\.md\n\+\+\+ developer\/README\.md/m);
    expect(asked.data.attachment).toContain("-Run it behind the garden shed's proxy.");
    await t.app.services.commands.execute(id, { type: 'RespondToAction', actionId: asked.data.actionId, optionId: 'keep', response: null });
    expect((await roundEnds(id, asked.streamVersion)).type).toBe('ProjectCompleted');
    const after = await gql(t.url, 'query($id: ID!) { artifacts(projectId: $id) { path agent sha256 } }', { id });
    expect(after.data!.artifacts.find((f: { path: string }) => f.path === 'README.md')).toEqual({ path: 'README.md', agent: 'person', sha256: createHash('sha256').update(mine).digest('hex') });
    expect(after.data!.artifacts.some((f: { path: string }) => f.path === 'src/meeting.js')).toBe(true);
  });

  it('refuses a change to a project that does not exist, or one with no words', async () => {
    const missing = await gql(t.url, 'mutation($input: RequestChangeInput!) { requestChange(input: $input) { round } }', { input: { projectId: 'nope', text: 'x' } });
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const blank = await gql(t.url, 'mutation($input: RequestChangeInput!) { requestChange(input: $input) { round } }', { input: { projectId: 'nope', text: '   ' } });
    expect(blank.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
