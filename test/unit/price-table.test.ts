import { loadConfig } from '../../src/server/config';
import { PriceTable } from '../../src/llm/price-table';

describe('what a call costs', () => {
  const table = new PriceTable({ 'qwen2.5-coder': { input: 0.2, output: 0.6 } });

  it('prices input, cached input and output per million tokens, in whole micro-dollars', () => {
    // gpt-4o-mini: $0.15 in, $0.075 cached, $0.60 out.
    expect(table.costOf('gpt-4o-mini', { promptTokens: 10_000, completionTokens: 2_000 })).toBe(0.0027);
    expect(table.costOf('gpt-4o-mini', { promptTokens: 10_000, cachedPromptTokens: 8_000, completionTokens: 2_000 })).toBe(0.0021);
    expect(table.costOf('gpt-4o-mini', { promptTokens: 1, completionTokens: 0 })).toBe(0);
  });

  it('knows a dated or tagged model by the longest name it extends; a model nobody priced costs nothing', () => {
    expect(table.priceOf('gpt-4o-mini-2024-07-18')).toEqual(table.priceOf('gpt-4o-mini'));
    expect(table.priceOf('gpt-4o-2024-08-06')).toEqual(table.priceOf('gpt-4o'));
    expect(table.costOf('llama3.1:8b', { promptTokens: 1_000_000, completionTokens: 1_000_000 })).toBe(0);
    expect(table.costOf('qwen2.5-coder', { promptTokens: 1_000_000, completionTokens: 1_000_000 })).toBe(0.8);
  });

  it('reads an operator’s prices and budget from the environment, and says what is wrong with them', () => {
    const config = loadConfig({ BOTARMY_PRICES: '{"local": {"input": 0, "output": 0.1}}', BOTARMY_BUDGET_USD: '2.5' });
    expect(config.llm.prices).toEqual({ local: { input: 0, output: 0.1 } });
    expect(config.llm.budgetUsd).toBe(2.5);
    expect(loadConfig({}).llm).toMatchObject({ prices: {}, budgetUsd: null });
    expect(() => loadConfig({ BOTARMY_PRICES: 'cheap' })).toThrow(/BOTARMY_PRICES is not JSON/);
    expect(() => loadConfig({ BOTARMY_PRICES: '{"m": {"input": -1, "output": 1}}' })).toThrow(/BOTARMY_PRICES m\.input/);
    expect(() => loadConfig({ BOTARMY_BUDGET_USD: '0' })).toThrow(/BOTARMY_BUDGET_USD/);
    expect(() => loadConfig({ BOTARMY_PRICES_FILE: '/nonexistent/prices.json' })).toThrow(/BOTARMY_PRICES_FILE cannot be read/);
  });
});
