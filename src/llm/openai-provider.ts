import OpenAI, { APIConnectionError } from 'openai';
import { z } from 'zod';
import { cappedFetch } from './capped-fetch';
import { extractJson } from './json-answer';
import { LlmError, toLlmError } from './llm-error';
import type { LlmProvider, LlmRequest, LlmResponse, LlmUsage } from './llm-port';
import { secretScrubber, type SecretScrubber } from './secret-scrubber';

/** Far above any agent's answer (a developer's files are at most a few MB in all), far below harm. */
export const DEFAULT_MAX_ANSWER_BYTES = 8 * 1024 * 1024;
/** A failure's message is for people; a server that sends megabytes of it gets the start recorded. */
const MAX_ERROR_MESSAGE_CHARS = 2000;
/** The model name a server reports is recorded with every call. */
const MAX_MODEL_CHARS = 200;

export interface OpenAiProviderOptions {
  /** Absent for local servers (Ollama, llama.cpp) that ignore it. */
  apiKey: string | undefined;
  baseURL?: string;
  model: string;
  timeoutMs: number;
  /** The largest response body read from the server; a larger one fails the call (`AnswerTooLarge`). */
  maxAnswerBytes?: number;
}

/**
 * Any OpenAI-compatible chat completions server: OpenAI, Ollama, vLLM, LM Studio, llama.cpp's server.
 * It asks for structured output with a JSON schema and, when a server refuses `json_schema`, falls back to
 * `json_object` for the rest of its life. The SDK's own retries are off: every attempt must become an event,
 * so the caller's retry policy decides. Whatever it returns or throws is already scrubbed of the key, because
 * everything downstream may end up in the append-only log.
 */
export class OpenAiProvider implements LlmProvider {
  readonly name = 'openai-compatible';
  readonly model: string;
  private readonly client: OpenAI;
  private readonly timeoutMs: number;
  private readonly scrub: SecretScrubber;
  private jsonSchemaSupported = true;

  constructor(options: OpenAiProviderOptions) {
    this.model = options.model;
    this.timeoutMs = options.timeoutMs;
    this.scrub = secretScrubber(options.apiKey);
    this.client = new OpenAI({
      // The SDK insists on a key even for servers that ignore it.
      apiKey: options.apiKey ?? 'not-needed',
      baseURL: options.baseURL,
      // Our own deadline (below) decides; the SDK's is only a backstop.
      timeout: options.timeoutMs + 5000,
      maxRetries: 0,
      fetch: cappedFetch(options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES),
    });
  }

  async complete(request: LlmRequest): Promise<LlmResponse> {
    const started = Date.now();
    // A deadline of our own tells a timeout from a cancellation without depending on how fetch reports aborts.
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
    try {
      const completion = await this.create(request, signal);
      // A server is free to send anything; what we record must still fit the event's schema.
      const content: unknown = completion.choices?.[0]?.message?.content;
      const text = this.scrub.answer(typeof content === 'string' ? content : '');
      let json: unknown = null;
      try {
        json = extractJson(text);
      } catch {
        json = null;
      }
      return {
        json,
        text,
        usage: usageOf(completion.usage),
        model: typeof completion.model === 'string' && completion.model ? this.scrub.error(completion.model).slice(0, MAX_MODEL_CHARS) : request.model || this.model,
        latencyMs: Date.now() - started,
      };
    } catch (error) {
      if (deadline.aborted && !request.signal?.aborted) {
        throw new LlmError(`no answer within ${this.timeoutMs} ms`, 'Timeout', true);
      }
      throw this.scrubbed(toLlmError(error instanceof APIConnectionError && error.cause instanceof LlmError ? error.cause : error));
    }
  }

  /** A copy without the key, cut to a readable length, and with no `cause` that could still hold the key. */
  private scrubbed(error: LlmError): LlmError {
    const message = this.scrub.error(error.message);
    const cut = message.length > MAX_ERROR_MESSAGE_CHARS ? `${message.slice(0, MAX_ERROR_MESSAGE_CHARS)}… (cut at ${MAX_ERROR_MESSAGE_CHARS} characters)` : message;
    return new LlmError(cut, error.errorClass, error.retryable, error.status, error.retryAfterMs);
  }

  private async create(request: LlmRequest, signal: AbortSignal) {
    const body = { model: request.model ?? this.model, messages: request.messages, temperature: 0 };
    if (this.jsonSchemaSupported) {
      try {
        return await this.client.chat.completions.create(
          {
            ...body,
            response_format: {
              type: 'json_schema',
              json_schema: { name: request.schemaName, schema: z.toJSONSchema(request.schema, { io: 'input' }) as Record<string, unknown>, strict: false },
            },
          },
          { signal },
        );
      } catch (error) {
        if (!refusesJsonSchema(error)) throw error;
        this.jsonSchemaSupported = false;
      }
    }
    return this.client.chat.completions.create({ ...body, response_format: { type: 'json_object' } }, { signal });
  }
}

function tokenCount(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

/** A 400 (or 422) that names response_format or json_schema: the server does not do structured output. */
function refusesJsonSchema(error: unknown): boolean {
  const e = toLlmError(error);
  return (e.status === 400 || e.status === 422) && /response_format|json_schema/i.test(e.message);
}

/** The token counts a server reported, each checked: a count that is not one is zero. */
function usageOf(usage: { prompt_tokens?: unknown; completion_tokens?: unknown; prompt_tokens_details?: { cached_tokens?: unknown } | null } | undefined): LlmUsage {
  const cached = tokenCount(usage?.prompt_tokens_details?.cached_tokens);
  return {
    promptTokens: tokenCount(usage?.prompt_tokens),
    completionTokens: tokenCount(usage?.completion_tokens),
    ...(cached > 0 ? { cachedPromptTokens: cached } : {}),
  };
}
