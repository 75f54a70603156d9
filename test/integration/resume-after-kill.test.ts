import { FakeOpenAiServer } from '../support/fake-openai-server';
import { gql } from '../support/graphql-http';
import { killHard, startServerProcess, stopGracefully } from '../support/server-process';
import { tempDir } from '../support/temp-dir';

interface Ev {
  streamVersion: number;
  type: string;
  data: Record<string, any>;
}

async function events(url: string, projectId: string): Promise<Ev[]> {
  const res = await gql(url, `query($p: ID!) { events(projectId: $p, limit: 1000) { streamVersion type data } }`, { p: projectId });
  return res.data!.events;
}

async function until<T>(fn: () => Promise<T | undefined>, timeoutMs = 30000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('resume after a crash', () => {
  const dir = tempDir();
  let llm: FakeOpenAiServer;
  beforeAll(async () => {
    llm = await FakeOpenAiServer.start();
    // Slow enough that the kill lands while a call is in flight.
    llm.script = () => ({ delayMs: 400 });
  });
  afterAll(async () => {
    await llm.close();
    dir.remove();
  });

  it('a server killed with SIGKILL mid-pipeline resumes on restart and completes with no duplicated step', async () => {
    const env = { BOTARMY_DATA_DIR: dir.path, LLM_BASE_URL: llm.baseURL, LLM_API_KEY: 'test', LLM_RETRY_BASE_MS: '20' };
    const first = await startServerProcess(env);
    const created = await gql(first.url, `mutation { createProject(input: { name: "Shop", requirements: "Build a shop with products." }) { id } }`);
    const id = created.data!.createProject.id as string;

    // Kill while the architect's call is in flight: its step has started but has no result.
    await until(async () => {
      const evs = await events(first.url, id);
      const last = evs[evs.length - 1];
      return last.type === 'AgentStepStarted' && last.data.agent === 'architect' ? true : undefined;
    });
    await killHard(first.child);
    const before = llm.requestsFor('architect').length;

    const second = await startServerProcess(env);
    try {
      const final = await until(async () => {
        const evs = await events(second.url, id);
        return evs.some((e) => e.type === 'ProjectCompleted') ? evs : undefined;
      });
      const count = (type: string, agent?: string) => final.filter((e) => e.type === type && (!agent || e.data.agent === agent)).length;
      for (const agent of ['analyst', 'architect', 'developer', 'tester']) {
        expect(count('AgentStepStarted', agent)).toBe(1);
        expect(count('AgentOutputProduced', agent)).toBe(1);
        expect(count('AgentOutputAccepted', agent)).toBe(1);
      }
      expect(count('MessageSent')).toBe(4);
      expect(count('ProjectCompleted')).toBe(1);
      // The interrupted call was made again after the restart.
      expect(llm.requestsFor('architect').length).toBe(before + 1);
      const messages = await gql(second.url, `query($p: ID!) { messages(projectId: $p) { nodes { fromAgent toAgent type } } }`, { p: id });
      expect(messages.data!.messages.nodes.filter((m: { type: string }) => m.type === 'handoff')).toHaveLength(5);
      expect(final.map((e) => e.streamVersion)).toEqual(final.map((_, i) => i + 1));
    } finally {
      await stopGracefully(second.child);
    }
  }, 60000);
});
