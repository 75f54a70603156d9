import { schemaVersionOf, validateEvent } from './catalog';
import type { EventMetadata, NewEvent, StoredEvent } from './envelope';
import type { DataFields } from './event-store';
import { eventHash } from './event-hash';

/** A stream's last version and hash: where the next events chain on. */
export interface StreamHead {
  version: number;
  hash: string;
}

/** Validates every event before anything is written: a bad event must leave the log untouched. */
export function validateAll(events: readonly NewEvent[]): NewEvent[] {
  return events.map((e) => ({ ...e, data: validateEvent(e.type, e.data) }));
}

/**
 * The events as the log will hold them after `head`: numbered on from its version and each hashed over the one
 * before. Global positions are the store's to give (0 until then): the hash covers what an event says, not where it lands.
 */
export function chainEvents(
  streamId: string,
  head: StreamHead,
  validated: readonly NewEvent[],
  options: { recordedAt: string; appVersion?: string },
): StoredEvent[] {
  let prevHash = head.hash;
  return validated.map((event, i) => {
    const metadata: EventMetadata = { ...event.metadata };
    if (options.appVersion && metadata.appVersion === undefined) metadata.appVersion = options.appVersion;
    // Written out rather than spread from the hashed fields: a spread with more properties costs microseconds in V8.
    const stored = {
      streamId,
      streamVersion: head.version + i + 1,
      type: event.type,
      schemaVersion: schemaVersionOf(event.type),
      data: event.data,
      metadata,
      recordedAt: event.recordedAt ?? options.recordedAt,
      globalPosition: 0,
      prevHash,
      hash: '',
    } as StoredEvent;
    stored.hash = eventHash(prevHash, stored);
    prevHash = stored.hash;
    return stored;
  });
}

/** A row of the log as SQL returns it; PostgreSQL answers a BIGINT as a string. */
export interface EventRow {
  global_position: number | string;
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

export const EVENT_COLUMNS = 'global_position, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, prev_hash, hash';

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    globalPosition: Number(row.global_position),
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

/** The columns a reader of only some fields reads (ReadAllOptions.fields): neither metadata nor hashes. */
export const PARTIAL_EVENT_COLUMNS = 'global_position, stream_id, stream_version, type, schema_version, recorded_at';

/** An event read with only some fields of its data: metadata and hashes left out, as {} and ''. */
export function toPartialEvent(row: Omit<EventRow, 'data' | 'metadata' | 'prev_hash' | 'hash'>, data: unknown): StoredEvent {
  return {
    globalPosition: Number(row.global_position),
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    type: row.type,
    schemaVersion: row.schema_version,
    data,
    metadata: {},
    recordedAt: row.recorded_at,
    prevHash: '',
    hash: '',
  } as StoredEvent;
}

/** A field name as SQL may quote it in a literal or a JSON path: a plain identifier, as every payload field is. */
export function fieldName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new TypeError(`not a field name: ${JSON.stringify(name)}`);
  return name;
}

/** A type of event as an SQL literal. */
export const typeLiteral = (type: string): string => `'${type.replace(/'/g, "''")}'`;

/** `data` with only the named fields, those it has: what a store with no SQL to pick them does. */
export function pickFields(data: Record<string, unknown>, fields: DataFields, type: string): Record<string, unknown> {
  const keys = fields.get(type);
  if (!keys) return data;
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (Object.prototype.hasOwnProperty.call(data, key)) picked[key] = data[key];
  return picked;
}
