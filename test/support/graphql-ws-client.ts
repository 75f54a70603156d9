import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** A graphql-ws client as a script would use it; `token` goes where the server reads it, `connectionParams.authorization`. */
export function wsClient(url: string, options: { retryAttempts?: number; token?: string } = {}): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    retryAttempts: options.retryAttempts ?? 0,
    lazy: true,
    connectionParams: options.token === undefined ? undefined : { authorization: `Bearer ${options.token}` },
  });
}

/** Collects a subscription's results until `until` says stop (or the timeout fails the test). */
export function collect<T = any>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  until: (items: T[]) => boolean,
  timeoutMs = 10000,
): { done: Promise<T[]>; items: T[]; stop(): void } {
  const items: T[] = [];
  let stop = () => {};
  const done = new Promise<T[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`timed out after ${items.length} items: ${JSON.stringify(items).slice(0, 500)}`));
    }, timeoutMs);
    const unsubscribe = client.subscribe<T>({ query, variables }, {
      next: (result) => {
        if (result.errors) {
          clearTimeout(timer);
          unsubscribe();
          reject(new Error(JSON.stringify(result.errors)));
          return;
        }
        items.push(result.data as T);
        if (until(items)) {
          clearTimeout(timer);
          unsubscribe();
          resolve(items);
        }
      },
      error: (error) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
      },
      complete: () => {
        clearTimeout(timer);
        resolve(items);
      },
    });
    stop = () => unsubscribe();
  });
  return { done, items, stop: () => stop() };
}
