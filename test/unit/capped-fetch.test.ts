import { cappedFetch } from '../../src/llm/capped-fetch';
import { LlmError } from '../../src/llm/llm-error';

/** A body sent in chunks with no Content-Length, as a chunked or compressed answer arrives. */
function streamed(chunks: string[], status = 200): typeof fetch {
  return async () =>
    new Response(
      new ReadableStream({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
          controller.close();
        },
      }),
      { status, headers: { 'content-type': 'application/json' } },
    );
}

describe('cappedFetch', () => {
  it('hands on a body within the limit unchanged, with its status and headers', async () => {
    const response = await cappedFetch(10, streamed(['{"a"', ':1}']))('http://x/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ a: 1 });
  });

  it('gives up on a streamed body as soon as it passes the limit', async () => {
    const error = await cappedFetch(10, streamed(['123456', '789012', 'never read']))('http://x/').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toMatchObject({ errorClass: 'AnswerTooLarge', retryable: false, message: "the server's answer is over the 10-byte limit" });
  });

  it('refuses a body whose declared length is over the limit without reading it', async () => {
    const inner: typeof fetch = async () => new Response('x'.repeat(20), { headers: { 'content-length': '20' } });
    await expect(cappedFetch(10, inner)('http://x/')).rejects.toMatchObject({ errorClass: 'AnswerTooLarge', message: "the server's answer is 20 bytes, over the 10-byte limit" });
  });

  it('keeps an error status and a bodiless status', async () => {
    expect((await cappedFetch(10, streamed(['{}'], 500))('http://x/')).status).toBe(500);
    expect((await cappedFetch(10, async () => new Response(null, { status: 204 }))('http://x/')).status).toBe(204);
  });
});
