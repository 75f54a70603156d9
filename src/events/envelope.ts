import type { EventType, EventData } from './catalog';

export interface EventMetadata {
  /** Groups every event caused, directly or not, by one command. */
  correlationId?: string;
  /** The event or command that caused this one. */
  causationId?: string;
  /** Who caused it: `user`, `system`, an agent name, `cli`… */
  actor?: string;
  appVersion?: string;
  /** Set on events copied into a fork or an import: where they came from. */
  origin?: { streamId: string; streamVersion: number; globalPosition: number };
  [key: string]: unknown;
}

/** An event as a decider produces it, before the store gives it a place in the log. */
export interface NewEvent<T extends EventType = EventType> {
  type: T;
  data: EventData<T>;
  metadata?: EventMetadata;
  /** Only when copying history (import, fork): the time the event was first recorded. */
  recordedAt?: string;
}

/** An event as it is stored: the envelope of ARCHITECTURE.md. */
export interface StoredEvent<T extends EventType = EventType> {
  globalPosition: number;
  streamId: string;
  streamVersion: number;
  type: T;
  schemaVersion: number;
  data: EventData<T>;
  metadata: EventMetadata;
  recordedAt: string;
  /** sha256 over the previous event's hash in the stream and this event's content. */
  hash: string;
  prevHash: string;
}

export type AnyStoredEvent = { [T in EventType]: StoredEvent<T> }[EventType];
