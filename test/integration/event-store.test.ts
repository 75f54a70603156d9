import { join } from 'node:path';
import { MIGRATIONS } from '../../migrations';
import { EventBus } from '../../src/events/event-bus';
import { InMemoryEventStore } from '../../src/events/in-memory-event-store';
import { SqliteDatabase } from '../../src/events/sqlite-database';
import { SqliteEventStore } from '../../src/events/sqlite-event-store';
import { PROJECTIONS } from '../../src/projections/read-models';
import { eventStoreContract } from '../contract/event-store-contract';
import { tempDir } from '../support/temp-dir';

async function openSqliteStore() {
  const dir = tempDir();
  const db = await SqliteDatabase.open({
    file: join(dir.path, 'events.sqlite'),
    entities: PROJECTIONS.map((p) => p.entity),
    migrations: MIGRATIONS,
  });
  const bus = new EventBus();
  const store = new SqliteEventStore(db, { bus });
  return { db, store, bus, dir };
}

eventStoreContract('SQLite', async () => {
  const { store, bus, dir } = await openSqliteStore();
  return { store, bus, close: async () => { await store.close(); dir.remove(); } };
});

describe('SQLite event store specifics', () => {
  it('uses WAL, FULL synchronous and refuses to update or delete an appended event', async () => {
    const { db, store, dir } = await openSqliteStore();
    try {
      expect((await db.writer.query('PRAGMA journal_mode'))[0].journal_mode).toBe('wal');
      expect((await db.writer.query('PRAGMA synchronous'))[0].synchronous).toBe(2);
      await store.append('p', [{ type: 'ProjectCompleted', data: { summary: 'done' } }], 0);
      await expect(db.write((m) => m.query("UPDATE events SET data = '{}'"))).rejects.toThrow(/append-only/);
      await expect(db.write((m) => m.query('DELETE FROM events'))).rejects.toThrow(/append-only/);
      expect((await store.readStream('p'))[0].data).toEqual({ summary: 'done' });
    } finally {
      await store.close();
      dir.remove();
    }
  });

  it('keeps appended events across a reopen of the file', async () => {
    const dir = tempDir();
    const file = join(dir.path, 'events.sqlite');
    const open = () => SqliteDatabase.open({ file, entities: PROJECTIONS.map((p) => p.entity), migrations: MIGRATIONS });
    const first = new SqliteEventStore(await open());
    await first.append('p', [{ type: 'ProjectCompleted', data: { summary: 'kept' } }], 0);
    await first.close();
    const second = new SqliteEventStore(await open());
    expect((await second.readStream('p')).map((e) => e.data)).toEqual([{ summary: 'kept' }]);
    await second.close();
    dir.remove();
  });
});

eventStoreContract('in memory', async () => {
  const bus = new EventBus();
  return { store: new InMemoryEventStore({ bus }), bus, close: async () => {} };
});
