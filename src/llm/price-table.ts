import { z } from 'zod';
import { microDollars } from '../domain/dollars';

/** US dollars per million tokens. */
export interface ModelPrice {
  input: number;
  /** Input tokens the server served from its prompt cache; the input price when a model has no cache price. */
  cachedInput?: number;
  output: number;
}

export interface TokenUsage {
  promptTokens: number;
  /** Of the prompt tokens, those served from the cache. */
  cachedPromptTokens?: number;
  completionTokens: number;
}

/**
 * OpenAI's list prices for its common models. A model not listed — a local one on Ollama, vLLM, LM Studio or
 * llama.cpp — costs nothing unless the operator prices it (BOTARMY_PRICES or BOTARMY_PRICES_FILE).
 */
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-5': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gpt-5-mini': { input: 0.25, cachedInput: 0.025, output: 2 },
  'gpt-5-nano': { input: 0.05, cachedInput: 0.005, output: 0.4 },
  'gpt-4.1': { input: 2, cachedInput: 0.5, output: 8 },
  'gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, cachedInput: 0.025, output: 0.4 },
  'gpt-4o': { input: 2.5, cachedInput: 1.25, output: 10 },
  'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
  o3: { input: 2, cachedInput: 0.5, output: 8 },
  'o4-mini': { input: 1.1, cachedInput: 0.275, output: 4.4 },
};

const price = z.object({ input: z.number().min(0), cachedInput: z.number().min(0).optional(), output: z.number().min(0) }).strict();
/** What an operator writes: model name → prices per million tokens. */
export const priceListSchema = z.record(z.string().min(1), price);

/** The prices calls are charged at: the defaults, with the operator's prices on top. */
export class PriceTable {
  private readonly prices: Map<string, ModelPrice>;

  constructor(overrides: Record<string, ModelPrice> = {}) {
    this.prices = new Map(Object.entries({ ...DEFAULT_PRICES, ...overrides }));
  }

  /** The model's price: its own name, or the longest listed name it is a dated or tagged version of. */
  priceOf(model: string): ModelPrice | null {
    const exact = this.prices.get(model);
    if (exact) return exact;
    let best: [string, ModelPrice] | null = null;
    for (const entry of this.prices) {
      if (model.startsWith(`${entry[0]}-`) && (!best || entry[0].length > best[0].length)) best = entry;
    }
    return best?.[1] ?? null;
  }

  /** What a call cost in dollars; 0 for a model nobody priced. */
  costOf(model: string, usage: TokenUsage): number {
    const p = this.priceOf(model);
    if (!p) return 0;
    const cached = Math.min(usage.cachedPromptTokens ?? 0, usage.promptTokens);
    const dollars = ((usage.promptTokens - cached) * p.input + cached * (p.cachedInput ?? p.input) + usage.completionTokens * p.output) / 1_000_000;
    return microDollars(dollars);
  }
}
