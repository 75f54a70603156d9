import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { NewEvent } from '../src/events/envelope';
import { InMemoryEventStore } from '../src/events/in-memory-event-store';
import { createApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';

/**
 * Appends per second to the SQLite log with its inline projections, as a ratio of the in-memory store measured
 * in the same run, for FULL and NORMAL synchronous modes. Prints ratios, never absolute targets.
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);

const message = (n: number): NewEvent => ({
  type: 'MessageSent',
  data: { messageId: `m${n}`, fromAgent: 'analyst', toAgent: 'architect', type: 'status', content: `status ${n}`, confidence: null, thread: 't', attempt: 1 },
});
const created: NewEvent = {
  type: 'ProjectCreated',
  data: { name: 'Bench', requirements: 'Measure appends', settings: { confidenceThreshold: 0.7, maxAttempts: 3, maxRepairRounds: 3, tokenBudget: null, model: null } },
};

async function timeAppends(append: (events: NewEvent[], version: number) => Promise<unknown>): Promise<number> {
  await append([created], 0);
  const start = process.hrtime.bigint();
  for (let n = 1; n <= EVENTS; n++) await append([message(n)], n);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function sqlite(synchronous: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'botarmy-bench-'));
  const app = await createApp(loadConfig({ BOTARMY_DATA_DIR: dir, BOTARMY_SQLITE_SYNCHRONOUS: synchronous }), { logger: pino({ level: 'silent' }) });
  try {
    return await timeAppends((events, version) => app.store.append('bench', events, version));
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const memory = new InMemoryEventStore();
  const baseline = await timeAppends((events, version) => memory.append('bench', events, version));
  for (const mode of ['NORMAL', 'FULL']) {
    const ms = await sqlite(mode);
    process.stdout.write(
      `sqlite ${mode.padEnd(6)} ${EVENTS} appends in ${ms.toFixed(0)} ms (${((EVENTS / ms) * 1000).toFixed(0)}/s): ` +
        `${(ms / baseline).toFixed(1)}x the in-memory store (${baseline.toFixed(0)} ms)\n`,
    );
  }
}

void main();
