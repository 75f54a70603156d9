import { EventEmitter } from 'node:events';
import type { StoredEvent } from './envelope';

export type EventListener = (event: StoredEvent) => void;

/**
 * In-process fan-out of committed events, in log order. Listeners run synchronously and must not throw;
 * anything slow (agent runs, network pushes) queues its own work.
 */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open subscription is a listener; hundreds of browser tabs are normal.
    this.emitter.setMaxListeners(0);
  }

  publish(events: readonly StoredEvent[]): void {
    for (const event of events) this.emitter.emit('event', event);
  }

  subscribe(listener: EventListener): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
