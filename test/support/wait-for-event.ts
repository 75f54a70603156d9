import type { StoredEvent } from '../../src/events/envelope';
import type { App } from '../../src/server/app';

/** Resolves with the first event of the project (stored or live) that matches. */
export function waitForEvent(app: App, projectId: string, match: (e: StoredEvent) => boolean, timeoutMs = 20000): Promise<StoredEvent> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null, event?: StoredEvent) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      if (error) reject(error);
      else resolve(event as StoredEvent);
    };
    const timer = setTimeout(async () => {
      const types = (await app.store.readStream(projectId)).map((e) => e.type);
      finish(new Error(`no matching event within ${timeoutMs} ms; stream: ${types.join(', ')}`));
    }, timeoutMs);
    const unsubscribe = app.bus.subscribe((e) => {
      if (e.streamId === projectId && match(e)) finish(null, e);
    });
    app.store.readStream(projectId).then((events) => {
      const found = events.find(match);
      if (found) finish(null, found);
    }, (error: Error) => finish(error));
  });
}

export const ofType = (type: string) => (e: StoredEvent) => e.type === type;
export const ended = (e: StoredEvent) => ['ProjectCompleted', 'ProjectCancelled', 'ProjectFailed', 'ActionRequested'].includes(e.type);

/** The events of one type, typed. */
export function eventsOfType<T extends StoredEvent['type']>(events: readonly StoredEvent[], type: T): StoredEvent<T>[] {
  return events.filter((e) => e.type === type) as StoredEvent<T>[];
}
