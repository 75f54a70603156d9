import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import type { AgentInput, AgentName } from '../src/domain/agents/agent';
import { analystOutputSchema } from '../src/domain/agents/analyst';
import { architectOutputSchema } from '../src/domain/agents/architect';
import { developerOutputSchema } from '../src/domain/agents/developer';
import { testerOutputSchema } from '../src/domain/agents/tester';
import type { LlmRequest } from '../src/llm/llm-port';
import { OfflineProvider } from '../src/llm/offline-provider';
import { runMutation } from '../src/proof/mutation-runner';
import { mutationTargets } from '../src/workspace/project-files';
import { chooseSandbox, limitsOf } from '../src/sandbox/choose-sandbox';
import { runNodeTests } from '../src/sandbox/test-runner';
import { loadConfig } from '../src/server/config';
import { Workspaces } from '../src/workspace/workspace';

/**
 * For requirement texts (BENCH_REQUIREMENTS_DIR, each *.txt holding texts separated by blank lines; the first
 * BENCH_TEXTS_PER_FILE of each), has the offline provider write the project, runs its tests, then the mutation
 * run, in the sandbox the server would choose, and prints the mutation run's time as a multiple of the tests'.
 */
const DIR = resolve(process.env.BENCH_REQUIREMENTS_DIR ?? '../shared/requirements');
const PER_FILE = Number(process.env.BENCH_TEXTS_PER_FILE ?? 1);
/** The project default (domain/project.ts). */
const BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 60_000);

const provider = new OfflineProvider();
const schemas = { analyst: analystOutputSchema, architect: architectOutputSchema, developer: developerOutputSchema, tester: testerOutputSchema };

async function answer<T>(agent: AgentName, input: AgentInput, parse: (json: unknown) => T): Promise<T> {
  const request: LlmRequest = { agent, messages: [{ role: 'user', content: input.requirements }], schema: schemas[agent], schemaName: agent, input, attempt: 1 };
  return parse((await provider.complete(request)).json);
}

/** The four agents in order, each reading what the ones before it answered: the project's files, with their author. */
async function offlineProject(requirements: string): Promise<{ path: string; content: string; agent: string }[]> {
  const input: AgentInput = { requirements, guidance: [] };
  const analysis = await answer('analyst', input, (j) => analystOutputSchema.parse(j));
  const design = await answer('architect', { ...input, analysis }, (j) => architectOutputSchema.parse(j));
  const implementation = await answer('developer', { ...input, analysis, design }, (j) => developerOutputSchema.parse(j));
  const tests = await answer('tester', { ...input, analysis, design, implementation }, (j) => testerOutputSchema.parse(j));
  return [
    ...implementation.files.map((f) => ({ path: f.path, content: f.content, agent: 'developer' })),
    ...tests.test_files.map((f) => ({ path: f.path, content: f.content, agent: 'tester' })),
  ];
}

function texts(): { label: string; text: string }[] {
  return readdirSync(DIR)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .flatMap((name) =>
      readFileSync(join(DIR, name), 'utf8')
        .split(/\n\s*\n/)
        .map((t) => t.trim())
        .filter(Boolean)
        .slice(0, PER_FILE)
        .map((text, i) => ({ label: `${name}#${i + 1}`, text })),
    );
}

async function main(): Promise<void> {
  const config = loadConfig({});
  const limits = limitsOf(config.sandbox);
  const sandbox = await chooseSandbox(config.sandbox);
  const root = await mkdtemp(join(tmpdir(), 'botarmy-bench-'));
  const workspaces = new Workspaces(root);
  const logger = pino({ level: 'silent' });
  process.stdout.write(`sandbox ${sandbox.status.kind}, budget ${BUDGET_MS} ms\n`);
  try {
    for (const { label, text } of texts()) {
      const files = await offlineProject(text);
      const { mutate, tests } = mutationTargets(files);
      const testRun = await runNodeTests(sandbox, await workspaces.materialize('tests', files), tests, limits);
      const run = await runMutation({ sandbox, limits, budgetMs: BUDGET_MS, files, mutate, tests, materialize: (f) => workspaces.materialize('mutation', f), logger });
      const count = (status: string) => run.mutants.filter((m) => m.status === status).length;
      process.stdout.write(
        `${label.padEnd(14)} tests ${testRun.passed}/${testRun.passed + testRun.failed} passed in ${testRun.durationMs} ms; ` +
          `${run.created} mutants (${run.killed} killed, ${run.survived} survived, ${run.timedOut} timed out, ${count('error')} errors, ${count('skipped')} skipped) ` +
          `in ${run.durationMs} ms = ${(run.durationMs / Math.max(1, testRun.durationMs)).toFixed(1)}x the tests${run.error ? `; error: ${run.error}` : ''}\n`,
      );
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

void main();
