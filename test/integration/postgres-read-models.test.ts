import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from '../../migrations';
import type { NewEvent } from '../../src/events/envelope';
import type { EventStore } from '../../src/events/event-store';
import { PostgresDatabase } from '../../src/events/postgres-database';
import { PostgresEventStore } from '../../src/events/postgres-event-store';
import { SqliteDatabase } from '../../src/events/sqlite-database';
import { SqliteEventStore } from '../../src/events/sqlite-event-store';
import { importJsonLines } from '../../src/history/export-import';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { PROJECTIONS } from '../../src/projections/read-models';
import type { DataSource } from 'typeorm';
import { type TestPostgres, startPostgres } from '../support/embedded-postgres';
import { tempDir } from '../support/temp-dir';

const RECORDINGS = join(__dirname, '..', 'recordings');

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(() => postgres?.stop());

/** Every read model's rows, by table, in id order: what a reader of either database sees. */
async function dump(dataSource: DataSource): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const p of PROJECTIONS) {
    const rows = (await dataSource.getRepository(p.entity).find()).map((row) => ({ ...row }));
    tables[p.name] = rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  return tables;
}

/** The recorded histories, and what none of them holds: a mutation run (a yes/no column) and a probed endpoint. */
async function importEvery(store: EventStore): Promise<void> {
  let n = 0;
  for (const file of readdirSync(RECORDINGS).filter((f) => f.endsWith('.jsonl'))) {
    await importJsonLines(store, readFileSync(join(RECORDINGS, file), 'utf8'), () => `id-${++n}`, { as: file.replace(/\.jsonl$/, '') });
  }
  const [created] = await store.readStream('shop-edit-resume', { to: 1 });
  const at = '2026-11-30T12:00:00.000Z';
  const events: NewEvent[] = [
    { type: 'ProjectCreated', data: created.data as never },
    { type: 'EndpointProbed', data: { stepId: 'analyst-1', agent: 'analyst', provider: 'openai', endpoint: 'http://127.0.0.1:1/v1', model: 'm', reason: 'first_call', tried: [], chosen: 'json_object' } },
    { type: 'MutationRunStarted', data: { runId: 'proof:mutation-1', round: 1 } },
    {
      type: 'MutationRunCompleted',
      data: { runId: 'proof:mutation-1', round: 1, tool: 'stryker', durationMs: 1234.5, budgetMs: 60000, budgetExceeded: true, created: 10, killed: 7, survived: 2, timedOut: 1, mutants: [], error: null },
    },
  ];
  await store.append('proof', events.map((e) => ({ ...e, recordedAt: at })), 0);
}

describe('read models on PostgreSQL', () => {
  it('holds exactly the rows SQLite holds for the same recorded histories, projected inline and rebuilt', async () => {
    const projections = new ProjectionRunner(PROJECTIONS);
    const dir = tempDir();
    const sqliteDb = await SqliteDatabase.open({ file: join(dir.path, 'events.sqlite'), entities: projections.entities, migrations: MIGRATIONS });
    const inline = projections.apply.bind(projections);
    const sqlite = new SqliteEventStore(sqliteDb, { inline });
    const pgDb = await PostgresDatabase.open({ url: await postgres.newDatabase(), entities: projections.entities });
    const pg = new PostgresEventStore(pgDb, { inline });
    try {
      await importEvery(sqlite);
      await importEvery(pg);
      const expected = await dump(sqliteDb.reader);
      expect(Object.entries(expected).filter(([, rows]) => rows.length === 0).map(([name]) => name)).toEqual([]);
      expect(await dump(pgDb.reader)).toEqual(expected);

      // Dropped and replayed from the log in one transaction, PostgreSQL's read models come back the same; read a few
      // events at a time, rows settle and are written while the rest is read.
      await pgDb.transaction((manager, statements) => projections.rebuild(manager, statements, (afterPosition) => pg.readAll({ afterPosition, limit: 20 })));
      expect(await dump(pgDb.reader)).toEqual(expected);
    } finally {
      await pg.close();
      await sqlite.close();
      dir.remove();
    }
  });
});

