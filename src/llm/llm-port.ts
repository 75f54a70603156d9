import type { z } from 'zod';
import type { AgentInput, AgentName, ChatMessage } from '../domain/agents/agent';
import type { OutputMode } from '../events/catalog';

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
  /** A limit on the answer's tokens: asked for after a server cut an answer short at its own. */
  maxTokens?: number;
  signal?: AbortSignal;
}

/** One refused way of asking for JSON, found while probing an endpoint. */
export interface ModeRefusal {
  mode: OutputMode;
  status: number | null;
  errorClass: string;
  message: string;
  latencyMs: number;
}

/** What probing found: the modes refused on the way, and the one the answer came in. */
export interface Probe {
  reason: 'first_call' | 'mode_failed';
  refused: ModeRefusal[];
  chosen: OutputMode;
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
  /** How the call asked for JSON, for providers that have modes. */
  mode?: OutputMode;
  finishReason?: string;
  /** Set when this call probed the endpoint. */
  probe?: Probe;
}

/** The one port every LLM adapter implements: OpenAI-compatible servers, the offline provider, the replay provider. */
export interface LlmProvider {
  readonly name: string;
  readonly model: string;
  /** The server's base URL without credentials, for providers that talk to one. */
  readonly endpoint?: string;
  complete(request: LlmRequest): Promise<LlmResponse>;
  /** What an earlier probe of this endpoint found for a model, so it is not probed again. */
  remember?(model: string, mode: OutputMode): void;
}
