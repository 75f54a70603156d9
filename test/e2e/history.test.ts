import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { documentWidth, projectIdOf, startE2eServer, type E2eServer } from '../support/e2e-server';
import { gql } from '../support/graphql-http';
import { eventsOfType, ofType, waitForEvent } from '../support/wait-for-event';

/**
 * "Why did the architect choose that?", answered from the page: the history timeline (filtered to LLM calls,
 * an architect's call opened to the exact messages and answer), the time-travel scrubber (the project as it
 * was right after the analyst's output was accepted), back to live, and a fork from that version that runs
 * live to completion. With the agent pipeline on the default offline provider.
 */
describe('project history in a browser', () => {
  const COMPLETION_TIMEOUT = 20_000;
  const REQUIREMENTS =
    'A blog platform where authors write posts in markdown, readers leave comments, and editors approve comments before they appear.';
  let t: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  const pageErrors: string[] = [];
  let projectId = '';

  beforeAll(async () => {
    t = await startE2eServer({ workflow: true });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    const created = await gql<{ createProject: { id: string } }>(
      t.url,
      'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }',
      { input: { name: 'Blog platform', requirements: REQUIREMENTS } },
    );
    projectId = created.data!.createProject.id;
    await waitForEvent(t.app, projectId, ofType('ProjectCompleted'), COMPLETION_TIMEOUT);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  async function openProject(ctx: BrowserContext, id: string): Promise<Page> {
    const page = await ctx.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${t.url}/#/projects/${encodeURIComponent(id)}`);
    await page.locator('.connection-label', { hasText: 'Live' }).waitFor();
    return page;
  }

  const agentCard = (page: Page, agent: string, status?: string) =>
    page.locator(`.agent-card[data-agent="${agent}"]${status ? `[data-status="${status}"]` : ''}`);
  const headerStatus = (page: Page, status: string) => page.locator('.project-title .badge', { hasText: status });
  const timelineEvent = (page: Page, version: number) => page.locator(`#timeline .timeline-event[data-version="${version}"]`);

  it('opens the architect’s LLM call, scrubs back to after the analyst, returns to live, and forks from there', async () => {
    const events = await t.app.store.readStream(projectId);
    const total = events.length;
    const architectCall = eventsOfType(events, 'LlmCallCompleted').find((e) => e.data.agent === 'architect')!;
    const analystAccepted = eventsOfType(events, 'AgentOutputAccepted').find((e) => e.data.agent === 'analyst')!;
    expect(architectCall).toBeDefined();
    expect(analystAccepted).toBeDefined();

    const page = await openProject(context, projectId);
    await headerStatus(page, 'Completed').waitFor();
    const timeline = page.locator('#timeline');
    await timelineEvent(page, total).waitFor();

    // Filter the history to LLM calls: nothing else is listed.
    await timeline.getByLabel('Show', { exact: true }).selectOption({ label: 'LLM calls' });
    await timeline.locator('.timeline-event[data-type="ProjectCreated"]').waitFor({ state: 'detached' });
    const types = await timeline.locator('.timeline-event').evaluateAll((items) =>
      items.map((item) => (item as unknown as { dataset: { type: string } }).dataset.type),
    );
    expect(types.length).toBe(eventsOfType(events, 'LlmCallCompleted').length + eventsOfType(events, 'LlmCallFailed').length);
    expect(new Set(types)).toEqual(new Set(['LlmCallCompleted']));
    // Narrowed to the architect, its call is the one left (the offline provider answers each step at once).
    await timeline.getByLabel('Agent', { exact: true }).selectOption({ label: 'Architect' });
    const architectCalls = eventsOfType(events, 'LlmCallCompleted').filter((e) => e.data.agent === 'architect').length;
    await page.waitForFunction(`document.querySelectorAll('#timeline .timeline-event').length === ${architectCalls}`);

    // Open the architect's call: the exact messages sent, the raw answer (formatted JSON), tokens, model.
    const call = timelineEvent(page, architectCall.streamVersion);
    await call.locator('summary').click();
    const contents = call.locator('.llm-message-content');
    await contents.first().waitFor();
    expect(await contents.allTextContents()).toEqual(architectCall.data.messages.map((m) => m.content));
    expect(await call.locator('.llm-message-role').allTextContents()).toEqual(architectCall.data.messages.map((m) => m.role));
    const userPrompt = architectCall.data.messages.find((m) => m.role === 'user')!;
    expect(userPrompt.content).toContain(REQUIREMENTS);
    await call.locator('.llm-role-user .llm-message-content', { hasText: REQUIREMENTS }).waitFor();
    expect(await call.locator('.llm-raw-answer').textContent()).toBe(JSON.stringify(JSON.parse(architectCall.data.rawAnswer), null, 2));
    const fact = async (label: string) =>
      (await call.locator('.event-facts div', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd').textContent()) ?? '';
    expect((await fact('Prompt tokens')).replace(/\D/g, '')).toBe(String(architectCall.data.promptTokens));
    expect((await fact('Completion tokens')).replace(/\D/g, '')).toBe(String(architectCall.data.completionTokens));
    expect(await fact('Model')).toBe(architectCall.data.model);
    // The built-in provider is named for what it is, not by its code name.
    expect(architectCall.data.provider).toBe('offline');
    expect(await fact('Provider')).toBe('the offline rule engine (no model)');
    expect(await fact('Latency')).toMatch(/\d+(\.\d+)? (ms|s)/);
    // Long content scrolls inside its box instead of stretching the page.
    type Styles = { getComputedStyle(el: unknown): { maxHeight: string } }; // no DOM types here
    const maxHeight = await contents.first().evaluate((el) => (globalThis as unknown as Styles).getComputedStyle(el).maxHeight);
    expect(maxHeight).not.toBe('none');

    // The scrubber, by keyboard: Home, then right to the version just after the analyst's output was accepted.
    const slider = page.getByRole('slider', { name: 'Project version' });
    await slider.focus();
    await slider.press('Home');
    for (let v = 1; v < analystAccepted.streamVersion; v += 1) await slider.press('ArrowRight');
    const viewing = page.locator('.history-viewing');
    await viewing.filter({ hasText: `Viewing version ${analystAccepted.streamVersion} of ${total}` }).waitFor();
    await viewing.filter({ hasText: 'AgentOutputAccepted' }).waitFor();
    // The panels show the project as it was then: the analyst done, the others idle, no files, no test runs.
    await agentCard(page, 'ANALYST', 'DONE').waitFor();
    for (const agent of ['ARCHITECT', 'DEVELOPER', 'TESTER']) await agentCard(page, agent, 'IDLE').waitFor();
    await headerStatus(page, 'Active').waitFor();
    await page.locator('#files').getByText(/No files yet/).waitFor();
    expect(await page.locator('#files .tree-file-button').count()).toBe(0);
    expect(await page.locator('.test-run').count()).toBe(0);
    // Past agents cannot be retried from here.
    expect(await page.getByRole('button', { name: /^Retry from the/ }).count()).toBe(0);
    await timelineEvent(page, analystAccepted.streamVersion).waitFor({ state: 'detached' }); // filtered to the architect's calls

    // Back to live: completed again, with its files.
    await page.getByRole('button', { name: 'Back to live' }).click();
    await viewing.waitFor({ state: 'detached' });
    await headerStatus(page, 'Completed').waitFor();
    await page.locator('#files .tree-file-button[data-path^="src/"]').first().waitFor();
    await agentCard(page, 'TESTER', 'DONE').waitFor();

    // From the timeline: the analyst's accepted output, "Show the project here", then fork from that version.
    await timeline.getByRole('button', { name: 'Clear filters' }).click();
    await timeline.getByLabel('Show', { exact: true }).selectOption({ label: 'Agent outputs' });
    const accepted = timelineEvent(page, analystAccepted.streamVersion);
    await accepted.locator('summary').focus();
    await accepted.locator('summary').press('Enter');
    await accepted.locator('.event-data', { hasText: '"acceptedBy"' }).waitFor();
    await accepted.getByRole('button', { name: 'Show the project here' }).click();
    await viewing.filter({ hasText: `Viewing version ${analystAccepted.streamVersion} of ${total}` }).waitFor();
    await agentCard(page, 'ARCHITECT', 'IDLE').waitFor();
    expect(await accepted.getAttribute('aria-current')).toBe('step');

    await page.getByRole('button', { name: 'Fork from here…' }).click();
    const form = page.locator('.fork-form');
    expect(await form.getByLabel('Requirements').inputValue()).toBe(REQUIREMENTS);
    await form.getByRole('button', { name: 'Start the fork' }).click();
    await page.waitForURL((url) => /#\/projects\//.test(url.hash) && !url.hash.endsWith(encodeURIComponent(projectId)));
    const forkId = projectIdOf(page);
    expect(forkId).not.toBe(projectId);
    await page.locator('.project-title h1', { hasText: `(fork at v${analystAccepted.streamVersion})` }).waitFor();
    // The page says where the fork came from, and links there.
    await page.locator('.project-facts .fork-origin a', { hasText: projectId }).waitFor();
    await page.locator('.history-viewing').waitFor({ state: 'detached' });
    // The fork runs on live from the architect, like any project.
    await headerStatus(page, 'Completed').waitFor({ timeout: COMPLETION_TIMEOUT });
    await page.locator('#agents .agent-progress', { hasText: '4/4 agents done' }).waitFor();
    await page.locator('#files .tree-file-button[data-path^="src/"]').first().waitFor();
    await page.locator('.timeline-event .event-type', { hasText: 'ProjectForked' }).waitFor();
    const forkEvents = await t.app.store.readStream(forkId);
    // The cut takes the accepted output's handoff with it: they are one decision.
    expect(eventsOfType(forkEvents, 'ProjectForked')[0]?.data).toMatchObject({ fromProjectId: projectId, atVersion: analystAccepted.streamVersion + 1 });
    expect(forkEvents[analystAccepted.streamVersion]).toMatchObject({ type: 'MessageSent', data: { type: 'handoff', fromAgent: 'analyst' } });
    await page.close();
  }, 40_000);

  it('fits a phone: the opened history and the scrubbed page scroll no wider than 375 px', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 800 } });
    phone.setDefaultTimeout(10_000);
    const page = await openProject(phone, projectId);
    await headerStatus(page, 'Completed').waitFor();
    const events = await t.app.store.readStream(projectId);
    const call = timelineEvent(page, eventsOfType(events, 'LlmCallCompleted').find((e) => e.data.agent === 'architect')!.streamVersion);
    await call.locator('summary').click();
    await call.locator('.llm-raw-answer').waitFor();
    expect(await documentWidth(page)).toBeLessThanOrEqual(375);

    await page.getByRole('button', { name: 'Previous version' }).click();
    await page.locator('.history-viewing', { hasText: `Viewing version ${events.length - 1} of ${events.length}` }).waitFor();
    await page.getByRole('button', { name: 'Back to live' }).waitFor();
    expect(await documentWidth(page)).toBeLessThanOrEqual(375);
    // Escape on the bar goes back to live.
    await page.getByRole('button', { name: 'Previous version' }).press('Escape');
    await page.locator('.history-viewing').waitFor({ state: 'detached' });
    await phone.close();
  });
});
