import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startE2eServer, type E2eServer } from '../support/e2e-server';
import { gql } from '../support/graphql-http';
import { ofType, waitForEvent } from '../support/wait-for-event';

/** A change asked for from the page of a project that ended: round 2 runs and the page follows it to the end. */
describe('a change round in a browser', () => {
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

  it('asks for a change under an ended project, refusing an empty one, and shows round 2 to its end', async () => {
    const created = await gql<{ createProject: { id: string } }>(t.url, 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }', {
      input: { name: 'Seeds', requirements: 'A seed swap: gardeners add seeds with a name and a sowing month, and other gardeners list seeds and find one by id.' },
    });
    const id = created.data!.createProject.id;
    const firstEnd = await waitForEvent(t.app, id, ofType('ProjectCompleted'), 60_000);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${t.url}/#/projects/${encodeURIComponent(id)}`);

    // The README, written by hand from the files panel: it is the person's from then on.
    await page.locator('.tree-file-button[data-path="README.md"]').click();
    await page.getByRole('button', { name: 'Edit by hand' }).click();
    const editor = page.getByRole('form', { name: 'Edit README.md by hand' });
    const text = editor.getByLabel('Content of README.md');
    await text.fill(`${await text.inputValue()}\nServed from the potting shed.\n`);
    await editor.getByRole('button', { name: 'Save my version' }).click();
    await editor.waitFor({ state: 'detached' });
    await page.locator('.code-meta', { hasText: 'by the person' }).waitFor();

    const form = page.getByRole('form', { name: 'Ask for a change' });
    await form.getByRole('button', { name: 'Start round 2' }).click();
    await form.locator('.field-error', { hasText: 'Say what should change.' }).waitFor();
    await form.getByLabel('What should change').fill('Gardeners also add swap meetings with a date and a place, and list swap meetings.');
    await form.getByRole('button', { name: 'Start round 2' }).click();

    // The developer's round-2 README would change the person's: they are asked, with the diff, and keep theirs.
    const question = page.locator('#actions .action-card', { hasText: 'README.md' });
    await question.waitFor({ timeout: 30_000 });
    expect(await question.locator('pre.output').textContent()).toContain('-Served from the potting shed.');
    await question.getByRole('button', { name: /Keep mine/ }).click();
    await question.getByRole('button', { name: 'Send answer' }).click();
    await question.waitFor({ state: 'detached' });

    // The page follows the new round: it ends completed, and says which round it is and what was asked.
    await page.locator('.project-facts', { hasText: 'Round' }).locator('dd', { hasText: /^2$/ }).waitFor();
    await page.locator('.project-changes li', { hasText: 'Round 2 Gardeners also add swap meetings' }).waitFor();
    await waitForEvent(t.app, id, (e) => e.type === 'ProjectCompleted' && e.streamVersion > firstEnd.streamVersion, 60_000);
    await page.locator('.project-title .badge', { hasText: 'Completed' }).waitFor({ timeout: 30_000 });
    await page.locator('.message', { hasText: 'Change for round 2' }).first().waitFor();
    // The rounds, newest first: round 2's new stories, and each file it changed as a diff against round 1.
    const round2 = page.locator('#rounds').getByRole('listitem', { name: 'Round 2' });
    await round2.locator('.badge', { hasText: 'completed' }).waitFor();
    await round2.locator('.round-asked', { hasText: 'Gardeners also add swap meetings' }).waitFor();
    await round2.locator('.round-tests', { hasText: /the last passed: \d+ passed, 0 failed/ }).waitFor();
    await round2.getByRole('region', { name: 'Stories of round 2' }).locator('li', { hasText: /swap meetings.*added/i }).first().waitFor();
    const changedFile = round2.getByRole('region', { name: 'Files of round 2' }).locator('li', { hasText: 'changed' }).first();
    await changedFile.locator('summary').click();
    const diff = changedFile.locator('.diff');
    await diff.waitFor();
    expect(await diff.locator('.diff-add').count()).toBeGreaterThan(0);
    await page.getByRole('listitem', { name: 'Round 1' }).locator('.round-asked', { hasText: 'From the requirements.' }).waitFor();
    // Ended again, it takes the next change.
    await form.getByRole('button', { name: 'Start round 3' }).waitFor();
    expect(pageErrors).toEqual([]);
  }, 150_000);

  it('shows a criterion a change reworded as its next version, beside the ones left as they were', async () => {
    const requirements = 'A dive shop: divers add tanks with a size, and divers rent tanks and return them. A diver may rent at most 2 tanks at a time.';
    const created = await gql<{ createProject: { id: string } }>(t.url, 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }', { input: { name: 'Tanks', requirements } });
    const id = created.data!.createProject.id;
    const firstEnd = await waitForEvent(t.app, id, ofType('ProjectCompleted'), 60_000);
    await gql(t.url, 'mutation($input: RequestChangeInput!) { requestChange(input: $input) { round } }', { input: { projectId: id, text: 'Divers may now rent at most 3 tanks at a time.' } });
    await waitForEvent(t.app, id, (e) => e.type === 'ProjectCompleted' && e.streamVersion > firstEnd.streamVersion, 60_000);
    const coverage = await gql<{ coverage: { stories: { criteria: { criterionId: string; text: string; version: number }[] }[] } }>(
      t.url,
      'query($id: ID!) { coverage(projectId: $id) { stories { criteria { criterionId text version } } } }',
      { id },
    );
    const criteria = coverage.data!.coverage.stories.flatMap((x) => x.criteria);
    const raised = criteria.find((c) => /^Rule: At most 3 /.test(c.text))!;
    expect(raised.version).toBe(2);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${t.url}/#/projects/${encodeURIComponent(id)}`);
    const item = page.locator(`#stories .proof-criterion[data-criterion="${raised.criterionId}"]`);
    await item.locator('.criterion-version', { hasText: 'v2' }).waitFor();
    const unchanged = criteria.find((c) => c.version === 1)!;
    await page.locator(`#stories .proof-criterion[data-criterion="${unchanged.criterionId}"]`).waitFor();
    expect(await page.locator(`#stories .proof-criterion[data-criterion="${unchanged.criterionId}"] .criterion-version`).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 150_000);
});
