import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { WorkflowCommand } from '../domain/workflow';
import { runMutation } from '../proof/mutation-runner';
import { mutationTargets } from '../workspace/project-files';
import type { Sandbox, SandboxLimits } from '../sandbox/sandbox';
import { Workspaces } from '../workspace/workspace';
import type { CommandHandler } from './command-handler';

type RunMutation = Extract<WorkflowCommand, { type: 'RunMutation' }>;

export interface MutationStepRunnerDeps {
  commands: CommandHandler;
  workspaces: Workspaces;
  sandbox: Sandbox;
  limits: SandboxLimits;
  logger: Logger;
  /** The latest version of every file, with the agent that wrote it. */
  latestArtifacts(projectId: string): Promise<{ path: string; content: string; agent: string }[]>;
}

/**
 * Mutates the project's latest code, runs the tester's tests against each mutant in the sandbox within the
 * command's budget, and records the run while it is still the one the workflow waits for. A run that cannot be
 * carried out is recorded with its error, never thrown, so the workflow does not start it again and again.
 */
export class MutationStepRunner {
  /** Beside the projects' workspaces, not in them: the instrumented code is nobody's to download or read. */
  private readonly mutationWorkspaces: Workspaces;

  constructor(private readonly deps: MutationStepRunnerDeps) {
    this.mutationWorkspaces = new Workspaces(join(deps.workspaces.root, '.mutation'));
  }

  async run(projectId: string, step: RunMutation): Promise<void> {
    const files = await this.deps.latestArtifacts(projectId);
    const { mutate, tests } = mutationTargets(files, step.focus);
    const log = this.deps.logger.child({ projectId, runId: step.runId });
    const result = await runMutation({
      sandbox: this.deps.sandbox,
      limits: this.deps.limits,
      budgetMs: step.budgetMs,
      files,
      mutate,
      tests,
      materialize: (instrumented) => this.mutationWorkspaces.materialize(projectId, instrumented),
      logger: log,
    });
    await rm(this.mutationWorkspaces.pathOf(projectId), { recursive: true, force: true });
    if (result.error) log.warn({ error: result.error }, 'mutation run could not be carried out');
    await this.deps.commands.report(
      projectId,
      { type: 'CompleteMutationRun', runId: step.runId, round: step.round, result },
      { actor: 'tester', correlationId: projectId, causationId: step.runId },
    );
  }
}
