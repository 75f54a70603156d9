import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { createApp, type App } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { startHttpServer, type RunningServer } from '../../src/server/http-server';
import { CLIENT_DIST } from '../../src/server/package-info';
import { tempDir } from './temp-dir';
import { PROOF_OFF } from './test-app';

export interface E2eServer {
  app: App;
  server: RunningServer;
  url: string;
  /** Cuts every connection to the server and refuses WebSocket upgrades until the returned function runs. */
  cutConnections(): () => void;
  close(): Promise<void>;
}

/**
 * A real app (temporary database, silent logs, the default offline provider) served on a random loopback
 * port, with the built dashboard. `workflow: true` starts the agent pipeline, as `botarmy serve` does; `env`
 * adds configuration, such as BOTARMY_API_TOKEN.
 */
export async function startE2eServer(options: { workflow: boolean; env?: NodeJS.ProcessEnv }): Promise<E2eServer> {
  if (!existsSync(join(CLIENT_DIST, 'index.html'))) throw new Error('run `npm run build` first (npm test does)');
  const dir = tempDir('botarmy-e2e-');
  const config = loadConfig({ BOTARMY_DATA_DIR: join(dir.path, 'data'), BOTARMY_SQLITE_SYNCHRONOUS: 'NORMAL', ...PROOF_OFF, ...options.env });
  const app = await createApp(config, { logger: pino({ level: 'silent' }) });
  if (options.workflow) await app.startWorkflow();
  const server = await startHttpServer(app, { port: 0, host: '127.0.0.1' });
  const sockets = new Set<Socket>();
  server.httpServer.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  return {
    app,
    server,
    url: server.url,
    cutConnections() {
      const upgradeListeners = server.httpServer.listeners('upgrade') as ((...args: unknown[]) => void)[];
      server.httpServer.removeAllListeners('upgrade');
      const refuse = (_req: IncomingMessage, socket: Socket) => socket.destroy();
      server.httpServer.on('upgrade', refuse);
      for (const socket of sockets) socket.destroy();
      return () => {
        server.httpServer.off('upgrade', refuse);
        for (const listener of upgradeListeners) server.httpServer.on('upgrade', listener);
      };
    },
    async close() {
      await server.close();
      await app.close();
      dir.remove();
    },
  };
}

/** Counts the dashboard's GraphQL requests by operation name (urql sends `operationName` in each POST). */
export function countOperations(page: Page): { counts: Map<string, number>; reset(): void; count(name: string): number } {
  const counts = new Map<string, number>();
  page.on('request', (request) => {
    if (request.method() !== 'POST' || !request.url().endsWith('/graphql')) return;
    let name = '?';
    try {
      name = (request.postDataJSON() as { operationName?: string } | null)?.operationName ?? '?';
    } catch {
      // not JSON: not ours
    }
    counts.set(name, (counts.get(name) ?? 0) + 1);
  });
  return { counts, reset: () => counts.clear(), count: (name) => counts.get(name) ?? 0 };
}

/** The project id in a project page's URL (`…/#/projects/<id>`). */
export function projectIdOf(page: Page): string {
  const match = /#\/projects\/([^/?#]+)/.exec(page.url());
  if (!match) throw new Error(`not a project page: ${page.url()}`);
  return decodeURIComponent(match[1]!);
}

/** The document's scroll width in CSS pixels: wider than the viewport means the page scrolls sideways. */
export function documentWidth(page: Page): Promise<number> {
  // A string, not a function: the tests' TypeScript has no DOM types.
  return page.evaluate<number>('document.documentElement.scrollWidth');
}
