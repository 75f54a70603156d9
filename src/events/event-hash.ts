import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { StoredEvent } from './envelope';

export const GENESIS_HASH = '0'.repeat(64);

type HashedFields = Pick<StoredEvent, 'streamId' | 'streamVersion' | 'type' | 'schemaVersion' | 'data' | 'metadata' | 'recordedAt'>;

/** Chains each event to the one before it in its stream, so an edit behind the store's back breaks the chain. */
export function eventHash(prevHash: string, event: HashedFields): string {
  const content = canonicalJson({
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}
