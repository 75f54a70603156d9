import type { StoredEvent } from './envelope';

export type EventListener = (event: StoredEvent) => void;

/**
 * In-process fan-out of committed events, in log order. Listeners run synchronously and must not throw;
 * anything slow (agent runs, network pushes) queues its own work.
 *
 * A listener may ask for every event, for one stream's, or for some types': an event then costs one look-up per
 * stream and type rather than one call per open subscription, so a thousand browser tabs on other projects add
 * nothing to an append.
 */
export class EventBus {
  private readonly everything = new Set<EventListener>();
  private readonly byStream = new Map<string, Set<EventListener>>();
  private readonly byType = new Map<string, Set<EventListener>>();

  publish(events: readonly StoredEvent[]): void {
    for (const event of events) {
      for (const listener of [...this.everything]) listener(event);
      for (const listener of [...(this.byStream.get(event.streamId) ?? [])]) listener(event);
      for (const listener of [...(this.byType.get(event.type) ?? [])]) listener(event);
    }
  }

  /** Every event of every stream. */
  subscribe(listener: EventListener): () => void {
    this.everything.add(listener);
    return () => this.everything.delete(listener);
  }

  /** Only the events of one stream. */
  subscribeToStream(streamId: string, listener: EventListener): () => void {
    return EventBus.join(this.byStream, [streamId], listener);
  }

  /** Only events of these types, of any stream; an event of several listed types is still heard once. */
  subscribeToTypes(types: Iterable<string>, listener: EventListener): () => void {
    return EventBus.join(this.byType, [...new Set(types)], listener);
  }

  private static join(index: Map<string, Set<EventListener>>, keys: readonly string[], listener: EventListener): () => void {
    // A wrapper per subscription, so the same function subscribed twice is two subscriptions.
    const own: EventListener = (event) => listener(event);
    for (const key of keys) {
      const set = index.get(key) ?? new Set<EventListener>();
      set.add(own);
      index.set(key, set);
    }
    return () => {
      for (const key of keys) {
        const set = index.get(key);
        set?.delete(own);
        if (set?.size === 0) index.delete(key);
      }
    };
  }
}
