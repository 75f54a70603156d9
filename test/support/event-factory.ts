import type { EventType, EventData, ProjectSettings } from '../../src/events/catalog';
import type { StoredEvent } from '../../src/events/envelope';

/** Builds the stored events of one stream for given/when/then tests, numbering versions and positions. */
export function streamOf(streamId: string, startAt = 1) {
  let version = startAt - 1;
  return function event<T extends EventType>(type: T, data: EventData<T>, recordedAt = `2026-01-01T00:00:${String(version + 1).padStart(2, '0')}.000Z`): StoredEvent<T> {
    version += 1;
    return {
      globalPosition: version,
      streamId,
      streamVersion: version,
      type,
      schemaVersion: 1,
      data,
      metadata: {},
      recordedAt,
      hash: `h${version}`,
      prevHash: `h${version - 1}`,
    };
  };
}

export const SETTINGS: ProjectSettings = { confidenceThreshold: 0.7, maxAttempts: 3, maxRepairRounds: 3, tokenBudget: null, model: null };
