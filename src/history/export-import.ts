import { DomainError } from '../domain/domain-error';
import type { NewEvent, StoredEvent } from '../events/envelope';
import type { EventStore } from '../events/event-store';
import { copyStream } from './stream-copy';
import { verifyStream } from './verify-chain';

/** One JSON object per line: the full envelope of every event of the project, hashes included. */
export function exportJsonLines(events: readonly StoredEvent[]): string {
  return events.map((e) => JSON.stringify(e)).join('\n') + '\n';
}

export interface ImportOptions {
  /** Import under this stream id instead of the original (for a database that already holds it). */
  as?: string;
}

/**
 * Loads an exported stream into this log. The file must be one whole, unbroken stream: versions 1…n, a hash
 * chain that checks out. Its stream id must be new here unless it is imported under another one.
 * Events keep their recorded time and metadata, so the read models come out the same as at the source.
 */
export async function importJsonLines(store: EventStore, text: string, newId: () => string, options: ImportOptions = {}): Promise<{ streamId: string; events: number }> {
  const events = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as StoredEvent;
      } catch {
        throw new DomainError('BAD_USER_INPUT', `line ${i + 1} is not JSON`);
      }
    });
  if (events.length === 0) throw new DomainError('BAD_USER_INPUT', 'the file holds no events');
  const source = events[0].streamId;
  if (events.some((e) => e.streamId !== source)) throw new DomainError('BAD_USER_INPUT', 'the file mixes events of several streams');
  const broken = verifyStream(events);
  if (broken) throw new DomainError('BAD_USER_INPUT', `the file is not an intact stream: event ${broken.streamVersion} ${broken.reason}`);
  const target = options.as ?? source;
  if ((await store.streamVersion(target)) !== 0) {
    throw new DomainError('CONFLICT', `stream ${target} already exists here; import it under another id (--as <id> or --rename)`);
  }
  const copies: NewEvent[] =
    target === source
      ? events.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata, recordedAt: e.recordedAt }) as NewEvent)
      : copyStream(events, target, newId);
  await store.append(target, copies, 0);
  return { streamId: target, events: copies.length };
}
