import type { Logger } from 'pino';
import type pLimit from 'p-limit';
import type { RetryPolicy } from 'cockatiel';
import type { Agent, AgentName, ChatMessage } from '../domain/agents/agent';
import { PIPELINE } from '../domain/agents/pipeline';
import { foldWorkflow, type WorkflowCommand } from '../domain/workflow';
import type { EventMetadata, NewEvent } from '../events/envelope';
import { LlmError, toLlmError } from '../llm/llm-error';
import type { LlmProvider, LlmResponse } from '../llm/llm-port';
import { requestHash } from '../llm/request-hash';
import { type ArtifactLimits, checkArtifacts } from '../domain/artifact-rules';
import type { Workspaces } from '../workspace/workspace';
import type { CommandHandler } from './command-handler';

type RunStep = Extract<WorkflowCommand, { type: 'RunStep' }>;

export interface AgentStepRunnerDeps {
  commands: CommandHandler;
  provider: LlmProvider;
  /** The global bound on LLM calls in flight, shared by every project. */
  limit: ReturnType<typeof pLimit>;
  retryPolicy: RetryPolicy;
  logger: Logger;
  limits: ArtifactLimits;
  workspaces: Workspaces;
  /** Path → size of the latest version of each file the project already has. */
  existingArtifacts(projectId: string): Promise<Map<string, number>>;
}

type Validation = { ok: true; output: Record<string, unknown> } | { ok: false; errors: string[] };

/**
 * Runs one attempt of one agent: builds its prompt, calls the LLM (every call, failed or not, becomes an
 * event), asks once for a repair when the answer is not valid for the agent's schema, and records the output
 * with its judged confidence — or the rejection. Only the workflow decides what happens next.
 */
export class AgentStepRunner {
  constructor(private readonly deps: AgentStepRunnerDeps) {}

  async run(projectId: string, step: RunStep, signal: AbortSignal): Promise<void> {
    const agent = PIPELINE.find((a) => a.name === step.agent) as Agent<unknown>;
    const messages: ChatMessage[] = [
      { role: 'system', content: agent.systemPrompt },
      { role: 'user', content: agent.buildUserPrompt(step.input) },
    ];
    const meta: EventMetadata = { actor: step.agent, correlationId: projectId, causationId: step.stepId };
    const log = this.deps.logger.child({ projectId, agent: step.agent, stepId: step.stepId });

    let answer = await this.call(projectId, step, agent, messages, 'answer', signal, meta);
    if (!answer) return this.reject(projectId, step, 'call_failed', ['the LLM call failed after retries'], meta);
    let result = validate(agent, answer);
    if (!result.ok) {
      log.warn({ errors: result.errors }, 'invalid output, asking for a repair');
      const repair: ChatMessage[] = [
        ...messages,
        { role: 'assistant', content: answer.text },
        {
          role: 'user',
          content:
            `Your answer is not valid JSON for the required schema. Problems:\n${result.errors.map((e) => `- ${e}`).join('\n')}\n` +
            'Answer again with the corrected JSON object only.',
        },
      ];
      answer = await this.call(projectId, step, agent, repair, 'repair', signal, meta);
      if (!answer) return this.reject(projectId, step, 'call_failed', ['the repair call failed after retries'], meta);
      result = validate(agent, answer);
      if (!result.ok) return this.reject(projectId, step, 'invalid_output', result.errors, meta);
    }
    const unsafe = await this.artifactProblems(projectId, agent, result.output);
    if (unsafe.length) {
      log.warn({ problems: unsafe }, 'files refused');
      return this.recordIfCurrent(projectId, step, meta, [
        ...unsafe.map((p): NewEvent<'ArtifactRejected'> => ({
          type: 'ArtifactRejected',
          data: { stepId: step.stepId, agent: step.agent, attempt: step.attempt, path: p.path, reason: p.reason },
        })),
        {
          type: 'AgentOutputRejected',
          data: { stepId: step.stepId, agent: step.agent, attempt: step.attempt, reason: 'unsafe_artifact', errors: unsafe.map((p) => `${p.path}: ${p.reason}`) },
        },
      ]);
    }
    const modelConfidence = typeof result.output.confidence === 'number' ? result.output.confidence : 0;
    const confidence = Math.min(modelConfidence, agent.judgeConfidence(result.output, step.input));
    log.info({ confidence, modelConfidence }, 'agent output produced');
    await this.recordIfCurrent(projectId, step, meta, [
      {
        type: 'AgentOutputProduced',
        data: { stepId: step.stepId, agent: step.agent, attempt: step.attempt, output: result.output, confidence, modelConfidence },
      },
    ]);
  }

  /** One logical call with retries on transient failures; returns null when it finally failed. */
  private async call(
    projectId: string,
    step: RunStep,
    agent: Agent<unknown>,
    messages: ChatMessage[],
    purpose: 'answer' | 'repair',
    signal: AbortSignal,
    meta: EventMetadata,
  ): Promise<LlmResponse | null> {
    const { provider } = this.deps;
    const model = step.model ?? provider.model;
    const hash = requestHash({ model, schemaName: agent.name, messages });
    const common = { stepId: step.stepId, agent: step.agent, attempt: step.attempt, purpose, provider: provider.name, requestHash: hash };
    try {
      return await this.deps.retryPolicy.execute(async () => {
        const started = Date.now();
        try {
          const response = await this.deps.limit(() =>
            provider.complete({
              agent: step.agent,
              messages,
              schema: agent.outputSchema,
              schemaName: agent.name,
              input: step.input,
              attempt: step.attempt,
              ...(step.model ? { model: step.model } : {}),
              signal,
            }),
          );
          await this.record(projectId, meta, [
            {
              type: 'LlmCallCompleted',
              data: {
                ...common,
                model: response.model,
                messages,
                rawAnswer: response.text,
                promptTokens: response.usage.promptTokens,
                completionTokens: response.usage.completionTokens,
                latencyMs: response.latencyMs,
              },
            },
          ]);
          return response;
        } catch (error) {
          const e = toLlmError(error);
          this.deps.logger.warn({ projectId, agent: step.agent, errorClass: e.errorClass, status: e.status, retryable: e.retryable }, 'LLM call failed');
          await this.record(projectId, meta, [
            {
              type: 'LlmCallFailed',
              data: { ...common, model, errorClass: e.errorClass, message: e.message, retryable: e.retryable, status: e.status, latencyMs: Date.now() - started },
            },
          ]);
          throw e;
        }
      }, signal);
    } catch (error) {
      if (error instanceof LlmError || signal.aborted) return null;
      throw error;
    }
  }

  /** The files an output would write that break a path rule, a limit, or lead out through a symlink. */
  private async artifactProblems(projectId: string, agent: Agent<unknown>, output: unknown): Promise<{ path: string; reason: string }[]> {
    const files = agent.artifactsOf?.(output);
    if (!files) return [];
    const { accepted, problems } = checkArtifacts(files, await this.deps.existingArtifacts(projectId), this.deps.limits);
    for (const file of accepted) {
      const reason = await this.deps.workspaces.symlinkProblem(projectId, file.path);
      if (reason) problems.push({ path: file.path, reason });
    }
    return problems;
  }

  private reject(projectId: string, step: RunStep, reason: 'call_failed' | 'invalid_output', errors: string[], meta: EventMetadata) {
    return this.recordIfCurrent(projectId, step, meta, [
      { type: 'AgentOutputRejected', data: { stepId: step.stepId, agent: step.agent, attempt: step.attempt, reason, errors } },
    ]);
  }

  /** LLM calls are facts: they are recorded whatever happened to the project meanwhile. */
  private async record(projectId: string, meta: EventMetadata, events: NewEvent[]): Promise<void> {
    await this.deps.commands.executeWith(projectId, () => events, meta);
  }

  /** An outcome counts only while its step is still the running one (not cancelled, not superseded). */
  private async recordIfCurrent(projectId: string, step: RunStep, meta: EventMetadata, events: NewEvent[]): Promise<void> {
    await this.deps.commands.executeWith(
      projectId,
      (_state, history) => {
        const wf = foldWorkflow(projectId, history);
        return !wf.finished && wf.agents[step.agent as AgentName].running?.stepId === step.stepId ? events : [];
      },
      meta,
    );
  }
}

function validate(agent: Agent<unknown>, answer: LlmResponse): Validation {
  if (answer.json === null || typeof answer.json !== 'object' || Array.isArray(answer.json)) {
    return { ok: false, errors: ['the answer is not a JSON object'] };
  }
  const parsed = agent.outputSchema.safeParse(answer.json);
  if (parsed.success) return { ok: true, output: parsed.data as Record<string, unknown> };
  return { ok: false, errors: parsed.error.issues.slice(0, 20).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
}
