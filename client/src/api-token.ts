import { graphqlHttpUrl } from './endpoints';

/**
 * The API token, when the server asks for one (BOTARMY_API_TOKEN). Asked for once, kept in this browser's
 * localStorage for this origin, and sent with every request: the Authorization header over HTTP, the same value
 * as `connectionParams.authorization` over graphql-ws (browsers cannot set headers on a WebSocket).
 */
const STORAGE_KEY = 'botarmy.apiToken';

/** The close code the server uses for a WebSocket without a valid token. */
export const UNAUTHENTICATED_CLOSE_CODE = 4401;

/** Where the token lives when localStorage is unavailable (private modes, policies): as long as the page. */
let memoryToken: string | null = null;

export function storedToken(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return memoryToken;
  }
}

export function storeToken(token: string): void {
  memoryToken = token;
  try {
    localStorage.setItem(STORAGE_KEY, token);
  } catch {
    // see storedToken
  }
}

export function forgetToken(): void {
  memoryToken = null;
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // see storedToken
  }
}

/** Headers for any request to the API: empty while no token is stored. */
export function authHeaders(): Record<string, string> {
  const token = storedToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** graphql-ws `connectionParams`, read again on every (re)connect so a new token is picked up. */
export function connectionParams(): Record<string, unknown> {
  return authHeaders();
}

/**
 * Asks the server whether the stored token (or none) lets us in, with the smallest query there is. Anything but
 * a 401 counts as yes: an unreachable server is shown by the page's own connection state, not by a token form.
 */
export async function accessAllowed(url = graphqlHttpUrl()): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders() },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    return res.status !== 401;
  } catch {
    return true;
  }
}

const refusalListeners = new Set<() => void>();

/** Called wherever the server answers UNAUTHENTICATED; the token gate then asks for the token again. */
export function reportTokenRefused(): void {
  for (const listener of refusalListeners) listener();
}

export function onTokenRefused(listener: () => void): () => void {
  refusalListeners.add(listener);
  return () => refusalListeners.delete(listener);
}
