import type { StoredEvent } from '../../src/events/envelope';
import { EventBus } from '../../src/events/event-bus';

const event = (streamId: string, streamVersion: number, type = 'MessageSent'): StoredEvent =>
  ({ streamId, streamVersion, type, globalPosition: streamVersion, data: {}, metadata: {}, recordedAt: '', schemaVersion: 1, prevHash: '', hash: '' }) as unknown as StoredEvent;
const seen = (events: StoredEvent[]): string[] => events.map((e) => `${e.streamId}#${e.streamVersion}`);

describe('the event bus hands each listener only what it asked for', () => {
  it('gives a stream listener its stream in order, and nothing of other streams', () => {
    const bus = new EventBus();
    const a: StoredEvent[] = [];
    const all: StoredEvent[] = [];
    bus.subscribeToStream('a', (e) => a.push(e));
    bus.subscribe((e) => all.push(e));
    bus.publish([event('a', 1), event('b', 1), event('a', 2)]);
    expect(seen(a)).toEqual(['a#1', 'a#2']);
    expect(seen(all)).toEqual(['a#1', 'b#1', 'a#2']);
  });

  it('gives a type listener each event of its types once, whatever its stream', () => {
    const bus = new EventBus();
    const got: StoredEvent[] = [];
    bus.subscribeToTypes(['ProjectCreated', 'ProjectCreated', 'ProjectCompleted'], (e) => got.push(e));
    bus.publish([event('a', 1, 'ProjectCreated'), event('b', 1, 'MessageSent'), event('b', 2, 'ProjectCompleted')]);
    expect(seen(got)).toEqual(['a#1', 'b#2']);
  });

  it('stops after unsubscribing, even from inside a publish, and keeps the other listeners of the stream', () => {
    const bus = new EventBus();
    const first: StoredEvent[] = [];
    const second: StoredEvent[] = [];
    const stop = bus.subscribeToStream('a', (e) => {
      first.push(e);
      stop();
    });
    bus.subscribeToStream('a', (e) => second.push(e));
    bus.publish([event('a', 1), event('a', 2)]);
    expect(seen(first)).toEqual(['a#1']);
    expect(seen(second)).toEqual(['a#1', 'a#2']);
  });

  it('counts the same function subscribed twice as two subscriptions, each ended on its own', () => {
    const bus = new EventBus();
    const got: StoredEvent[] = [];
    const listener = (e: StoredEvent) => got.push(e);
    const stopOne = bus.subscribeToStream('a', listener);
    bus.subscribeToStream('a', listener);
    bus.publish([event('a', 1)]);
    stopOne();
    bus.publish([event('a', 2)]);
    expect(seen(got)).toEqual(['a#1', 'a#1', 'a#2']);
  });
});
