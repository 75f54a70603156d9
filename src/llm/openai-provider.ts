import OpenAI from 'openai';
import { z } from 'zod';
import { extractJson } from './json-answer';
import { LlmError, toLlmError } from './llm-error';
import type { LlmProvider, LlmRequest, LlmResponse } from './llm-port';

export interface OpenAiProviderOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
}

/**
 * Any OpenAI-compatible chat completions server: OpenAI, Ollama, vLLM, LM Studio, llama.cpp's server.
 * It asks for structured output with a JSON schema and, when a server refuses `json_schema`, falls back to
 * `json_object` for the rest of its life. The SDK's own retries are off: every attempt must become an event,
 * so the caller's retry policy decides.
 */
export class OpenAiProvider implements LlmProvider {
  readonly name = 'openai-compatible';
  readonly model: string;
  private readonly client: OpenAI;
  private readonly timeoutMs: number;
  private jsonSchemaSupported = true;

  constructor(options: OpenAiProviderOptions) {
    this.model = options.model;
    this.timeoutMs = options.timeoutMs;
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      // Our own deadline (below) decides; the SDK's is only a backstop.
      timeout: options.timeoutMs + 5000,
      maxRetries: 0,
    });
  }

  async complete(request: LlmRequest): Promise<LlmResponse> {
    const started = Date.now();
    // A deadline of our own tells a timeout from a cancellation without depending on how fetch reports aborts.
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
    try {
      const completion = await this.create(request, signal);
      const text = completion.choices[0]?.message?.content ?? '';
      let json: unknown = null;
      try {
        json = extractJson(text);
      } catch {
        json = null;
      }
      return {
        json,
        text,
        usage: {
          promptTokens: completion.usage?.prompt_tokens ?? 0,
          completionTokens: completion.usage?.completion_tokens ?? 0,
        },
        model: completion.model || request.model || this.model,
        latencyMs: Date.now() - started,
      };
    } catch (error) {
      if (deadline.aborted && !request.signal?.aborted) {
        throw new LlmError(`no answer within ${this.timeoutMs} ms`, 'Timeout', true);
      }
      throw toLlmError(error);
    }
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

/** A 400 (or 422) that names response_format or json_schema: the server does not do structured output. */
function refusesJsonSchema(error: unknown): boolean {
  const e = toLlmError(error);
  return (e.status === 400 || e.status === 422) && /response_format|json_schema/i.test(e.message);
}
