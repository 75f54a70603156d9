import { ulid } from 'ulid';
import type { EventMetadata, NewEvent, StoredEvent } from '../events/envelope';
import { ConcurrencyError } from '../events/errors';
import type { EventStore } from '../events/event-store';
import { decide, type ProjectCommand } from '../domain/project';
import { decideSteering, type SteeringCommand } from '../domain/steering';
import { decideOutcome, type WorkOutcome } from '../domain/work-outcome';
import { type ProjectView, ProjectStates } from './project-states';

const MAX_CONCURRENCY_RETRIES = 5;

/**
 * Runs a command against a project's stream: decide over its folded states, append with the version they
 * were folded to. A concurrent append makes the decision stale, so it is decided again over the new events
 * rather than overwritten.
 */
export class CommandHandler {
  readonly states: ProjectStates;

  constructor(
    private readonly store: EventStore,
    readonly newId: () => string = ulid,
    states?: ProjectStates,
  ) {
    this.states = states ?? new ProjectStates(store);
  }

  /** A person's or a client's command, decided over the project's state. */
  execute(streamId: string, command: ProjectCommand, metadata: EventMetadata = {}): Promise<StoredEvent[]> {
    return this.run(streamId, (view) => decide(command, view.project), metadata);
  }

  /** A person steering the run (breakpoints, resume, an edited output), decided over both states. */
  steer(streamId: string, command: SteeringCommand, metadata: EventMetadata = {}): Promise<StoredEvent[]> {
    return this.run(streamId, (view) => decideSteering(command, view.project, view.workflow), metadata);
  }

  /**
   * What ended work reports, decided over the workflow's state: a report the workflow no longer waits for appends
   * nothing. Decided first over the state this process holds, without reading the stream: a step's report counts
   * only while its step runs, which a view that lags the log shows as well as the log does (a step stops running
   * only by later events); an append from a lagging view is refused, and decided again over the tail. Several
   * reports are decided over the same state and appended together.
   */
  report(streamId: string, outcome: WorkOutcome | readonly WorkOutcome[], metadata: EventMetadata = {}): Promise<StoredEvent[]> {
    const outcomes = Array.isArray(outcome) ? outcome : [outcome as WorkOutcome];
    return this.run(streamId, (view) => outcomes.flatMap((o) => decideOutcome(o, view.workflow)), metadata, { held: true });
  }

  private async run(streamId: string, decision: (view: ProjectView) => NewEvent[], metadata: EventMetadata, from = { held: false }): Promise<StoredEvent[]> {
    for (let attempt = 0; ; attempt++) {
      const view = attempt === 0 && from.held ? await this.states.latest(streamId) : await this.states.current(streamId);
      const events = decision(view).map((e) => ({ ...e, metadata: { ...metadata, ...e.metadata } }));
      try {
        const stored = await this.store.append(streamId, events, view.version);
        this.states.advance(streamId, stored);
        return stored;
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= MAX_CONCURRENCY_RETRIES) throw error;
      }
    }
  }
}
