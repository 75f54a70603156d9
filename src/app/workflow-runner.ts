import { ExponentialBackoff, halfJitterGenerator, type IBackoff } from 'cockatiel';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import { decideClaim, drivenElsewhere } from '../domain/work-claim';
import { type LaunchedWork, decideAhead, decideWorkEnded, isLaunchedWork, nextCommand, type WorkflowCommand } from '../domain/workflow';
import type { NewEvent, StoredEvent } from '../events/envelope';
import { ConcurrencyError } from '../events/errors';
import type { EventBus } from '../events/event-bus';
import type { EventStore } from '../events/event-store';
import { StorageError } from '../events/sqlite-database';
import type { AgentStepRunner } from './agent-step-runner';
import type { ProjectStates, ProjectView } from './project-states';
import type { TestStepRunner } from './test-step-runner';

export interface WorkflowRunnerDeps {
  store: EventStore;
  /** Each project's folded state, shared with the command handler: an evaluation reads only the new events. */
  states: ProjectStates;
  bus: EventBus;
  steps: Pick<AgentStepRunner, 'run'>;
  tests: Pick<TestStepRunner, 'run'>;
  mutationRuns: { run(projectId: string, command: Extract<WorkflowCommand, { type: 'RunMutation' }>): Promise<void> };
  logger: Logger;
  newId: () => string;
  /** Projects whose pipeline may still have work: resumed on start. */
  unfinishedProjects: () => Promise<string[]>;
  /**
   * Set when several instances share the log: launched work is claimed with a StepClaimed event before it runs, so
   * exactly one instance runs it, for a lease as long as the work may take.
   */
  claims?: { instance: string; leaseMs: (work: LaunchedWork) => number; now?: () => number };
}


/**
 * A failed evaluation (the log cannot be read or written: disk full, database locked) is tried again after
 * 0.5 s, 1 s, 2 s … up to a minute, jittered so that many projects do not retry in step.
 */
const EVALUATION_BACKOFF = new ExponentialBackoff({ initialDelay: 500, maxDelay: 60_000, generator: halfJitterGenerator });

/**
 * Drives every project's pipeline from events. Each committed event of a project schedules one evaluation of
 * that project, run one at a time per project: advance its folded state by the events since the last one, ask
 * the pure workflow for the next command, carry it out. Agent steps run outside the per-project queue (they wait
 * on the LLM) and are tracked so each runs once; after a restart, a step the log shows as started but unfinished
 * is simply run again.
 *
 * Work that ends without recording its outcome (it threw, or returned without one) is recorded as failed by
 * the next evaluation, so the workflow moves on instead of launching it again; an evaluation that fails is
 * tried again with backoff, so a project resumes by itself once its storage works again.
 */
export class WorkflowRunner {
  private readonly queues = new Map<string, ReturnType<typeof pLimit>>();
  /** Projects with an evaluation queued that has not started: one more event needs no second one. */
  private readonly awaitingEvaluation = new Set<string>();
  private readonly inFlight = new Map<string, { projectId: string; controller: AbortController; done: Promise<void> }>();
  /** Work that ended without an outcome, by `projectId/workId`: why, for the next evaluation to record. */
  private readonly ended = new Map<string, { projectId: string; message: string }>();
  /** Projects whose last evaluation failed: where their backoff is, and the timer of the next try. */
  private readonly retries = new Map<string, { backoff: IBackoff<unknown>; timer: NodeJS.Timeout }>();
  /** Projects waiting for another instance's lease on their work to pass. */
  private readonly leaseWaits = new Map<string, NodeJS.Timeout>();
  private unsubscribe: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly deps: WorkflowRunnerDeps) {}

  /** `only` limits the runner to one project, so a headless run beside a server never drives the server's projects. */
  async start(options: { only?: string } = {}): Promise<void> {
    const only = options.only;
    this.unsubscribe = this.deps.bus.subscribe((event) => {
      if (!only || event.streamId === only) this.onEvent(event);
    });
    const ids = only ? [only] : await this.deps.unfinishedProjects();
    if (ids.length) this.deps.logger.info({ projects: ids.length }, 'resuming unfinished projects');
    for (const id of ids) this.schedule(id);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    for (const retry of this.retries.values()) clearTimeout(retry.timer);
    this.retries.clear();
    for (const timer of this.leaseWaits.values()) clearTimeout(timer);
    this.leaseWaits.clear();
    for (const step of this.inFlight.values()) step.controller.abort();
    await Promise.allSettled([...this.inFlight.values()].map((s) => s.done));
    await Promise.allSettled([...this.queues.values()].map((q) => q(async () => undefined)));
  }

  /** Resolves once no evaluation is queued and no step is running: for CLIs and tests that wait for quiet. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || [...this.queues.values()].some((q) => q.activeCount + q.pendingCount > 0)) {
      await Promise.allSettled([...this.inFlight.values()].map((s) => s.done));
      await Promise.allSettled([...this.queues.values()].map((q) => q(async () => undefined)));
    }
  }

  /** Long work (an LLM call, a test run) runs outside the project's queue, once per step id. */
  private launch(projectId: string, stepId: string, work: (signal: AbortSignal) => Promise<void>): void {
    const key = `${projectId}/${stepId}`;
    if (this.inFlight.has(key)) return;
    const controller = new AbortController();
    this.deps.logger.info({ projectId, stepId }, 'step running');
    // Whatever the work recorded is in the log before it settles, so the next evaluation tells whether it
    // left an outcome; what it says is kept for the case it did not.
    const done = work(controller.signal)
      .then(
        () => {
          this.ended.set(key, { projectId, message: 'the step ended without recording an outcome' });
          return null;
        },
        (error: unknown) => {
          // The log could not take the work's events: the work is not at fault and runs again once the log works.
          if (error instanceof StorageError) return error;
          this.deps.logger.error({ projectId, stepId, err: error }, 'step crashed');
          this.ended.set(key, { projectId, message: error instanceof Error ? error.message : String(error) });
          return null;
        },
      )
      .then((storageFailure) => {
        this.inFlight.delete(key);
        if (storageFailure) this.retryLater(projectId, storageFailure);
        else this.schedule(projectId);
      });
    this.inFlight.set(key, { projectId, controller, done });
  }

  private onEvent(event: StoredEvent): void {
    this.deps.states.observe(event);
    // The project's log takes writes again: no need to wait for a retry's timer.
    this.recovered(event.streamId);
    if (event.type === 'ProjectCancelled') {
      for (const step of this.inFlight.values()) if (step.projectId === event.streamId) step.controller.abort();
    }
    this.schedule(event.streamId);
  }

  private schedule(projectId: string): void {
    if (this.stopped) return;
    let queue = this.queues.get(projectId);
    if (!queue) {
      queue = pLimit(1);
      this.queues.set(projectId, queue);
    }
    const q = queue;
    // An evaluation that has not started yet sees this event too: several events appended together need one. Counted
    // apart from the queue's length, which also holds what \`idle\` and \`stop\` wait behind.
    if (this.awaitingEvaluation.has(projectId)) return;
    this.awaitingEvaluation.add(projectId);
    void q(() => {
      this.awaitingEvaluation.delete(projectId);
      return this.evaluate(projectId);
    })
      .catch((error: unknown) => this.retryLater(projectId, error))
      .finally(() => {
        if (q.activeCount + q.pendingCount === 0 && this.queues.get(projectId) === q) this.queues.delete(projectId);
      });
  }

  /**
   * No event may come to wake a project whose evaluation or work failed (the log may be what failed), so a
   * timer does, later each time until the project's next event shows its log takes writes again.
   */
  private retryLater(projectId: string, error: unknown): void {
    if (this.stopped) return;
    const previous = this.retries.get(projectId);
    if (previous) clearTimeout(previous.timer);
    const backoff = (previous?.backoff ?? EVALUATION_BACKOFF.next()).next(undefined);
    const timer = setTimeout(() => this.schedule(projectId), backoff.duration);
    this.retries.set(projectId, { backoff, timer });
    this.deps.logger.error({ projectId, err: error, retryInMs: backoff.duration }, 'the project could not move on, trying again later');
  }

  private recovered(projectId: string): void {
    const retry = this.retries.get(projectId);
    if (!retry) return;
    clearTimeout(retry.timer);
    this.retries.delete(projectId);
    this.deps.logger.info({ projectId }, 'the project moves again');
  }

  /**
   * With one instance, the held state is the log as far as this process knows it: every append refuses a stale
   * version, and a refusal reads the tail (`append`). With several, work is launched only on the log's own word
   * about who holds it, so the tail is read each time.
   */
  private async evaluate(projectId: string): Promise<void> {
    if (this.stopped) return;
    const view = this.deps.claims ? await this.deps.states.current(projectId) : await this.deps.states.latest(projectId);
    const state = view.workflow;
    const command = nextCommand(state);
    const workId = !command || !isLaunchedWork(command) ? null : command.type === 'RunStep' ? command.stepId : command.runId;
    const key = `${projectId}/${workId}`;
    // Only the work the workflow still waits for matters; what other ended work said is moot.
    for (const [k, e] of this.ended) if (e.projectId === projectId && k !== key) this.ended.delete(k);
    if (!command) return;
    const claims = this.deps.claims;
    const now = (claims?.now ?? Date.now)();
    const elsewhere = claims ? drivenElsewhere(state, claims.instance, now) : null;
    if (elsewhere) return this.waitForLease(projectId, elsewhere.untilMs, now, 'the project is driven by another instance, waiting for its lease');
    if (isLaunchedWork(command)) {
      const ended = this.ended.get(key);
      if (ended) {
        this.deps.logger.warn({ projectId, workId, reason: ended.message }, 'recording work that ended without an outcome');
        if (await this.append(projectId, view, decideWorkEnded(command, ended.message))) this.ended.delete(key);
      } else if (!(await this.holds(projectId, view, command, workId!))) {
        return;
      } else if (command.type === 'RunStep') {
        this.launch(projectId, command.stepId, (signal) => this.deps.steps.run(projectId, command, signal));
      } else if (command.type === 'RunTests') {
        this.launch(projectId, command.runId, () => this.deps.tests.run(projectId, command));
      } else {
        this.launch(projectId, command.runId, () => this.deps.mutationRuns.run(projectId, command));
      }
      return;
    }
    // What the decisions lead to (the next agent's step) starts now, not after the bus comes round again.
    const events = decideAhead(command, state, this.deps.newId);
    if (events.length > 0 && (await this.append(projectId, view, events))) await this.evaluate(projectId);
  }

  /**
   * Whether this instance may run the work now. With claims off (one instance) it always may; otherwise it claims
   * work nobody holds (and goes on from its claim), or waits for another holder's lease to pass.
   */
  private async holds(projectId: string, view: ProjectView, work: LaunchedWork, workId: string): Promise<boolean> {
    const claims = this.deps.claims;
    if (!claims) return true;
    const now = (claims.now ?? Date.now)();
    const decision = decideClaim(view.workflow, workId, claims.instance, now, claims.leaseMs(work));
    if (decision.kind === 'run') return true;
    if (decision.kind === 'claim') {
      if (await this.append(projectId, view, [decision.event])) await this.evaluate(projectId);
      return false;
    }
    this.waitForLease(projectId, decision.untilMs, now, 'work held by another instance, waiting for its lease');
    return false;
  }

  /** Looks at the project again once another instance's lease has passed, unless an event comes first. */
  private waitForLease(projectId: string, untilMs: number, now: number, why: string): void {
    if (this.leaseWaits.has(projectId)) return;
    this.deps.logger.info({ projectId, untilMs }, why);
    const timer = setTimeout(() => {
      this.leaseWaits.delete(projectId);
      this.schedule(projectId);
    }, untilMs - now + 1);
    this.leaseWaits.set(projectId, timer);
  }

  /** False when someone else appended first. */
  private async append(projectId: string, view: ProjectView, events: NewEvent[]): Promise<boolean> {
    if (events.length === 0) return true;
    try {
      const stored = await this.deps.store.append(
        projectId,
        events.map((e) => ({ ...e, metadata: { actor: 'workflow', correlationId: projectId, causationId: String(view.lastPosition) } })),
        view.version,
      );
      this.deps.states.advance(projectId, stored);
      return true;
    } catch (error) {
      // Someone else appended first (a person answering, a step finishing, another process): the project is looked
      // at again over the tail.
      if (!(error instanceof ConcurrencyError)) throw error;
      this.deps.states.markBehind(projectId);
      this.schedule(projectId);
      return false;
    }
  }
}
