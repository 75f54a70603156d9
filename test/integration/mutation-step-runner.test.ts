import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { CommandHandler } from '../../src/app/command-handler';
import { MutationStepRunner } from '../../src/app/mutation-step-runner';
import type { EventData } from '../../src/events/catalog';
import { InMemoryEventStore } from '../../src/events/in-memory-event-store';
import { Workspaces } from '../../src/workspace/workspace';
import { SETTINGS } from '../support/event-factory';
import { nodePermission, TEST_LIMITS } from '../support/sandboxes';
import { tempDir } from '../support/temp-dir';

type File = { path: string; content: string; agent: string };

const CODE: File = {
  path: 'src/double.js',
  agent: 'developer',
  content: "'use strict';\nfunction double(n) {\n  return n * 2;\n}\nmodule.exports = { double };\n",
};
const TESTS: File = {
  path: 'test/double.test.js',
  agent: 'tester',
  content:
    "const test = require('node:test');\nconst assert = require('node:assert');\nconst { double } = require('../src/double.js');\n" +
    "test('S1.AC1 doubles', () => assert.strictEqual(double(3), 6));\n",
};
const MANIFEST: File = { path: 'package.json', agent: 'developer', content: '{"name":"double","scripts":{"test":"node --test"}}' };

const RUN_TIMEOUT_MS = 120_000;

describe('MutationStepRunner', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  /** A project whose workflow has started mutation runs `runIds`, in that order, on a real store. */
  async function project(projectId: string, runIds: string[]): Promise<InMemoryEventStore> {
    const store = new InMemoryEventStore();
    await store.append(projectId, [{ type: 'ProjectCreated', data: { name: 'Double', requirements: 'Double numbers', settings: SETTINGS } }], 0);
    for (const [i, runId] of runIds.entries()) await store.append(projectId, [{ type: 'MutationRunStarted', data: { runId, round: i + 1 } }], i + 1);
    return store;
  }

  async function runStep(store: InMemoryEventStore, projectId: string, runId: string, files: File[]): Promise<void> {
    const runner = new MutationStepRunner({
      commands: new CommandHandler(store),
      workspaces: new Workspaces(dir.path),
      sandbox: await nodePermission(),
      limits: { ...TEST_LIMITS, maxProcesses: 64 },
      logger: pino({ level: 'silent' }),
      latestArtifacts: async () => files,
    });
    await runner.run(projectId, { type: 'RunMutation', runId, round: 1, budgetMs: 60_000, focus: [] });
  }

  const completed = async (store: InMemoryEventStore, projectId: string) =>
    (await store.readStream(projectId)).filter((e) => e.type === 'MutationRunCompleted');

  it(
    "records the run that is still current, having mutated only the developer's code",
    async () => {
      const store = await project('p1', ['p1:mutation-1']);
      await runStep(store, 'p1', 'p1:mutation-1', [CODE, TESTS, MANIFEST]);
      const [event, ...more] = await completed(store, 'p1');
      expect(more).toHaveLength(0);
      expect(event.metadata).toMatchObject({ actor: 'tester', causationId: 'p1:mutation-1' });
      const data = event.data as EventData<'MutationRunCompleted'>;
      expect(data).toMatchObject({ runId: 'p1:mutation-1', round: 1, budgetMs: 60_000, error: null });
      expect(new Set(data.mutants.map((m) => m.file))).toEqual(new Set(['src/double.js']));
      const times = data.mutants.find((m) => m.mutator === 'ArithmeticOperator');
      expect(times).toMatchObject({ functionName: 'double', original: 'n * 2', replacement: 'n / 2', status: 'killed', killedBy: ['S1.AC1 doubles'] });
      // The mutated copy is gone: nobody reads instrumented code as the project's.
      expect(existsSync(join(dir.path, '.mutation', 'p1'))).toBe(false);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'records nothing for a run the workflow no longer waits for',
    async () => {
      const store = await project('p2', ['p2:mutation-1', 'p2:mutation-2']);
      await runStep(store, 'p2', 'p2:mutation-1', [CODE, TESTS]);
      expect(await completed(store, 'p2')).toEqual([]);
      await runStep(store, 'p2', 'p2:mutation-2', [CODE, TESTS]);
      expect((await completed(store, 'p2')).map((e) => (e.data as EventData<'MutationRunCompleted'>).runId)).toEqual(['p2:mutation-2']);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'records a run that could not be carried out with its error instead of throwing',
    async () => {
      const store = await project('p3', ['p3:mutation-1']);
      await runStep(store, 'p3', 'p3:mutation-1', [{ ...CODE, content: 'function double(n {' }, TESTS]);
      const [event] = await completed(store, 'p3');
      expect(event.data).toMatchObject({ runId: 'p3:mutation-1', mutants: [], created: 0, error: expect.stringMatching(/^The code could not be mutated: /) });
    },
    RUN_TIMEOUT_MS,
  );
});
