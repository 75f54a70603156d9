import type { StoredEvent } from '../events/envelope';
import { GENESIS_HASH, eventHash } from '../events/event-hash';
import type { EventStore } from '../events/event-store';

export interface BrokenLink {
  streamId: string;
  streamVersion: number;
  globalPosition: number;
  reason: string;
}

export interface VerifyReport {
  streams: number;
  events: number;
  broken: BrokenLink[];
}

/** Checks one stream's chain: each event's hash covers its content and the previous event's hash. */
export function verifyStream(events: readonly StoredEvent[]): BrokenLink | null {
  let prev = GENESIS_HASH;
  for (const [i, e] of events.entries()) {
    const at = { streamId: e.streamId, streamVersion: e.streamVersion, globalPosition: e.globalPosition };
    if (e.streamVersion !== i + 1) return { ...at, reason: `expected stream version ${i + 1}` };
    if (e.prevHash !== prev) return { ...at, reason: 'its previous-hash does not match the event before it' };
    if (eventHash(prev, e) !== e.hash) return { ...at, reason: 'its content does not match its hash (changed after it was written)' };
    prev = e.hash;
  }
  return null;
}

/** Every stream in the log, read page by page; names the first broken link of each broken stream. */
export async function verifyLog(store: EventStore, pageSize = 2000): Promise<VerifyReport> {
  const streams = new Map<string, StoredEvent[]>();
  let after = 0;
  let count = 0;
  for (;;) {
    const page = await store.readAll({ afterPosition: after, limit: pageSize });
    if (page.length === 0) break;
    for (const e of page) {
      const list = streams.get(e.streamId) ?? [];
      list.push(e);
      streams.set(e.streamId, list);
    }
    count += page.length;
    after = page[page.length - 1].globalPosition;
  }
  const broken = [...streams.values()]
    .map((events) => verifyStream(events.sort((a, b) => a.streamVersion - b.streamVersion)))
    .filter((b): b is BrokenLink => b !== null);
  return { streams: streams.size, events: count, broken };
}
