import type { Logger } from 'pino';
import type { WorkflowCommand } from '../domain/workflow';
import type { Sandbox, SandboxLimits } from '../sandbox/sandbox';
import { runNodeTests, type TestRunResult } from '../sandbox/test-runner';
import { testFilesOf } from '../workspace/project-files';
import type { Workspaces } from '../workspace/workspace';
import type { CommandHandler } from './command-handler';

type RunTests = Extract<WorkflowCommand, { type: 'RunTests' }>;

export interface TestStepRunnerDeps {
  commands: CommandHandler;
  workspaces: Workspaces;
  sandbox: Sandbox;
  limits: SandboxLimits;
  logger: Logger;
  /** The latest version of every file, with the agent that wrote it. */
  latestArtifacts(projectId: string): Promise<{ path: string; content: string; agent: string }[]>;
}

/**
 * Writes the project's latest files into a fresh workspace, runs the tester's tests in the sandbox and
 * records the run. The files come from the log, so a run after a restart sees exactly what the first would.
 */
export class TestStepRunner {
  constructor(private readonly deps: TestStepRunnerDeps) {}

  async run(projectId: string, step: RunTests): Promise<void> {
    const files = await this.deps.latestArtifacts(projectId);
    const tests = testFilesOf(files);
    const log = this.deps.logger.child({ projectId, runId: step.runId });
    log.info({ files: files.length, tests: tests.length, sandbox: this.deps.sandbox.status.kind }, 'test run starting');
    const result = await this.materializeAndRun(projectId, files, tests, log);
    log.info({ exitCode: result.exitCode, passed: result.passed, failed: result.failed, timedOut: result.timedOut }, 'test run finished');
    await this.deps.commands.report(
      projectId,
      { type: 'CompleteTestRun', runId: step.runId, round: step.round, result },
      { actor: 'tester', correlationId: projectId, causationId: step.runId },
    );
  }

  /**
   * Files the disk refuses (a file and a folder of the same name, a name too long) are the developer's to
   * fix: they become a failed run that says why, where a throw would only make the workflow try again.
   */
  private async materializeAndRun(
    projectId: string,
    files: readonly { path: string; content: string }[],
    testFiles: readonly string[],
    log: Logger,
  ): Promise<TestRunResult> {
    let workspace: string;
    try {
      workspace = await this.deps.workspaces.materialize(projectId, files);
    } catch (error) {
      log.warn({ err: error }, 'workspace could not be written');
      return {
        passed: 0,
        failed: 1,
        skipped: 0,
        tests: [],
        command: [],
        exitCode: null,
        signal: null,
        timedOut: false,
        durationMs: 0,
        output: `No test ran: BotArmy could not write the project's files to disk. ${(error as Error).message}`,
      };
    }
    return runNodeTests(this.deps.sandbox, workspace, testFiles, this.deps.limits);
  }
}
