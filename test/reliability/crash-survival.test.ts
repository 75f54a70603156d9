import { readdirSync, readFileSync } from 'node:fs';
import { testerAnswer } from '../support/agent-fixtures';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { gql } from '../support/graphql-http';
import { recordReliability } from '../support/reliability-log';
import { runCli } from '../support/run-cli';
import { killHard, startServerProcess, stopGracefully } from '../support/server-process';
import { tempDir } from '../support/temp-dir';

interface Ev {
  streamVersion: number;
  type: string;
  data: Record<string, any>;
}

const PROJECTS = 20;
const KILLS = 20;

/** A small seeded generator, so a failing run can be repeated with the seed it printed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Processes whose command line names this test's data directory: sandboxed test runs and their children. */
function processesUsing(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(dir)) found.push(`${pid}: ${cmdline.slice(0, 200)}`);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

describe('crash survival: the server is SIGKILLed at random moments while 20 projects run', () => {
  const dir = tempDir('botarmy-crash-');
  let llm: FakeOpenAiServer;
  const seed = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);
  const random = mulberry32(seed);

  beforeAll(async () => {
    llm = await FakeOpenAiServer.start();
    llm.script = (request) => {
      const delayMs = 50 + Math.floor(random() * 250);
      if (request.agent !== 'tester') return { delayMs };
      // Tests that take a moment, so some kills land while a sandboxed run is in flight.
      const answer = testerAnswer();
      answer.test_files[0].content = answer.test_files[0].content.replace(
        "test('S1.AC1 lists products', () => {",
        "test('S1.AC1 lists products', async () => { await new Promise((r) => setTimeout(r, 300));",
      );
      return { delayMs, answer };
    };
  });
  afterAll(async () => {
    await llm.close();
    dir.remove();
  });

  it('ends every project, records no step twice, leaves no sandbox behind, and keeps the log verifiable and rebuildable', async () => {
    const env = { BOTARMY_DATA_DIR: dir.path, LLM_BASE_URL: llm.baseURL, LLM_API_KEY: 'test', LLM_RETRY_BASE_MS: '20', LLM_CONCURRENCY: '8', BOTARMY_PROOF: 'on' };
    let server = await startServerProcess(env);
    const ids: string[] = [];
    const create = async (url: string) => {
      const i = ids.length;
      const res = await gql(url, `mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }`, {
        i: { name: `Shop ${i}`, requirements: `Build shop number ${i} with products and a cart.` },
      });
      ids.push(res.data!.createProject.id);
    };

    let killsDuringTestRuns = 0;
    // A new project per round keeps work in flight for every kill; the rest start before the first one.
    while (ids.length < PROJECTS - KILLS + 1) await create(server.url);
    for (let kill = 0; kill < KILLS; kill++) {
      if (ids.length < PROJECTS) await create(server.url);
      // Half the kills wait for a sandboxed test run to be in flight; the rest land at a random moment.
      if (kill % 2 === 0) {
        const url = server.url;
        const running = await until('a test run in flight', async () => {
          for (const id of await activeProjects(url)) {
            const runs = await gql(url, `query($p: ID!) { events(projectId: $p, types: ["TestRunStarted", "TestRunCompleted"], first: 100) { type } }`, { p: id });
            const types = (runs.data!.events as { type: string }[]).map((e) => e.type);
            if (types.filter((t) => t === 'TestRunStarted').length > types.filter((t) => t === 'TestRunCompleted').length) return true;
          }
          return undefined;
        }, 5_000).catch(() => false);
        if (running) killsDuringTestRuns++;
      } else {
        await new Promise((r) => setTimeout(r, 100 + Math.floor(random() * 900)));
      }
      await killHard(server.child);
      server = await startServerProcess(env);
    }

    try {
      const url = server.url;
      // Every project runs its code twice after the agents: its tests, then a mutation run proving its criteria.
      await until('every project to end', async () => ((await activeProjects(url)).length === 0 ? true : undefined), 300_000);
      const finals = await Promise.all(ids.map((id) => events(url, id)));

      let eventsChecked = 0;
      for (const evs of finals) {
        eventsChecked += evs.length;
        expect(evs.map((e) => e.streamVersion)).toEqual(evs.map((_, i) => i + 1));
        expect(evs.filter((e) => e.type === 'ProjectCompleted')).toHaveLength(1);
        const outcomes = new Map<string, number>();
        for (const e of evs) {
          if (['AgentOutputProduced', 'AgentOutputRejected'].includes(e.type)) outcomes.set(e.data.stepId, (outcomes.get(e.data.stepId) ?? 0) + 1);
        }
        expect([...outcomes.values()].every((n) => n === 1)).toBe(true);
        const started = evs.filter((e) => e.type === 'AgentStepStarted').map((e) => e.data.stepId);
        expect(new Set(started).size).toBe(started.length);
        const runs = evs.filter((e) => e.type === 'TestRunCompleted').map((e) => e.data.runId);
        expect(new Set(runs).size).toBe(runs.length);
        const mutationRuns = evs.filter((e) => e.type === 'MutationRunCompleted').map((e) => e.data.runId);
        expect(mutationRuns.length).toBeGreaterThan(0);
        expect(new Set(mutationRuns).size).toBe(mutationRuns.length);
        for (const agent of ['analyst', 'architect', 'developer', 'tester']) {
          expect(evs.filter((e) => e.type === 'AgentOutputAccepted' && e.data.agent === agent)).toHaveLength(1);
        }
      }
      await stopGracefully(server.child);
      // No sandboxed run outlived the servers that started it.
      const leftovers = await until('sandboxes to be gone', async () => (processesUsing(dir.path).length === 0 ? [] : undefined), 10_000).catch(
        () => processesUsing(dir.path),
      );
      expect(leftovers).toEqual([]);

      const cli = (args: string[]) => runCli(args, { BOTARMY_DATA_DIR: dir.path, LOG_LEVEL: 'silent' });
      const verify = await cli(['verify']);
      expect(verify.code).toBe(0);
      const before = await Promise.all(ids.map((id) => cli(['digest', id])));
      expect((await cli(['rebuild'])).code).toBe(0);
      const after = await Promise.all(ids.map((id) => cli(['digest', id])));
      expect(after.map((r) => r.stdout)).toEqual(before.map((r) => r.stdout));

      recordReliability('crash survival', 'SIGKILL at random moments, 20 projects', {
        seed,
        projects: PROJECTS,
        kills: KILLS,
        killsDuringTestRuns,
        projectsCompleted: finals.length,
        eventsChecked,
        stepsRecordedTwice: 0,
        sandboxesLeftRunning: leftovers.length,
        verify: 'passed',
        digestsEqualAfterRebuild: true,
      });
    } finally {
      await stopGracefully(server.child);
    }
  }, 480_000);
});

/** Projects the pipeline is still working on: a cheap poll that leaves the server its CPU. */
async function activeProjects(url: string): Promise<string[]> {
  const res = await gql(url, `{ projects(first: 50) { nodes { id status } } }`);
  return (res.data!.projects.nodes as { id: string; status: string }[]).filter((p) => p.status === 'ACTIVE').map((p) => p.id);
}

async function events(url: string, projectId: string): Promise<Ev[]> {
  const res = await gql(url, `query($p: ID!) { events(projectId: $p, limit: 1000) { streamVersion type data } }`, { p: projectId });
  return res.data!.events;
}
