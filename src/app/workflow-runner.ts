import pLimit from 'p-limit';
import type { Logger } from 'pino';
import { decideWorkflow, foldWorkflow, nextCommand } from '../domain/workflow';
import type { StoredEvent } from '../events/envelope';
import { ConcurrencyError } from '../events/errors';
import type { EventBus } from '../events/event-bus';
import type { EventStore } from '../events/event-store';
import type { AgentStepRunner } from './agent-step-runner';
import type { TestStepRunner } from './test-step-runner';

export interface WorkflowRunnerDeps {
  store: EventStore;
  bus: EventBus;
  steps: AgentStepRunner;
  tests: TestStepRunner;
  logger: Logger;
  newId: () => string;
  /** Projects whose pipeline may still have work: resumed on start. */
  unfinishedProjects: () => Promise<string[]>;
}

/**
 * Drives every project's pipeline from events. Each committed event of a project schedules one evaluation of
 * that project, run one at a time per project: fold the stream, ask the pure workflow for the next command,
 * carry it out. Agent steps run outside the per-project queue (they wait on the LLM) and are tracked so each
 * runs once; after a restart, a step the log shows as started but unfinished is simply run again.
 */
export class WorkflowRunner {
  private readonly queues = new Map<string, ReturnType<typeof pLimit>>();
  private readonly inFlight = new Map<string, { projectId: string; controller: AbortController; done: Promise<void> }>();
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
    const done = work(controller.signal)
      .catch((error: unknown) => this.deps.logger.error({ projectId, stepId, err: error }, 'step crashed'))
      .finally(() => {
        this.inFlight.delete(key);
        this.schedule(projectId);
      });
    this.inFlight.set(key, { projectId, controller, done });
  }

  private onEvent(event: StoredEvent): void {
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
    void q(() => this.evaluate(projectId))
      .catch((error: unknown) => this.deps.logger.error({ projectId, err: error }, 'workflow evaluation failed'))
      .finally(() => {
        if (q.activeCount + q.pendingCount === 0 && this.queues.get(projectId) === q) this.queues.delete(projectId);
      });
  }

  private async evaluate(projectId: string): Promise<void> {
    if (this.stopped) return;
    const history = await this.deps.store.readStream(projectId);
    const state = foldWorkflow(projectId, history);
    const command = nextCommand(state);
    if (!command) return;
    if (command.type === 'RunStep') {
      this.launch(projectId, command.stepId, (signal) => this.deps.steps.run(projectId, command, signal));
      return;
    }
    if (command.type === 'RunTests') {
      this.launch(projectId, command.runId, () => this.deps.tests.run(projectId, command));
      return;
    }
    const events = decideWorkflow(command, state, this.deps.newId);
    if (events.length === 0) return;
    const last = history[history.length - 1];
    try {
      await this.deps.store.append(
        projectId,
        events.map((e) => ({ ...e, metadata: { actor: 'workflow', correlationId: projectId, causationId: String(last.globalPosition) } })),
        state.version,
      );
    } catch (error) {
      // Someone else appended first (a person answering, a step finishing): their event schedules a fresh look.
      if (!(error instanceof ConcurrencyError)) throw error;
    }
  }
}
