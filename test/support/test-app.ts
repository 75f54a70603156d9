import { join } from 'node:path';
import pino from 'pino';
import { createApp, type App } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { startHttpServer, type RunningServer } from '../../src/server/http-server';
import { tempDir } from './temp-dir';

/**
 * Tests of other features create projects without the proof step (a mutation run per project would only slow
 * them); the proof tests turn it on with BOTARMY_PROOF=on or ask for it per project.
 */
export const PROOF_OFF = { BOTARMY_PROOF: 'off' } as const;

export interface TestApp {
  app: App;
  dataDir: string;
  close(): Promise<void>;
}

/** A real app on a temporary database, with logs silenced. */
export async function startTestApp(env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
  const dir = tempDir();
  const config = loadConfig({ BOTARMY_DATA_DIR: join(dir.path, 'data'), BOTARMY_SQLITE_SYNCHRONOUS: 'NORMAL', ...PROOF_OFF, ...env });
  const app = await createApp(config, { logger: pino({ level: 'silent' }) });
  return {
    app,
    dataDir: config.dataDir,
    close: async () => {
      await app.close();
      dir.remove();
    },
  };
}

export interface TestServer extends TestApp {
  server: RunningServer;
  url: string;
  wsUrl: string;
}

/** The same, served over HTTP and WebSocket on a random loopback port. */
export async function startTestServer(env: NodeJS.ProcessEnv = {}): Promise<TestServer> {
  const base = await startTestApp(env);
  const server = await startHttpServer(base.app, { port: 0, host: '127.0.0.1' });
  return {
    ...base,
    server,
    url: server.url,
    wsUrl: `${server.url.replace(/^http/, 'ws')}/graphql`,
    close: async () => {
      await server.close();
      await base.close();
    },
  };
}
