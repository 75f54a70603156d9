import { EVENTS_CHANNEL, type PostgresDatabase, TransactionStatements } from './postgres-database';
import type { InlineProjector } from './sqlite-event-store';
import type { NewEvent, StoredEvent } from './envelope';
import {
  EVENT_COLUMNS,
  PARTIAL_EVENT_COLUMNS,
  type EventRow,
  type StreamHead,
  chainEvents,
  fieldName,
  toPartialEvent,
  toStoredEvent,
  typeLiteral,
  validateAll,
} from './event-chain';
import { ConcurrencyError } from './errors';
import type { EventBus } from './event-bus';
import { GENESIS_HASH } from './event-hash';
import type { DataFields, EventStore, ReadAllOptions, ReadStreamOptions } from './event-store';
import type { SettledLog } from './log-follower';

/** Where a follower of the log stands: the transaction that wrote the last row it read, and that row's position. */
export interface CommitCursor {
  transactionId: string;
  position: number;
}

/** Rows of transactions older than every transaction still running: no row can join them any more. */
const SETTLED = 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())';

export interface PostgresEventStoreOptions {
  /** Where committed events go at once; with several instances a LogFollower feeds the bus instead (`onCommitted`). */
  bus?: EventBus;
  /** Called after each commit: the local follower reads on without waiting for the database's notification. */
  onCommitted?: () => void;
  clock?: () => Date;
  appVersion?: string;
  inline?: InlineProjector;
}

/** PostgreSQL's code for a unique constraint broken: another writer took the stream version first. */
const UNIQUE_VIOLATION = '23505';
/** Rows to an INSERT, within PostgreSQL's 65,535 bound parameters (9 a row). */
const ROWS_PER_INSERT = 1000;

/**
 * The event log on PostgreSQL, through TypeORM's postgres driver: the same contract as the SQLite store. Appends
 * run in transactions of their own, side by side (PostgreSQL orders them; no writer queue); a stream version
 * taken twice is refused by the unique key and comes out as a ConcurrencyError.
 *
 * Positions come from an identity column, handed out when a row is inserted, not when it commits: a transaction
 * that took position 7 may commit after one that took 8, and its transaction id may be the older or the younger.
 * Readers of the whole log see only settled rows (`SETTLED`); a follower reads them in (transaction, position)
 * order, in which nothing can appear behind it, so it never skips 7 (`readSettled`). `readAll` keeps position order
 * for readers of a log at rest: replay, rebuild, export.
 */
export class PostgresEventStore implements EventStore, SettledLog<CommitCursor> {
  private readonly clock: () => Date;

  constructor(
    readonly db: PostgresDatabase,
    private readonly options: PostgresEventStoreOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  async append(streamId: string, events: NewEvent[], expectedVersion: number): Promise<StoredEvent[]> {
    if (!streamId) throw new TypeError('streamId is required');
    if (events.length === 0) return [];
    const stored = await this.insert(streamId, validateAll(events), expectedVersion);
    // Read only once the connection is back in the pool: losers of a race each holding one while waiting for
    // another would take the whole pool, and the instance would stop.
    if (stored === null) throw new ConcurrencyError(streamId, expectedVersion, await this.streamVersion(streamId));
    this.options.bus?.publish(stored);
    this.options.onCommitted?.();
    return stored;
  }

  /** Writes the events in a transaction of their own; null when another writer took the stream version first. */
  private async insert(streamId: string, validated: NewEvent[], expectedVersion: number): Promise<StoredEvent[] | null> {
    const runner = this.db.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const head = await this.head(runner.query.bind(runner), streamId);
      if (head.version !== expectedVersion) throw new ConcurrencyError(streamId, expectedVersion, head.version);
      const stored = chainEvents(streamId, head, validated, { recordedAt: this.clock().toISOString(), appVersion: this.options.appVersion });
      for (let from = 0; from < stored.length; from += ROWS_PER_INSERT) {
        const chunk = stored.slice(from, from + ROWS_PER_INSERT);
        const values = chunk.flatMap((e) => [streamId, e.streamVersion, e.type, e.schemaVersion, JSON.stringify(e.data), JSON.stringify(e.metadata), e.recordedAt, e.prevHash, e.hash]);
        const placeholders = chunk.map((_, r) => `(${Array.from({ length: 9 }, (_, c) => `$${r * 9 + c + 1}`).join(', ')})`).join(', ');
        const rows = (await runner.query(
          `INSERT INTO events (stream_id, stream_version, type, schema_version, data, metadata, recorded_at, prev_hash, hash) VALUES ${placeholders} RETURNING global_position`,
          values,
        )) as { global_position: string }[];
        rows.forEach((row, i) => (chunk[i].globalPosition = Number(row.global_position)));
      }
      await this.options.inline?.(runner.manager, new TransactionStatements(runner), stored);
      // Delivered at commit, to every instance listening: a hint to read the log.
      await runner.query(`SELECT pg_notify('${EVENTS_CHANNEL}', '')`);
      await runner.commitTransaction();
      return stored;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      return null;
    } finally {
      await runner.release();
    }
  }

  private async head(query: (sql: string, params: unknown[]) => Promise<unknown>, streamId: string): Promise<StreamHead> {
    const [row] = (await query('SELECT stream_version, hash FROM events WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1', [streamId])) as {
      stream_version: number;
      hash: string;
    }[];
    return row ? { version: row.stream_version, hash: row.hash } : { version: 0, hash: GENESIS_HASH };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const rows = (await this.db.dataSource.query(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND stream_version >= $2 AND stream_version <= $3 ORDER BY stream_version`,
      [streamId, options.from ?? 1, options.to ?? 2 ** 31 - 1],
    )) as EventRow[];
    return rows.map(toStoredEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    if (options.fields) {
      const rows = (await this.db.dataSource.query(
        `SELECT ${PARTIAL_EVENT_COLUMNS}, ${partialData(options.fields)} AS data FROM events
          WHERE global_position > $1 AND ${SETTLED}
          ORDER BY global_position LIMIT $2`,
        [options.afterPosition ?? 0, options.limit ?? null],
      )) as Omit<EventRow, 'metadata' | 'prev_hash' | 'hash'>[];
      return rows.map((row) => toPartialEvent(row, JSON.parse(row.data)));
    }
    const rows = (await this.db.dataSource.query(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE global_position > $1 AND ${SETTLED}
        ORDER BY global_position LIMIT $2`,
      [options.afterPosition ?? 0, options.limit ?? null],
    )) as EventRow[];
    return rows.map(toStoredEvent);
  }

  async streamVersion(streamId: string): Promise<number> {
    const [row] = (await this.db.dataSource.query('SELECT MAX(stream_version) AS v FROM events WHERE stream_id = $1', [streamId])) as { v: number | null }[];
    return row?.v ?? 0;
  }

  /** The last position a reader of the whole log may see now: like `readAll`, never beyond a transaction still running. */
  async lastPosition(): Promise<number> {
    const [row] = (await this.db.dataSource.query(`SELECT MAX(global_position) AS p FROM events WHERE ${SETTLED}`)) as { p: string | null }[];
    return Number(row?.p ?? 0);
  }

  async settledEnd(): Promise<CommitCursor> {
    const [row] = (await this.db.dataSource.query(
      `SELECT transaction_id::text AS transaction_id, global_position FROM events WHERE ${SETTLED}
        ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    )) as { transaction_id: string; global_position: string }[];
    return row ? { transactionId: row.transaction_id, position: Number(row.global_position) } : { transactionId: '0', position: 0 };
  }

  async readSettled(after: CommitCursor, limit: number): Promise<{ events: StoredEvent[]; end: CommitCursor }> {
    const rows = (await this.db.dataSource.query(
      `SELECT ${EVENT_COLUMNS}, transaction_id::text AS transaction_id FROM events
        WHERE (transaction_id, global_position) > ($1::xid8, $2) AND ${SETTLED}
        ORDER BY transaction_id, global_position LIMIT $3`,
      [after.transactionId, after.position, limit],
    )) as (EventRow & { transaction_id: string })[];
    const last = rows[rows.length - 1];
    return { events: rows.map(toStoredEvent), end: last ? { transactionId: last.transaction_id, position: Number(last.global_position) } : after };
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

const partialDatas = new WeakMap<DataFields, string>();

/**
 * The data column with only the named fields of some types: `json_each` over the stored text (json, not jsonb) answers
 * each value as it was written, numbers digit for digit, and a field the data lacks is not made up.
 */
function partialData(fields: DataFields): string {
  let sql = partialDatas.get(fields);
  if (sql === undefined) {
    const cases = [...fields].map(([type, keys]) => {
      const picked =
        keys.length === 0
          ? `'{}'`
          : `COALESCE((SELECT json_object_agg(f.key, f.value) FROM json_each(data::json) AS f WHERE f.key IN (${keys.map((k) => `'${fieldName(k)}'`).join(', ')}))::text, '{}')`;
      return `WHEN ${typeLiteral(type)} THEN ${picked}`;
    });
    sql = cases.length > 0 ? `CASE type ${cases.join(' ')} ELSE data END` : 'data';
    partialDatas.set(fields, sql);
  }
  return sql;
}
