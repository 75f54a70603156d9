import 'reflect-metadata';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import sqlite3 from 'sqlite3';
import { ProjectStates } from '../src/app/project-states';
import { evolveWorkflow, foldWorkflow } from '../src/domain/workflow';
import type { NewEvent, StoredEvent } from '../src/events/envelope';
import { importJsonLines } from '../src/history/export-import';
import { type App, createApp, rebuildReadModels } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import type { LlmProvider } from '../src/llm/llm-port';
import { canonicalJson } from '../src/events/canonical-json';
import { OfflineProvider } from '../src/llm/offline-provider';
import { startHttpServer } from '../src/server/http-server';
import { limitsOf } from '../src/sandbox/choose-sandbox';
import { runNodeTests } from '../src/sandbox/test-runner';
import { testFilesOf } from '../src/workspace/project-files';
import { Client as PgClient } from 'pg';
import { type TestPostgres, startPostgres } from '../test/support/embedded-postgres';
import WebSocket, { WebSocketServer } from 'ws';

/**
 * The core's costs against a baseline measured in the same run, on the same machine: raw `sqlite3` for the log,
 * an in-memory fold for the workflow. Each row says what it measures, both figures, their ratio and the target;
 * `holds` is whether the target is met. Writes bench/results.json. BENCH_QUICK=1 runs smaller sizes.
 */
const QUICK = process.env.BENCH_QUICK === '1';
const SINGLE = QUICK ? 300 : 2000;
const BATCHES = QUICK ? 10 : 40;
const STREAM_LENGTHS = QUICK ? [50, 500] : [50, 500, 5000];
const REBUILD_COPIES = QUICK ? 20 : 200;
const LISTED_PROJECTS = QUICK ? 200 : 1000;
const PIPELINE_PROJECTS = QUICK ? 16 : 100;
const LLM_DELAY_MS = 200;
/**
 * A model call of a few seconds, as hosted models answer one of these prompts: at 200 ms this 2-core machine's own
 * work (the projects' test runs) is the bound, and the instances row is about the case where the model is.
 */
const INSTANCES_LLM_DELAY_MS = 3000;
const LLM_CONCURRENCY = 16;
const REPEAT = 3;
const SUBSCRIBERS = QUICK ? 200 : 1000;
const PUSHES = QUICK ? 10 : 30;

interface Row {
  name: string;
  unit: string;
  baseline: number;
  product: number;
  ratio: number;
  target: string;
  holds: boolean;
}

const message = (n: number): NewEvent => ({
  type: 'MessageSent',
  data: { messageId: `m${n}`, fromAgent: 'analyst', toAgent: 'architect', type: 'status', content: `status ${n} `.repeat(20), confidence: null, thread: 't', attempt: 1 },
});
const created: NewEvent = {
  type: 'ProjectCreated',
  data: { name: 'Bench', requirements: 'Measure the core', settings: { confidenceThreshold: 0.7, maxAttempts: 3, maxRepairRounds: 3, tokenBudget: null, model: null } },
};

const now = (): number => Number(process.hrtime.bigint()) / 1e6;
/** The best of a few runs: the figure least disturbed by the rest of the machine. */
async function best(run: () => Promise<number>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < REPEAT; i++) times.push(await run());
  return Math.min(...times);
}

/** An app on SQLite at FULL, or on the PostgreSQL database `env` names (BOTARMY_DATABASE_URL). */
async function withApp<T>(fn: (app: App) => Promise<T>, env: Record<string, string> = {}): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'botarmy-bench-'));
  const app = await createApp(loadConfig({ BOTARMY_DATA_DIR: dir, BOTARMY_SQLITE_SYNCHRONOUS: 'FULL', ...env }), { logger: pino({ level: 'silent' }) });
  try {
    return await fn(app);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A bare sqlite3 database with the log's table and pragmas: what SQLite itself manages on this machine. */
async function rawDatabase(dir: string): Promise<{ run(sql: string, params?: unknown[]): Promise<void>; close(): Promise<void> }> {
  const db = new sqlite3.Database(join(dir, 'raw.sqlite'));
  const run = (sql: string, params: unknown[] = []) => new Promise<void>((resolve, reject) => db.run(sql, params, (err) => (err ? reject(err) : resolve())));
  await run('PRAGMA journal_mode = WAL');
  await run('PRAGMA synchronous = FULL');
  await run(
    'CREATE TABLE events (global_position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, stream_version INTEGER NOT NULL, type TEXT NOT NULL, schema_version INTEGER NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (stream_id, stream_version))',
  );
  return { run, close: () => new Promise((resolve) => db.close(() => resolve())) };
}

const rowValues = (n: number, e: NewEvent): unknown[] => [n, 'bench', n, e.type, 1, JSON.stringify(e.data), '{}', new Date().toISOString(), 'x'.repeat(64), 'y'.repeat(64)];

/** Events per second appended one per transaction, or in batches of `size`, by raw sqlite3 and by the product. */
async function appends(size: number, count: number): Promise<Row> {
  const baseline = await best(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'botarmy-bench-raw-'));
    const db = await rawDatabase(dir);
    try {
      const start = now();
      for (let b = 0; b < count; b++) {
        await db.run('BEGIN IMMEDIATE');
        const rows = Array.from({ length: size }, (_, i) => rowValues(b * size + i + 1, message(b * size + i + 1)));
        await db.run(`INSERT INTO events VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`, rows.flat());
        await db.run('COMMIT');
      }
      return now() - start;
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  const product = await best(() => withApp((app) => productAppends(app, size, count)));
  const perSecond = (ms: number) => (size * count * 1000) / ms;
  const ratio = perSecond(product) / perSecond(baseline);
  return { name: `append, ${size === 1 ? 'one event' : `${size}-event batches`} per transaction, FULL`, unit: 'events/s', baseline: perSecond(baseline), product: perSecond(product), ratio, target: '≥ 0.5× raw sqlite3', holds: ratio >= 0.5 };
}

/** Milliseconds the product takes to append `count` transactions of `size` events to one stream. */
async function productAppends(app: App, size: number, count: number): Promise<number> {
  await app.store.append('bench', [created], 0);
  const start = now();
  for (let b = 0; b < count; b++) {
    await app.store.append('bench', Array.from({ length: size }, (_, i) => message(b * size + i + 1)), 1 + b * size);
  }
  return now() - start;
}

/**
 * The same appends on PostgreSQL (an embedded cluster, `synchronous_commit` on), against raw `pg` inserts of the same
 * rows into a table like the log's, one transaction each.
 */
async function postgresAppends(cluster: TestPostgres, size: number, count: number): Promise<Row> {
  const baseline = await best(async () => {
    const client = new PgClient({ connectionString: await cluster.newDatabase() });
    await client.connect();
    try {
      await client.query(
        'CREATE TABLE events (global_position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream_id TEXT NOT NULL, stream_version INTEGER NOT NULL, type TEXT NOT NULL, schema_version INTEGER NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, transaction_id XID8 NOT NULL DEFAULT pg_current_xact_id(), UNIQUE (stream_id, stream_version))',
      );
      const start = now();
      for (let b = 0; b < count; b++) {
        const rows = Array.from({ length: size }, (_, i) => rowValues(b * size + i + 1, message(b * size + i + 1)).slice(1));
        const placeholders = rows.map((_, r) => `(${Array.from({ length: 9 }, (_, c) => `$${r * 9 + c + 1}`).join(', ')})`).join(', ');
        await client.query('BEGIN');
        await client.query(`INSERT INTO events (stream_id, stream_version, type, schema_version, data, metadata, recorded_at, prev_hash, hash) VALUES ${placeholders}`, rows.flat());
        await client.query('COMMIT');
      }
      return now() - start;
    } finally {
      await client.end();
    }
  });
  const product = await best(async () => withApp((app) => productAppends(app, size, count), { BOTARMY_DATABASE_URL: await cluster.newDatabase() }));
  const perSecond = (ms: number) => (size * count * 1000) / ms;
  const ratio = perSecond(product) / perSecond(baseline);
  return { name: `PostgreSQL: append, ${size === 1 ? 'one event' : `${size}-event batches`} per transaction`, unit: 'events/s', baseline: perSecond(baseline), product: perSecond(product), ratio, target: '≥ 0.5× raw pg', holds: ratio >= 0.5 };
}

/** What the limit row uses of better-sqlite3, which is not installed with the project (so has no types here). */
interface LimitDatabase {
  pragma(source: string): unknown;
  exec(sql: string): void;
  prepare(sql: string): { run(params: unknown[]): unknown };
  transaction<A extends unknown[]>(fn: (...args: A) => unknown): (...args: A) => unknown;
  close(): void;
}

/**
 * The same rows through better-sqlite3 (synchronous, statements prepared once, no thread hop): the most this
 * machine's SQLite takes, printed beside the raw sqlite3 baseline. It needs a native build, so it is not a
 * dependency: `npm run bench:limit` installs it for the run.
 */
async function machineLimit(size: number, count: number, rawPerSecond: number): Promise<Row> {
  const name = `append, ${size === 1 ? 'one event' : `${size}-event batches`} per transaction, FULL: better-sqlite3, the machine's limit`;
  let Database: new (file: string) => LimitDatabase;
  try {
    Database = require('better-sqlite3');
  } catch {
    return { name: `${name} (not installed: npm run bench:limit)`, unit: 'events/s', baseline: rawPerSecond, product: 0, ratio: 0, target: 'for reference: no target', holds: true };
  }
  const ms = await best(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'botarmy-bench-limit-'));
    const db = new Database(join(dir, 'limit.sqlite'));
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec(
        'CREATE TABLE events (global_position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, stream_version INTEGER NOT NULL, type TEXT NOT NULL, schema_version INTEGER NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (stream_id, stream_version))',
      );
      const insert = db.prepare(`INSERT INTO events VALUES ${Array.from({ length: size }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`);
      const batch = db.transaction((rows: unknown[][]) => insert.run(rows.flat()));
      const start = now();
      for (let b = 0; b < count; b++) batch(Array.from({ length: size }, (_, i) => rowValues(b * size + i + 1, message(b * size + i + 1))));
      return now() - start;
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  const perSecond = (size * count * 1000) / ms;
  return { name, unit: 'events/s', baseline: rawPerSecond, product: perSecond, ratio: perSecond / rawPerSecond, target: 'for reference: no target', holds: true };
}

/**
 * Events the workflow takes in before its cost is measured, and how it is measured: in blocks of
 * `WORKFLOW_ROUNDS` events, the lengths taking turns block by block, each length's figure its best block. At a
 * tenth of a millisecond an event, the fifty events once measured were a few milliseconds in all, one after another
 * for each length: one collection of the setup's garbage (a stream appended and folded in one go, sized by its
 * length) or a moment of a busy machine doubled a figure, and that, not the fold, was what grew with the stream.
 */
const WORKFLOW_WARMUP = 200;
const WORKFLOW_ROUNDS = 300;
const WORKFLOW_BLOCKS = 5;
/** How much a measured stream may grow while it is measured: a stream of 50 stays near 50. */
const WORKFLOW_GROWTH = 0.1;

/** Apps open together, each on its own database, closed in the end. */
async function withApps<T>(count: number, fn: (apps: App[]) => Promise<T>): Promise<T> {
  return count === 0 ? fn([]) : withApp((app) => withApps(count - 1, (rest) => fn([app, ...rest])));
}

/**
 * What the workflow pays to take in one more event of a project whose stream is already `length` long: `block()`
 * answers the product's mean over `WORKFLOW_ROUNDS` events, each appended and then read and folded in by
 * `ProjectStates.current`; the baseline advances an in-memory fold. The events go round robin to as many streams
 * of that length as it takes for none to grow by more than a tenth.
 */
async function workflowProbe(app: App, length: number): Promise<{ block(): Promise<number>; baseline: number }> {
  const perStream = Math.max(1, Math.floor(length * WORKFLOW_GROWTH));
  const ids = Array.from({ length: Math.ceil((WORKFLOW_WARMUP + WORKFLOW_BLOCKS * WORKFLOW_ROUNDS) / perStream) }, (_, k) => `bench-${k}`);
  const states = new ProjectStates(app.store);
  const versions = new Map<string, number>();
  for (const id of ids) {
    await app.store.append(id, [created, ...Array.from({ length: length - 1 }, (_, i) => message(i + 1))], 0);
    await states.current(id);
    versions.set(id, length);
  }
  let round = 0;
  const oneMore = async (): Promise<number> => {
    const id = ids[round++ % ids.length];
    const version = versions.get(id) as number;
    await app.store.append(id, [message(version)], version);
    versions.set(id, version + 1);
    const start = now();
    await states.current(id);
    return now() - start;
  };
  for (let i = 0; i < WORKFLOW_WARMUP; i++) await oneMore();
  const events = await app.store.readStream(ids[0]);
  let state = foldWorkflow(ids[0], events.slice(0, -1));
  const last = events[events.length - 1] as StoredEvent;
  const start = now();
  for (let i = 0; i < 1000; i++) state = evolveWorkflow(state, last);
  const baseline = (now() - start) / 1000;
  return {
    baseline,
    block: async () => {
      let spent = 0;
      for (let i = 0; i < WORKFLOW_ROUNDS; i++) spent += await oneMore();
      return spent / WORKFLOW_ROUNDS;
    },
  };
}

/** Events per second rebuilt into the read models, against a raw scan and parse of the same rows. */
async function rebuild(env: Record<string, string> = {}, label = ''): Promise<Row> {
  const recordings = ['package-tracking', 'shop-retries-escalation-repair'].map((n) => readFileSync(join(__dirname, '..', '..', 'test', 'recordings', `${n}.jsonl`), 'utf8'));
  return withApp(async (app) => {
    let id = 0;
    for (let i = 0; i < REBUILD_COPIES; i++) for (const text of recordings) await importJsonLines(app.store, text, () => `bench-${++id}`, { as: `bench-${++id}` });
    const count = await app.store.lastPosition();
    const baseline = await best(async () => {
      const start = now();
      const rows = (await app.db.reader.query('SELECT data, metadata FROM events ORDER BY global_position')) as { data: string; metadata: string }[];
      for (const r of rows) {
        JSON.parse(r.data);
        JSON.parse(r.metadata);
      }
      return now() - start;
    });
    const product = await best(async () => {
      const start = now();
      await rebuildReadModels(app);
      return now() - start;
    });
    const perSecond = (ms: number) => (count * 1000) / ms;
    const ratio = perSecond(product) / perSecond(baseline);
    return { name: `${label}rebuild of ${count} recorded events`, unit: 'events/s', baseline: perSecond(baseline), product: perSecond(product), ratio, target: '≥ 0.5× a raw scan and parse', holds: ratio >= 0.5 };
  }, env);
}

/** The first page of the project list, p50 of many reads: the product's query against a raw select of the same page. */
async function projectList(): Promise<Row> {
  return withApp(async (app) => {
    const spec = { files: Array.from({ length: 20 }, (_, i) => ({ path: `src/f${i}.js`, content: 'x'.repeat(1500) })) };
    for (let i = 0; i < LISTED_PROJECTS; i++) {
      await app.store.append(`p${i}`, [created, { type: 'AgentOutputAccepted', data: { stepId: 'developer-1', agent: 'developer', attempt: 1, output: spec, confidence: 0.9, acceptedBy: 'threshold' } }], 0);
    }
    const p50 = async (read: () => Promise<unknown>): Promise<number> => {
      const times: number[] = [];
      for (let i = 0; i < 60; i++) {
        const start = now();
        await read();
        times.push(now() - start);
      }
      return times.sort((a, b) => a - b)[times.length >> 1];
    };
    const baseline = await p50(async () => {
      await app.db.reader.query('SELECT id, name, requirements, status, version, settings, created_position, created_at, updated_at FROM projects ORDER BY created_position DESC LIMIT 51');
      await app.db.reader.query('SELECT COUNT(*) AS n FROM projects');
    });
    const product = await p50(() => app.services.queries.projects({ first: 50 }));
    const ratio = product / baseline;
    return { name: `projects(first: 50) on ${LISTED_PROJECTS} projects, p50`, unit: 'ms', baseline, product, ratio, target: '≤ 2× a raw select of the page', holds: ratio <= 2 };
  });
}

/**
 * From one agent's answer (the model's reply in hand) to the next agent's request, p50 over whole projects run one at a
 * time with the offline provider, against the least durable work between them: two raw `sqlite3` transactions at FULL
 * (the answer recorded, the request recorded).
 */
async function handoffGap(): Promise<Row> {
  const raw = mkdtempSync(join(tmpdir(), 'botarmy-bench-raw-'));
  const db = await rawDatabase(raw);
  const baselines: number[] = [];
  try {
    for (let k = 0; k < 50; k++) {
      const start = now();
      for (const n of [2 * k + 1, 2 * k + 2]) {
        await db.run('BEGIN IMMEDIATE');
        await db.run('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', rowValues(n, message(n)));
        await db.run('COMMIT');
      }
      baselines.push(now() - start);
    }
  } finally {
    await db.close();
    rmSync(raw, { recursive: true, force: true });
  }
  const offline = new OfflineProvider();
  const gaps: number[] = [];
  // Projects run one at a time, so the last answer is the one the next request follows.
  let answered: number | undefined;
  const provider: LlmProvider = {
    name: 'timed-offline',
    model: offline.model,
    complete: async (request) => {
      if (answered !== undefined) gaps.push(now() - answered);
      const reply = await offline.complete(request);
      answered = now();
      return reply;
    },
  };
  const dir = mkdtempSync(join(tmpdir(), 'botarmy-bench-'));
  const app = await createApp(loadConfig({ BOTARMY_DATA_DIR: dir, LLM_PROVIDER: 'offline' }), { logger: pino({ level: 'silent' }), provider });
  try {
    await app.startWorkflow();
    const requirements = 'A recipe book: cooks add recipes with a title, ingredients and steps, and readers list recipes and find one by id.';
    for (let i = 0; i < (QUICK ? 3 : 10); i++) {
      answered = undefined;
      await app.services.commands.execute(`gap-${i}`, { type: 'CreateProject', projectId: `gap-${i}`, name: `Recipes ${i}`, requirements, settings: { proof: null } });
      await app.workflow.idle();
    }
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const baseline = median(baselines);
  const product = median(gaps);
  const ratio = product / baseline;
  return { name: "one agent's answer to the next agent's request, p50", unit: 'ms', baseline, product, ratio, target: '≤ 5 ms', holds: product <= 5 };
}

/**
 * A model that answers in `delayMs` and, as a remote one does, spends none of this machine's CPU: each distinct
 * question is worked out once by the offline provider and served after the delay. The projects compete for the
 * model's slots and the machine, not for the offline reader's work (a second of this process's thread in the
 * 100-project run when every project's questions were worked out again).
 */
function remoteModel(delayMs: number): { provider: LlmProvider; calls(): number } {
  const offline = new OfflineProvider();
  const answered = new Map<string, ReturnType<LlmProvider['complete']>>();
  let calls = 0;
  const provider: LlmProvider = {
    name: 'slow-remote',
    model: offline.model,
    complete: async (request) => {
      calls += 1;
      const key = `${request.agent}:${canonicalJson(request.input)}`;
      if (!answered.has(key)) answered.set(key, offline.complete(request));
      const [answer] = await Promise.all([answered.get(key)!, new Promise((resolve) => setTimeout(resolve, delayMs))]);
      return answer;
    },
  };
  return { provider, calls: () => calls };
}

/**
 * Whole projects at once, with a model that takes 200 ms a call and 16 calls at a time: the time they take
 * against the least the calls alone allow (calls × 200 ms / 16). Proof is off: mutation runs are timed apart.
 */
async function throughput(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'botarmy-bench-'));
  const model = remoteModel(LLM_DELAY_MS);
  const provider = model.provider;
  const config = loadConfig({ BOTARMY_DATA_DIR: dir, LLM_PROVIDER: 'offline', LLM_CONCURRENCY: String(LLM_CONCURRENCY) });
  const app = await createApp(config, { logger: pino({ level: 'silent' }), provider });
  try {
    await app.startWorkflow();
    const requirements = 'A recipe book: cooks add recipes with a title, ingredients and steps, and readers list recipes and find one by id.';
    const start = now();
    for (let i = 0; i < PIPELINE_PROJECTS; i++) {
      await app.services.commands.execute(`bench-${i}`, { type: 'CreateProject', projectId: `bench-${i}`, name: `Recipes ${i}`, requirements, settings: { proof: null } });
    }
    await app.workflow.idle();
    const elapsed = (now() - start) / 1000;
    const ideal = (model.calls() * LLM_DELAY_MS) / LLM_CONCURRENCY / 1000;
    const listed = (await app.services.queries.projects({ first: PIPELINE_PROJECTS })).items;
    const done = listed.filter((i) => i.node.status === 'completed').length;
    const floor = await testRunsAlone(app, listed.map((i) => i.node.id));
    const bound = Math.max(ideal, floor);
    return [
      {
        name: `${PIPELINE_PROJECTS} projects (${done} completed), model at ${LLM_DELAY_MS} ms a call, ${LLM_CONCURRENCY} calls at a time: efficiency`,
        unit: 's',
        baseline: ideal,
        product: elapsed,
        ratio: ideal / elapsed,
        target: '≥ 0.8 (ideal ÷ actual)',
        holds: ideal / elapsed >= 0.8,
      },
      {
        name: `the same, against the model's calls or the projects' test runs alone (${floor.toFixed(1)} s in the ${app.sandbox.status.kind} sandbox), whichever is longer`,
        unit: 's',
        baseline: bound,
        product: elapsed,
        ratio: bound / elapsed,
        target: '≥ 0.8 (bound ÷ actual)',
        holds: bound / elapsed >= 0.8,
      },
    ];
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Seconds the projects' own test runs take when they are all that runs, all at once, in the app's sandbox: on a
 * small machine the generated tests, not the model, can be what bounds a batch of projects.
 */
async function testRunsAlone(app: App, projectIds: readonly string[]): Promise<number> {
  const limits = limitsOf(app.config.sandbox);
  const runs = await Promise.all(
    projectIds.map(async (id) => ({ id, tests: testFilesOf(await app.services.queries.artifacts(id)) })),
  );
  const start = now();
  await Promise.all(runs.map(({ id, tests }) => runNodeTests(app.sandbox, app.workspaces.pathOf(id), tests, limits)));
  return (now() - start) / 1000;
}

/** The 99th percentile of some durations. */
const p99 = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.99))];

/**
 * From an append to its arrival at every one of many graphql-ws subscribers of the project, p99, against a raw `ws`
 * server broadcasting a message of the same size to as many sockets: what the GraphQL layer adds to a push.
 */
async function fanOut(env: Record<string, string> = {}, label = ''): Promise<Row> {
  const baseline = await (async () => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const port = (server.address() as { port: number }).port;
    const arrivals: number[] = [];
    const clients = await Promise.all(
      Array.from({ length: SUBSCRIBERS }, () => new Promise<WebSocket>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}`);
        ws.on('message', () => arrivals.push(now()));
        ws.once('open', () => resolve(ws));
      })),
    );
    const latencies: number[] = [];
    for (let k = 0; k < PUSHES; k++) {
      arrivals.length = 0;
      const sent = now();
      const text = JSON.stringify({ id: 'x', type: 'next', payload: { data: { projectEvents: { streamVersion: k, type: 'MessageSent' } } } });
      for (const ws of server.clients) ws.send(text);
      while (arrivals.length < SUBSCRIBERS) await new Promise((resolve) => setImmediate(resolve));
      latencies.push(...arrivals.map((t) => t - sent));
    }
    for (const ws of clients) ws.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return p99(latencies);
  })();
  const product = await withApp(async (app) => {
    const server = await startHttpServer(app, { port: 0, host: '127.0.0.1' });
    try {
      await app.store.append('fan', [created], 0);
      // Clients speak graphql-ws's protocol over plain sockets and only note arrivals, as the baseline's do: what is
      // measured is the server's push, not a client library's parsing.
      const arrivals: number[] = [];
      const query = 'subscription ($id: ID!) { projectEvents(projectId: $id, afterVersion: 1, compact: true) { streamVersion type } }';
      const clients = await Promise.all(
        Array.from({ length: SUBSCRIBERS }, () => new Promise<WebSocket>((resolve) => {
          const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
          ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
          ws.once('message', () => {
            ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables: { id: 'fan' } } }));
            ws.on('message', () => arrivals.push(now()));
            resolve(ws);
          });
        })),
      );
      const arrived = async () => {
        while (arrivals.length < SUBSCRIBERS) await new Promise((resolve) => setImmediate(resolve));
      };
      // A first push that every subscriber receives: from then on all of them are live.
      await app.store.append('fan', [message(2)], 1);
      await arrived();
      const latencies: number[] = [];
      for (let k = 0; k < PUSHES; k++) {
        const version = 3 + k;
        arrivals.length = 0;
        const sent = now();
        await app.store.append('fan', [message(version)], version - 1);
        await arrived();
        latencies.push(...arrivals.map((t) => t - sent));
      }
      for (const ws of clients) ws.close();
      return p99(latencies);
    } finally {
      await server.close();
    }
  }, env);
  const ratio = product / baseline;
  return { name: `${label}append → graphql-ws subscriber, ${SUBSCRIBERS} subscribers of one project, p99`, unit: 'ms', baseline, product, ratio, target: '≤ 2× a raw ws broadcast', holds: ratio <= 2 };
}

/** PostgreSQL's rows beside SQLite's, on an embedded cluster started for the run: appends, rebuild, fan-out, instances. */
async function postgresRows(): Promise<Row[]> {
  const cluster = await startPostgres();
  try {
    const rows: Row[] = [];
    for (const [size, count] of [[1, SINGLE], [100, BATCHES]]) rows.push(await postgresAppends(cluster, size, count));
    rows.push(await rebuild({ BOTARMY_DATABASE_URL: await cluster.newDatabase() }, 'PostgreSQL: '));
    rows.push(await fanOut({ BOTARMY_DATABASE_URL: await cluster.newDatabase() }, 'PostgreSQL: '));
    const one = await projectsOn(cluster, 1);
    process.stderr.write(`${PIPELINE_PROJECTS} projects on 1 instance: ${one.toFixed(1)} s\n`);
    const three = await projectsOn(cluster, 3);
    process.stderr.write(`${PIPELINE_PROJECTS} projects on 3 instances: ${three.toFixed(1)} s\n`);
    rows.push({
      name: `PostgreSQL: ${PIPELINE_PROJECTS} projects on 3 instances against 1, model at ${INSTANCES_LLM_DELAY_MS} ms a call, ${LLM_CONCURRENCY} calls at a time each`,
      unit: 's',
      baseline: one,
      product: three,
      ratio: one / three,
      target: '≥ 2× (speed-up of 3 instances)',
      holds: one / three >= 2,
    });
    return rows;
  } finally {
    await cluster.stop();
  }
}

/**
 * Seconds `PIPELINE_PROJECTS` projects take on `count` instances sharing one PostgreSQL database, created round robin,
 * each instance with its own model slots: what adding instances buys when the model is what the projects wait on.
 */
async function projectsOn(cluster: TestPostgres, count: number): Promise<number> {
  const url = await cluster.newDatabase();
  const dirs = Array.from({ length: count }, () => mkdtempSync(join(tmpdir(), 'botarmy-bench-')));
  const { provider } = remoteModel(INSTANCES_LLM_DELAY_MS);
  const apps = await Promise.all(
    dirs.map((dir, k) =>
      createApp(loadConfig({ BOTARMY_DATA_DIR: dir, BOTARMY_DATABASE_URL: url, BOTARMY_INSTANCE_ID: `bench-${k}`, LLM_PROVIDER: 'offline', LLM_CONCURRENCY: String(LLM_CONCURRENCY) }), {
        logger: pino({ level: 'silent' }),
        provider,
      }),
    ),
  );
  try {
    await Promise.all(apps.map((app) => app.startWorkflow()));
    const requirements = 'A recipe book: cooks add recipes with a title, ingredients and steps, and readers list recipes and find one by id.';
    const start = now();
    const ids: string[] = [];
    for (let i = 0; i < PIPELINE_PROJECTS; i++) {
      const app = apps[i % count];
      const id = app.services.commands.newId();
      ids.push(id);
      await app.services.commands.execute(id, { type: 'CreateProject', projectId: id, name: `Recipes ${i}`, requirements, settings: { proof: null } });
    }
    for (;;) {
      const ended = await Promise.all(ids.map(async (id) => (await apps[0].store.readStream(id, { from: 1 })).some((e) => e.type === 'ProjectCompleted' || e.type === 'ActionRequested')));
      if (ended.every(Boolean)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return (now() - start) / 1000;
  } finally {
    await Promise.all(apps.map((app) => app.close()));
    process.stderr.write(`closed ${count} instance${count === 1 ? '' : 's'}\n`);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

/** BENCH_ONLY=append,fanout,handoff,workflow,rebuild,list,throughput,postgres runs some groups of rows, printed but not written. */
const ONLY = new Set((process.env.BENCH_ONLY ?? '').split(',').filter(Boolean));
const wants = (group: string): boolean => ONLY.size === 0 || ONLY.has(group);

async function main(): Promise<void> {
  const rows: Row[] = [];
  if (wants('append')) {
    for (const [size, count] of [[1, SINGLE], [100, BATCHES]]) {
      const row = await appends(size, count);
      rows.push(row, await machineLimit(size, count, row.baseline));
    }
  }
  if (wants('fanout')) rows.push(await fanOut());
  if (wants('handoff')) rows.push(await handoffGap());
  if (wants('workflow')) await workflowRows(rows);
  if (wants('rebuild')) rows.push(await rebuild());
  if (wants('list')) rows.push(await projectList());
  if (wants('throughput')) rows.push(...(await throughput()));
  if (wants('postgres')) rows.push(...(await postgresRows()));
  if (ONLY.size === 0) {
    const out = join(__dirname, '..', '..', 'bench', 'results.json');
    mkdirSync(join(__dirname, '..', '..', 'bench'), { recursive: true });
    writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
  }
  process.stdout.write(`${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}${QUICK ? ', quick run' : ''}\n\n`);
  const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toPrecision(3));
  process.stdout.write('| path | unit | baseline | BotArmy | ratio | target | holds |\n| --- | --- | --- | --- | --- | --- | --- |\n');
  for (const r of rows) process.stdout.write(`| ${r.name} | ${r.unit} | ${fmt(r.baseline)} | ${fmt(r.product)} | ${fmt(r.ratio)} | ${r.target} | ${r.holds ? 'yes' : 'no'} |\n`);
}

/** The workflow's cost of one more event at several stream lengths, and how it grows. */
async function workflowRows(rows: Row[]): Promise<void> {
  const costs = await withApps(STREAM_LENGTHS.length, async (apps) => {
    const probes: Awaited<ReturnType<typeof workflowProbe>>[] = [];
    for (const [k, length] of STREAM_LENGTHS.entries()) probes.push(await workflowProbe(apps[k], length));
    const bests = probes.map(() => Infinity);
    // Each round of blocks starts at another length, so that none always follows the same one.
    for (let b = 0; b < WORKFLOW_BLOCKS; b++) {
      for (let j = 0; j < probes.length; j++) {
        const k = (b + j) % probes.length;
        bests[k] = Math.min(bests[k], await probes[k].block());
      }
    }
    return new Map(STREAM_LENGTHS.map((length, k) => [length, { product: bests[k], baseline: probes[k].baseline }]));
  });
  for (const [length, cost] of costs) {
    rows.push({
      name: `workflow cost of one more event at stream length ${length}`,
      unit: 'ms/event',
      baseline: cost.baseline,
      product: cost.product,
      ratio: cost.product / cost.baseline,
      target: 'no target alone: see the growth row',
      holds: true,
    });
  }
  const shortest = costs.get(STREAM_LENGTHS[0]) as { product: number };
  const longest = costs.get(STREAM_LENGTHS[STREAM_LENGTHS.length - 1]) as { product: number };
  const growth = longest.product / shortest.product;
  rows.push({
    name: `workflow cost per event, stream length ${STREAM_LENGTHS[STREAM_LENGTHS.length - 1]} against ${STREAM_LENGTHS[0]}`,
    unit: 'ms/event',
    baseline: shortest.product,
    product: longest.product,
    ratio: growth,
    target: '≤ 2× (O(1) per event, not O(n))',
    holds: growth <= 2,
  });
}

void main();
