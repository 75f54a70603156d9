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
const REPEAT = 3;

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

async function withApp<T>(fn: (app: App) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'botarmy-bench-'));
  const app = await createApp(loadConfig({ BOTARMY_DATA_DIR: dir, BOTARMY_SQLITE_SYNCHRONOUS: 'FULL' }), { logger: pino({ level: 'silent' }) });
  try {
    return await fn(app);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A bare sqlite3 database with the log's table and pragmas: what SQLite itself manages on this machine. */
async function rawDatabase(dir: string): Promise<{ run(sql: string, params?: unknown[]): Promise<void>; all(sql: string): Promise<Record<string, unknown>[]>; close(): Promise<void> }> {
  const db = new sqlite3.Database(join(dir, 'raw.sqlite'));
  const run = (sql: string, params: unknown[] = []) => new Promise<void>((resolve, reject) => db.run(sql, params, (err) => (err ? reject(err) : resolve())));
  const all = (sql: string) => new Promise<Record<string, unknown>[]>((resolve, reject) => db.all(sql, (err, rows) => (err ? reject(err) : resolve(rows as Record<string, unknown>[]))));
  await run('PRAGMA journal_mode = WAL');
  await run('PRAGMA synchronous = FULL');
  await run(
    'CREATE TABLE events (global_position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, stream_version INTEGER NOT NULL, type TEXT NOT NULL, schema_version INTEGER NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (stream_id, stream_version))',
  );
  return { run, all, close: () => new Promise((resolve) => db.close(() => resolve())) };
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
  const product = await best(() =>
    withApp(async (app) => {
      await app.store.append('bench', [created], 0);
      const start = now();
      for (let b = 0; b < count; b++) {
        await app.store.append('bench', Array.from({ length: size }, (_, i) => message(b * size + i + 1)), 1 + b * size);
      }
      return now() - start;
    }),
  );
  const perSecond = (ms: number) => (size * count * 1000) / ms;
  const ratio = perSecond(product) / perSecond(baseline);
  return { name: `append, ${size === 1 ? 'one event' : `${size}-event batches`} per transaction, FULL`, unit: 'events/s', baseline: perSecond(baseline), product: perSecond(product), ratio, target: '≥ 0.5× raw sqlite3', holds: ratio >= 0.5 };
}

/**
 * What the workflow pays to take in one more event of a project whose stream is already `length` long: the
 * product reads the new event and advances the project's folded state; the baseline advances an in-memory fold.
 */
async function workflowCost(length: number): Promise<{ product: number; baseline: number }> {
  return withApp(async (app) => {
    await app.store.append('bench', [created, ...Array.from({ length: length - 1 }, (_, i) => message(i + 1))], 0);
    const states = new ProjectStates(app.store);
    await states.current('bench');
    const rounds = 50;
    let product = 0;
    for (let i = 0; i < rounds; i++) {
      await app.store.append('bench', [message(length + i)], length + i);
      const start = now();
      await states.current('bench');
      product += now() - start;
    }
    const events = await app.store.readStream('bench');
    let state = foldWorkflow('bench', events.slice(0, -1));
    const last = events[events.length - 1] as StoredEvent;
    const start = now();
    for (let i = 0; i < 1000; i++) state = evolveWorkflow(state, last);
    const baseline = (now() - start) / 1000;
    return { product: product / rounds, baseline };
  });
}

/** Events per second rebuilt into the read models, against a raw scan and parse of the same rows. */
async function rebuild(): Promise<Row> {
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
    return { name: `rebuild of ${count} recorded events`, unit: 'events/s', baseline: perSecond(baseline), product: perSecond(product), ratio, target: '≥ 0.5× a raw scan and parse', holds: ratio >= 0.5 };
  });
}

async function main(): Promise<void> {
  const rows: Row[] = [await appends(1, SINGLE), await appends(100, BATCHES)];
  const costs = new Map<number, { product: number; baseline: number }>();
  for (const length of STREAM_LENGTHS) costs.set(length, await workflowCost(length));
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
  rows.push(await rebuild());
  const out = join(__dirname, '..', '..', 'bench', 'results.json');
  mkdirSync(join(__dirname, '..', '..', 'bench'), { recursive: true });
  writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
  process.stdout.write(`${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}${QUICK ? ', quick run' : ''}\n\n`);
  const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toPrecision(3));
  process.stdout.write('| path | unit | baseline | BotArmy | ratio | target | holds |\n| --- | --- | --- | --- | --- | --- | --- |\n');
  for (const r of rows) process.stdout.write(`| ${r.name} | ${r.unit} | ${fmt(r.baseline)} | ${fmt(r.product)} | ${fmt(r.ratio)} | ${r.target} | ${r.holds ? 'yes' : 'no'} |\n`);
}

void main();
