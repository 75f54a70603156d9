import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { NewEvent } from '../../src/events/envelope';
import { SqliteDatabase } from '../../src/events/sqlite-database';
import { rebuildReadModels } from '../../src/server/app';
import { type TestPostgres, startPostgres } from '../support/embedded-postgres';
import { type TestApp, startTestApp } from '../support/test-app';

const sha = (content: string) => createHash('sha256').update(content).digest('hex');
const written = (path: string, version: number, content: string): NewEvent<'ArtifactWritten'> => ({
  type: 'ArtifactWritten',
  data: { stepId: 'developer-1', agent: 'developer', attempt: 1, path, version, content, sha256: sha(content), size: content.length },
});
const edited = (path: string, version: number, content: string): NewEvent<'ArtifactEditedByPerson'> => ({
  type: 'ArtifactEditedByPerson',
  data: { path, version, content, sha256: sha(content), size: content.length },
});
const created: NewEvent = {
  type: 'ProjectCreated',
  data: { name: 'Files', requirements: 'Keep files', settings: { confidenceThreshold: 0.7, maxAttempts: 3, maxRepairRounds: 3, tokenBudget: null, model: null } },
};

const accepted = (agent: string, output: Record<string, unknown>): NewEvent => ({
  type: 'AgentOutputAccepted',
  data: { stepId: `${agent}-1`, agent, attempt: 1, output, confidence: 0.9, acceptedBy: 'threshold' },
} as NewEvent);

/** Quotes, escapes, unicode and a trailing newline: the text must come back exactly. */
const TRICKY = 'export const s = "a \\"quoted\\" word";\n// ünïcødé ✓ tab\there\n';

let postgres: TestPostgres | undefined;
afterAll(() => postgres?.stop());

describe.each([
  ['SQLite', async () => ({})],
  ['PostgreSQL', async () => {
    postgres ??= await startPostgres();
    return { BOTARMY_DATABASE_URL: await postgres.newDatabase() };
  }],
])('file contents and accepted outputs read from the events that hold them (%s)', (_name, env) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(await env());
    await t.app.store.append('p', [created, written('src/a.ts', 1, 'one'), written('src/b.ts', 1, TRICKY), written('src/a.ts', 2, 'two'), written('src/gone.ts', 1, 'x')], 0);
    await t.app.store.append('p', [edited('src/a.ts', 3, 'three, by hand'), { type: 'ArtifactDeleted', data: { stepId: 'developer-2', agent: 'developer', path: 'src/gone.ts', version: 2 } }], 5);
    // Outputs accepted, accepted again, edited and dropped by a retry: the spec shows what stands, in its order.
    await t.app.store.append('p', [
      accepted('analyst', { user_stories: [{ id: 'S1', title: 'First' }], n: 0.1 + 0.2 }),
      accepted('architect', { design: 'old' }),
      accepted('developer', { files: ['a'] }),
      { type: 'StepRetryRequested', data: { agent: 'developer', guidance: null } },
      accepted('analyst', { user_stories: [{ id: 'S1', title: 'Second' }] }),
      { type: 'AgentOutputEdited', data: { agent: 'architect', stepId: 'edit-1', replaces: 'architect-1', output: { design: TRICKY } } },
    ], 7);
    // Messages sent, one sent again under its id, beside a question whose data is made from its event.
    const sent = (id: string, data: unknown): NewEvent => ({
      type: 'MessageSent',
      data: { messageId: id, fromAgent: 'analyst', toAgent: 'architect', type: 'handoff', content: `about ${id}`, ...(data === undefined ? {} : { data }), confidence: 0.5, thread: 'p', attempt: 1 },
    } as NewEvent);
    await t.app.store.append('p', [
      sent('m1', { stories: [{ id: 'S1', text: TRICKY }], n: 0.1 + 0.2 }),
      sent('m2', undefined),
      sent('m3', null),
      { type: 'ActionRequested', data: { actionId: 'a1', title: 'Unsure', description: 'vague', priority: 'medium', options: [{ id: 'accept', label: 'Accept' }], agent: 'architect', reason: 'low_confidence' } },
      sent('m1', { again: true }),
    ], 13);
    // Another project's files at the same stream versions must not be taken for these.
    await t.app.store.append('q', [created, written('src/a.ts', 1, 'other project')], 0);
  }, 60_000);
  afterAll(() => t.close());

  const source = (): DataSource => (t.app.db instanceof SqliteDatabase ? t.app.db.writer : t.app.db.dataSource);

  async function answers() {
    const { queries } = t.app.services;
    return {
      latest: (await queries.artifacts('p', { withContent: true })).map((a) => [a.path, a.version, a.content]),
      listed: (await queries.artifacts('p')).map((a) => [a.path, a.version]),
      one: (await queries.artifactVersion('p', 'src/a.ts', 2))?.content,
      newest: (await queries.artifactVersion('p', 'src/a.ts'))?.content,
      history: (await queries.artifactHistory('p', 'src/a.ts')).map((v) => [v.version, v.content, v.agent]),
      other: (await queries.artifactVersion('q', 'src/a.ts'))?.content,
      spec: JSON.stringify(await queries.projectSpec('p')),
      noSpec: await queries.projectSpec('q'),
      messages: JSON.stringify((await queries.messages('p', { first: 50 })).items.map(({ node }) => [node.id, node.content, node.data])),
      page: (await queries.messages('p', { first: 1, after: (await queries.messages('p', { first: 1 })).items[0].node.position })).items.map(({ node }) => [node.id, node.data]),
    };
  }

  const expected = {
    latest: [['src/a.ts', 3, 'three, by hand'], ['src/b.ts', 1, TRICKY]],
    listed: [['src/a.ts', 3], ['src/b.ts', 1]],
    one: 'two',
    newest: 'three, by hand',
    history: [[1, 'one', 'developer'], [2, 'two', 'developer'], [3, 'three, by hand', 'person']],
    other: 'other project',
    spec: JSON.stringify({ analyst: { user_stories: [{ id: 'S1', title: 'Second' }] }, architect: { design: TRICKY } }),
    noSpec: null,
    messages: JSON.stringify([
      ['p:1', 'Keep files', null],
      ['p:6', "Wrote src/a.ts by hand (version 3); an agent's change to it will be shown to me to take or leave.", { path: 'src/a.ts', version: 3 }],
      ['p:11', 'Redo this step.', { guidance: null }],
      ['p:13', "Edited the architect's output; the agents after it work again from the edit.", { agent: 'architect', replaces: 'architect-1' }],
      ['m2', 'about m2', null],
      ['m3', 'about m3', null],
      ['p:17', 'Unsure\nvague', { actionId: 'a1', options: [{ id: 'accept', label: 'Accept' }], reason: 'low_confidence' }],
      ['m1', 'about m1', { again: true }],
    ]),
    page: [['p:6', { path: 'src/a.ts', version: 3 }]],
  };

  it('answers every version of a file, the latest and the history, the accepted outputs and the messages sent, with what their events hold', async () => {
    expect(await answers()).toEqual(expected);
    await rebuildReadModels(t.app);
    expect(await answers()).toEqual(expected);
  });

  it('keeps no copy of them in the read models, and their migrations put them back when undone and take them out again', async () => {
    const db = source();
    const columns = async (table: string) =>
      ((await db.query(`SELECT * FROM ${table} LIMIT 1`)) as Record<string, unknown>[]).flatMap((row) => Object.keys(row));
    expect(await columns('artifacts')).not.toContain('content');
    expect(await columns('artifact_versions')).not.toContain('content');
    expect(await columns('projects')).not.toContain('spec');
    const sentData = "SELECT id FROM messages WHERE project_id = 'p' AND data_in_event = 1 AND data IS NULL ORDER BY position";
    expect(await db.query(sentData)).toEqual([{ id: 'm2' }, { id: 'm3' }, { id: 'm1' }]);
    // The messages' migration came last, then the spec's.
    await db.undoLastMigration({ transaction: 'all' });
    expect(await db.query("SELECT id, data FROM messages WHERE project_id = 'p' AND id LIKE 'm%' ORDER BY position")).toEqual([
      { id: 'm2', data: null },
      { id: 'm3', data: null },
      { id: 'm1', data: '{"again":true}' },
    ]);
    await db.undoLastMigration({ transaction: 'all' });
    const [{ spec }] = (await db.query("SELECT spec FROM projects WHERE id = 'p'")) as { spec: string }[];
    expect(spec).toBe(expected.spec);
    expect(await db.query("SELECT spec FROM projects WHERE id = 'q'")).toEqual([{ spec: null }]);
    await db.undoLastMigration({ transaction: 'all' });
    expect(await db.query("SELECT path, version, content FROM artifacts WHERE project_id = 'p' ORDER BY path")).toEqual([
      { path: 'src/a.ts', version: 3, content: 'three, by hand' },
      { path: 'src/b.ts', version: 1, content: TRICKY },
    ]);
    expect(await db.query("SELECT version, content FROM artifact_versions WHERE project_id = 'p' AND path = 'src/a.ts' ORDER BY version")).toEqual([
      { version: 1, content: 'one' },
      { version: 2, content: 'two' },
      { version: 3, content: 'three, by hand' },
    ]);
    await db.runMigrations({ transaction: 'all' });
    expect(await columns('artifacts')).not.toContain('content');
    expect(await columns('projects')).not.toContain('spec');
    expect(await db.query(sentData)).toEqual([{ id: 'm2' }, { id: 'm3' }, { id: 'm1' }]);
    expect(await answers()).toEqual(expected);
  });

  // Last: PostgreSQL's text holds no NUL, so the migration's undoing could not put this one back there.
  it('answers a content with a NUL in it whole', async () => {
    await t.app.store.append('n', [created, written('bin.txt', 1, 'a\u0000b')], 0);
    expect((await t.app.services.queries.artifacts('n', { withContent: true }))[0].content).toBe('a\u0000b');
    expect((await t.app.services.queries.artifactVersion('n', 'bin.txt'))?.content).toBe('a\u0000b');
  });
});
