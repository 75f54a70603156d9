import type { AnyStoredEvent, StoredEvent } from '../events/envelope';
import { extractJson } from './json-answer';
import { LlmError } from './llm-error';
import type { LlmProvider, LlmRequest, LlmResponse } from './llm-port';

/**
 * Answers from a project's recorded LLM calls, in the order they were made: a recorded answer is given back,
 * a recorded failure is thrown again. It makes no network call. Whether today's request is the one that was
 * recorded is for the replay's comparison to judge (the recorded call's messages and request hash).
 */
export class ReplayProvider implements LlmProvider {
  readonly name: string;
  readonly model: string;
  private readonly calls: (StoredEvent<'LlmCallCompleted'> | StoredEvent<'LlmCallFailed'>)[];
  private next = 0;

  constructor(recorded: readonly StoredEvent[]) {
    this.calls = (recorded as AnyStoredEvent[]).filter(
      (e): e is StoredEvent<'LlmCallCompleted'> | StoredEvent<'LlmCallFailed'> => e.type === 'LlmCallCompleted' || e.type === 'LlmCallFailed',
    );
    this.name = this.calls[0]?.data.provider ?? 'replay';
    this.model = this.calls[0]?.data.model ?? 'replay';
  }

  async complete(_request: LlmRequest): Promise<LlmResponse> {
    const call = this.calls[this.next++];
    if (!call) throw new LlmError('the recording has no more LLM calls', 'ReplayExhausted', false);
    if (call.type === 'LlmCallFailed') {
      throw new LlmError(call.data.message, call.data.errorClass, call.data.retryable, call.data.status);
    }
    let json: unknown = null;
    try {
      json = extractJson(call.data.rawAnswer);
    } catch {
      json = null;
    }
    const usage = { promptTokens: call.data.promptTokens, completionTokens: call.data.completionTokens };
    return {
      json,
      text: call.data.rawAnswer,
      usage,
      model: call.data.model,
      latencyMs: call.data.latencyMs,
      // What was charged then, whatever the prices are now: a budget decides the same way again.
      costUsd: call.data.costUsd ?? 0,
      ...(call.data.cachedPromptTokens !== undefined ? { usage: { ...usage, cachedPromptTokens: call.data.cachedPromptTokens } } : {}),
    };
  }
}
