import type { IncomingMessage } from 'node:http';

/**
 * Whether a WebSocket upgrade may proceed. A browser always sends `Origin`, and a page on another site must not
 * drive the API through the visitor's browser, so a browser's socket is accepted only from the origin the request
 * came to (its `Host`) or from an origin the operator allowed (BOTARMY_ALLOWED_ORIGINS). Non-browser clients send
 * no Origin; they are let through here and still need the token when one is set.
 */
export function originAllowed(req: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const url = parseOrigin(origin);
  if (!url) return false;
  const host = req.headers.host?.toLowerCase();
  if (host !== undefined && url.host === host) return true;
  return allowedOrigins.some((allowed) => parseOrigin(allowed)?.origin === url.origin);
}

/** Only http(s) origins count; `null` (sandboxed frames, files) and anything unparsable never match. */
function parseOrigin(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}
