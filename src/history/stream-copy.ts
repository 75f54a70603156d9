import type { AnyStoredEvent, NewEvent, StoredEvent } from '../events/envelope';

/**
 * Copies a stream's events under a new stream id, for a fork or a renamed import. Ids that are unique across
 * the log are renamed so the copy never collides with the original: the old stream id wherever it is
 * embedded in an id (message ids, test run ids), and every action id. Each copy names where it came from.
 */
export function copyStream(events: readonly StoredEvent[], newStreamId: string, newId: () => string): NewEvent[] {
  const oldId = events[0]?.streamId;
  const actionIds = new Map<string, string>();
  const renameAction = (id: string) => {
    if (!actionIds.has(id)) actionIds.set(id, newId());
    return actionIds.get(id) as string;
  };
  return events.map((stored) => {
    const e = stored as AnyStoredEvent;
    let data: Record<string, unknown> = replaceEmbedded(e.data, oldId, newStreamId) as Record<string, unknown>;
    if ((e.type === 'ActionRequested' || e.type === 'ActionResolved') && typeof data.actionId === 'string') {
      data = { ...data, actionId: renameAction(e.data.actionId) };
    }
    return {
      type: e.type,
      data,
      metadata: { ...e.metadata, origin: { streamId: e.streamId, streamVersion: e.streamVersion, globalPosition: e.globalPosition } },
      recordedAt: e.recordedAt,
    } as NewEvent;
  });
}

/** The old stream id where it is an id or an id's prefix (`<id>:…`), never inside prose or code. */
export function replaceEmbedded(value: unknown, oldId: string | undefined, newIdValue: string): unknown {
  if (!oldId) return value;
  if (typeof value === 'string') {
    if (value === oldId) return newIdValue;
    return value.startsWith(`${oldId}:`) ? newIdValue + value.slice(oldId.length) : value;
  }
  if (Array.isArray(value)) return value.map((v) => replaceEmbedded(v, oldId, newIdValue));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceEmbedded(v, oldId, newIdValue)]));
  }
  return value;
}
