import { Client } from 'pg';
import pino from 'pino';
import type { StoredEvent } from '../../src/events/envelope';
import { EventBus } from '../../src/events/event-bus';
import { LogFollower } from '../../src/events/log-follower';
import { PostgresDatabase } from '../../src/events/postgres-database';
import { PostgresEventStore, type PostgresEventStoreOptions } from '../../src/events/postgres-event-store';
import { verifyStream } from '../../src/history/verify-chain';
import { eventStoreContract } from '../contract/event-store-contract';
import { type TestPostgres, startPostgres } from '../support/embedded-postgres';

let postgres: TestPostgres;
const open = async (url: string, options: PostgresEventStoreOptions = {}) => new PostgresEventStore(await PostgresDatabase.open({ url }), options);
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(() => postgres?.stop());

eventStoreContract('PostgreSQL', async () => {
  const bus = new EventBus();
  const store = await open(await postgres.newDatabase(), { bus });
  return { store, bus, close: () => store.close() };
});

const done = (summary: string) => [{ type: 'ProjectCompleted' as const, data: { summary } }];

/** How many sessions of the database wait for a lock now. */
async function waitingOnLocks(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
    return rows[0].n as number;
  } finally {
    await client.end();
  }
}

async function waitUntil(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** A writer's own transaction, outside the store, so a test can choose when it takes an id, a position and commits. */
async function writer(url: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  const insertAt = async (streamId: string, version: number): Promise<number> => {
    const { rows } = await client.query(
      `INSERT INTO events (stream_id, stream_version, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
       VALUES ($1, $2, 'ProjectCompleted', 1, $3, '{}', '2026-11-30T00:00:00.000Z', $4, $5) RETURNING global_position`,
      [streamId, version, JSON.stringify({ summary: streamId }), '0'.repeat(64), 'e'.repeat(64)],
    );
    return Number(rows[0].global_position);
  };
  return {
    takeTransactionId: () => client.query('SELECT pg_current_xact_id()'),
    insert: (streamId: string): Promise<number> => insertAt(streamId, 1),
    insertAt,
    commit: async () => {
      await client.query('COMMIT');
      await client.end();
    },
    end: () => client.end().catch(() => undefined),
  };
}

describe('PostgreSQL event store specifics', () => {
  it('refuses to update, delete or truncate an appended event', async () => {
    const url = await postgres.newDatabase();
    const store = await open(url);
    try {
      await store.append('p', done('kept'), 0);
      for (const sql of ["UPDATE events SET data = '{}'", 'DELETE FROM events', 'TRUNCATE events']) {
        await expect(store.db.dataSource.query(sql)).rejects.toThrow(/append-only/);
      }
      expect((await store.readStream('p'))[0].data).toEqual({ summary: 'kept' });
    } finally {
      await store.close();
    }
  });

  it('two instances on one database: each sees the other’s appends, and a stale one is told so', async () => {
    const url = await postgres.newDatabase();
    const a = await open(url);
    const b = await open(url);
    try {
      await a.append('p', done('a1'), 0);
      await b.append('p', done('b2'), 1);
      await a.append('p', done('a3'), 2);
      await expect(b.append('p', done('b-stale'), 2)).rejects.toMatchObject({ name: 'ConcurrencyError', actualVersion: 3 });
      const events = await b.readStream('p');
      expect(events.map((e) => [e.streamVersion, e.data])).toEqual([[1, { summary: 'a1' }], [2, { summary: 'b2' }], [3, { summary: 'a3' }]]);
      expect(verifyStream(events)).toBeNull();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('never skips an event whose transaction commits after a later position became visible', async () => {
    const url = await postgres.newDatabase();
    const store = await open(url);
    const early = new Client({ connectionString: url });
    await early.connect();
    try {
      // A writer takes the next position and has not committed yet.
      await early.query('BEGIN');
      const [taken] = (
        await early.query(
          `INSERT INTO events (stream_id, stream_version, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
           VALUES ('early', 1, 'ProjectCompleted', 1, '{"summary":"early"}', '{}', '2026-11-30T00:00:00.000Z', $1, $2) RETURNING global_position`,
          ['0'.repeat(64), 'e'.repeat(64)],
        )
      ).rows as { global_position: string }[];
      // Another takes the position after it and commits first.
      const [late] = await store.append('late', done('late'), 0);
      expect(late.globalPosition).toBe(Number(taken.global_position) + 1);
      expect(await store.readStream('late')).toHaveLength(1);

      // A reader of the whole log sees neither yet: showing the later one would let it move past the earlier for good.
      expect(await store.readAll()).toEqual([]);
      expect(await store.lastPosition()).toBe(0);

      await early.query('COMMIT');
      const seen = await store.readAll();
      expect(seen.map((e) => [e.globalPosition, e.streamId])).toEqual([
        [Number(taken.global_position), 'early'],
        [late.globalPosition, 'late'],
      ]);
      // Read on from where it stopped, it gets nothing twice.
      expect(await store.readAll({ afterPosition: seen[1].globalPosition })).toEqual([]);
    } finally {
      await early.end();
      await store.close();
    }
  });

  it('writers that lost a race give their connection back before they ask the stream’s version: they never hold the whole pool', async () => {
    const url = await postgres.newDatabase();
    // Two connections, and two appends that both lose a race: each would hold one while waiting for a third.
    const store = new PostgresEventStore(await PostgresDatabase.open({ url, poolSize: 2 }));
    const others = [await writer(url), await writer(url)];
    try {
      for (const stream of ['a', 'b']) await store.append(stream, done('first'), 0);
      // Other writers take version 2 of each stream and hold it uncommitted: the store's appends read version 1
      // and wait on the key.
      await others[0].insertAt('a', 2);
      await others[1].insertAt('b', 2);
      const appends = Promise.allSettled(['a', 'b'].map((stream) => store.append(stream, done('late'), 1)));
      // Both appends are waiting on the uncommitted keys before the other writers commit.
      await waitUntil(async () => (await waitingOnLocks(url)) === 2);
      for (const other of others) await other.commit();
      expect((await appends).map((r) => r.status === 'rejected' && r.reason)).toEqual([
        expect.objectContaining({ name: 'ConcurrencyError', actualVersion: 2 }),
        expect.objectContaining({ name: 'ConcurrencyError', actualVersion: 2 }),
      ]);
    } finally {
      for (const other of others) await other.end();
      await store.close();
    }
  });

  it('a follower hears an event that took its position first and committed after an older transaction’s later position', async () => {
    const url = await postgres.newDatabase();
    const store = await open(url);
    const bus = new EventBus();
    const heard: StoredEvent[] = [];
    const follower = new LogFollower(store, bus, { pollMs: 60_000, logger: pino({ level: 'silent' }) });
    const older = await writer(url);
    const younger = await writer(url);
    try {
      await follower.start();
      // The older transaction has its id; the younger takes a position; the older then takes the next one.
      await older.takeTransactionId();
      const first = await younger.insert('younger');
      const second = await older.insert('older');
      expect(second).toBeGreaterThan(first);

      const both = new Promise<void>((resolve) =>
        bus.subscribe((event) => {
          heard.push(event);
          if (heard.length === 2) resolve();
        }),
      );
      // The older commits: its row, at the later position, is settled while the earlier position is still open.
      await older.commit();
      follower.poke();
      await younger.commit();
      follower.poke();
      await both;
      expect(heard.map((e) => [e.streamId, e.globalPosition])).toEqual([
        ['older', second],
        ['younger', first],
      ]);
    } finally {
      await older.end();
      await younger.end();
      await follower.stop();
      await store.close();
    }
  });
});
