import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import { authHeaders, connectionParams, reportTokenRefused, UNAUTHENTICATED_CLOSE_CODE } from './api-token';
import { graphqlHttpUrl, graphqlWsUrl, retryWait } from './endpoints';
import { hasErrorCode } from './errors';

/**
 * - `connecting`: the first connection attempt is under way.
 * - `connected`: the socket is open and acknowledged; subscriptions are live.
 * - `reconnecting`: the socket closed; graphql-ws is waiting (backoff with jitter) or retrying.
 * - `disconnected`: graphql-ws gave up because the server closed with a fatal code (it retries
 *   everything else, forever). Only a page reload reconnects.
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface ConnectionState {
  status: ConnectionStatus;
  /** How many times the socket has been acknowledged; bumps on every (re)connect. */
  connections: number;
  /** Why the last socket closed or failed, when it did. */
  lastError: string | null;
}

/** A tiny external store for useSyncExternalStore: graphql-ws events in, immutable snapshots out. */
export class ConnectionStore {
  private state: ConnectionState = { status: 'connecting', connections: 0, lastError: null };
  private readonly listeners = new Set<() => void>();

  getSnapshot = (): ConnectionState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  update(patch: Partial<ConnectionState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}

export interface GraphqlClients {
  urql: Client;
  ws: WsClient;
  connection: ConnectionStore;
  /** Closes the socket for good: the token gate replaces the clients when the token changes. */
  dispose(): void;
}

/** How long a ping may go unanswered before the socket is considered dead and replaced. */
const PONG_TIMEOUT_MS = 5_000;
const KEEP_ALIVE_MS = 10_000;

function describeClose(event: unknown): string {
  if (event && typeof event === 'object' && 'code' in event) {
    const { code, reason } = event as { code: number; reason?: string };
    return reason ? `${reason} (close code ${code})` : `close code ${code}`;
  }
  if (event instanceof Error) return event.message;
  return 'connection failed';
}

export function createGraphqlClients(
  urls: { http: string; ws: string } = { http: graphqlHttpUrl(), ws: graphqlWsUrl() },
): GraphqlClients {
  const connection = new ConnectionStore();
  let socket: WebSocket | null = null;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;

  const ws = createWsClient({
    url: urls.ws,
    // A function, so every reconnect sends the token stored now.
    connectionParams,
    // Keep one socket open for the page's lifetime, so the header's indicator tells the truth
    // even on pages without a subscription, and reconnects start at once.
    lazy: false,
    retryAttempts: Infinity,
    // Browsers report a refused connection as an `error` event before the `close`; retry it too.
    shouldRetry: () => true,
    retryWait,
    keepAlive: KEEP_ALIVE_MS,
    onNonLazyError: (error) => connection.update({ status: 'disconnected', lastError: describeClose(error) }),
    on: {
      connecting: (isRetry) => {
        const { connections } = connection.getSnapshot();
        connection.update({ status: isRetry || connections > 0 ? 'reconnecting' : 'connecting' });
      },
      opened: (opened) => {
        socket = opened as WebSocket;
      },
      connected: () => {
        connection.update({
          status: 'connected',
          connections: connection.getSnapshot().connections + 1,
          lastError: null,
        });
      },
      closed: (event) => {
        socket = null;
        clearTimeout(pongTimer);
        if ((event as { code?: number } | undefined)?.code === UNAUTHENTICATED_CLOSE_CODE) reportTokenRefused();
        if (connection.getSnapshot().status !== 'disconnected') {
          connection.update({ status: 'reconnecting', lastError: describeClose(event) });
        }
      },
      // A socket can die silently (laptop sleep, a proxy dropping it): if a ping we sent gets
      // no pong in time, close it so graphql-ws reconnects and the followers catch up.
      ping: (received) => {
        if (received) return;
        clearTimeout(pongTimer);
        pongTimer = setTimeout(() => {
          if (socket && socket.readyState === WebSocket.OPEN) socket.close(4408, 'Ping timed out');
        }, PONG_TIMEOUT_MS);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
    },
  });

  const urql = new Client({
    url: urls.http,
    // POST only: Apollo Server's CSRF protection rejects simple GETs, and a browser GET of
    // /graphql is answered with the playground page.
    preferGetMethod: false,
    fetchOptions: () => ({ headers: authHeaders() }),
    exchanges: [
      // A token changed on the server: every request now fails alike, so ask for the token once, here.
      mapExchange({
        onError(error) {
          if (hasErrorCode(error, 'UNAUTHENTICATED')) reportTokenRefused();
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });

  return { urql, ws, connection, dispose: () => void ws.dispose() };
}
