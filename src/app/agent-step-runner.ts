import type { Logger } from 'pino';
import type PQueue from 'p-queue';
import type { RetryPolicy } from 'cockatiel';
import type { Agent, AgentInput, AgentName, ChatMessage } from '../domain/agents/agent';
import { AGENT_NAMES, agentNamed } from '../domain/agents/pipeline';
import type { WorkflowCommand } from '../domain/workflow';
import type { EventMetadata, NewEvent } from '../events/envelope';
import { LlmError, toLlmError } from '../llm/llm-error';
import type { LlmProvider, LlmRequest, LlmResponse, Probe } from '../llm/llm-port';
import type { PriceTable } from '../llm/price-table';
import { requestHash } from '../llm/request-hash';
import { type ArtifactLimits, checkArtifacts } from '../domain/artifact-rules';
import { deletionProblems } from '../domain/file-deletions';
import type { Workspaces } from '../workspace/workspace';
import type { CommandHandler } from './command-handler';

type RunStep = Extract<WorkflowCommand, { type: 'RunStep' }>;

export interface AgentStepRunnerDeps {
  commands: CommandHandler;
  provider: LlmProvider;
  /** The global bound on LLM calls in flight, shared by every project; `slotPriority` orders who waits for one. */
  slots: PQueue;
  retryPolicy: RetryPolicy;
  logger: Logger;
  limits: ArtifactLimits;
  workspaces: Workspaces;
  /** Path → size of the latest version of each file the project already has. */
  existingArtifacts(projectId: string): Promise<Map<string, number>>;
  /** How long one step may take, calls, retries and repair together; none for a replay, which answers from the log. */
  stepTimeoutMs?: number;
  /** What each model costs, so every call records what it cost. */
  prices: PriceTable;
}

type Validation = { ok: true; output: Record<string, unknown> } | { ok: false; errors: string[] };

/** A call that was stopped (the step was cancelled or passed its deadline) rather than answered or failed. */
const STOPPED = Symbol('stopped');

/**
 * Runs one attempt of one agent: builds its prompt, calls the LLM (every call, failed or not, becomes an
 * event), asks once for a repair when the answer is not valid for the agent's schema, and records the output
 * with its judged confidence — or the rejection. Only the workflow decides what happens next.
 *
 * A step has a deadline of its own (`stepTimeoutMs`), over its calls, retries, backoff and repair together:
 * when it passes, the work is stopped and the attempt is recorded as `timed_out`, so a hung model costs one
 * deadline and a person's decision, not every attempt's retries.
 */
export class AgentStepRunner {
  constructor(private readonly deps: AgentStepRunnerDeps) {}

  async run(projectId: string, step: RunStep, signal: AbortSignal): Promise<void> {
    const meta: EventMetadata = { actor: step.agent, correlationId: projectId, causationId: step.stepId };
    const { stepTimeoutMs } = this.deps;
    const deadline = stepTimeoutMs === undefined ? null : AbortSignal.timeout(stepTimeoutMs);
    // The record of the last call made waits for the step's outcome, to be appended with it: one transaction, one
    // wait for the disk, between an answer and what the workflow does with it. Every way the step ends records it.
    const facts: NewEvent[] = [];
    let outcome: NewEvent[] | typeof STOPPED;
    try {
      outcome = await this.attempt(projectId, step, deadline ? AbortSignal.any([signal, deadline]) : signal, meta, facts);
    } catch (error) {
      await this.record(projectId, meta, facts);
      throw error;
    }
    if (outcome !== STOPPED) return this.recordIfCurrent(projectId, step, meta, outcome, facts);
    // Cancelled from outside (the project was cancelled, the runner stopped): there is nothing more to record.
    if (!deadline?.aborted || signal.aborted) return this.record(projectId, meta, facts);
    this.deps.logger.warn({ projectId, agent: step.agent, stepId: step.stepId, stepTimeoutMs }, 'agent step passed its deadline');
    await this.recordIfCurrent(projectId, step, meta, [
      {
        type: 'AgentOutputRejected',
        data: {
          stepId: step.stepId,
          agent: step.agent,
          attempt: step.attempt,
          reason: 'timed_out',
          errors: [`no output within ${stepTimeoutMs} ms`],
          deadlineMs: stepTimeoutMs,
        },
      },
    ], facts);
  }

  /** The attempt's outcome events, or STOPPED when the signal stopped it first; the last call's record is left in `facts`. */
  private async attempt(projectId: string, step: RunStep, signal: AbortSignal, meta: EventMetadata, facts: NewEvent[]): Promise<NewEvent[] | typeof STOPPED> {
    const agent = agentNamed(step.agent);
    const messages: ChatMessage[] = [
      { role: 'system', content: step.systemPrompt ?? agent.systemPrompt },
      { role: 'user', content: agent.buildUserPrompt(step.input) },
    ];
    const log = this.deps.logger.child({ projectId, agent: step.agent, stepId: step.stepId });
    const spent = { tokens: 0, usd: 0 };
    // Checked before each call, so a project goes past its budget by one call at most.
    const overBudget = () => overBudgetErrors(step.remaining, spent);

    if (overBudget()) return rejection(step, 'over_budget', overBudget()!);
    let answer = await this.call(projectId, step, agent, messages, 'answer', signal, meta, spent, facts);
    if (answer === STOPPED) return STOPPED;
    if (!answer) return rejection(step, 'call_failed', ['the LLM call failed after retries']);
    let result = validate(agent, answer, step.input);
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
      if (overBudget()) return rejection(step, 'over_budget', overBudget()!);
      answer = await this.call(projectId, step, agent, repair, 'repair', signal, meta, spent, facts);
      if (answer === STOPPED) return STOPPED;
      if (!answer) return rejection(step, 'call_failed', ['the repair call failed after retries']);
      result = validate(agent, answer, step.input);
      if (!result.ok) return rejection(step, 'invalid_output', result.errors);
    }
    const unsafe = await this.artifactProblems(projectId, agent, result.output);
    if (unsafe.length) {
      log.warn({ problems: unsafe }, 'files refused');
      return [
        ...unsafe.map((p): NewEvent<'ArtifactRejected'> => ({
          type: 'ArtifactRejected',
          data: { stepId: step.stepId, agent: step.agent, attempt: step.attempt, path: p.path, reason: p.reason },
        })),
        ...rejection(step, 'unsafe_artifact', unsafe.map((p) => `${p.path}: ${p.reason}`)),
      ];
    }
    const modelConfidence = typeof result.output.confidence === 'number' ? result.output.confidence : 0;
    const confidence = Math.min(modelConfidence, agent.judgeConfidence(result.output, step.input));
    log.info({ confidence, modelConfidence }, 'agent output produced');
    return [
      {
        type: 'AgentOutputProduced',
        data: { stepId: step.stepId, agent: step.agent, attempt: step.attempt, output: result.output, confidence, modelConfidence },
      },
    ];
  }

  /** One logical call with retries on transient failures; null when it finally failed, STOPPED when the signal fired. */
  private async call(
    projectId: string,
    step: RunStep,
    agent: Agent<unknown>,
    messages: ChatMessage[],
    purpose: 'answer' | 'repair',
    signal: AbortSignal,
    meta: EventMetadata,
    spent: { tokens: number; usd: number },
    facts: NewEvent[],
  ): Promise<LlmResponse | null | typeof STOPPED> {
    const request: LlmRequest = {
      agent: step.agent,
      messages,
      schema: agent.outputSchema,
      schemaName: agent.name,
      input: step.input,
      attempt: step.attempt,
      ...(step.model ? { model: step.model } : {}),
      signal,
    };
    let inCall: Promise<unknown> = Promise.resolve();
    const attempts = () =>
      this.deps.retryPolicy.execute(() => {
        // cockatiel's backoff sleep does not watch the signal: a step stopped meanwhile makes no further call.
        signal.throwIfAborted();
        const once = this.callOnce(projectId, step, purpose, request, signal, meta, spent, facts);
        inCall = once.catch(() => undefined);
        return once;
      }, signal);
    try {
      // Nor does the policy return during a backoff sleep: the step stops waiting for it when the signal fires.
      let response = await untilStopped(attempts, signal);
      // Cut at the server's token limit: asked again with room for the whole answer, not retried as it was.
      for (let raised = 0; response.finishReason === 'length' && raised < MAX_TOKEN_RAISES; raised++) {
        request.maxTokens = Math.max(MIN_RAISED_TOKENS, 2 * (request.maxTokens ?? 0), 2 * response.usage.completionTokens);
        response = await untilStopped(attempts, signal);
      }
      return response;
    } catch (error) {
      if (signal.aborted) {
        // A call under way ends at once on the signal; its LlmCallFailed is in the log before the step stops.
        await inCall;
        return STOPPED;
      }
      if (error instanceof LlmError) return null;
      throw error;
    }
  }

  /**
   * One call under the global slot limit, recorded as an event whatever its end: a failure at once, an answer in
   * `facts`, for the step to append with what it makes of it. The call before is in the log before this one is made.
   */
  private async callOnce(
    projectId: string,
    step: RunStep,
    purpose: 'answer' | 'repair',
    request: LlmRequest,
    signal: AbortSignal,
    meta: EventMetadata,
    spent: { tokens: number; usd: number },
    facts: NewEvent[],
  ): Promise<LlmResponse> {
    await this.record(projectId, meta, facts);
    const { provider } = this.deps;
    const model = request.model ?? provider.model;
    const common = {
      stepId: step.stepId,
      agent: step.agent,
      attempt: step.attempt,
      purpose,
      provider: provider.name,
      requestHash: requestHash({ model, schemaName: request.schemaName, messages: request.messages }),
    };
    const started = Date.now();
    let response: LlmResponse;
    try {
      // The slot is held until the call settles or the step is stopped, whichever is first, so neither a hung
      // server nor a provider that ignores its signal can keep it from the other projects.
      response = await this.deps.slots.add(() => untilStopped(() => provider.complete(request), signal), { priority: slotPriority(step.agent) });
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
    const costUsd = response.costUsd ?? this.deps.prices.costOf(response.model, response.usage);
    spent.tokens += response.usage.promptTokens + response.usage.completionTokens;
    spent.usd += costUsd;
    facts.push(
      ...probeEvents(common, model, provider.endpoint, response.probe),
      {
        type: 'LlmCallCompleted',
        data: {
          ...common,
          model: response.model,
          messages: request.messages,
          rawAnswer: response.text,
          promptTokens: response.usage.promptTokens,
          completionTokens: response.usage.completionTokens,
          ...(response.usage.cachedPromptTokens !== undefined ? { cachedPromptTokens: response.usage.cachedPromptTokens } : {}),
          costUsd,
          ...(response.mode ? { mode: response.mode } : {}),
          ...(response.finishReason ? { finishReason: response.finishReason } : {}),
          ...(request.maxTokens ? { maxTokens: request.maxTokens } : {}),
          latencyMs: response.latencyMs,
        },
      },
    );
    return response;
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

  /** LLM calls are facts: they are recorded whatever happened to the project meanwhile. Takes them out of `facts`. */
  private async record(projectId: string, meta: EventMetadata, facts: NewEvent[]): Promise<void> {
    if (facts.length === 0) return;
    await this.deps.commands.report(projectId, { type: 'RecordFacts', events: facts.splice(0) }, meta);
  }

  /**
   * An outcome counts only while its step is still the running one (not cancelled, not superseded, not timed out);
   * the facts before it are recorded with it whatever it counts for.
   */
  private async recordIfCurrent(projectId: string, step: RunStep, meta: EventMetadata, events: NewEvent[], facts: NewEvent[]): Promise<void> {
    await this.deps.commands.report(
      projectId,
      [
        { type: 'RecordFacts', events: facts.splice(0) },
        { type: 'RecordStepOutcome', agent: step.agent as AgentName, stepId: step.stepId, events },
      ],
      meta,
    );
  }
}

/**
 * Who gets the next free LLM slot: the call of an agent further down the pipeline. Taken in the order they were
 * asked for, a hundred projects went through the pipeline side by side, every analyst before any tester, so their
 * test runs all came at the end, after the model's work, instead of while it went on; now the first projects finish
 * early and the machine runs their tests while the others wait for the model.
 */
function slotPriority(agent: AgentName): number {
  return AGENT_NAMES.indexOf(agent);
}

/** Times an answer cut at the token limit is asked for again with a larger one. */
const MAX_TOKEN_RAISES = 2;
const MIN_RAISED_TOKENS = 4096;

/** A probe on the record: each refused way of asking as a failed call, then what was found. */
function probeEvents(
  common: { stepId: string; agent: AgentName; attempt: number; purpose: 'answer' | 'repair'; provider: string; requestHash: string },
  model: string,
  endpoint: string | undefined,
  probe: Probe | undefined,
): NewEvent[] {
  if (!probe) return [];
  const { stepId, agent, provider } = common;
  return [
    ...probe.refused.map(
      (r): NewEvent<'LlmCallFailed'> => ({
        type: 'LlmCallFailed',
        data: { ...common, model, errorClass: r.errorClass, message: `${r.mode} refused: ${r.message}`, retryable: false, status: r.status, latencyMs: r.latencyMs },
      }),
    ),
    {
      type: 'EndpointProbed',
      data: {
        stepId,
        agent,
        provider,
        ...(endpoint ? { endpoint } : {}),
        model,
        reason: probe.reason,
        tried: [...probe.refused.map(({ mode, status, errorClass, message }) => ({ mode, status, errorClass, message })), { mode: probe.chosen, status: 200, errorClass: 'none', message: 'answered' }],
        chosen: probe.chosen,
      },
    },
  ];
}

/** Why the next call would go past the project's budget, or null while there is some left. */
function overBudgetErrors(remaining: RunStep['remaining'], spent: { tokens: number; usd: number }): string[] | null {
  if (remaining.usd !== null && spent.usd >= remaining.usd) return [`the project's spend budget is used up (${remaining.usd} dollars were left when the step started)`];
  if (remaining.tokens !== null && spent.tokens >= remaining.tokens) return [`the project's token budget is used up (${remaining.tokens} tokens were left when the step started)`];
  return null;
}

function rejection(step: RunStep, reason: 'call_failed' | 'invalid_output' | 'unsafe_artifact' | 'over_budget', errors: string[]): NewEvent[] {
  return [{ type: 'AgentOutputRejected', data: { stepId: step.stepId, agent: step.agent, attempt: step.attempt, reason, errors } }];
}

/**
 * Starts `work` unless `signal` has fired, and settles with it — or rejects as a cancelled call as soon as the
 * signal fires, leaving the work to settle unobserved.
 */
function untilStopped<T>(work: () => Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(new LlmError('the call was cancelled', 'Aborted', false));
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    work()
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', stop));
  });
}

function validate(agent: Agent<unknown>, answer: LlmResponse, input: AgentInput): Validation {
  if (answer.json === null || typeof answer.json !== 'object' || Array.isArray(answer.json)) {
    return { ok: false, errors: ['the answer is not a JSON object'] };
  }
  const parsed = agent.outputSchema.safeParse(answer.json);
  if (parsed.success) {
    const problems = [...(agent.problemsWith?.(parsed.data, input) ?? []), ...deletionProblems(agent, parsed.data, input)];
    return problems.length ? { ok: false, errors: problems } : { ok: true, output: parsed.data as Record<string, unknown> };
  }
  return { ok: false, errors: parsed.error.issues.slice(0, 20).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
}
