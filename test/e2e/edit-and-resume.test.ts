import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startE2eServer, type E2eServer } from '../support/e2e-server';
import { gql } from '../support/graphql-http';
import { eventsOfType, ofType, waitForEvent } from '../support/wait-for-event';

/**
 * Edit and resume from the page: a breakpoint set on the architect's card stops the run there; the analyst's
 * output is edited in the dashboard; Resume lets the team go on from the edit. With the offline provider.
 */
describe('edit and resume in a browser', () => {
  let t: E2eServer;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    t = await startE2eServer({ workflow: true });
    browser = await launchChromium();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const agentCard = (page: Page, agent: string) => page.locator(`.agent-card[data-agent="${agent}"]`);

  it('pauses at a breakpoint, takes a person’s edit of the stories, and resumes from it', async () => {
    const created = await gql<{ createProject: { id: string } }>(
      t.url,
      'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }',
      { input: { name: 'Bike repairs', requirements: 'A bike repair shop where mechanics log repairs and customers pick up their bikes.', breakpoints: ['ARCHITECT'] } },
    );
    const id = created.data!.createProject.id;
    await waitForEvent(t.app, id, ofType('ProjectPaused'));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${t.url}/#/projects/${encodeURIComponent(id)}`);

    await page.locator('.banner-paused', { hasText: 'Paused before the architect' }).waitFor();
    expect(await agentCard(page, 'ARCHITECT').getByRole('checkbox', { name: 'Pause before the architect' }).isChecked()).toBe(true);

    // The analyst's stories, edited as JSON in its card.
    await agentCard(page, 'ANALYST').getByRole('button', { name: 'Edit its output…' }).click();
    const editor = agentCard(page, 'ANALYST').getByLabel('The analyst’s accepted output (JSON)');
    await page.waitForFunction("document.querySelector('.output-editor textarea')?.value.includes('user_stories')");
    const output = JSON.parse(await editor.inputValue());
    output.user_stories[0].title = 'Mechanics log a repair with its parts';
    await editor.fill('{ not json');
    await agentCard(page, 'ANALYST').getByRole('button', { name: 'Save the edit' }).click();
    await agentCard(page, 'ANALYST').locator('.notice-error', { hasText: 'not valid JSON' }).waitFor();
    await editor.fill(JSON.stringify(output, null, 2));
    await agentCard(page, 'ANALYST').getByRole('button', { name: 'Save the edit' }).click();
    await agentCard(page, 'ANALYST').locator('.agent-task', { hasText: 'Output edited by a person' }).waitFor();
    await page.locator('.message', { hasText: "Edited the analyst's output" }).first().waitFor();

    await page.locator('.banner-paused').getByRole('button', { name: 'Resume' }).click();
    await page.locator('.project-title .badge', { hasText: 'Completed' }).waitFor({ timeout: 20_000 });
    const events = await t.app.store.readStream(id);
    const architect = eventsOfType(events, 'LlmCallCompleted').find((c) => c.data.agent === 'architect')!;
    expect(architect.data.messages[1].content).toContain('Mechanics log a repair with its parts');
    expect(eventsOfType(events, 'AgentOutputEdited')[0].metadata.actor).toBe('user');

    // Replayed from the page: today's code makes the same run from the same recording, the edit included.
    await page.locator('#replay').getByRole('button', { name: 'Replay against today’s code' }).click();
    await page.locator('#replay .replay-identical', { hasText: `Identical: ${events.length} events replayed and compared.` }).waitFor();
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);
});
