import type { EntityManager } from 'typeorm';
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
import type { SqlStatements } from './sql-statements';
import type { SqliteDatabase } from './sqlite-database';

/** Applies read-model projections inside the append's transaction, with their SQL run where it runs. */
export type InlineProjector = (manager: EntityManager, statements: SqlStatements, events: StoredEvent[]) => Promise<void>;

export interface SqliteEventStoreOptions {
  inline?: InlineProjector;
  bus?: EventBus;
  clock?: () => Date;
  appVersion?: string;
}

/**
 * Rows to an INSERT. Each count of rows compiles a statement of its own that the connection keeps, so a bound keeps
 * their number and size small; an import's long batches take a few statements.
 */
const ROWS_PER_INSERT = 128;

const insertSql = new Map<number, string>();

/**
 * One INSERT of `count` events of a stream. The driver copies every bound value on the event loop, most of a batch's
 * time there, so what the rows share is bound once: ?1 the stream, ?2 the version before them. Then seven values a
 * row: type, schema version, data, metadata, recorded time, previous hash, hash. Only those two are numbered: SQLite
 * looks each numbered parameter up in a list as it compiles, which for a few hundred grows to a millisecond. An
 * INTEGER PRIMARY KEY left out takes the next position.
 */
function insertEvents(count: number): string {
  let sql = insertSql.get(count);
  if (!sql) {
    const rows = Array.from({ length: count }, (_, i) => `(?1, ?2 + ${i + 1}, ?, ?, ?, ?, ?, ?, ?)`);
    sql = `INSERT INTO events (stream_id, stream_version, type, schema_version, data, metadata, recorded_at, prev_hash, hash) VALUES ${rows.join(', ')}`;
    insertSql.set(count, sql);
  }
  return sql;
}

/** Streams whose head is kept in memory; the least recently written beyond this are read again when needed. */
const MAX_HEADS = 10_000;

export class SqliteEventStore implements EventStore {
  private readonly heads = new Map<string, StreamHead>();
  private readonly clock: () => Date;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly options: SqliteEventStoreOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  async append(streamId: string, events: NewEvent[], expectedVersion: number): Promise<StoredEvent[]> {
    if (!streamId) throw new TypeError('streamId is required');
    if (events.length === 0) return [];
    const validated = validateAll(events);

    let stored: StoredEvent[];
    try {
      stored = await this.db.write(async (manager) => {
        const head = await this.headFor(streamId, expectedVersion);
        const out = chainEvents(streamId, head, validated, { recordedAt: this.clock().toISOString(), appVersion: this.options.appVersion });
        // The statement answers with the last position it gave; the rows before it took the ones before.
        for (let from = 0; from < out.length; from += ROWS_PER_INSERT) {
          const chunk = out.slice(from, from + ROWS_PER_INSERT);
          const params: unknown[] = [streamId, chunk[0].streamVersion - 1];
          for (const e of chunk) params.push(e.type, e.schemaVersion, JSON.stringify(e.data), JSON.stringify(e.metadata), e.recordedAt, e.prevHash, e.hash);
          const last = await this.insert(manager, streamId, expectedVersion, insertEvents(chunk.length), params);
          chunk.forEach((e, i) => (e.globalPosition = last - chunk.length + 1 + i));
        }
        await this.options.inline?.(manager, this.db.statements, out);
        return out;
      });
    } catch (error) {
      this.heads.delete(streamId);
      throw error;
    }
    const last = stored[stored.length - 1];
    this.remember(streamId, { version: last.streamVersion, hash: last.hash });
    this.options.bus?.publish(stored);
    return stored;
  }

  /**
   * The stream's last version and hash, from memory when this store wrote it last; read again before a mismatch is
   * called a conflict, since another process may have appended meanwhile.
   */
  private async headFor(streamId: string, expectedVersion: number): Promise<StreamHead> {
    const known = this.heads.get(streamId);
    if (known && known.version === expectedVersion) return known;
    const [row] = await this.db.statements.all<{ stream_version: number; hash: string }>(
      'SELECT stream_version, hash FROM events WHERE stream_id = ? ORDER BY stream_version DESC LIMIT 1',
      [streamId],
    );
    const head = row ? { version: row.stream_version, hash: row.hash } : { version: 0, hash: GENESIS_HASH };
    if (head.version !== expectedVersion) throw new ConcurrencyError(streamId, expectedVersion, head.version);
    return head;
  }

  /** One multi-row insert, answering the last position; a version another writer took first is a conflict, not a storage failure. */
  private async insert(manager: EntityManager, streamId: string, expectedVersion: number, sql: string, params: unknown[]): Promise<number> {
    try {
      return (await this.db.statements.run(sql, params)).lastID;
    } catch (error) {
      if (!/SQLITE_CONSTRAINT/.test(String((error as Error).message))) throw error;
      const [row] = (await manager.query('SELECT MAX(stream_version) AS v FROM events WHERE stream_id = ?', [streamId])) as { v: number | null }[];
      throw new ConcurrencyError(streamId, expectedVersion, row?.v ?? 0);
    }
  }

  private remember(streamId: string, head: StreamHead): void {
    this.heads.delete(streamId);
    this.heads.set(streamId, head);
    if (this.heads.size > MAX_HEADS) this.heads.delete(this.heads.keys().next().value as string);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const rows = await this.db.readStatements.all<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND stream_version >= ? AND stream_version <= ? ORDER BY stream_version`,
      [streamId, options.from ?? 1, options.to ?? Number.MAX_SAFE_INTEGER],
    );
    return rows.map(toStoredEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    if (options.fields) return this.readPartial(options.fields, options.afterPosition ?? 0, options.limit ?? -1);
    const rows = await this.db.readStatements.all<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?`,
      [options.afterPosition ?? 0, options.limit ?? -1],
    );
    return rows.map(toStoredEvent);
  }

  /**
   * The log with only the named fields of some types' data. SQLite picks them out with one `json_extract` of several
   * paths, which answers an array written from the stored text (a single path answers an SQL value, and a number
   * through a REAL loses digits), and `json_type` tells a field that is null from one that is absent.
   */
  private async readPartial(fields: DataFields, afterPosition: number, limit: number): Promise<StoredEvent[]> {
    const rows = await this.db.readStatements.all<PartialRow>(partialSql(fields), [afterPosition, limit]);
    const events: StoredEvent[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const keys = fields.get(row.type);
      let data: unknown;
      if (keys) {
        const values = keys.length > 0 ? (JSON.parse(row.data) as unknown[]) : [];
        const picked: Record<string, unknown> = {};
        for (let k = 0; k < keys.length; k++) if (row.present.charCodeAt(k) === 49) picked[keys[k]] = values[k];
        data = picked;
      } else data = JSON.parse(row.data);
      events[i] = toPartialEvent(row, data);
    }
    return events;
  }

  async streamVersion(streamId: string): Promise<number> {
    const [row] = (await this.db.reader.query('SELECT MAX(stream_version) AS v FROM events WHERE stream_id = ?', [
      streamId,
    ])) as { v: number | null }[];
    return row?.v ?? 0;
  }

  async lastPosition(): Promise<number> {
    const [row] = (await this.db.reader.query('SELECT MAX(global_position) AS p FROM events')) as { p: number | null }[];
    return row?.p ?? 0;
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

interface PartialRow extends Omit<EventRow, 'metadata' | 'prev_hash' | 'hash'> {
  /** Per named field, '1' where the data has it and '0' where not; null for a type read whole. */
  present: string;
}

const partialSqls = new WeakMap<DataFields, string>();

/** The SELECT of `readPartial` for these fields, built once per map. */
function partialSql(fields: DataFields): string {
  let sql = partialSqls.get(fields);
  if (sql === undefined) {
    const data: string[] = [];
    const present: string[] = [];
    for (const [type, keys] of fields) {
      const paths = keys.map((k) => `'$."${fieldName(k)}"'`);
      // A second path makes the answer an array even for one field.
      data.push(`WHEN ${typeLiteral(type)} THEN ${paths.length === 0 ? "'[]'" : `json_extract(data, ${[...paths, paths[0]].join(', ')})`}`);
      present.push(`WHEN ${typeLiteral(type)} THEN ${paths.length === 0 ? "''" : ["''", ...paths.map((p) => `(json_type(data, ${p}) IS NOT NULL)`)].join(' || ')}`);
    }
    const pick = (cases: string[], otherwise: string) => (cases.length > 0 ? `CASE type ${cases.join(' ')} ELSE ${otherwise} END` : otherwise);
    sql = `SELECT ${PARTIAL_EVENT_COLUMNS}, ${pick(data, 'data')} AS data, ${pick(present, 'NULL')} AS present
      FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?`;
    partialSqls.set(fields, sql);
  }
  return sql;
}
