import type { NewEvent, StoredEvent } from '../../src/events/envelope';
import { PROJECTIONS } from '../../src/projections/read-models';
import { rebuildReadModels } from '../../src/server/app';
import { startTestApp, type TestApp } from '../support/test-app';
import { ofType, waitForEvent } from '../support/wait-for-event';

const TABLES = PROJECTIONS.map((p) => p.name);

async function dump(t: TestApp): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) out[table] = await t.app.db.reader.query(`SELECT * FROM ${table} ORDER BY id`);
  return out;
}

describe('rebuild', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LLM_PROVIDER: 'offline' });
  });
  afterAll(() => t.close());

  it('drops the read models and replays the log into exactly the rows the inline path wrote', async () => {
    const { commands } = t.app.services;
    const options = [{ id: 'accept', label: 'Accept' }, { id: 'abort', label: 'Abort' }];
    for (const n of [1, 2, 3]) {
      await commands.execute(`p${n}`, { type: 'CreateProject', projectId: `p${n}`, name: `Project ${n}`, requirements: `Build thing ${n}` });
      await t.app.store.append(`p${n}`, [
        { type: 'MessageSent', data: { messageId: `m${n}`, fromAgent: 'analyst', toAgent: 'architect', type: 'handoff', content: 'stories', data: { n }, confidence: 0.8, thread: `p${n}`, attempt: 1 } },
        { type: 'ActionRequested', data: { actionId: `a${n}`, title: 'Unsure', description: 'vague', priority: 'medium', options, agent: 'architect', reason: 'low_confidence' } },
      ], 1);
    }
    // A message sent again under its id replaces the one before, from a later append and within one.
    const resent = (content: string): NewEvent<'MessageSent'> => ({ type: 'MessageSent', data: { messageId: 'm1', fromAgent: 'architect', toAgent: 'analyst', type: 'handoff', content, data: null, confidence: null, thread: 'p1', attempt: 2 } });
    await t.app.store.append('p1', [resent('again')], 3);
    await t.app.store.append('p1', [resent('once more'), resent('and last')], 4);
    // A probe of a model server (the offline provider makes none), so the endpoint modes have a row.
    await t.app.store.append('p3', [
      {
        type: 'EndpointProbed',
        data: { stepId: 'analyst-1', agent: 'analyst', provider: 'openai-compatible', endpoint: 'http://127.0.0.1:11434/v1', model: 'llama3.1', reason: 'first_call', tried: [{ mode: 'json_schema', status: 400, errorClass: 'ModeRefused', message: 'no' }, { mode: 'json_object', status: 200, errorClass: 'none', message: 'answered' }], chosen: 'json_object' },
      },
    ], 3);
    await commands.execute('p1', { type: 'RespondToAction', actionId: 'a1', optionId: 'accept', response: 'ok' });
    await commands.execute('p2', { type: 'CancelProject', reason: 'not needed' });
    // A whole pipeline too, so agents, artifacts and test runs have rows.
    await t.app.startWorkflow({ only: 'full' });
    await commands.execute('full', {
      type: 'CreateProject',
      projectId: 'full',
      name: 'Full',
      requirements: 'A blog where authors write posts and readers comment.',
      settings: { proof: { maxRounds: 0, mutationBudgetMs: 10_000 } },
    });
    // With proof, and a person accepting whatever the tests do not prove, so coverage and mutation runs have rows too.
    const end = await waitForEvent(t.app, 'full', (e) => ['ProjectCompleted', 'ActionRequested'].includes(e.type), 120_000);
    if (end.type === 'ActionRequested') {
      await commands.execute('full', { type: 'RespondToAction', actionId: (end as StoredEvent<'ActionRequested'>).data.actionId, optionId: 'accept', response: 'Open for now.' });
      await waitForEvent(t.app, 'full', ofType('ProjectCompleted'), 60_000);
    }

    const inline = await dump(t);
    expect(inline.projects).toHaveLength(4);
    for (const table of TABLES) expect(inline[table].length).toBeGreaterThan(0);
    expect(inline.messages.length).toBeGreaterThan(6);
    expect(inline.messages.find((m) => (m as { id: string }).id === 'm1')).toMatchObject({ content: 'and last', attempt: 2 });

    await t.app.db.transaction((m) => Promise.all(TABLES.map((table) => m.query(`DELETE FROM ${table}`))));
    expect((await dump(t)).projects).toHaveLength(0);

    expect(await rebuildReadModels(t.app)).toBe(await t.app.store.lastPosition());
    expect(await dump(t)).toEqual(inline);
    expect(JSON.stringify(await dump(t))).toBe(JSON.stringify(inline));
  }, 240_000);
});
