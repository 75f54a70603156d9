import { availableParallelism } from 'node:os';
import type { Logger } from 'pino';
import type { EventData, Mutant } from '../events/catalog';
import type { Sandbox, SandboxLimits } from '../sandbox/sandbox';
import { instrument, InstrumentError, type Instrumented, type PlacedMutant, type SourceFile } from './instrument';
import { driverCommand, readDriverOutput, type DriverRecord, type TestOutcome } from './mutation-driver';

export type MutationRunResult = Omit<EventData<'MutationRunCompleted'>, 'runId' | 'round'>;

export interface MutationRunInput {
  sandbox: Sandbox;
  limits: SandboxLimits;
  budgetMs: number;
  /** Every file of the project, as the tests see them. */
  files: readonly SourceFile[];
  /** The paths among `files` to mutate: the developer's code, never the tests. */
  mutate: readonly string[];
  /** The test files to run, as runNodeTests would. */
  tests: readonly string[];
  /** Writes these files into a fresh directory and returns it; the caller removes it afterwards. */
  materialize(files: readonly SourceFile[]): Promise<string>;
  logger: Logger;
}

/**
 * A node with its threads counts about this many processes against the sandbox's RLIMIT_NPROC; the driver, the
 * sandbox's shell and its helpers take one such share.
 */
const PROCESSES_PER_NODE = 12;

/** Time the sandbox gets past the budget to stop the runs in flight and report; its own deadline is a backstop. */
const SANDBOX_GRACE_MS = 10_000;

const TAIL_CHARS = 500;

/**
 * Mutates the developer's code with Stryker's mutators and runs the tests against each mutant in the sandbox,
 * within a time budget, recording which tests killed it. Never throws: a run that cannot be carried out is a
 * result with `error` and no mutants.
 */
export async function runMutation(input: MutationRunInput): Promise<MutationRunResult> {
  const started = Date.now();
  try {
    return await mutateAndRun(input, started);
  } catch (error) {
    input.logger.error({ err: error }, 'mutation run failed');
    return failed(started, input.budgetMs, 'stryker-instrumenter', `The mutation run failed: ${(error as Error).message}`);
  }
}

async function mutateAndRun(input: MutationRunInput, started: number): Promise<MutationRunResult> {
  const toMutate = new Set(input.mutate);
  let instrumented: Instrumented;
  try {
    instrumented = await instrument(input.files.filter((f) => toMutate.has(f.path)));
  } catch (error) {
    const message = error instanceof InstrumentError ? error.message : String(error);
    return failed(started, input.budgetMs, 'stryker-instrumenter', `The code could not be mutated: ${message}`);
  }
  const { mutants, tool } = instrumented;
  const log = input.logger.child({ tool, mutants: mutants.length });
  const replaced = new Map(instrumented.files.map((f) => [f.path, f.content]));
  let workspace: string;
  try {
    workspace = await input.materialize(input.files.map((f) => ({ path: f.path, content: replaced.get(f.path) ?? f.content })));
  } catch (error) {
    return failed(started, input.budgetMs, tool, `The mutated code could not be written to disk: ${(error as Error).message}`);
  }
  const budgetLeft = Math.max(0, input.budgetMs - (Date.now() - started));
  const concurrency = Math.max(1, Math.min(availableParallelism(), Math.floor(input.limits.maxProcesses / PROCESSES_PER_NODE) - 1));
  const plan = { testFiles: [...input.tests], order: runOrder(mutants), budgetMs: budgetLeft, baselineTimeoutMs: input.limits.timeoutMs, concurrency };
  const { command, env } = driverCommand(plan, input.limits);
  log.info({ tests: plan.testFiles.length, budgetMs: budgetLeft, concurrency }, 'mutation run starting');
  const run = await input.sandbox.run(workspace, command, { ...input.limits, timeoutMs: budgetLeft + SANDBOX_GRACE_MS }, env);
  const records = readDriverOutput(run.output);
  const tail = run.output.slice(-TAIL_CHARS).trim();
  const ended = records.some((r) => r.type === 'end');
  if (!ended && !run.timedOut) return failed(started, input.budgetMs, tool, `The mutation run stopped in the sandbox (exit code ${run.exitCode}, signal ${run.signal}): ${tail}`);
  const baselines = records.filter((r): r is Extract<DriverRecord, { type: 'baseline' }> => r.type === 'baseline');
  if (plan.testFiles.length > 0 && baselines.length === plan.testFiles.length && baselines.every((b) => b.tests.length === 0 && b.exitCode !== 0)) {
    return failed(started, input.budgetMs, tool, `The tests did not run without mutants: ${baselines[0].tail.slice(-TAIL_CHARS)}`);
  }
  log.debug({ baselines: baselines.map((b) => ({ file: b.file, tests: b.tests.length, exitCode: b.exitCode, durationMs: b.durationMs })) }, 'baseline runs');
  const judged = judgeMutants(mutants, baselines, records);
  for (const m of judged) if (m.status === 'error') log.debug({ mutant: m.id, output: m.why }, 'mutant run failed without a failing test');
  const result = summarize(judged.map(({ why: _why, ...m }) => m), tool, started, input.budgetMs);
  log.info({ durationMs: result.durationMs, killed: result.killed, survived: result.survived, timedOut: result.timedOut, budgetExceeded: result.budgetExceeded }, 'mutation run finished');
  return result;
}

/**
 * Round robin over the functions, named ones first: criteria are implemented by named functions, so when the
 * budget cuts the run every function has had its first mutants tried, rather than the first files all theirs,
 * and module-level code (field tables, constants) comes last.
 */
export function runOrder(mutants: readonly PlacedMutant[]): string[] {
  const groups = new Map<string, string[]>();
  for (const m of mutants) {
    const key = `${m.file}\0${m.functionName ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), m.id]);
  }
  const named = [...groups.entries()].filter(([key]) => !key.endsWith('\0')).map(([, ids]) => ids);
  const unnamed = [...groups.entries()].filter(([key]) => key.endsWith('\0')).map(([, ids]) => ids);
  return [...roundRobin(named), ...roundRobin(unnamed)];
}

function roundRobin(queues: readonly string[][]): string[] {
  const order: string[] = [];
  const longest = Math.max(0, ...queues.map((q) => q.length));
  for (let i = 0; i < longest; i++) for (const queue of queues) if (i < queue.length) order.push(queue[i]);
  return order;
}

type Judged = Mutant & { why?: string };

function judgeMutants(mutants: readonly PlacedMutant[], baselines: readonly Extract<DriverRecord, { type: 'baseline' }>[], records: readonly DriverRecord[]): Judged[] {
  const baseline = new Map(baselines.map((b) => [b.file, b]));
  const outcomes = new Map(records.flatMap((r) => (r.type === 'mutant' ? [[r.id, r] as const] : [])));
  return mutants.map((placed): Judged => {
    const mutant = (status: Mutant['status'], killedBy: string[] = []): Mutant => ({ ...placed, status, killedBy });
    const outcome = outcomes.get(placed.id);
    if (!outcome || outcome.cut) return mutant('skipped');
    // No test reached it: nothing could have noticed it.
    if (!outcome.run) return mutant('survived');
    const runs = outcome.files.map((f) => baseline.get(f));
    const failingAlready = new Set(runs.flatMap((b) => (b?.tests ?? []).filter((t: TestOutcome) => !t.ok).map((t) => t.name)));
    const killedBy = [...new Set(outcome.run.failed.filter((name) => !failingAlready.has(name)))];
    if (outcome.run.timedOut || outcome.run.hitLimitReached) return mutant('timeout', killedBy);
    if (killedBy.length > 0) return mutant('killed', killedBy);
    if (outcome.run.exitCode !== 0 && runs.every((b) => b?.exitCode === 0)) return { ...mutant('error'), why: outcome.run.tail };
    return mutant('survived');
  });
}

function summarize(mutants: Mutant[], tool: string, started: number, budgetMs: number): MutationRunResult {
  const count = (status: Mutant['status']) => mutants.filter((m) => m.status === status).length;
  return {
    tool,
    durationMs: Date.now() - started,
    budgetMs,
    budgetExceeded: count('skipped') > 0,
    created: mutants.length,
    killed: count('killed'),
    survived: count('survived'),
    timedOut: count('timeout'),
    mutants,
    error: null,
  };
}

function failed(started: number, budgetMs: number, tool: string, error: string): MutationRunResult {
  return { tool, durationMs: Date.now() - started, budgetMs, budgetExceeded: false, created: 0, killed: 0, survived: 0, timedOut: 0, mutants: [], error };
}
