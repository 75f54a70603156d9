import pino from 'pino';
import type { CommandHandler } from '../../src/app/command-handler';
import { TestStepRunner } from '../../src/app/test-step-runner';
import { type WorkOutcome, decideOutcome } from '../../src/domain/work-outcome';
import { foldWorkflow } from '../../src/domain/workflow';
import type { NewEvent } from '../../src/events/envelope';
import { Workspaces } from '../../src/workspace/workspace';
import { SETTINGS, streamOf } from '../support/event-factory';
import { nodePermission, TEST_LIMITS } from '../support/sandboxes';
import { tempDir } from '../support/temp-dir';

type File = { path: string; content: string; agent: string };

describe('TestStepRunner when the files cannot be written to disk', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  /** Runs one test step over `files` and returns the events it decided to record. */
  async function runStep(files: File[]): Promise<NewEvent[]> {
    const e = streamOf('p1');
    const history = [e('ProjectCreated', { name: 'Shop', requirements: 'Build a shop', settings: SETTINGS }), e('TestRunStarted', { runId: 'p1:tests-1', round: 1 })];
    const recorded: NewEvent[] = [];
    const commands = {
      report: async (_id: string, outcome: WorkOutcome) => {
        recorded.push(...decideOutcome(outcome, foldWorkflow('p1', history)));
        return [];
      },
    } as unknown as CommandHandler;
    const runner = new TestStepRunner({
      commands,
      workspaces: new Workspaces(dir.path),
      sandbox: await nodePermission(),
      limits: TEST_LIMITS,
      logger: pino({ level: 'silent' }),
      latestArtifacts: async () => files,
    });
    await runner.run('p1', { type: 'RunTests', runId: 'p1:tests-1', round: 1 });
    return recorded;
  }

  it.each<[string, File[], RegExp]>([
    [
      'a file and a folder with the same path',
      [
        { path: 'src/a', content: 'x', agent: 'developer' },
        { path: 'src/a/b.js', content: 'x', agent: 'developer' },
      ],
      /src\/a\/b\.js cannot be written: another file uses the same path as a folder/,
    ],
    ['a name longer than the file system allows', [{ path: `test/${'n'.repeat(300)}.test.js`, content: 'x', agent: 'tester' }], /its name is longer than the file system allows/],
  ])('%s: records a failed run that says why, instead of throwing', async (_label, files, why) => {
    const [event] = await runStep(files);
    expect(event.type).toBe('TestRunCompleted');
    expect(event.data).toMatchObject({ runId: 'p1:tests-1', round: 1, passed: 0, failed: 1, tests: [], exitCode: null, timedOut: false });
    const output = (event.data as { output: string }).output;
    expect(output).toMatch(/^No test ran: BotArmy could not write the project's files to disk\./);
    expect(output).toMatch(why);
    expect(output).not.toContain(dir.path);
  });
});
