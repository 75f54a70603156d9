import type { z } from 'zod';
import type { AgentInput, AgentName, ChatMessage } from '../domain/agents/agent';

export interface LlmRequest {
  agent: AgentName;
  /** The exact messages a chat model receives; recorded in the log with the answer. */
  messages: ChatMessage[];
  schema: z.ZodType;
  schemaName: string;
  /** The structured input the messages were built from; providers that do not read prose (offline, replay) use it. */
  input: AgentInput;
  attempt: number;
  /** The project's own model, when it overrides the provider's. */
  model?: string;
  signal?: AbortSignal;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
  /** Of the prompt tokens, those the server served from its cache, when it says. */
  cachedPromptTokens?: number;
}

export interface LlmResponse {
  /** The parsed JSON answer (not yet validated against the schema). */
  json: unknown;
  /** The raw text the model returned. */
  text: string;
  usage: LlmUsage;
  model: string;
  latencyMs: number;
  /** What the call cost, when the answer says so (a recording replayed); otherwise priced from the price table. */
  costUsd?: number;
}

/** The one port every LLM adapter implements: OpenAI-compatible servers, the offline provider, the replay provider. */
export interface LlmProvider {
  readonly name: string;
  readonly model: string;
  complete(request: LlmRequest): Promise<LlmResponse>;
}
