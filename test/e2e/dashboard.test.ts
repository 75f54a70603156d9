import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { createApp, type App } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { startHttpServer, type RunningServer } from '../../src/server/http-server';
import { CLIENT_DIST } from '../../src/server/package-info';
import { launchChromium } from '../support/browser';
import { tempDir } from '../support/temp-dir';

/**
 * The dashboard in a real browser (Debian's chromium through playwright-core) against a real server:
 * creating a project with a field error first, the project page, answering an action, and catching up on
 * events appended while the browser's WebSocket was cut.
 * Needs the built client and Debian's chromium: `npm test` builds and installs both (scripts/test.sh).
 */
describe('dashboard in a browser', () => {
  const dir = tempDir('botarmy-e2e-');
  let app: App;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const sockets = new Set<Socket>();

  /** Cuts every connection to the server and refuses WebSocket upgrades until the returned function runs. */
  function cutConnections(): () => void {
    const upgradeListeners = server.httpServer.listeners('upgrade') as ((...args: unknown[]) => void)[];
    server.httpServer.removeAllListeners('upgrade');
    const refuse = (_req: IncomingMessage, socket: Socket) => socket.destroy();
    server.httpServer.on('upgrade', refuse);
    for (const socket of sockets) socket.destroy();
    return () => {
      server.httpServer.off('upgrade', refuse);
      for (const listener of upgradeListeners) server.httpServer.on('upgrade', listener);
    };
  }

  beforeAll(async () => {
    if (!existsSync(join(CLIENT_DIST, 'index.html'))) throw new Error('run `npm run build` first (npm test does)');
    const config = loadConfig({ BOTARMY_DATA_DIR: join(dir.path, 'data'), BOTARMY_SQLITE_SYNCHRONOUS: 'NORMAL' });
    app = await createApp(config, { logger: pino({ level: 'silent' }) });
    server = await startHttpServer(app, { port: 0, host: '127.0.0.1' });
    server.httpServer.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await app?.close();
    dir.remove();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('creates a project, showing the API’s field error next to the field first', async () => {
    await page.goto(`${server.url}/`);
    await page.locator('.connection-label', { hasText: 'Live' }).waitFor();
    await page.getByText(/No projects yet/).waitFor();

    await page.getByLabel('Name', { exact: true }).fill('x'.repeat(201));
    await page.getByLabel('Requirements').fill('A small web app where a person can add, complete and delete todo items.');
    await page.getByRole('button', { name: 'Create project' }).click();
    const nameError = page.locator('.field-invalid .field-error');
    await nameError.waitFor();
    expect(await nameError.textContent()).toMatch(/name/i);
    expect(await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Name', { exact: true }).fill('Todo app');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.waitForURL(/#\/projects\/.+/);
    await page.locator('.project-title h1', { hasText: 'Todo app' }).waitFor();
    await page.locator('.timeline-event .event-type', { hasText: 'ProjectCreated' }).waitFor();
    await page.locator('.message-content', { hasText: 'delete todo items' }).waitFor();
  });

  it('catches up on what happened while the connection was cut, without duplicates', async () => {
    const projectId = decodeURIComponent(page.url().split('/projects/')[1]!);
    const eventVersion = (v: number) => page.locator('.event-version', { hasText: new RegExp(`^#${v}$`) });
    await eventVersion(await app.store.streamVersion(projectId)).waitFor();

    // The connection drops, an agent asks a question meanwhile, then the browser may reconnect.
    const restore = cutConnections();
    await page.locator('.connection-label', { hasText: 'Reconnecting' }).waitFor();
    const [asked] = await app.store.append(
      projectId,
      [
        {
          type: 'ActionRequested',
          data: {
            actionId: 'act-e2e-1',
            title: 'Which database?',
            description: 'The requirements do not say.',
            priority: 'urgent',
            options: [
              { id: 'sqlite', label: 'SQLite' },
              { id: 'postgres', label: 'PostgreSQL' },
            ],
            agent: 'architect',
            reason: 'question',
          },
        },
      ],
      await app.store.streamVersion(projectId),
    );
    const question = page.locator('.action-card', { has: page.locator('h3', { hasText: 'Which database?' }) });
    expect(await question.count()).toBe(0);
    restore();

    await page.locator('.connection-label', { hasText: 'Live' }).waitFor({ timeout: 15_000 });
    await question.waitFor();
    await eventVersion(asked!.streamVersion).waitFor();
    // Newest first, every version once, none missing (the timeline shows the newest 100).
    const versions = (await page.locator('.event-version').allTextContents()).map((t) => Number(t.replace('#', '')));
    expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => versions[0]! - i));
    expect(versions[versions.length - 1]).toBe(versions.length < 100 ? 1 : versions[0]! - 99);

    // Answer it: the action leaves the queue.
    await question.getByRole('button', { name: /PostgreSQL/ }).click();
    await question.getByRole('button', { name: 'Send answer' }).click();
    await question.waitFor({ state: 'detached' });
    await page.locator('.timeline-event .event-type', { hasText: 'ActionResolved' }).waitFor();
  });

  it('serves the GraphQL playground at /graphql to a browser', async () => {
    const playground = await browser.newPage();
    await playground.goto(`${server.url}/graphql`);
    await playground.locator('.graphiql-container').waitFor();
    expect(await playground.title()).toBe('BotArmy GraphQL playground');
    await playground.close();
  });
});
