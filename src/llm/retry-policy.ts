import { DelegateBackoff, handleWhen, retry, type RetryPolicy } from 'cockatiel';
import { LlmError } from './llm-error';

export interface RetryOptions {
  /** Calls in all, the first included. */
  maxCalls: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Transient LLM failures are retried with exponential backoff and jitter, except that a server's
 * Retry-After is honoured (capped at maxDelayMs) because it knows better than our guess.
 */
export function llmRetryPolicy(options: RetryOptions): RetryPolicy {
  return retry(handleWhen((error) => error instanceof LlmError && error.retryable), {
    maxAttempts: options.maxCalls - 1,
    backoff: new DelegateBackoff((context: { attempt: number; result: unknown }) => {
      const error = 'error' in (context.result as object) ? (context.result as { error: unknown }).error : null;
      if (error instanceof LlmError && error.retryAfterMs !== null) return Math.min(error.retryAfterMs, options.maxDelayMs);
      const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (context.attempt - 1));
      return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
    }),
  });
}
