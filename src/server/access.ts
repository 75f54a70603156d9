import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { errorBody } from './json-errors';

const UNAUTHENTICATED = 'UNAUTHENTICATED';

const REFUSAL = 'A valid API token is required: send "Authorization: Bearer <token>".';

/** What a refused HTTP request gets: the GraphQL error shape, so GraphQL clients and the zip download read it alike. */
const UNAUTHENTICATED_BODY = errorBody(REFUSAL, UNAUTHENTICATED);

/** Close code and reason for a refused WebSocket (4401, like HTTP 401; graphql-ws clients do not retry it). */
export const UNAUTHENTICATED_CLOSE = { code: 4401, reason: `${UNAUTHENTICATED}: a valid API token is required` } as const;

/**
 * The one place that decides whether a caller may operate BotArmy. Without a configured token (allowed only on
 * loopback, see assertSafeToServe) anyone who reaches the port may; with one, only callers presenting it: the
 * `Authorization: Bearer <token>` header over HTTP, the same value as `connectionParams.authorization` over
 * graphql-ws (browsers cannot set headers on a WebSocket).
 */
export class Access {
  private readonly expected: Buffer | null;

  constructor(apiToken: string | undefined) {
    this.expected = apiToken ? digest(apiToken) : null;
  }

  get tokenRequired(): boolean {
    return this.expected !== null;
  }

  /** `authorization` is a header value, or anything a client put in connectionParams. */
  allows(authorization: unknown): boolean {
    if (!this.expected) return true;
    const token = bearerToken(authorization);
    // Both sides are hashed to 32 bytes first: timingSafeEqual needs equal lengths, and neither the token's
    // content nor its length then shows in how long the comparison takes.
    return token !== null && timingSafeEqual(digest(token), this.expected);
  }

  /** Express middleware for everything that reads or changes projects over HTTP. */
  requireToken(): RequestHandler {
    return (req, res, next) => {
      if (this.allows(req.headers.authorization)) return next();
      res.status(401).set('www-authenticate', 'Bearer').json(UNAUTHENTICATED_BODY);
    };
  }
}

function bearerToken(authorization: unknown): string | null {
  if (typeof authorization !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match ? match[1]! : null;
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
