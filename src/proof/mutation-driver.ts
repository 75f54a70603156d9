import type { SandboxLimits } from '../sandbox/sandbox';
import { nodeFenceArgs } from '../sandbox/test-runner';

/**
 * The program that runs the tests once per mutant inside ONE sandbox run: starting the sandbox (copying the
 * workspace, namespaces) costs more than a small project's tests, so the driver starts its `node` children
 * from inside. The driver is ours; the generated code only ever runs in those children, each fenced by Node's
 * permission model exactly as `runNodeTests` fences a test run (no child processes, files in the workspace
 * only), on top of whatever the sandbox holds them in.
 *
 * First a baseline per test file, no mutant active: which tests pass alone, how long the file takes and which
 * mutants its tests reach (the instrumented code counts every place it passes). A mutant no test reaches
 * cannot be killed and is not run. The others run with the test files that reach them, in batches of mutants
 * reached by the same files, one child per batch: each mutant with a deadline from the files' baseline and a
 * hit limit that turns an endless loop into a prompt failure. A child that dies under a mutant has that mutant
 * run alone again and the rest of its batch in another child. At the budget's end the runs in flight are
 * stopped and the rest are not started.
 *
 * Everything here is plain JavaScript source: it runs in the sandbox, where nothing of BotArmy is on disk.
 */

export interface DriverPlan {
  /** The test files, relative to the workspace. */
  testFiles: string[];
  /** Mutant ids in the order to run them. */
  order: string[];
  budgetMs: number;
  /** Deadline of one test file's baseline run. */
  baselineTimeoutMs: number;
  /** Children at once. */
  concurrency: number;
}

/** What the driver prints, one line each, after DRIVER_PREFIX. */
export type DriverRecord =
  | { type: 'baseline'; file: string; tests: TestOutcome[]; exitCode: number | null; timedOut: boolean; durationMs: number; tail: string }
  | { type: 'mutant'; id: string; files: string[]; cut: true }
  | { type: 'mutant'; id: string; files: string[]; cut?: false; run?: ChildRun }
  | { type: 'end' };

export interface TestOutcome {
  name: string;
  ok: boolean;
}

export interface ChildRun {
  /** The tests that failed with the mutant active. */
  failed: string[];
  /** Not 0 when the run broke without a failing test (a suite that could not load, a child that died). */
  exitCode: number | null;
  timedOut: boolean;
  hitLimitReached: boolean;
  /** The end of the child's output when it failed without a failing test, to say why. */
  tail: string;
}

export const DRIVER_PREFIX = '@@botarmy-mutation ';

/** A mutant's deadline: its tests' baseline time, this many times over, plus MUTANT_TIMEOUT_EXTRA_MS. */
const MUTANT_TIMEOUT_FACTOR = 2;
const MUTANT_TIMEOUT_EXTRA_MS = 2000;

/** Times the active mutant may be passed per pass in the baseline before its run counts as endless. */
const HIT_LIMIT_FACTOR = 100;
const HIT_LIMIT_FLOOR = 1000;

/**
 * Mutants run many to a child: starting node and loading the tests costs more than a small project's
 * tests take. Small enough that a child that dies costs little to redo, and that the budget's end cuts little.
 */
const BATCH_SIZE = 20;

/** The suite each mutant's tests run in when a child runs several mutants. */
const MUTANT_SUITE = '@@botarmy-mutant ';

/**
 * Writes each test's outcome to fd 3, out of the way of whatever the tests print; a mutant's suite ending is
 * written as `done`. Suites, skips and todos are left out. `failure` is node:test's failureType: a test a
 * timeout or a failed hook cut short is `cancelledByParent`.
 */
const REPORTER_SOURCE = `
import { writeSync } from 'node:fs';
const SUITE = ${JSON.stringify(MUTANT_SUITE)};
export default async function* report(source) {
  let started = new Set();
  for await (const event of source) {
    const d = event.data;
    const key = d && d.nesting + ' ' + d.name;
    if (event.type === 'test:dequeue') started.add(key);
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const ok = event.type === 'test:pass';
    const error = (d.details && d.details.error) || null;
    const failure = error ? error.failureType : undefined;
    let record = null;
    if (d.nesting === 0 && String(d.name).startsWith(SUITE)) {
      const message = error ? String((error.cause && error.cause.message) || error.message).slice(0, 500) : '';
      record = { type: 'done', id: String(d.name).slice(SUITE.length), ok, failure, message };
      started = new Set();
    } else if (!(d.details && d.details.type === 'suite') && (d.skip === undefined || d.skip === false) && (d.todo === undefined || d.todo === false)) {
      // A test cancelled after it began is the one that hung; the others cancelled with it never ran.
      record = { type: 'test', name: String(d.name), ok, failure, hung: failure === 'cancelledByParent' && started.has(key) };
    }
    if (record) try { writeSync(3, JSON.stringify(record) + '\\n'); } catch {}
  }
}
`;

/**
 * Loads the test files the way runNodeTests does. Without mutants (the baseline) it says at exit what the
 * mutants' switches counted. With mutants, each gets a suite holding a fresh load of the files (the module
 * cache of the workspace emptied first) and its mutant active while the suite's tests run and while its
 * modules load; the suite's timeout stops a mutant that hangs, the hit limit one that loops.
 */
const CHILD_LOADER = `
'use strict';
const ns = (globalThis.__stryker__ = globalThis.__stryker__ || {});
const { writeSync } = require('node:fs');
const { resolve, sep } = require('node:path');
const say = (record) => { try { writeSync(3, JSON.stringify(record) + '\\n'); } catch {} };
const files = JSON.parse(process.env.BOTARMY_TEST_FILES);
const mutants = JSON.parse(process.env.BOTARMY_MUTANTS || '[]');
const load = () => { for (const f of files) require(resolve(f)); };
if (mutants.length === 0) {
  process.on('exit', () => say({ type: 'coverage', coverage: (ns.mutantCoverage && ns.mutantCoverage.static) || {} }));
  load();
} else {
  const { describe, before, after } = require('node:test');
  const own = process.cwd() + sep;
  for (const m of mutants) {
    describe(${JSON.stringify(MUTANT_SUITE)} + m.id, { timeout: m.timeoutMs }, () => {
      const activate = () => { ns.activeMutant = m.id; ns.hitCount = 0; ns.hitLimit = m.hitLimit; };
      before(activate);
      after(() => say({ type: 'hits', id: m.id, reached: ns.hitCount > ns.hitLimit }));
      activate();
      for (const key of Object.keys(require.cache)) if (key.startsWith(own)) delete require.cache[key];
      load();
    });
  }
}
`;

const DRIVER_SOURCE = `
'use strict';
const { spawn } = require('node:child_process');
const plan = JSON.parse(process.env.BOTARMY_MUTATION_PLAN);
const deadline = Date.now() + plan.budgetMs;
const say = (record) => process.stdout.write(${JSON.stringify(DRIVER_PREFIX)} + JSON.stringify(record) + '\\n');
const TAIL_CHARS = 2000;
const MAX_RECORDS = 100000;

/** Runs the files in a child, with the given mutants one after another (none: the baseline). */
function runChild(files, mutants, timeoutMs) {
  return new Promise((resolve) => {
    const began = Date.now();
    const env = { ...process.env, BOTARMY_TEST_FILES: JSON.stringify(files), BOTARMY_MUTANTS: JSON.stringify(mutants) };
    delete env.BOTARMY_MUTATION_PLAN;
    const records = [];
    let tail = '';
    let pending = '';
    let done = 0;
    let complete = false;
    let timedOut = false;
    const keep = (chunk) => { tail = (tail + chunk).slice(-TAIL_CHARS); };
    const child = spawn(process.execPath, [...plan.childArgs, '-e', plan.loader], { env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.stdio[3].on('data', (chunk) => {
      const lines = (pending + chunk).split('\\n');
      pending = lines.pop().slice(-TAIL_CHARS * 100);
      for (const line of lines) {
        let r;
        try { r = JSON.parse(line); } catch { continue; }
        if (!r || typeof r !== 'object' || records.length >= MAX_RECORDS) continue;
        records.push(r);
        // Every mutant has its verdict: whatever the tests left running is of no interest.
        if (r.type === 'done' && ++done === mutants.length) { complete = true; child.kill('SIGKILL'); }
      }
    });
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, Math.max(0, timeoutMs));
    child.on('error', (error) => keep(String(error.message)));
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ records, exitCode: complete ? 0 : exitCode, timedOut: timedOut && !complete, durationMs: Date.now() - began, tail });
    });
  });
}

// Tests a failed hook cancelled failed because of the mutant, and so did the one that hung until the mutant's
// timeout; the others that timeout cancelled never ran.
const failedIn = (tests, timedOut) => [...new Set(tests.filter((t) => !t.ok && !(timedOut && t.failure === 'cancelledByParent' && !t.hung)).map((t) => t.name))];

async function main() {
  const baseline = new Map();
  const files = [...plan.testFiles];
  const runBaseline = async () => {
    while (files.length > 0) {
      const file = files.shift();
      if (Date.now() >= deadline) continue;
      const r = await runChild([file], [], Math.min(plan.baselineTimeoutMs, deadline - Date.now()));
      const tests = r.records.filter((x) => x.type === 'test').map((x) => ({ name: x.name, ok: x.ok === true }));
      const coverage = (r.records.find((x) => x.type === 'coverage') || {}).coverage || {};
      baseline.set(file, { coverage, durationMs: r.durationMs });
      say({ type: 'baseline', file, tests, exitCode: r.exitCode, timedOut: r.timedOut, durationMs: r.durationMs, tail: r.exitCode === 0 ? '' : r.tail });
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, runBaseline));
  if (baseline.size < plan.testFiles.length || Date.now() >= deadline) return say({ type: 'end' });

  // Mutants the same test files reach run together, in batches, in the plan's order.
  const spec = (id, covering) => ({
    id,
    hitLimit: covering.reduce((n, f) => n + (baseline.get(f).coverage[id] || 0), 0) * plan.hitLimitFactor + plan.hitLimitFloor,
    timeoutMs: plan.timeoutFactor * covering.reduce((n, f) => n + baseline.get(f).durationMs, 0) + plan.timeoutExtraMs,
  });
  const queue = [];
  const open = new Map();
  for (const id of plan.order) {
    const covering = plan.testFiles.filter((f) => baseline.get(f).coverage[id]);
    if (covering.length === 0) { say({ type: 'mutant', id, files: [] }); continue; }
    const key = covering.join('\\n');
    if (!open.has(key)) { const batch = { files: covering, mutants: [] }; open.set(key, batch); queue.push(batch); }
    const batch = open.get(key);
    batch.mutants.push(spec(id, covering));
    if (batch.mutants.length >= plan.batchSize) open.delete(key);
  }

  const runBatch = async ({ files: covering, mutants }) => {
    const remaining = deadline - Date.now();
    const whole = mutants.reduce((n, m) => n + m.timeoutMs, 0);
    const r = await runChild(covering, mutants, Math.min(whole, remaining));
    const verdicts = new Set();
    const hits = new Map();
    let tests = [];
    for (const x of r.records) {
      if (x.type === 'test') tests.push(x);
      else if (x.type === 'hits') hits.set(x.id, x.reached === true);
      else if (x.type === 'done' && mutants.some((m) => m.id === x.id) && !verdicts.has(x.id)) {
        verdicts.add(x.id);
        const timedOut = x.failure === 'testTimeoutFailure';
        const failed = failedIn(tests, timedOut);
        const hitLimitReached = hits.get(x.id) === true;
        const broken = !x.ok && failed.length === 0 && !timedOut && !hitLimitReached;
        say({ type: 'mutant', id: x.id, files: covering, run: { failed, exitCode: broken ? 1 : 0, timedOut, hitLimitReached, tail: broken ? x.message : '' } });
        tests = [];
      }
    }
    const left = mutants.filter((m) => !verdicts.has(m.id));
    if (left.length === 0) return;
    if (r.timedOut && remaining < whole) {
      for (const m of left) say({ type: 'mutant', id: m.id, files: covering, cut: true });
      return;
    }
    if (mutants.length > 1) {
      // The child died or hung under one mutant: that one alone again, the others in a batch of their own.
      queue.unshift({ files: covering, mutants: [left[0]] }, ...(left.length > 1 ? [{ files: covering, mutants: left.slice(1) }] : []));
      return;
    }
    const failed = failedIn(tests, r.timedOut);
    say({ type: 'mutant', id: left[0].id, files: covering, run: { failed, exitCode: r.exitCode, timedOut: r.timedOut, hitLimitReached: false, tail: failed.length === 0 ? r.tail : '' } });
  };
  const worker = async () => {
    while (queue.length > 0) {
      const batch = queue.shift();
      if (Date.now() < deadline) await runBatch(batch);
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
  say({ type: 'end' });
}

main().catch((error) => { process.stderr.write(String((error && error.stack) || error)); process.exitCode = 1; });
`;

/** The command and environment that run `plan` in a sandbox; the children get the fence runNodeTests gives a test run. */
export function driverCommand(plan: DriverPlan, limits: SandboxLimits): { command: string[]; env: Record<string, string> } {
  const childArgs = [
    ...nodeFenceArgs(limits),
    `--test-reporter=data:text/javascript,${encodeURIComponent(REPORTER_SOURCE)}`,
    '--no-warnings',
  ];
  const full = {
    ...plan,
    childArgs,
    loader: CHILD_LOADER,
    timeoutFactor: MUTANT_TIMEOUT_FACTOR,
    timeoutExtraMs: MUTANT_TIMEOUT_EXTRA_MS,
    hitLimitFactor: HIT_LIMIT_FACTOR,
    hitLimitFloor: HIT_LIMIT_FLOOR,
    batchSize: BATCH_SIZE,
  };
  return {
    command: ['node', '--no-warnings', '-e', DRIVER_SOURCE],
    env: { NODE_ENV: 'test', BOTARMY_MUTATION_PLAN: JSON.stringify(full) },
  };
}

/** The driver's records in the order it printed them; lines of anything else in the output are skipped. */
export function readDriverOutput(output: string): DriverRecord[] {
  const records: DriverRecord[] = [];
  for (const line of output.split('\n')) {
    const at = line.indexOf(DRIVER_PREFIX);
    if (at < 0) continue;
    try {
      records.push(JSON.parse(line.slice(at + DRIVER_PREFIX.length)) as DriverRecord);
    } catch {
      // Only the driver writes to the sandbox's output (the children's goes to it through pipes), so this is a line the output cap cut.
    }
  }
  return records;
}
