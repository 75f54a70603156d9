import { schemaVersionOf, validateEvent } from './catalog';
import type { EventMetadata, NewEvent, StoredEvent } from './envelope';
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
