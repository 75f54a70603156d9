import { LlmError } from './llm-error';

/** Statuses whose response may not carry a body. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * A fetch that reads the whole body itself and stops once it passes `maxBytes`, so a broken or hostile server
 * cannot make us hold an answer of any size (a compressed body is counted as it unpacks). The SDK then parses
 * the body we already hold. An answer over the limit is the server's fault and would be as big again: not
 * retryable.
 */
export function cappedFetch(maxBytes: number, inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    const declared = Number(response.headers.get('content-length'));
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw tooLarge(`the server's answer is ${declared} bytes, over the ${maxBytes}-byte limit`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (response.body) {
      const reader = response.body.getReader();
      for (let part = await reader.read(); !part.done; part = await reader.read()) {
        size += part.value.byteLength;
        if (size > maxBytes) {
          await reader.cancel();
          throw tooLarge(`the server's answer is over the ${maxBytes}-byte limit`);
        }
        chunks.push(part.value);
      }
    }
    const body = NULL_BODY_STATUSES.has(response.status) ? null : Buffer.concat(chunks);
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

function tooLarge(message: string): LlmError {
  return new LlmError(message, 'AnswerTooLarge', false);
}
