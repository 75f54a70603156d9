import { join } from 'node:path';
import { MIGRATIONS } from '../../migrations';
import { EventBus } from '../../src/events/event-bus';
import { InMemoryEventStore } from '../../src/events/in-memory-event-store';
import { SqliteDatabase } from '../../src/events/sqlite-database';
import { SqliteEventStore } from '../../src/events/sqlite-event-store';
import { verifyStream } from '../../src/history/verify-chain';
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

  it('two writers on one file (two processes): a head known in memory never hides the other’s appends or breaks the chain', async () => {
    const dir = tempDir();
    const file = join(dir.path, 'events.sqlite');
    const open = () => SqliteDatabase.open({ file, entities: PROJECTIONS.map((p) => p.entity), migrations: MIGRATIONS });
    const a = new SqliteEventStore(await open());
    const b = new SqliteEventStore(await open());
    try {
      const done = (summary: string) => [{ type: 'ProjectCompleted' as const, data: { summary } }];
      await a.append('p', done('a1'), 0);
      await b.append('p', done('b2'), 1);
      // A remembers version 1; a caller that read version 2 is right, and A must see it.
      const [third] = await a.append('p', done('a3'), 2);
      expect(third).toMatchObject({ streamVersion: 3, globalPosition: 3 });
      // A remembers the version 3 it wrote; B appends 4; a caller of A that believes 3 is told it is stale.
      await b.append('p', done('b4'), 3);
      await expect(a.append('p', done('a-stale'), 3)).rejects.toMatchObject({ name: 'ConcurrencyError', actualVersion: 4 });
      const events = await a.readStream('p');
      expect(events.map((e) => [e.streamVersion, e.globalPosition])).toEqual([[1, 1], [2, 2], [3, 3], [4, 4]]);
      expect(verifyStream(events)).toBeNull();
    } finally {
      await a.close();
      await b.close();
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
