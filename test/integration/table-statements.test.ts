import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import type { StoredEvent } from '../../src/events/envelope';
import { PostgresDatabase } from '../../src/events/postgres-database';
import type { SqlStatements } from '../../src/events/sql-statements';
import { SqliteDatabase } from '../../src/events/sqlite-database';
import { InMemoryProjector } from '../../src/projections/in-memory-projector';
import type { Projection, ReadModelRow } from '../../src/projections/projection';
import { PROJECTIONS } from '../../src/projections/read-models';
import { TableStatements } from '../../src/projections/table-statements';
import { type TestPostgres, startPostgres } from '../support/embedded-postgres';
import { tempDir } from '../support/temp-dir';

const RECORDINGS = join(__dirname, '..', 'recordings');

/** Every recorded history folded in memory, each under a stream id of its own: rows of every kind of column. */
function recordedRows(): InMemoryProjector {
  const memory = new InMemoryProjector(PROJECTIONS);
  let position = 0;
  for (const file of readdirSync(RECORDINGS).filter((f) => f.endsWith('.jsonl'))) {
    const events = readFileSync(join(RECORDINGS, file), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => ({ ...(JSON.parse(line) as StoredEvent), streamId: file, globalPosition: ++position }));
    memory.apply(events);
  }
  return memory;
}

/** A table's rows as the database holds them, by id, with no conversion back. */
const raw = (source: DataSource, projection: Projection<ReadModelRow>): Promise<unknown[]> =>
  source.query(`SELECT * FROM ${projection.name} ORDER BY id`);

/**
 * The rebuild and the inline projections write rows through TableStatements, which stores text and numbers as
 * they are and leaves JSON, booleans and the rest to TypeORM's conversion. What it stores must be exactly what
 * TypeORM stores for the same rows.
 */
async function expectStoredAsTypeormStores(source: DataSource, inTransaction: (fn: (statements: SqlStatements) => Promise<void>) => Promise<void>): Promise<void> {
  const memory = recordedRows();
  for (const projection of PROJECTIONS) {
    const rows = memory.rows(projection);
    if (rows.length === 0) continue;
    await inTransaction(async (statements) => {
      await new TableStatements(source, statements, projection.entity).insert(rows);
    });
    const ours = await raw(source, projection);
    await source.query(`DELETE FROM ${projection.name}`);
    for (let from = 0; from < rows.length; from += 20) await source.getRepository(projection.entity).insert(rows.slice(from, from + 20) as never);
    const typeorms = await raw(source, projection);
    await source.query(`DELETE FROM ${projection.name}`);
    expect({ [projection.name]: ours }).toEqual({ [projection.name]: typeorms });
    expect(ours.length).toBe(rows.length);
  }
}

describe('a read-model table written through its kept statements', () => {
  it('stores on SQLite exactly what TypeORM stores for the same rows, every column', async () => {
    const dir = tempDir();
    const db = await SqliteDatabase.open({ file: join(dir.path, 'rows.sqlite'), entities: PROJECTIONS.map((p) => p.entity), migrations: MIGRATIONS });
    try {
      await expectStoredAsTypeormStores(db.writer, (fn) => db.transaction((_manager, statements) => fn(statements)));
    } finally {
      await db.close();
      dir.remove();
    }
  });

  describe('on PostgreSQL', () => {
    let postgres: TestPostgres;
    beforeAll(async () => {
      postgres = await startPostgres();
    }, 60_000);
    afterAll(() => postgres?.stop());

    it('stores exactly what TypeORM stores for the same rows, every column', async () => {
      const db = await PostgresDatabase.open({ url: await postgres.newDatabase(), entities: PROJECTIONS.map((p) => p.entity) });
      try {
        await expectStoredAsTypeormStores(db.reader, (fn) => db.transaction((_manager, statements) => fn(statements)));
      } finally {
        await db.close();
      }
    }, 60_000);
  });
});
