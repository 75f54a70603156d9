import type { StoredEvent } from './envelope';
import type { EventBus } from './event-bus';
import type { EventStore } from './event-store';
import { LiveQueue } from './live-queue';

/**
 * Every event of a stream after `afterVersion`: first the stored ones (catch-up), then live ones, with no gap
 * and no duplicate at the seam. It listens to the bus before reading the log, so an event committed while the
 * catch-up is read is buffered, and anything at or below the last version already sent is dropped.
 */
export function subscribeToStream(
  store: EventStore,
  bus: EventBus,
  streamId: string,
  afterVersion: number,
): AsyncIterableIterator<StoredEvent> {
  let lastSent = afterVersion;
  let caughtUp = false;
  const pending: StoredEvent[] = [];
  const queue = new LiveQueue<StoredEvent>(() => unsubscribe());
  const send = (event: StoredEvent) => {
    if (event.streamVersion <= lastSent) return;
    lastSent = event.streamVersion;
    queue.push(event);
  };
  const unsubscribe = bus.subscribeToStream(streamId, (event) => {
    if (caughtUp) send(event);
    else pending.push(event);
  });
  store.readStream(streamId, { from: afterVersion + 1 }).then(
    (stored) => {
      stored.forEach(send);
      pending.forEach(send);
      pending.length = 0;
      caughtUp = true;
    },
    (error) => queue.fail(error),
  );
  return queue;
}

/** Live events of one stream only, with no catch-up. The caller may push its own first item. */
export function subscribeToLiveStream(bus: EventBus, streamId: string): LiveQueue<Pick<StoredEvent, 'streamId'>> {
  const queue = new LiveQueue<Pick<StoredEvent, 'streamId'>>(() => unsubscribe());
  const unsubscribe = bus.subscribeToStream(streamId, (event) => queue.push(event));
  return queue;
}

/** Live events of any stream whose type is one of `types`: what list views watch. */
export function subscribeToTypes(bus: EventBus, types: ReadonlySet<string>): LiveQueue<Pick<StoredEvent, 'streamId'>> {
  const queue = new LiveQueue<Pick<StoredEvent, 'streamId'>>(() => unsubscribe());
  const unsubscribe = bus.subscribeToTypes(types, (event) => queue.push(event));
  return queue;
}
