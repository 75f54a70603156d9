import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'openai';

/** A failed LLM call, classified once so the retry policy and the log agree on what happened. */
export class LlmError extends Error {
  override readonly name = 'LlmError';
  constructor(
    message: string,
    readonly errorClass: string,
    readonly retryable: boolean,
    readonly status: number | null = null,
    /** How long the server asked us to wait (Retry-After), if it said. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** Transient: rate limits, server errors, timeouts, dropped connections. Everything else is the request's fault. */
export function toLlmError(error: unknown): LlmError {
  if (error instanceof LlmError) return error;
  if (error instanceof APIUserAbortError) return new LlmError('the call was cancelled', 'Aborted', false);
  if (error instanceof APIConnectionTimeoutError) return new LlmError('request timed out', 'Timeout', true);
  if (error instanceof APIConnectionError) return new LlmError(error.message || 'connection failed', 'ConnectionError', true);
  if (error instanceof APIError) {
    const status = error.status ?? null;
    const retryable = status === 408 || status === 409 || status === 429 || (status !== null && status >= 500);
    return new LlmError(error.message, error.constructor.name, retryable, status, retryAfter(error.headers));
  }
  const message = error instanceof Error ? error.message : String(error);
  return new LlmError(message, error instanceof Error ? error.constructor.name : 'Error', false);
}

function retryAfter(headers: Headers | undefined): number | null {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Number(ms);
  const value = headers?.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null;
}
