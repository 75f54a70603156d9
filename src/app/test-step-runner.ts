import type { Logger } from 'pino';
import { foldWorkflow, type WorkflowCommand } from '../domain/workflow';
import type { SandboxOptions } from '../sandbox/test-runner';
import { runNodeTests } from '../sandbox/test-runner';
import type { Workspaces } from '../workspace/workspace';
import type { CommandHandler } from './command-handler';

type RunTests = Extract<WorkflowCommand, { type: 'RunTests' }>;

export interface TestStepRunnerDeps {
  commands: CommandHandler;
  workspaces: Workspaces;
  sandbox: SandboxOptions;
  logger: Logger;
  /** The latest version of every file, with the agent that wrote it. */
  latestArtifacts(projectId: string): Promise<{ path: string; content: string; agent: string }[]>;
}

const TEST_FILE = /(^|\/)(test|tests|__tests__)\/|[._-](test|spec)\.[cm]?js$/;
const SCRIPT = /\.[cm]?js$/;

/**
 * Writes the project's latest files into a fresh workspace, runs the tester's tests in the sandbox and
 * records the run. The files come from the log, so a run after a restart sees exactly what the first would.
 */
export class TestStepRunner {
  constructor(private readonly deps: TestStepRunnerDeps) {}

  async run(projectId: string, step: RunTests): Promise<void> {
    const files = await this.deps.latestArtifacts(projectId);
    const workspace = await this.deps.workspaces.materialize(projectId, files);
    const scripts = files.filter((f) => f.agent === 'tester' && SCRIPT.test(f.path)).map((f) => f.path);
    const tests = scripts.filter((p) => TEST_FILE.test(p));
    const log = this.deps.logger.child({ projectId, runId: step.runId });
    log.info({ files: files.length, tests: tests.length }, 'test run starting');
    const result = await runNodeTests(workspace, tests.length ? tests : scripts, this.deps.sandbox);
    log.info({ exitCode: result.exitCode, passed: result.passed, failed: result.failed, timedOut: result.timedOut }, 'test run finished');
    await this.deps.commands.executeWith(
      projectId,
      (_state, history) => {
        const wf = foldWorkflow(projectId, history);
        if (wf.finished || wf.tests.running?.runId !== step.runId) return [];
        return [{ type: 'TestRunCompleted', data: { runId: step.runId, round: step.round, ...result } }];
      },
      { actor: 'tester', correlationId: projectId, causationId: step.runId },
    );
  }
}
