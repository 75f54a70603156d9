import type { LlmConfig } from '../server/config';
import type { LlmProvider } from './llm-port';
import { OfflineProvider } from './offline-provider';
import { OpenAiProvider } from './openai-provider';

export function createProvider(config: LlmConfig): LlmProvider {
  if (config.provider === 'offline') return new OfflineProvider();
  return new OpenAiProvider({
    apiKey: config.apiKey,
    baseURL: config.baseURL,
    model: config.model,
    timeoutMs: config.timeoutMs,
  });
}
