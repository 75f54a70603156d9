import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PQueue from 'p-queue';
import pino from 'pino';
import { AgentStepRunner } from '../app/agent-step-runner';
import { CommandHandler } from '../app/command-handler';
import { type ArtifactLimits, DEFAULT_ARTIFACT_LIMITS } from '../domain/artifact-rules';
import { decideWorkflow, foldWorkflow, nextCommand as todaysNextCommand, type WorkflowState, type WorkflowCommand } from '../domain/workflow';
import type { AnyStoredEvent, NewEvent, StoredEvent } from '../events/envelope';
import { ConcurrencyError } from '../events/errors';
import { InMemoryEventStore } from '../events/in-memory-event-store';
import { PriceTable } from '../llm/price-table';
import { ReplayProvider } from '../llm/replay-provider';
import { llmRetryPolicy } from '../llm/retry-policy';
import { Workspaces } from '../workspace/workspace';
import { isEditStep } from '../domain/steering';
import { compareEvents, type Divergence } from './divergence';

export type { Divergence } from './divergence';

export interface ReplayResult {
  identical: boolean;
  compared: number;
  divergence: Divergence | null;
}

export interface ReplayOptions {
  /** Today's workflow rule; a test swaps it to prove the replay notices a change. */
  nextCommand?: (state: WorkflowState) => WorkflowCommand | null;
  limits?: ArtifactLimits;
  maxCalls?: number;
}

const PERSONS_EVENTS = new Set(['ProjectCreated', 'ChangeRequested', 'ActionResolved', 'StepRetryRequested', 'ProjectForked', 'BreakpointsSet', 'ProjectResumed', 'AgentOutputEdited', 'ArtifactEditedByPerson']);

/**
 * The history a fork copied: everything before its ProjectForked was decided in another run. A renamed import
 * copies too, but it is this project's own run, so without a ProjectForked nothing counts as inherited.
 */
function inheritedUpTo(recorded: readonly StoredEvent[]): number {
  return recorded.find((e) => e.type === 'ProjectForked')?.streamVersion ?? 0;
}

/** What a person (or the system outside the workflow, or another run) did: taken from the recording, never decided again. */
function isExternal(event: StoredEvent, inherited: number): boolean {
  if (event.streamVersion < inherited) return true;
  if (PERSONS_EVENTS.has(event.type)) return true;
  // The files a person's edit writes are part of that edit.
  if ((event.type === 'ArtifactWritten' || event.type === 'ArtifactDeleted') && isEditStep(String((event.data as { stepId?: unknown }).stepId))) return true;
  // Which instance took a piece of work depended on the deployment, not on the code being replayed.
  if (event.type === 'StepClaimed') return true;
  // A step that passed its deadline or crashed depended on the clock or the machine, not on the code being replayed.
  if (event.type === 'AgentOutputRejected' && ['timed_out', 'crashed'].includes(String((event.data as { reason?: unknown }).reason))) return true;
  return event.type === 'ProjectCancelled' && event.metadata.actor !== 'workflow';
}

const asNew = (e: StoredEvent): NewEvent => ({ type: e.type, data: e.data, metadata: e.metadata, recordedAt: e.recordedAt }) as NewEvent;

/** A log in memory that slips the recording's outside events in at the versions where they happened. */
class ReplayStore extends InMemoryEventStore {
  private readonly inherited: number;

  constructor(private readonly recorded: readonly StoredEvent[]) {
    super();
    this.inherited = inheritedUpTo(recorded);
  }

  async injectDue(streamId: string): Promise<void> {
    for (;;) {
      const version = await this.streamVersion(streamId);
      const due = this.recorded[version];
      if (!due || !isExternal(due, this.inherited)) return;
      await super.append(streamId, [asNew(due)], version);
    }
  }

  override async append(streamId: string, events: NewEvent[], expectedVersion: number): Promise<StoredEvent[]> {
    await this.injectDue(streamId);
    return super.append(streamId, events, expectedVersion);
  }
}

/**
 * Runs today's workflow and agents again over a project's recording — LLM answers, test and mutation results and people's
 * answers all come from the log, so nothing touches the network — and compares, event by event, what it
 * would append with what was appended. The first difference is the divergence.
 */
export async function replayProject(recorded: readonly StoredEvent[], options: ReplayOptions = {}): Promise<ReplayResult> {
  if (recorded.length === 0) throw new Error('nothing to replay: the project has no events');
  const projectId = recorded[0].streamId;
  const store = new ReplayStore(recorded);
  const next = options.nextCommand ?? todaysNextCommand;
  const recordedId = (version: number) => () => {
    const e = recorded[version] as AnyStoredEvent | undefined;
    return e && 'actionId' in e.data ? String(e.data.actionId) : `replay-${version}`;
  };
  const commands = new CommandHandler(store, () => 'replay-id');
  const steps = new AgentStepRunner({
    commands,
    // A fork's copied calls were answered in its origin's run; only the calls made in this run are asked again.
    provider: new ReplayProvider(recorded.filter((e) => e.streamVersion > inheritedUpTo(recorded))),
    slots: new PQueue({ concurrency: 1 }),
    retryPolicy: llmRetryPolicy({ maxCalls: options.maxCalls ?? 5, baseDelayMs: 1, maxDelayMs: 1 }),
    logger: pino({ level: 'silent' }),
    limits: options.limits ?? DEFAULT_ARTIFACT_LIMITS,
    // Unused in practice: a recorded call carries what it cost.
    prices: new PriceTable(),
    workspaces: new Workspaces(join(tmpdir(), 'botarmy-replay-nonexistent')),
    existingArtifacts: async () => {
      const sizes = new Map<string, number>();
      for (const e of (await store.readStream(projectId)) as AnyStoredEvent[]) {
        if (e.type === 'ArtifactWritten') sizes.set(e.data.path, e.data.size);
        if (e.type === 'ArtifactDeleted') sizes.delete(e.data.path);
      }
      return sizes;
    },
  });

  let compared = 0;
  const check = async (): Promise<Divergence | null> => {
    const produced = await store.readStream(projectId, { from: compared + 1 });
    for (const actual of produced) {
      const divergence = compareEvents(recorded[actual.streamVersion - 1], actual, actual.streamVersion);
      if (divergence) return divergence;
      compared = actual.streamVersion;
    }
    return null;
  };

  for (let guard = 0; guard < 100_000; guard++) {
    await store.injectDue(projectId);
    const history = await store.readStream(projectId);
    const state = foldWorkflow(projectId, history);
    const command = next(state);
    if (!command) break;
    const before = history.length;
    if (command.type === 'RunStep') {
      await steps.run(projectId, command, new AbortController().signal);
    } else if (command.type === 'RunTests' || command.type === 'RunMutation') {
      // What ran the generated code comes from the recording, like a model's answer.
      const outcome = command.type === 'RunTests' ? 'TestRunCompleted' : 'MutationRunCompleted';
      const result = (recorded as AnyStoredEvent[]).find((e) => e.type === outcome && e.data.runId === command.runId);
      if (result) await appendAt(store, projectId, [asNew(result)], before);
    } else {
      await appendAt(store, projectId, decideWorkflow(command, state, recordedId(before)), before);
    }
    const divergence = await check();
    if (divergence) return { identical: false, compared, divergence };
    if ((await store.streamVersion(projectId)) === before) break;
  }
  const divergence = await check();
  if (divergence) return { identical: false, compared, divergence };
  if (compared < recorded.length) {
    const expected = recorded[compared];
    return { identical: false, compared, divergence: compareEvents(expected, undefined, expected.streamVersion) };
  }
  return { identical: true, compared, divergence: null };
}

async function appendAt(store: ReplayStore, projectId: string, events: NewEvent[], version: number): Promise<void> {
  try {
    await store.append(projectId, events.map((e) => ({ ...e, metadata: { actor: 'workflow', ...e.metadata } })), version);
  } catch (error) {
    // An outside event was due first; the loop decides again over it, as the live workflow would.
    if (!(error instanceof ConcurrencyError)) throw error;
  }
}
