import type { NewEvent, StoredEvent } from './envelope';

export interface ReadStreamOptions {
  /** First stream version to return (inclusive, default 1). */
  from?: number;
  /** Last stream version to return (inclusive, default the end). */
  to?: number;
}

export interface ReadAllOptions {
  /** Return events after this global position (default 0: from the start). */
  afterPosition?: number;
  limit?: number;
  /**
   * A reader that needs only some of each event (a rebuild): per type, the fields of `data` it reads; the database
   * leaves the others out, so large ones (prompts, answers) are neither sent nor parsed. Types not named come whole.
   * Such a reader reads no metadata and no hashes either: they come as {} and ''.
   */
  fields?: DataFields;
}

/** Per type of event, the fields of its `data` a reader needs (see ReadAllOptions.fields). */
export type DataFields = ReadonlyMap<string, readonly string[]>;

/**
 * The event log port. Every backend (SQLite today) passes the same contract suite in test/contract.
 * `expectedVersion` is the stream's current version as the caller saw it (0 for a new stream);
 * a mismatch throws ConcurrencyError and writes nothing.
 */
export interface EventStore {
  append(streamId: string, events: NewEvent[], expectedVersion: number): Promise<StoredEvent[]>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  streamVersion(streamId: string): Promise<number>;
  lastPosition(): Promise<number>;
  close(): Promise<void>;
}
