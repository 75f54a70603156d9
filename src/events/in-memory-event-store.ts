import type { NewEvent, StoredEvent } from './envelope';
import { ConcurrencyError } from './errors';
import type { EventBus } from './event-bus';
import { chainEvents, pickFields, toPartialEvent, validateAll } from './event-chain';
import { GENESIS_HASH } from './event-hash';
import type { EventStore, ReadAllOptions, ReadStreamOptions } from './event-store';

/**
 * The event log in memory: the same contract as the SQLite store (the contract suite runs against both),
 * for replays that must not touch the real log, and for fast tests.
 */
export class InMemoryEventStore implements EventStore {
  protected readonly log: StoredEvent[] = [];

  constructor(
    private readonly options: { bus?: EventBus; clock?: () => Date } = {},
  ) {}

  async append(streamId: string, events: NewEvent[], expectedVersion: number): Promise<StoredEvent[]> {
    if (!streamId) throw new TypeError('streamId is required');
    if (events.length === 0) return [];
    const validated = validateAll(events);
    const stream = this.log.filter((e) => e.streamId === streamId);
    const actual = stream.length;
    if (actual !== expectedVersion) throw new ConcurrencyError(streamId, expectedVersion, actual);
    const recordedAt = (this.options.clock ?? (() => new Date()))().toISOString();
    const head = { version: actual, hash: stream[actual - 1]?.hash ?? GENESIS_HASH };
    const out = chainEvents(streamId, head, validated, { recordedAt }).map((e, i) => ({ ...e, globalPosition: this.log.length + i + 1 }));
    this.log.push(...out);
    this.options.bus?.publish(out);
    return structuredClone(out);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const from = options.from ?? 1;
    const to = options.to ?? Number.MAX_SAFE_INTEGER;
    return structuredClone(this.log.filter((e) => e.streamId === streamId && e.streamVersion >= from && e.streamVersion <= to));
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const after = this.log.filter((e) => e.globalPosition > (options.afterPosition ?? 0));
    const read = structuredClone(options.limit === undefined ? after : after.slice(0, options.limit));
    const fields = options.fields;
    if (!fields) return read;
    return read.map((e) =>
      toPartialEvent(
        { global_position: e.globalPosition, stream_id: e.streamId, stream_version: e.streamVersion, type: e.type, schema_version: e.schemaVersion, recorded_at: e.recordedAt },
        pickFields(e.data as Record<string, unknown>, fields, e.type),
      ),
    );
  }

  async streamVersion(streamId: string): Promise<number> {
    return this.log.filter((e) => e.streamId === streamId).length;
  }

  async lastPosition(): Promise<number> {
    return this.log.length;
  }

  async close(): Promise<void> {}
}
