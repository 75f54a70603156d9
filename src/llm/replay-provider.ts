import type { AnyStoredEvent, StoredEvent } from '../events/envelope';
import { extractJson } from './json-answer';
import { LlmError } from './llm-error';
import type { LlmProvider, LlmRequest, LlmResponse, Probe } from './llm-port';

/**
 * Answers from a project's recorded LLM calls, in the order they were made: a recorded answer is given back,
 * a recorded failure is thrown again. It makes no network call. Whether today's request is the one that was
 * recorded is for the replay's comparison to judge (the recorded call's messages and request hash).
 */
type Recorded = StoredEvent<'LlmCallCompleted'> | StoredEvent<'LlmCallFailed'> | StoredEvent<'EndpointProbed'>;

export class ReplayProvider implements LlmProvider {
  readonly name: string;
  readonly model: string;
  readonly endpoint?: string;
  private readonly calls: Recorded[];
  private next = 0;

  constructor(recorded: readonly StoredEvent[]) {
    this.calls = (recorded as AnyStoredEvent[]).filter(
      (e): e is Recorded => e.type === 'LlmCallCompleted' || e.type === 'LlmCallFailed' || e.type === 'EndpointProbed',
    );
    const first = this.calls.find((c) => c.type !== 'EndpointProbed') as StoredEvent<'LlmCallCompleted'> | undefined;
    this.name = first?.data.provider ?? 'replay';
    this.model = first?.data.model ?? 'replay';
    // A probe names the server it was about: the replayed one names the same.
    this.endpoint = (this.calls.find((c) => c.type === 'EndpointProbed') as StoredEvent<'EndpointProbed'> | undefined)?.data.endpoint;
  }

  async complete(_request: LlmRequest): Promise<LlmResponse> {
    const probe = this.probe();
    const call = this.calls[this.next++];
    if (!call || call.type === 'EndpointProbed') throw new LlmError('the recording has no more LLM calls', 'ReplayExhausted', false);
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
      ...(call.data.mode ? { mode: call.data.mode } : {}),
      ...(call.data.finishReason ? { finishReason: call.data.finishReason } : {}),
      ...(probe ? { probe } : {}),
      // What was charged then, whatever the prices are now: a budget decides the same way again.
      costUsd: call.data.costUsd ?? 0,
      ...(call.data.cachedPromptTokens !== undefined ? { usage: { ...usage, cachedPromptTokens: call.data.cachedPromptTokens } } : {}),
    };
  }

  /** A recorded probe, when the next call made one: its refused tries, given back with the answer as they were. */
  private probe(): Probe | undefined {
    let end = this.next;
    while (this.calls[end]?.type === 'LlmCallFailed' && (this.calls[end] as StoredEvent<'LlmCallFailed'>).data.errorClass === 'ModeRefused') end++;
    const found = this.calls[end];
    if (found?.type !== 'EndpointProbed') return undefined;
    const failures = this.calls.slice(this.next, end) as StoredEvent<'LlmCallFailed'>[];
    this.next = end + 1;
    const refused = found.data.tried
      .filter((t) => t.errorClass === 'ModeRefused')
      .map((t, i) => ({ mode: t.mode, status: t.status, errorClass: t.errorClass, message: t.message, latencyMs: failures[i]?.data.latencyMs ?? 0 }));
    return { reason: found.data.reason, refused, chosen: found.data.chosen };
  }
}
