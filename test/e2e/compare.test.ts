import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { documentWidth, startE2eServer, type E2eServer } from '../support/e2e-server';
import { gql } from '../support/graphql-http';
import { eventsOfType, ofType, waitForEvent } from '../support/wait-for-event';

/**
 * "What did the fork do differently?", answered from the page: a fork made mid-way with other requirements links
 * to its origin's comparison, which shows both projects side by side, where their logs part, and each file as a
 * unified diff. With the agent pipeline on the default offline provider.
 */
describe('comparing a fork with its origin in a browser', () => {
  const COMPLETION_TIMEOUT = 20_000;
  let t: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  const pageErrors: string[] = [];
  let origin = '';
  let fork = '';

  beforeAll(async () => {
    t = await startE2eServer({ workflow: true });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    const created = await gql<{ createProject: { id: string } }>(t.url, 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }', {
      input: { name: 'Bike rental', requirements: 'Riders rent bikes by the hour; staff record when a bike comes back damaged.' },
    });
    origin = created.data!.createProject.id;
    await waitForEvent(t.app, origin, ofType('ProjectCompleted'), COMPLETION_TIMEOUT);
    const architectDone = eventsOfType(await t.app.store.readStream(origin), 'AgentOutputAccepted').find((e) => e.data.agent === 'architect')!.streamVersion;
    const forked = await gql<{ forkProject: { id: string } }>(
      t.url,
      'mutation($p: ID!, $v: Int!, $o: ForkOverridesInput) { forkProject(projectId: $p, atVersion: $v, overrides: $o) { id } }',
      { p: origin, v: architectDone, o: { name: 'Scooter rental', requirements: 'Riders rent scooters by the minute; staff record the battery level when a scooter comes back.' } },
    );
    fork = forked.data!.forkProject.id;
    await waitForEvent(t.app, fork, ofType('ProjectCompleted'), COMPLETION_TIMEOUT);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  async function open(ctx: BrowserContext, hash: string): Promise<Page> {
    const page = await ctx.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${t.url}/${hash}`);
    return page;
  }

  it('goes from the fork to its comparison with the origin, and shows both side by side with each changed file’s diff', async () => {
    const expected = (
      await gql(t.url, 'query($a: ID!, $b: ID!) { compareProjects(a: $a, b: $b) { files { path status diff } parting { version } } }', { a: origin, b: fork })
    ).data!.compareProjects;
    const page = await open(context, `#/projects/${encodeURIComponent(fork)}`);
    await page.locator('.connection-label', { hasText: 'Live' }).waitFor();
    await page.getByRole('link', { name: 'Compare with origin' }).click();
    await page.waitForURL(`${t.url}/#/compare/${encodeURIComponent(origin)}/${encodeURIComponent(fork)}`);
    await page.getByRole('heading', { level: 1, name: 'Compare projects' }).waitFor();

    const side = (label: string) => page.locator(`.compare-side[data-side="${label}"]`);
    await side('A').getByRole('link', { name: 'Bike rental' }).waitFor();
    await side('B').getByRole('link', { name: 'Scooter rental' }).waitFor();
    expect(await side('A').locator('.compare-side-label').textContent()).toBe('A · origin');
    expect(await side('B').locator('.compare-side-label').textContent()).toMatch(/^B · fork at v\d+$/);
    await page.locator('#parting', { hasText: `At version ${expected.parting.version}: A has` }).waitFor();

    // Each changed file shows its unified diff, line for line as the server made it, with added and removed lines marked.
    const changed = (expected.files as { path: string; status: string; diff: string }[]).find((f) => f.status === 'CHANGED')!;
    expect(changed).toBeDefined();
    const file = page.locator(`.compare-file[data-path="${changed.path}"]`);
    const diff = file.getByLabel(`Changes to ${changed.path}`);
    await diff.waitFor();
    expect(await diff.locator('.diff-line').allTextContents()).toEqual(changed.diff.replace(/\n$/, '').split('\n'));
    expect(await diff.locator('.diff-add').count()).toBeGreaterThan(0);
    expect(await diff.locator('.diff-del').count()).toBeGreaterThan(0);
    expect(await file.locator('.badge').textContent()).toBe('changed');
    // An unchanged file is listed without a diff.
    const unchanged = (expected.files as { path: string; status: string }[]).find((f) => f.status === 'UNCHANGED');
    if (unchanged) expect(await page.locator(`.compare-file[data-path="${unchanged.path}"] .diff`).count()).toBe(0);

    // The origin's page has no such link.
    await page.goto(`${t.url}/#/projects/${encodeURIComponent(origin)}`);
    await page.locator('.project-title h1', { hasText: 'Bike rental' }).waitFor();
    await page.locator('.connection-label', { hasText: 'Live' }).waitFor();
    expect(await page.getByRole('link', { name: 'Compare with origin' }).count()).toBe(0);
    await page.close();
  }, 30_000);

  it('says which project is unknown, and fits a phone', async () => {
    const missing = await open(context, `#/compare/${encodeURIComponent(origin)}/nope`);
    await missing.getByRole('heading', { level: 1, name: 'Project not found' }).waitFor();
    await missing.getByText('project nope not found').waitFor();
    await missing.close();

    const phone = await browser.newContext({ viewport: { width: 375, height: 800 } });
    phone.setDefaultTimeout(10_000);
    const page = await open(phone, `#/compare/${encodeURIComponent(origin)}/${encodeURIComponent(fork)}`);
    await page.locator('.compare-file .diff').first().waitFor();
    expect(await documentWidth(page)).toBeLessThanOrEqual(375);
    await phone.close();
  });
});
