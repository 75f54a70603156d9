import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startE2eServer, type E2eServer } from '../support/e2e-server';

/**
 * A token-protected server in a real browser: the dashboard and the playground ask for the token when the server
 * says UNAUTHENTICATED, keep it, send it over HTTP and the WebSocket, and ask again when it is refused.
 * Needs the built client (`npm run build:client`) and Debian's chromium.
 */
const TOKEN = 'e2e-token-0123456789abcdef';

describe('dashboard on a server with BOTARMY_API_TOKEN', () => {
  let t: E2eServer;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    t = await startE2eServer({ workflow: false, env: { BOTARMY_API_TOKEN: TOKEN } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  async function newPage(): Promise<{ page: Page; close(): Promise<void> }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return { page, close: () => context.close() };
  }

  it('asks for the token, refuses a wrong one, then creates a project with the right one and keeps it', async () => {
    const { page, close } = await newPage();
    try {
      await page.goto(`${t.url}/`);
      await page.getByRole('heading', { name: /needs its API token/ }).waitFor();
      expect(await page.locator('.project-row').count()).toBe(0);

      await page.getByLabel('API token', { exact: true }).fill('not-the-token-0123456789');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('alert').filter({ hasText: 'That token was refused' }).waitFor();

      await page.getByLabel('API token', { exact: true }).fill(TOKEN);
      await page.getByRole('button', { name: 'Continue' }).click();
      // The socket's connectionParams carry the token: the indicator only says Live once the server acknowledged it.
      await page.locator('.connection-label', { hasText: 'Live' }).waitFor();
      await page.getByText(/No projects yet/).waitFor();

      const before = await t.app.store.lastPosition();
      await page.getByLabel('Name', { exact: true }).fill('Guarded todo app');
      await page.getByLabel('Requirements').fill('A small web app where a person can add, complete and delete todo items.');
      await page.getByRole('button', { name: 'Create project' }).click();
      await page.waitForURL(/#\/projects\/.+/);
      await page.locator('.project-title h1', { hasText: 'Guarded todo app' }).waitFor();
      // The project page's live events come over the authenticated socket.
      await page.locator('.timeline-event .event-type', { hasText: 'ProjectCreated' }).waitFor();
      expect(await t.app.store.lastPosition()).toBeGreaterThan(before);

      // A file appears; its zip is fetched with the token (a plain link could not carry it) and saved.
      const projectId = decodeURIComponent(page.url().split('/projects/')[1]!);
      const content = 'export const done = true;\n';
      await t.app.store.append(
        projectId,
        [
          {
            type: 'ArtifactWritten',
            data: {
              stepId: 'e2e-step',
              agent: 'developer',
              attempt: 1,
              path: 'src/done.js',
              version: 1,
              content,
              sha256: createHash('sha256').update(content).digest('hex'),
              size: Buffer.byteLength(content),
            },
          },
        ],
        await t.app.store.streamVersion(projectId),
      );
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('.project-header').getByRole('link', { name: 'Download .zip' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('guarded-todo-app.zip');
      const zipped = await download.createReadStream();
      const chunks: Buffer[] = [];
      for await (const chunk of zipped) chunks.push(chunk as Buffer);
      // A zip file starts with the local file header signature PK\x03\x04.
      expect(Buffer.concat(chunks).subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));

      // Kept for the next visit: a reload goes straight to the dashboard.
      await page.goto(`${t.url}/`);
      await page.locator('.project-row', { hasText: 'Guarded todo app' }).waitFor();
      expect(await page.getByLabel('API token', { exact: true }).count()).toBe(0);
    } finally {
      await close();
    }
  });

  it('asks again when the stored token is refused, at load and while the page runs', async () => {
    const { page, close } = await newPage();
    try {
      await page.goto(`${t.url}/`);
      await page.evaluate(`localStorage.setItem('botarmy.apiToken', 'an-old-token-0123456789')`);
      await page.reload();
      await page.getByRole('alert').filter({ hasText: 'That token was refused' }).waitFor();
      await page.getByLabel('API token', { exact: true }).fill(TOKEN);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.locator('.connection-label', { hasText: 'Live' }).waitFor();

      // The token changes under a running page (as when the server's token is changed): the next request is
      // refused, and the page asks again instead of showing errors everywhere. That request may be the page's own
      // (a project from the test before is still running and the page keeps up with it) or the creation below.
      await page.evaluate(`localStorage.setItem('botarmy.apiToken', 'a-changed-token-0123456789')`);
      const before = await t.app.store.lastPosition();
      // Whichever comes first, the form may be replaced by the question at any step of filling it in.
      const meanwhile = { timeout: 2_000 };
      const gone = (): undefined => undefined;
      await page.getByLabel('Name', { exact: true }).fill('Refused', meanwhile).catch(gone);
      await page.getByLabel('Requirements').fill('This must not be created with a refused token.', meanwhile).catch(gone);
      await page.getByRole('button', { name: 'Create project' }).click(meanwhile).catch(gone);
      await page.getByRole('alert').filter({ hasText: 'That token was refused' }).waitFor();
      expect(await t.app.store.lastPosition()).toBe(before);
      await page.getByLabel('API token', { exact: true }).fill(TOKEN);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.locator('.connection-label', { hasText: 'Live' }).waitFor();
    } finally {
      await close();
    }
  });

  it('the playground asks for the token too, then runs queries with it', async () => {
    const { page, close } = await newPage();
    try {
      await page.goto(`${t.url}/graphql`);
      await page.getByLabel('API token', { exact: true }).fill(TOKEN);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.locator('.graphiql-container').waitFor();
      // The example query of the first tab runs over HTTP with the token.
      await page.locator('.graphiql-query-editor', { hasText: 'projects(first: 10)' }).waitFor();
      await page.locator('.graphiql-execute-button').click();
      const result = page.locator('.result-window');
      await result.filter({ hasText: 'totalCount' }).waitFor().catch(async (error) => {
        throw new Error(`${error}; the result window shows: ${await result.textContent()}`);
      });
    } finally {
      await close();
    }
  });
});
