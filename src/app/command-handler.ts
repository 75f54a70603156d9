import { ulid } from 'ulid';
import type { EventMetadata, NewEvent, StoredEvent } from '../events/envelope';
import { ConcurrencyError } from '../events/errors';
import type { EventStore } from '../events/event-store';
import { decide, foldProject, type ProjectCommand, type ProjectState } from '../domain/project';

const MAX_CONCURRENCY_RETRIES = 5;

/**
 * Runs a command against a project's stream: read, fold, decide, append with the version it read.
 * A concurrent append makes the decision stale, so it is re-read and decided again rather than overwritten.
 */
export class CommandHandler {
  constructor(
    private readonly store: EventStore,
    readonly newId: () => string = ulid,
  ) {}

  async execute(streamId: string, command: ProjectCommand, metadata: EventMetadata = {}): Promise<StoredEvent[]> {
    return this.executeWith(streamId, (state) => decide(command, state), metadata);
  }

  /** The general form: any pure decision over the project's state (the workflow uses it for its own commands). */
  async executeWith(
    streamId: string,
    decision: (state: ProjectState, events: readonly StoredEvent[]) => NewEvent[],
    metadata: EventMetadata = {},
  ): Promise<StoredEvent[]> {
    for (let attempt = 0; ; attempt++) {
      const history = await this.store.readStream(streamId);
      const state = foldProject(history);
      const events = decision(state, history).map((e) => ({ ...e, metadata: { ...metadata, ...e.metadata } }));
      try {
        return await this.store.append(streamId, events, state.version);
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= MAX_CONCURRENCY_RETRIES) throw error;
      }
    }
  }
}
