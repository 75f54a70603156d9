/** Where the GraphQL API lives: the same origin that served the page, path `/graphql`, for HTTP and WebSocket alike. */
export function graphqlHttpUrl(location: Pick<Location, 'origin'> = window.location): string {
  return `${location.origin}/graphql`;
}

export function graphqlWsUrl(location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/graphql`;
}

/**
 * Exponential backoff with jitter for WebSocket reconnects: the n-th retry (n from 0) waits
 * between half and all of min(30 s, 1 s · 2ⁿ), so a server restart is not met by every tab at once.
 */
export function backoffDelayMs(retries: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 1_000 * 2 ** Math.min(retries, 15));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function retryWait(retries: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, backoffDelayMs(retries)));
}
