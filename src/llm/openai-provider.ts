import OpenAI, { APIConnectionError } from 'openai';
import { z } from 'zod';
import { cappedFetch } from './capped-fetch';
import { extractJson } from './json-answer';
import { LlmError, toLlmError } from './llm-error';
import type { ChatMessage } from '../domain/agents/agent';
import { OUTPUT_MODES, type OutputMode } from '../events/catalog';
import type { LlmProvider, LlmRequest, LlmResponse, LlmUsage, ModeRefusal, Probe } from './llm-port';
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
 * The first call for a model probes the ways of asking for JSON, best first — `json_schema`, `json_object`, then the
 * schema written into the prompt with the JSON read out of the answer (fences, prose, reasoning blocks) — and the
 * model keeps the first one its server takes; what was refused comes back with the answer, so it is recorded. A
 * mode that gives an answer with no JSON is dropped for the ones after it on the next call. The SDK's own retries are off: every attempt must become an event,
 * so the caller's retry policy decides. Whatever it returns or throws is already scrubbed of the key, because
 * everything downstream may end up in the append-only log.
 */
export class OpenAiProvider implements LlmProvider {
  readonly name = 'openai-compatible';
  readonly model: string;
  readonly endpoint: string;
  private readonly client: OpenAI;
  private readonly timeoutMs: number;
  private readonly scrub: SecretScrubber;
  /** Per model: the mode its calls use, and whether that mode just gave an answer with no JSON. */
  private readonly modes = new Map<string, { mode: OutputMode; failed: boolean }>();

  constructor(options: OpenAiProviderOptions) {
    this.model = options.model;
    this.timeoutMs = options.timeoutMs;
    this.scrub = secretScrubber(options.apiKey);
    this.endpoint = withoutCredentials(options.baseURL ?? DEFAULT_BASE_URL);
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

  remember(model: string, mode: OutputMode): void {
    if (!this.modes.has(model)) this.modes.set(model, { mode, failed: false });
  }

  async complete(request: LlmRequest): Promise<LlmResponse> {
    const started = Date.now();
    // A deadline of our own tells a timeout from a cancellation without depending on how fetch reports aborts.
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
    const model = request.model ?? this.model;
    const known = this.modes.get(model);
    // A model met for the first time tries the modes best first; later calls start at the mode it took, or after it
    // when that mode stopped giving JSON, and go on down the list if the server now refuses it.
    const candidates = known ? OUTPUT_MODES.slice(OUTPUT_MODES.indexOf(known.mode) + (known.failed ? 1 : 0)) : OUTPUT_MODES;
    const refused: ModeRefusal[] = [];
    try {
      for (const mode of candidates) {
        const tried = Date.now();
        let completion: Awaited<ReturnType<OpenAiProvider['create']>>;
        try {
          completion = await this.create(request, mode, signal);
        } catch (error) {
          const e = toLlmError(error);
          if (mode === 'prompt' || !refusesMode(e)) throw error;
          refused.push({ mode, status: e.status ?? null, errorClass: 'ModeRefused', message: this.cut(this.scrub.error(e.message)), latencyMs: Date.now() - tried });
          continue;
        }
        const probed = !known || known.failed || refused.length > 0;
        return this.answer(completion, request, model, mode, started, probed ? { reason: known ? 'mode_failed' : 'first_call', refused, chosen: mode } : undefined);
      }
      throw new LlmError('the server refused every way of asking for JSON', 'ModeRefused', false, refused.at(-1)?.status ?? undefined);
    } catch (error) {
      if (deadline.aborted && !request.signal?.aborted) {
        throw new LlmError(`no answer within ${this.timeoutMs} ms`, 'Timeout', true);
      }
      throw this.scrubbed(toLlmError(error instanceof APIConnectionError && error.cause instanceof LlmError ? error.cause : error));
    }
  }

  /** The answer as the port gives it, and what it says about the mode: one that gave no JSON is left for the next call. */
  private answer(
    completion: Awaited<ReturnType<OpenAiProvider['create']>>,
    request: LlmRequest,
    model: string,
    mode: OutputMode,
    started: number,
    probe: Probe | undefined,
  ): LlmResponse {
    // A server is free to send anything; what we record must still fit the event's schema.
    const choice = completion.choices?.[0];
    const content: unknown = choice?.message?.content;
    const text = this.scrub.answer(typeof content === 'string' ? content : '');
    let json: unknown = null;
    try {
      json = extractJson(text);
    } catch {
      json = null;
    }
    const finishReason = typeof choice?.finish_reason === 'string' ? choice.finish_reason.slice(0, 100) : undefined;
    // No JSON in a mode that promised it (a server that ignores the format): the next call probes the modes after it.
    // An answer cut at the token limit says nothing about the mode.
    this.modes.set(model, { mode, failed: json === null && mode !== 'prompt' && finishReason !== 'length' });
    return {
      json,
      text,
      usage: usageOf(completion.usage),
      model: typeof completion.model === 'string' && completion.model ? this.scrub.error(completion.model).slice(0, MAX_MODEL_CHARS) : request.model || this.model,
      latencyMs: Date.now() - started,
      mode,
      ...(finishReason ? { finishReason } : {}),
      ...(probe ? { probe } : {}),
    };
  }

  /** A copy without the key, cut to a readable length, and with no `cause` that could still hold the key. */
  private scrubbed(error: LlmError): LlmError {
    return new LlmError(this.cut(this.scrub.error(error.message)), error.errorClass, error.retryable, error.status, error.retryAfterMs);
  }

  private cut(message: string): string {
    return message.length > MAX_ERROR_MESSAGE_CHARS ? `${message.slice(0, MAX_ERROR_MESSAGE_CHARS)}… (cut at ${MAX_ERROR_MESSAGE_CHARS} characters)` : message;
  }

  private create(request: LlmRequest, mode: OutputMode, signal: AbortSignal) {
    const body = {
      model: request.model ?? this.model,
      messages: mode === 'prompt' ? withSchemaInPrompt(request) : request.messages,
      temperature: 0,
      ...(request.maxTokens ? { max_tokens: request.maxTokens } : {}),
    };
    switch (mode) {
      case 'json_schema':
        return this.client.chat.completions.create(
          {
            ...body,
            response_format: {
              type: 'json_schema',
              json_schema: { name: request.schemaName, schema: z.toJSONSchema(request.schema, { io: 'input' }) as Record<string, unknown>, strict: false },
            },
          },
          { signal },
        );
      case 'json_object':
        return this.client.chat.completions.create({ ...body, response_format: { type: 'json_object' } }, { signal });
      case 'prompt':
        return this.client.chat.completions.create(body, { signal });
    }
  }
}

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** A base URL as it may be recorded: no user name or password in it, and no query. */
function withoutCredentials(baseURL: string): string {
  try {
    const url = new URL(baseURL);
    url.username = '';
    url.password = '';
    url.search = '';
    return url.toString().replace(/\/$/, '').slice(0, 500);
  } catch {
    return 'unparseable base URL';
  }
}

/** For a server with no structured output: the schema goes into the system prompt, and the JSON is read out of the answer. */
function withSchemaInPrompt(request: LlmRequest): ChatMessage[] {
  const schema = JSON.stringify(z.toJSONSchema(request.schema, { io: 'input' }));
  const note = `\n\nAnswer with one JSON object that matches this JSON schema, and nothing else:\n${schema}`;
  return request.messages.map((m, i) => (i === 0 && m.role === 'system' ? { ...m, content: m.content + note } : m));
}

function tokenCount(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

/** A 400 (or 422) that names the response format: the server does not take this way of asking for JSON. */
function refusesMode(e: LlmError): boolean {
  return (e.status === 400 || e.status === 422) && /response_format|json_schema|json_object|\bformat\b/i.test(e.message);
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
