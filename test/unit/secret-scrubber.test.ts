import { REDACTED, secretScrubber } from '../../src/llm/secret-scrubber';

const KEY = 'sk-proj-abcdefghijklmnopqrstuvwxyz012345';

describe('secret scrubber', () => {
  it('takes the configured key, whatever its shape, out of errors and answers', () => {
    const scrub = secretScrubber('local-server-token-42');
    expect(scrub.error('bad key local-server-token-42 (local-server-token-42)')).toBe(`bad key ${REDACTED} (${REDACTED})`);
    expect(scrub.answer('"local-server-token-42"')).toBe(`"${REDACTED}"`);
  });

  it.each([
    [`401 Incorrect API key provided: ${KEY}.`, `401 Incorrect API key provided: ${REDACTED}.`],
    ['Authorization: Bearer abc.def-ghi', `Authorization: ${REDACTED}`],
    ['{"authorization":"Basic dXNlcjpwYXNz"}', `{"authorization":"${REDACTED}"}`],
    ['x-api-key=abc123; next', `x-api-key=${REDACTED}; next`],
    ["api_key: 'abc123'", `api_key: '${REDACTED}'`],
    ['token was Bearer eyJhbGciOi.xyz', `token was Bearer ${REDACTED}`],
  ])('scrubs credentials from an error: %j', (text, expected) => {
    expect(secretScrubber(undefined).error(text)).toBe(expected);
  });

  it('leaves code that sets an Authorization header in an answer alone, but not key-shaped strings', () => {
    const scrub = secretScrubber(undefined);
    const code = "fetch(url, { headers: { Authorization: 'Bearer ' + token, 'x-api-key': process.env.KEY } })";
    expect(scrub.answer(code)).toBe(code);
    expect(scrub.answer(`const key = '${KEY}';`)).toBe(`const key = '${REDACTED}';`);
    expect(scrub.answer('pip install sk-learn')).toBe('pip install sk-learn');
  });

  it('does not treat a key too short to tell from a word as a secret to replace everywhere', () => {
    expect(secretScrubber('abc').answer('abc def')).toBe('abc def');
  });
});
