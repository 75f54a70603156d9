import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import pino from 'pino';
import { AgentStepRunner } from '../app/agent-step-runner';
import { CommandHandler } from '../app/command-handler';
import { type ArtifactLimits, DEFAULT_ARTIFACT_LIMITS } from '../domain/artifact-rules';
import { decideWorkflow, foldWorkflow, nextCommand as todaysNextCommand, type WorkflowState, type WorkflowCommand } from '../domain/workflow';
import { canonicalJson } from '../events/canonical-json';
import type { AnyStoredEvent, NewEvent, StoredEvent } from '../events/envelope';
import { ConcurrencyError } from '../events/errors';
import { InMemoryEventStore } from '../events/in-memory-event-store';
import { ReplayProvider } from '../llm/replay-provider';
import { llmRetryPolicy } from '../llm/retry-policy';
import { Workspaces } from '../workspace/workspace';

export interface Divergence {
  version: number;
  expected: { type: string; data: unknown } | null;
  actual: { type: string; data: unknown } | null;
  /** The payload fields that differ (`type` when the event types differ). */
  fields: string[];
  /** For LLM calls whose prompts differ: the differing lines, recorded (-) and today's (+). */
  promptDiff?: string;
}

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

/** What a person (or the system outside the workflow) did: taken from the recording, never decided again. */
function isExternal(event: StoredEvent): boolean {
  if (event.metadata.origin) return true;
  if (['ProjectCreated', 'ActionResolved', 'StepRetryRequested', 'ProjectForked'].includes(event.type)) return true;
  // A step that passed its deadline or crashed depended on the clock or the machine, not on the code being replayed.
  if (event.type === 'AgentOutputRejected' && ['timed_out', 'crashed'].includes(String((event.data as { reason?: unknown }).reason))) return true;
  return event.type === 'ProjectCancelled' && event.metadata.actor !== 'workflow';
}

const asNew = (e: StoredEvent): NewEvent => ({ type: e.type, data: e.data, metadata: e.metadata, recordedAt: e.recordedAt }) as NewEvent;

/** A log in memory that slips the recording's outside events in at the versions where they happened. */
class ReplayStore extends InMemoryEventStore {
  constructor(private readonly recorded: readonly StoredEvent[]) {
    super();
  }

  async injectDue(streamId: string): Promise<void> {
    for (;;) {
      const version = await this.streamVersion(streamId);
      const due = this.recorded[version];
      if (!due || !isExternal(due)) return;
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
    provider: new ReplayProvider(recorded),
    limit: pLimit(1),
    retryPolicy: llmRetryPolicy({ maxCalls: options.maxCalls ?? 5, baseDelayMs: 1, maxDelayMs: 1 }),
    logger: pino({ level: 'silent' }),
    limits: options.limits ?? DEFAULT_ARTIFACT_LIMITS,
    workspaces: new Workspaces(join(tmpdir(), 'botarmy-replay-nonexistent')),
    existingArtifacts: async () => {
      const sizes = new Map<string, number>();
      for (const e of (await store.readStream(projectId)) as AnyStoredEvent[]) if (e.type === 'ArtifactWritten') sizes.set(e.data.path, e.data.size);
      return sizes;
    },
  });

  let compared = 0;
  const check = async (): Promise<Divergence | null> => {
    const produced = await store.readStream(projectId, { from: compared + 1 });
    for (const actual of produced) {
      const divergence = compare(recorded[actual.streamVersion - 1], actual);
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
    return { identical: false, compared, divergence: { version: expected.streamVersion, expected: { type: expected.type, data: expected.data }, actual: null, fields: ['type'] } };
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

/** Fields that measure the run rather than decide it. */
const IGNORED = new Set(['latencyMs']);

function compare(expected: StoredEvent | undefined, actual: StoredEvent): Divergence | null {
  const act = { type: actual.type, data: actual.data };
  if (!expected) return { version: actual.streamVersion, expected: null, actual: act, fields: ['type'] };
  const exp = { type: expected.type, data: expected.data };
  if (expected.type !== actual.type) return { version: actual.streamVersion, expected: exp, actual: act, fields: ['type'] };
  const e = expected.data as Record<string, unknown>;
  const a = actual.data as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(e), ...Object.keys(a)])]
    .filter((k) => !IGNORED.has(k) && canonicalJson(e[k]) !== canonicalJson(a[k]))
    .sort();
  if (fields.length === 0) return null;
  const divergence: Divergence = { version: actual.streamVersion, expected: exp, actual: act, fields };
  if (fields.includes('messages')) divergence.promptDiff = promptDiff(e.messages as { content: string }[], a.messages as { content: string }[]);
  return divergence;
}

function promptDiff(expected: { role?: string; content: string }[] = [], actual: { role?: string; content: string }[] = []): string {
  const out: string[] = [];
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    const before = (expected[i]?.content ?? '').split('\n');
    const after = (actual[i]?.content ?? '').split('\n');
    const removed = before.filter((line) => !after.includes(line));
    const added = after.filter((line) => !before.includes(line));
    if (removed.length || added.length) {
      out.push(`message ${i} (${actual[i]?.role ?? expected[i]?.role}):`, ...removed.map((l) => `- ${l}`), ...added.map((l) => `+ ${l}`));
    }
  }
  return out.join('\n');
}
