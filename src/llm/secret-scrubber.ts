/** What a secret is replaced with in anything recorded: the log is append-only and served over GraphQL. */
export const REDACTED = '[redacted]';

/** Shorter keys cannot be told from ordinary words, so replacing them would rewrite answers. */
const MIN_KEY_LENGTH = 8;

/** OpenAI-style keys (`sk-…`, `sk-proj-…`); short `sk-` words such as `sk-learn` are not keys. */
const SK_KEY = /\bsk-[A-Za-z0-9_-]{20,}/g;
/** The value after a credential header's name, quoted or not, with its scheme. */
const CREDENTIAL_HEADER = /\b(authorization|proxy-authorization|x-api-key|api[-_]key)(["']?\s*[:=]\s*["']?)(?:(?:bearer|basic|token)\s+)?[^\s"',;}]+/gi;
const BEARER = /\bbearer\s+[A-Za-z0-9._~+/=-]+/gi;

export interface SecretScrubber {
  /** For what a server said about a failure: every credential-shaped value goes. */
  error(text: string): string;
  /** For a model's answer: only the key itself and key-shaped strings, so code that sets an `Authorization` header survives. */
  answer(text: string): string;
}

/** Scrubs the configured key, and values that look like keys, out of text that is about to be recorded. */
export function secretScrubber(apiKey: string | undefined): SecretScrubber {
  const key = apiKey && apiKey.length >= MIN_KEY_LENGTH ? apiKey : null;
  const answer = (text: string) => (key ? text.split(key).join(REDACTED) : text).replace(SK_KEY, REDACTED);
  return {
    answer,
    error: (text) => answer(text).replace(CREDENTIAL_HEADER, `$1$2${REDACTED}`).replace(BEARER, `Bearer ${REDACTED}`),
  };
}
