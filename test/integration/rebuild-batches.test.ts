import { createHash } from 'node:crypto';
import type { NewEvent } from '../../src/events/envelope';
import { PROJECTIONS } from '../../src/projections/read-models';
import { startTestApp, type TestApp } from '../support/test-app';

const TABLES = PROJECTIONS.map((p) => p.name);

async function dump(t: TestApp): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) out[table] = await t.app.db.reader.query(`SELECT * FROM ${table} ORDER BY id`);
  return out;
}

const written = (path: string, version: number, content: string): NewEvent<'ArtifactWritten'> => ({
  type: 'ArtifactWritten',
  data: { stepId: 'developer-1', agent: 'developer', attempt: 1, path, version, content, sha256: createHash('sha256').update(content).digest('hex'), size: content.length },
});
const deleted = (path: string, version: number): NewEvent<'ArtifactDeleted'> => ({ type: 'ArtifactDeleted', data: { stepId: 'developer-1', agent: 'developer', path, version } });
const started = (attempt: number): NewEvent<'AgentStepStarted'> => ({ type: 'AgentStepStarted', data: { stepId: `developer-${attempt}`, agent: 'developer', attempt, guidance: [] } });
const said = (n: number): NewEvent<'MessageSent'> => ({
  type: 'MessageSent',
  data: { messageId: `b${n}`, fromAgent: 'developer', toAgent: 'tester', type: 'status', content: `status ${n}`, confidence: null, thread: 'b', attempt: 1 },
});

describe('a rebuild reading the log a few events at a time', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('writes the rows inline projection wrote, whether a row changes again after it settled or not', async () => {
    const { commands } = t.app.services;
    for (const id of ['a', 'b']) await commands.execute(id, { type: 'CreateProject', projectId: id, name: id, requirements: `Build ${id}` });
    // Two projects' events interleaved: what `a` writes settles while `b` goes on, then `a` changes it again.
    const appends: [string, NewEvent[]][] = [
      ['a', [started(1), written('x.js', 1, 'one'), written('z.js', 1, 'zed')]],
      ['b', [said(1), said(2), started(1), said(3)]],
      ['a', [written('x.js', 2, 'two'), deleted('z.js', 1), written('w.js', 1, 'brief'), deleted('w.js', 1)]],
      ['b', [said(4), written('y.js', 1, 'why'), said(5)]],
      ['a', [started(2), written('z.js', 2, 'back')]],
      ['b', [said(6)]],
    ];
    for (const [id, events] of appends) await t.app.store.append(id, events, await t.app.store.streamVersion(id));
    await commands.execute('b', { type: 'CancelProject', reason: 'enough' });
    const inline = await dump(t);
    expect(inline.artifacts.map((a) => (a as { path: string }).path)).toEqual(['x.js', 'z.js', 'y.js']);

    for (const limit of [1, 2, 3, 5]) {
      await t.app.db.transaction((manager, statements) => t.app.projections.rebuild(manager, statements, (afterPosition) => t.app.store.readAll({ afterPosition, limit })));
      expect(JSON.stringify(await dump(t))).toBe(JSON.stringify(inline));
    }
  });
});
