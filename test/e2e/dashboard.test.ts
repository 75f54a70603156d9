import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { countOperations, documentWidth, projectIdOf, startE2eServer, type E2eServer } from '../support/e2e-server';
import { gql } from '../support/graphql-http';
import { ofType, waitForEvent } from '../support/wait-for-event';

/**
 * The dashboard in a real browser (Debian's chromium through playwright-core) against a real server.
 * Needs the built client and Debian's chromium: `npm test` builds and installs both (scripts/test.sh).
 */

/** A page that records uncaught errors, so every test can check there were none. */
async function openPage(context: BrowserContext, errors: string[], url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  await page.locator('.connection-label', { hasText: 'Live' }).waitFor();
  return page;
}

/**
 * Without the agent pipeline: the form and its field errors, and catching up on events appended while the
 * browser's WebSocket was cut (events are appended by the test itself, so nothing else moves).
 */
describe('dashboard in a browser', () => {
  let t: E2eServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    t = await startE2eServer({ workflow: false });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('creates a project, showing the API’s field error next to the field first', async () => {
    await page.goto(`${t.url}/`);
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
    const { app } = t;
    const projectId = decodeURIComponent(page.url().split('/projects/')[1]!);
    const eventVersion = (v: number) => page.locator('.event-version', { hasText: new RegExp(`^#${v}$`) });
    await eventVersion(await app.store.streamVersion(projectId)).waitFor();

    // The connection drops, an agent asks a question meanwhile, then the browser may reconnect.
    const restore = t.cutConnections();
    let asked: Awaited<ReturnType<typeof app.store.append>>[number] | undefined;
    const question = page.locator('.action-card', { has: page.locator('h3', { hasText: 'Which database?' }) });
    try {
      await page.locator('.connection-label', { hasText: 'Reconnecting' }).waitFor();
      [asked] = await app.store.append(
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
      // Cut off, the page cannot know of it yet.
      expect(await question.count()).toBe(0);
    } finally {
      restore();
    }

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
    await playground.goto(`${t.url}/graphql`);
    await playground.locator('.graphiql-container').waitFor();
    expect(await playground.title()).toBe('BotArmy GraphQL playground');
    await playground.close();
  });
});

/**
 * With the agent pipeline running on the default offline provider, as `botarmy serve` runs it: vague
 * requirements make the analyst ask; the answer is given in the page; two browsers watch the project run
 * to completion, live; then its files, test runs, phone layout, cancelling and retrying.
 */
describe('dashboard with the agent pipeline running', () => {
  const COMPLETION_TIMEOUT = 20_000;
  let t: E2eServer;
  let browser: Browser;
  let first: BrowserContext;
  let second: BrowserContext;
  const pageErrors: string[] = [];
  /** The project of the first test, completed; later tests look at it. */
  let projectUrl = '';

  beforeAll(async () => {
    t = await startE2eServer({ workflow: true });
    browser = await launchChromium();
    first = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    second = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // A step that hangs fails on its own line, well before jest's timeout for the whole test.
    for (const context of [first, second]) context.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  async function createProject(name: string, requirements: string): Promise<string> {
    const created = await gql<{ createProject: { id: string } }>(
      t.url,
      'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }',
      { input: { name, requirements } },
    );
    return created.data!.createProject.id;
  }

  const agentCard = (page: Page, agent: string, status?: string) =>
    page.locator(`.agent-card[data-agent="${agent}"]${status ? `[data-status="${status}"]` : ''}`);
  const headerStatus = (page: Page, status: string) => page.locator('.project-title .badge', { hasText: status });

  it('asks about vague requirements, takes the answer from the page, and two browsers watch it complete', async () => {
    const page = await openPage(first, pageErrors, `${t.url}/`);
    await page.getByLabel('Name', { exact: true }).fill('Lending library');
    await page.getByLabel('Requirements').fill('An app.');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.waitForURL(/#\/projects\/.+/);
    projectUrl = page.url();
    const projectId = projectIdOf(page);

    // The analyst is unsure: its card says WAITING, the banner asks for an answer, the queue holds the question.
    await agentCard(page, 'ANALYST', 'WAITING').waitFor();
    await agentCard(page, 'ANALYST').locator('.agent-status', { hasText: 'Waiting' }).waitFor();
    await headerStatus(page, 'Waiting').waitFor();
    await page.locator('.banner-waiting', { hasText: 'Waiting for you' }).waitFor();
    const question = page.locator('#actions .action-card');
    await question.waitFor();
    expect(await question.locator('h3').textContent()).toMatch(/analyst is unsure/i);
    expect(await agentCard(page, 'ARCHITECT').getAttribute('data-status')).toBe('IDLE');

    // A second browser opens the same project and sees the same question.
    const watcher = await openPage(second, pageErrors, projectUrl);
    const watchersQuestion = watcher.locator('#actions .action-card');
    await watchersQuestion.waitFor();
    await agentCard(watcher, 'ANALYST', 'WAITING').waitFor();

    // Answer with free-text guidance in the first browser; count what the pipeline's burst of events costs.
    const operations = countOperations(page);
    const versionBeforeAnswer = await t.app.store.streamVersion(projectId);
    await question.getByLabel(/Your answer/).fill(
      'It should track books and loans for a small library; members borrow books and librarians record returns.',
    );
    await question.getByRole('button', { name: 'Send answer' }).click();

    // The question leaves both queues: at once here, through the ActionResolved event there.
    await question.waitFor({ state: 'detached' });
    await watchersQuestion.waitFor({ state: 'detached' });

    // Both browsers see the project finish, live, with every agent done.
    for (const p of [page, watcher]) {
      await headerStatus(p, 'Completed').waitFor({ timeout: COMPLETION_TIMEOUT });
      await p.locator('.banner-completed').waitFor();
      await p.locator('#agents .agent-progress', { hasText: '4/4 agents done' }).waitFor();
      await p.locator('.test-run[data-status="passed"]').waitFor();
      await p.locator('#files .tree-file-button[data-path^="src/"]').first().waitFor();
    }
    for (const agent of ['ANALYST', 'ARCHITECT', 'DEVELOPER', 'TESTER']) {
      expect(await agentCard(page, agent).getAttribute('data-status')).toBe('DONE');
    }

    // Both conversations end with the run's last message, live: the test run's report, which a TestRunCompleted
    // event makes (not a MessageSent).
    const conversation = await t.app.services.queries.messages(projectId, { first: 500 });
    const lastMessage = conversation.items.at(-1)!.node;
    expect(lastMessage).toMatchObject({ fromAgent: 'system', type: 'status', content: expect.stringMatching(/^Test run 1: \d+ passed/) });
    for (const p of [page, watcher]) {
      const count = conversation.totalCount;
      await p.locator('#messages .panel-meta', { hasText: new RegExp(`^${count} of ${count}$`) }).waitFor();
      expect(await p.locator('#messages .message-content').last().textContent()).toBe(lastMessage.content);
    }

    // Files: a tree with src/ and test/; clicking a file shows its code with its version and size.
    const srcFile = page.locator('#files .tree-file-button[data-path^="src/"]').last();
    const path = (await srcFile.getAttribute('data-path'))!;
    await srcFile.click();
    await page.locator('#files .code-path', { hasText: path }).waitFor();
    await page.locator('#files .code .code-line').first().waitFor();
    expect(await srcFile.getAttribute('aria-current')).toBe('true');
    expect(await page.locator('#files .code-version').textContent()).toBe('v1');
    expect(await page.locator('#files .code-size').textContent()).toMatch(/\d+(\.\d+)? (B|kB)$/);
    const code = (await page.locator('#files .code').textContent()) ?? '';
    const stored = (await t.app.services.queries.artifacts(projectId, { withContent: true })).find((a) => a.path === path);
    expect(stored?.content).toBeTruthy();
    expect(code).toBe(stored!.content.endsWith('\n') ? stored!.content : `${stored!.content}\n`);
    await page.locator('#files .tree-file-button[data-path^="test/"]').first().waitFor();
    // Folders collapse and open again.
    const srcFolder = page.locator('#files .tree-folder-button[data-folder="src"]');
    await srcFolder.click();
    expect(await srcFolder.getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator(`#files .tree-file-button[data-path="${path}"]`).count()).toBe(0);
    await srcFolder.click();
    await page.locator(`#files .tree-file-button[data-path="${path}"]`).waitFor();

    // Test run: passed count above zero, each test with its outcome, the output folded away.
    const run = page.locator('.test-run').first();
    const passed = Number(/(\d+) passed/.exec((await run.locator('.count-passed').textContent()) ?? '')?.[1]);
    expect(passed).toBeGreaterThan(0);
    expect(await run.locator('.test-case-list li.test-ok').count()).toBeGreaterThanOrEqual(passed);
    expect(await run.locator('.test-case-list .test-outcome').first().textContent()).toBe('ok');
    await run.locator('.test-output summary').click();
    await run.locator('.test-output pre.output', { hasText: 'TAP version' }).waitFor();

    // Usage: tokens per agent and a total above zero.
    const total = Number(((await page.locator('#usage .usage-total').textContent()) ?? '').replace(/\D/g, ''));
    expect(total).toBeGreaterThan(0);
    expect(await page.locator('#usage tbody tr').count()).toBe(4);

    // The conversation, rendered for people: stories with criteria, the design's endpoints, files, the test plan.
    await page.locator('.analyst-view .story .story-id', { hasText: /^S1$/ }).waitFor();
    expect(await page.locator('.analyst-view .criteria .criterion-id').first().textContent()).toMatch(/^S\d+\.AC\d+$/);
    expect(await page.locator('.architect-view .endpoints tbody tr').count()).toBeGreaterThan(0);
    await page.locator('.architect-view .data-section h4', { hasText: 'Tech stack' }).waitFor();
    await page.locator('.tester-view .test-plan li').first().waitFor();
    await page.locator('.message-from-analyst .message-data summary', { hasText: 'Raw JSON' }).click();
    await page.locator('.message-from-analyst .message-data pre.json', { hasText: '"user_stories"' }).waitFor();
    // A file named in the developer's handoff opens in the Files panel.
    const readme = page.locator('.developer-view .file-list button', { hasText: 'README.md' });
    await readme.click();
    await page.locator('#files .code-path', { hasText: 'README.md' }).waitFor();

    // The burst of events after the answer refreshed the panels from the subscription (how few fetches it
    // takes depends on timing, so only that it happened is asserted here).
    const burst = (await t.app.store.readStream(projectId)).filter((e) => e.streamVersion > versionBeforeAnswer);
    expect(burst.length).toBeGreaterThanOrEqual(30);
    expect(burst.filter((e) => e.type === 'ArtifactWritten').length).toBeGreaterThanOrEqual(8);
    expect(operations.count('Artifacts')).toBeGreaterThan(0);

    // The watcher gets the same result, live.
    const files = await page.locator('#files .tree-file-button').count();
    await watcher.waitForFunction(`document.querySelectorAll('#files .tree-file-button').length === ${files}`);
    await watcher.locator('.test-run .count-passed', { hasText: `${passed} passed` }).first().waitFor();
    await watcher.close();
    await page.close();
  }, 45_000);

  it('lists the project with its agent progress', async () => {
    const page = await openPage(first, pageErrors, `${t.url}/`);
    const row = page.locator('.project-row', { hasText: 'Lending library' });
    await row.locator('.badge', { hasText: 'Completed' }).waitFor();
    await row.locator('.agent-progress', { hasText: '4/4 agents done' }).waitFor();
    await page.close();
  });

  it('keeps the project list live: a project started elsewhere appears and reaches Completed without a reload', async () => {
    const page = await openPage(first, pageErrors, `${t.url}/`);
    await page.locator('.project-row').first().waitFor();
    await createProject('Started elsewhere', 'A help desk where customers open tickets and agents resolve them by priority.');
    const row = page.locator('.project-row', { hasText: 'Started elsewhere' });
    await row.waitFor();
    await row.locator('.badge', { hasText: 'Completed' }).waitFor();
    await row.locator('.agent-progress', { hasText: '4/4 agents done' }).waitFor();
    await page.close();
  });

  it('fits a phone: at 375×800 nothing but code scrolls sideways', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 800 } });
    phone.setDefaultTimeout(10_000);
    const page = await openPage(phone, pageErrors, projectUrl);
    await headerStatus(page, 'Completed').waitFor();
    await page.locator('#files .code .code-line').first().waitFor();
    await page.locator('.architect-view .endpoints tbody tr').first().waitFor();
    await page.locator('.test-run[data-status="passed"]').waitFor();
    expect(await documentWidth(page)).toBeLessThanOrEqual(375);
    // The code block scrolls inside itself instead.
    type Box = { clientWidth: number; scrollWidth: number; getBoundingClientRect(): { width: number } }; // no DOM types here
    const code = await page.locator('#files .code').evaluate((el) => {
      const box = el as unknown as Box;
      return { client: box.clientWidth, scroll: box.scrollWidth };
    });
    expect(code.client).toBeLessThanOrEqual(375);
    expect(code.scroll).toBeGreaterThan(code.client);

    // Panels stack: each one is as wide as the page's content column.
    const widths = await page
      .locator('.panel')
      .evaluateAll((panels) => panels.map((p) => Math.round((p as unknown as Box).getBoundingClientRect().width)));
    expect(new Set(widths).size).toBe(1);

    await page.goto(`${t.url}/`);
    await page.locator('.project-row .agent-progress').first().waitFor();
    expect(await documentWidth(page)).toBeLessThanOrEqual(375);
    await phone.close();
  });

  it('retries from an agent with guidance, from its card', async () => {
    const page = await openPage(first, pageErrors, projectUrl);
    await headerStatus(page, 'Completed').waitFor();
    const tester = agentCard(page, 'TESTER');
    await tester.getByRole('button', { name: 'Retry from the tester', exact: true }).click();
    await tester.getByLabel(/Guidance for the tester/).fill('Also check that an unknown id answers 404.');
    await tester.getByRole('button', { name: 'Retry from the tester', exact: true }).click();

    // The tester runs again and the tests with it: a second round appears, and the project completes again.
    await page.locator('.test-run', { has: page.locator('h3', { hasText: 'Round 2' }) }).waitFor({ timeout: COMPLETION_TIMEOUT });
    await headerStatus(page, 'Completed').waitFor({ timeout: COMPLETION_TIMEOUT });
    await agentCard(page, 'TESTER', 'DONE').waitFor();
    await page.locator('.timeline-event .event-type', { hasText: 'StepRetryRequested' }).waitFor();
    await page.close();
  });

  it('brings every panel up to date after a reconnect, when the project finished while the socket was down', async () => {
    const id = await createProject('Recipe box', 'An app.');
    const page = await openPage(first, pageErrors, `${t.url}/#/projects/${id}`);
    await page.locator('#actions .action-card').waitFor();
    await page.getByText(/No files yet — the developer writes them/).waitFor();

    const restore = t.cutConnections();
    try {
      await page.locator('.connection-label', { hasText: 'Reconnecting' }).waitFor();
      // Someone else answers; the whole pipeline runs while this browser is cut off.
      const [action] = await t.app.services.queries.actions(id);
      const answered = await gql(t.url, 'mutation($input: RespondToActionInput!) { respondToAction(input: $input) { id } }', {
        input: { actionId: action!.id, response: 'Families save recipes, tag them and plan the week’s meals.' },
      });
      expect(answered.errors).toBeUndefined();
      await waitForEvent(t.app, id, ofType('ProjectCompleted'));
    } finally {
      // Whatever happened above, the next tests need a server they can reach.
      restore();
    }

    await page.locator('.connection-label', { hasText: 'Live' }).waitFor({ timeout: 15_000 });
    await headerStatus(page, 'Completed').waitFor();
    await page.locator('#actions .action-card').waitFor({ state: 'detached' });
    await page.locator('#agents .agent-progress', { hasText: '4/4 agents done' }).waitFor();
    await page.locator('#files .tree-file-button[data-path^="src/"]').first().waitFor();
    await page.locator('.test-run[data-status="passed"]').waitFor();
    await page.locator('.tester-view').waitFor();
    const total = await t.app.store.streamVersion(id);
    await page.waitForFunction(`document.querySelectorAll('.event-version').length >= ${total}`);
    const versions = (await page.locator('.event-version').allTextContents()).map((v) => Number(v.replace('#', '')));
    expect(versions).toEqual(Array.from({ length: total }, (_, i) => total - i));
    await page.close();
  });

  it('cancels a waiting project from the page', async () => {
    const id = await createProject('Make it better', 'make it better');
    const page = await openPage(first, pageErrors, `${t.url}/#/projects/${id}`);
    await headerStatus(page, 'Waiting').waitFor();
    await page.locator('#actions .action-card').waitFor();
    await page.getByRole('button', { name: 'Cancel project' }).click();
    await page.getByRole('button', { name: 'Yes, cancel it' }).click();

    await headerStatus(page, 'Cancelled').waitFor();
    await page.locator('.banner-cancelled').waitFor();
    await page.locator('#actions .action-card').waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: 'Cancel project' }).count()).toBe(0);
    await page.getByText(/No files — the project stopped/).waitFor();
    await page.close();
  });
});
