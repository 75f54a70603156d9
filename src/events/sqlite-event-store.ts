import type { EntityManager } from 'typeorm';
import { schemaVersionOf, validateEvent } from './catalog';
import type { EventMetadata, NewEvent, StoredEvent } from './envelope';
import { ConcurrencyError } from './errors';
import type { EventBus } from './event-bus';
import { GENESIS_HASH, eventHash } from './event-hash';
import type { EventStore, ReadAllOptions, ReadStreamOptions } from './event-store';
import type { SqliteDatabase } from './sqlite-database';

/** Applies read-model projections inside the append's transaction. */
export type InlineProjector = (manager: EntityManager, events: StoredEvent[]) => Promise<void>;

export interface SqliteEventStoreOptions {
  inline?: InlineProjector;
  bus?: EventBus;
  clock?: () => Date;
  appVersion?: string;
}

interface EventRow {
  global_position: number;
  stream_id: string;
  stream_version: number;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  recorded_at: string;
  prev_hash: string;
  hash: string;
}

const COLUMNS =
  'global_position, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, prev_hash, hash';
const ROW_PLACEHOLDERS = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
/** 10 parameters a row: 90 rows stay under the 999 bound parameters older SQLite builds allow. */
const ROWS_PER_INSERT = 90;

interface Head {
  version: number;
  hash: string;
}

/** Streams whose head is kept in memory; the least recently written beyond this are read again when needed. */
const MAX_HEADS = 10_000;

export class SqliteEventStore implements EventStore {
  private readonly heads = new Map<string, Head>();
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
    // Validate everything before the transaction: a bad event must leave the log untouched.
    const validated = events.map((e) => ({ ...e, data: validateEvent(e.type, e.data) }));

    let stored: StoredEvent[];
    try {
      stored = await this.db.write(async (manager) => {
        const head = await this.headFor(streamId, expectedVersion);
        const recordedAt = this.clock().toISOString();
        let prevHash = head.hash;
        const out: StoredEvent[] = [];
        const rows: unknown[][] = [];
        for (const [i, event] of validated.entries()) {
          const metadata: EventMetadata = { ...event.metadata };
          if (this.options.appVersion && metadata.appVersion === undefined) metadata.appVersion = this.options.appVersion;
          const base = {
            streamId,
            streamVersion: head.version + i + 1,
            type: event.type,
            schemaVersion: schemaVersionOf(event.type),
            data: event.data,
            metadata,
            recordedAt: event.recordedAt ?? recordedAt,
          };
          // The hash covers what the event says, not where it lands in the global log: SQLite numbers the rows.
          const hash = eventHash(prevHash, base);
          out.push({ ...base, globalPosition: 0, prevHash, hash } as StoredEvent);
          rows.push([null, streamId, base.streamVersion, base.type, base.schemaVersion, JSON.stringify(base.data), JSON.stringify(metadata), base.recordedAt, prevHash, hash]);
          prevHash = hash;
        }
        // One statement per batch of rows rather than per event, within SQLite's limit on bound parameters. An
        // INTEGER PRIMARY KEY left NULL takes the next position, and the statement answers with the last one.
        for (let from = 0; from < rows.length; from += ROWS_PER_INSERT) {
          const chunk = rows.slice(from, from + ROWS_PER_INSERT);
          const last = (await this.insert(manager, streamId, expectedVersion, chunk)) as number;
          chunk.forEach((_, i) => (out[from + i].globalPosition = last - chunk.length + 1 + i));
        }
        await this.options.inline?.(manager, out);
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
  private async headFor(streamId: string, expectedVersion: number): Promise<Head> {
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

  /** One multi-row insert; a version another writer took first is a conflict, not a storage failure. */
  private async insert(manager: EntityManager, streamId: string, expectedVersion: number, rows: unknown[][]): Promise<unknown> {
    try {
      // One compiled statement per batch size: appends are mostly of one to a few events.
      const sql = `INSERT INTO events (${COLUMNS}) VALUES ${rows.map(() => ROW_PLACEHOLDERS).join(', ')}`;
      return (await this.db.statements.run(sql, rows.flat())).lastID;
    } catch (error) {
      if (!/SQLITE_CONSTRAINT/.test(String((error as Error).message))) throw error;
      const [row] = (await manager.query('SELECT MAX(stream_version) AS v FROM events WHERE stream_id = ?', [streamId])) as { v: number | null }[];
      throw new ConcurrencyError(streamId, expectedVersion, row?.v ?? 0);
    }
  }

  private remember(streamId: string, head: Head): void {
    this.heads.delete(streamId);
    this.heads.set(streamId, head);
    if (this.heads.size > MAX_HEADS) this.heads.delete(this.heads.keys().next().value as string);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const rows = (await this.db.reader.query(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND stream_version >= ? AND stream_version <= ? ORDER BY stream_version`,
      [streamId, options.from ?? 1, options.to ?? Number.MAX_SAFE_INTEGER],
    )) as EventRow[];
    return rows.map(toStoredEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const rows = (await this.db.reader.query(
      `SELECT ${COLUMNS} FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?`,
      [options.afterPosition ?? 0, options.limit ?? -1],
    )) as EventRow[];
    return rows.map(toStoredEvent);
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

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    globalPosition: row.global_position,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    type: row.type,
    schemaVersion: row.schema_version,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    recordedAt: row.recorded_at,
    prevHash: row.prev_hash,
    hash: row.hash,
  } as StoredEvent;
}
