import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { AgentInput } from '../../src/domain/agents/agent';
import type { StoredEvent } from '../../src/events/envelope';
import { replayProject } from '../../src/history/replay';
import type { LlmProvider } from '../../src/llm/llm-port';
import { OfflineProvider } from '../../src/llm/offline-provider';
import { createApp, type App } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { startHttpServer, type RunningServer } from '../../src/server/http-server';
import { gql } from '../support/graphql-http';
import { tempDir } from '../support/temp-dir';
import { eventsOfType, waitForEvent } from '../support/wait-for-event';

// The one line that adds the agent: the team with a reviewer between the developer and the tester.
jest.mock('../../src/domain/agents/team', () => {
  const { analyst, architect, developer, tester } = jest.requireActual('../../src/domain/agents/team').TEAM.reduce((all: object, a: { name: string }) => ({ ...all, [a.name]: a }), {});
  return { TEAM: [analyst, architect, developer, jest.requireActual('../fixtures/agents/reviewer').reviewer, tester] };
});

/** The offline team for the four agents it knows; the reviewer answers from the code it was given. */
function teamProvider(inputs: Map<string, AgentInput>): LlmProvider {
  const offline = new OfflineProvider();
  return {
    name: 'offline-and-reviewer',
    model: offline.model,
    complete: async (request) => {
      inputs.set(request.agent, request.input);
      if ((request.agent as string) !== 'reviewer') return offline.complete(request);
      const files = request.input.implementation?.files ?? [];
      const json = { findings: files.map((f) => ({ file: f.path, note: `${f.content.split('\n').length} lines read` })), confidence: 0.9 };
      const text = JSON.stringify(json);
      return { json, text, usage: { promptTokens: 10, completionTokens: text.length }, model: offline.model, latencyMs: 0 };
    },
  };
}

describe('a fifth agent added to the team in one file and one line', () => {
  const dir = tempDir();
  const inputs = new Map<string, AgentInput>();
  let app: App;
  let server: RunningServer;
  beforeAll(async () => {
    const config = loadConfig({ BOTARMY_DATA_DIR: join(dir.path, 'data'), BOTARMY_SQLITE_SYNCHRONOUS: 'NORMAL', BOTARMY_PROOF: 'off' });
    app = await createApp(config, { logger: pino({ level: 'silent' }), provider: teamProvider(inputs) });
    await app.startWorkflow();
    server = await startHttpServer(app, { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.close();
    await app.close();
    dir.remove();
  });

  it('runs a project through it: its step, its handoff, its row, the GraphQL enum and the recorded pipeline', async () => {
    const created = await gql(server.url, 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }', {
      input: { name: 'Recipes', requirements: 'A recipe book: cooks add recipes with a title and steps, and readers list recipes and find one by id.', breakpoints: ['REVIEWER'] },
    });
    expect(created.errors).toBeUndefined();
    const id = created.data!.createProject.id as string;

    // A breakpoint on the new agent stops the project before it, like before any other.
    const paused = (await waitForEvent(app, id, (e) => e.type === 'ProjectPaused', 60_000)) as StoredEvent<'ProjectPaused'>;
    expect(paused.data.beforeAgent).toBe('reviewer');
    expect((await gql(server.url, 'mutation($id: ID!) { resumeProject(projectId: $id) { id } }', { id })).errors).toBeUndefined();
    await waitForEvent(app, id, (e) => e.type === 'ProjectCompleted', 120_000);

    const events = await app.store.readStream(id);
    expect(eventsOfType(events, 'ProjectCreated')[0].data.pipeline).toEqual(['analyst', 'architect', 'developer', 'reviewer', 'tester']);
    expect(eventsOfType(events, 'AgentOutputAccepted').map((e) => e.data.agent)).toEqual(['analyst', 'architect', 'developer', 'reviewer', 'tester']);
    // It read what it declared, and nothing else; the tester after it still reads the code.
    expect(Object.keys(inputs.get('reviewer')!).sort()).toEqual(['guidance', 'implementation', 'requirements']);
    expect(inputs.get('tester')!.implementation).toEqual(inputs.get('reviewer')!.implementation);
    const handoffs = eventsOfType(events, 'MessageSent').filter((e) => e.data.type === 'handoff').map((e) => `${e.data.fromAgent}→${e.data.toAgent}`);
    expect(handoffs).toEqual(['analyst→architect', 'architect→developer', 'developer→reviewer', 'reviewer→tester', 'tester→user']);
    // The tests ran and passed after the whole pipeline, the reviewer's part included.
    expect(eventsOfType(events, 'TestRunCompleted')[0].data).toMatchObject({ failed: 0, exitCode: 0 });

    const read = await gql(server.url, 'query($id: ID!) { project(id: $id) { status pipeline } agents(projectId: $id) { name status } }', { id });
    expect(read.errors).toBeUndefined();
    expect(read.data!.project).toEqual({ status: 'COMPLETED', pipeline: ['ANALYST', 'ARCHITECT', 'DEVELOPER', 'REVIEWER', 'TESTER'] });
    expect(read.data!.agents).toEqual(['ANALYST', 'ARCHITECT', 'DEVELOPER', 'REVIEWER', 'TESTER'].map((name) => ({ name, status: 'DONE' })));
  });

  it('replays a project recorded with the four agents it ran with, identically', async () => {
    const recording = readFileSync(join(__dirname, '..', 'recordings', 'shop-edit-resume.jsonl'), 'utf8');
    const events = recording.trim().split('\n').map((line) => JSON.parse(line) as StoredEvent);
    expect(events[0].data).not.toHaveProperty('pipeline');
    const result = await replayProject(events);
    expect(result.divergence).toBeNull();
    expect(result).toMatchObject({ identical: true, compared: events.length });
  });
});
