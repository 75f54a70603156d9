import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { documentWidth, projectIdOf, startE2eServer, type E2eServer } from '../support/e2e-server';
import { gql } from '../support/graphql-http';
import { eventsOfType } from '../support/wait-for-event';

/**
 * The Stories view (issue 13): every acceptance criterion with its status as a word, the tests that cite it
 * (opening their code), where it is implemented, the mutants no test caught, a person's words for the ones
 * accepted as open; the project's proof summary in the header, live and in time travel. With the agent pipeline
 * on the default offline provider; whatever the page asks on the way is answered in the page.
 */

interface CoverageData {
  summary: string;
  total: number;
  proven: number;
  stories: {
    storyId: string;
    title: string;
    criteria: {
      criterionId: string;
      text: string;
      status: string;
      implementedIn: { file: string; function: string | null }[];
      tests: { name: string; ok: boolean; proving: boolean }[];
      survivingMutants: { id: string; file: string; line: number; original: string; replacement: string }[];
      acceptedWith: string | null;
    }[];
  }[];
}

const COVERAGE_FIELDS = `summary total proven stories { storyId title criteria { criterionId text status
  implementedIn { file function } tests { name ok proving }
  survivingMutants { id file line original replacement } acceptedWith } }`;

const WORDS: Record<string, string> = { PROVEN: 'Proven', WEAK: 'Weak', FAILING: 'Failing', UNTESTED: 'Untested', ACCEPTED: 'Accepted' };
const TEST_PATH = /(^|\/)(tests?|__tests__|spec)\/|[.-](test|spec)\.[cm]?[jt]sx?$/i;
const ACCEPT_WORDS = 'The offline demo may leave these open; a person checks them by hand before release.';

describe('the Stories view in a browser', () => {
  const COMPLETION_TIMEOUT = 90_000;
  let t: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  const pageErrors: string[] = [];
  let projectId = '';

  beforeAll(async () => {
    t = await startE2eServer({ workflow: true });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // A step that hangs fails on its own line, well before jest's timeout for the whole test.
    context.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  async function openPage(ctx: BrowserContext, url: string): Promise<Page> {
    const page = await ctx.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(url);
    await page.locator('.connection-label', { hasText: 'Live' }).waitFor();
    return page;
  }

  async function coverageOf(id: string): Promise<CoverageData> {
    const answer = await gql<{ coverage: CoverageData | null }>(t.url, `query($id: ID!) { coverage(projectId: $id) { ${COVERAGE_FIELDS} } }`, { id });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.coverage).toBeTruthy();
    return answer.data!.coverage!;
  }

  const headerStatus = (page: Page, status: string) => page.locator('.project-title .badge', { hasText: status });
  const criterionItem = (page: Page, id: string) => page.locator(`#stories .proof-criterion[data-criterion="${id}"]`);

  /** Answers what the page asks until the project completes: guidance for the analyst, acceptance for unproven criteria. */
  async function answerUntilCompleted(page: Page): Promise<string[]> {
    const answered: string[] = [];
    const question = page.locator('#actions .action-card').first();
    for (let round = 0; round < 8; round += 1) {
      await headerStatus(page, 'Completed').or(question).first().waitFor({ timeout: COMPLETION_TIMEOUT });
      if (await headerStatus(page, 'Completed').isVisible()) return answered;
      const actionId = (await question.getAttribute('data-action'))!;
      const title = (await question.locator('h3').textContent()) ?? '';
      const reason = (await question.locator('.action-reason').textContent()) ?? '';
      answered.push(reason);
      if (reason === 'criteria not proven') {
        // The card reads as a person needs it: what is asked, why, where to look, and that the words are kept.
        expect(title).toMatch(/not proven/);
        await question.getByRole('link', { name: /in Stories/ }).waitFor();
        await question.getByRole('button', { name: /Accept them as open/ }).click();
        await question.getByLabel(/Your words/).fill(ACCEPT_WORDS);
      } else {
        await question
          .getByLabel(/Your (answer|words)/)
          .fill('It should track books and loans for a small library; members borrow books and librarians record returns.');
      }
      await question.getByRole('button', { name: 'Send answer' }).click();
      await page.locator(`#actions .action-card[data-action="${actionId}"]`).waitFor({ state: 'detached' });
    }
    throw new Error(`the project did not complete after answering ${answered.join(', ')}`);
  }

  it('lists every story and criterion with its status word, keeps the header’s summary live, and opens the code behind a criterion', async () => {
    // Over GraphQL, for its proof settings: one more round for the tester, and mutation runs of 10 s (the default
    // minute per run would make this test several minutes long; a run cut short leaves mutants unrun, not wrong).
    const created = await gql<{ createProject: { id: string } }>(
      t.url,
      'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }',
      { input: { name: 'Lending library', requirements: 'An app.', proofRounds: 1, mutationBudgetMs: 10_000 } },
    );
    expect(created.errors).toBeUndefined();
    projectId = created.data!.createProject.id;
    const page = await openPage(context, `${t.url}/#/projects/${encodeURIComponent(projectId)}`);
    expect(projectIdOf(page)).toBe(projectId);

    // Vague requirements: the analyst asks first, so there are no stories yet and no summary in the header.
    await page.locator('#actions .action-card').first().waitFor();
    await page.locator('#stories').getByText(/No stories yet/).waitFor();
    expect(await page.locator('.project-header .coverage-summary').count()).toBe(0);

    const answered = await answerUntilCompleted(page);
    expect(answered.length).toBeGreaterThan(0);
    const coverage = await coverageOf(projectId);
    expect(coverage.total).toBeGreaterThan(0);
    expect(coverage.summary).toMatch(/^\d+ of \d+ criteria proven/);

    // The header's line arrived live (the page was opened before there was anything to prove) and says what the API says.
    const summary = page.locator('.project-header .coverage-summary');
    await summary.locator('.coverage-summary-text', { hasText: coverage.summary }).waitFor();
    expect(await summary.locator('.coverage-summary-text').textContent()).toBe(coverage.summary);

    // The Stories view, from the page's navigation: every story, every criterion, each status as a word.
    await page.getByRole('navigation', { name: 'On this page' }).getByRole('link', { name: /^Stories/ }).click();
    await page.locator('#stories .proof-story').first().waitFor();
    expect(await page.locator('#stories .proof-story').count()).toBe(coverage.stories.length);
    const criteria = coverage.stories.flatMap((s) => s.criteria);
    expect(await page.locator('#stories .proof-criterion').count()).toBe(criteria.length);
    for (const story of coverage.stories) {
      const item = page.locator(`#stories .proof-story[data-story="${story.storyId}"]`);
      expect(await item.locator('.proof-story-title').textContent()).toBe(`${story.storyId} ${story.title}`);
      expect(await item.locator('.proof-criterion').count()).toBe(story.criteria.length);
    }
    for (const c of criteria) {
      const item = criterionItem(page, c.criterionId);
      expect(await item.getAttribute('data-status')).toBe(c.status);
      // A word, not a colour alone (the mark beside it is hidden from screen readers).
      expect(((await item.locator('.criterion-head .criterion-status').textContent()) ?? '').trim()).toMatch(new RegExp(`${WORDS[c.status]}$`));
      expect(await item.locator('.criterion-text').textContent()).toBe(c.text);
      expect(await item.locator('.cited-test').count()).toBe(c.tests.length);
      expect(await item.locator('.implemented-in li').count()).toBe(c.implementedIn.length);
      expect(await item.locator('.mutant').count()).toBe(c.survivingMutants.length);
      if (c.acceptedWith !== null) expect(await item.locator('.accepted-with').textContent()).toBe(c.acceptedWith);
      for (const m of c.survivingMutants) {
        const mutant = item.locator(`.mutant[data-mutant="${m.id}"]`);
        expect(await mutant.locator('.mutant-head .file-path').textContent()).toBe(`${m.file}:${m.line}`);
        expect(await mutant.locator('del code').textContent()).toBe(m.original);
        expect(await mutant.locator('ins code').textContent()).toBe(m.replacement);
      }
    }
    // Accepting unproven criteria in the page recorded the person's words with them.
    if (answered.includes('criteria not proven')) {
      const accepted = criteria.filter((c) => c.status === 'ACCEPTED');
      expect(accepted.length).toBeGreaterThan(0);
      for (const c of accepted) expect(c.acceptedWith).toContain(ACCEPT_WORDS);
    }

    // A citing test opens its code: the test file that holds its name, the test's line marked.
    const stored = await t.app.services.queries.artifacts(projectId, { withContent: true });
    const cited = criteria.find((c) => c.tests.length > 0);
    expect(cited).toBeDefined();
    const test = cited!.tests[0]!;
    const testFile = stored.find((a) => TEST_PATH.test(a.path) && a.content.includes(test.name));
    expect(testFile).toBeDefined();
    const citedTest = criterionItem(page, cited!.criterionId).locator('.cited-test').first();
    expect(await citedTest.locator('.test-outcome').textContent()).toBe(test.ok ? 'passed' : 'failed');
    await citedTest.getByRole('button', { name: test.name, exact: true }).click();
    await page.locator('#files .code-path', { hasText: testFile!.path }).waitFor();
    expect(await page.locator('#files .code-path').textContent()).toBe(testFile!.path);
    const marked = page.locator('#files .code .code-line-marked');
    await marked.waitFor();
    expect(await marked.textContent()).toContain(test.name);
    const line = testFile!.content.split('\n').findIndex((l) => l.includes(test.name)) + 1;
    expect(await marked.getAttribute('data-line')).toBe(String(line));
    // …and what the test run printed about it.
    await citedTest.locator('.test-output summary').click();
    await citedTest.locator('.test-output pre.output', { hasText: new RegExp(`ok \\d+ - ${test.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).waitFor();

    // Where it is implemented opens the code too, at the function when the developer named one.
    const implemented = criteria.find((c) => c.implementedIn.length > 0);
    if (implemented) {
      const place = implemented.implementedIn[0]!;
      const file = place.file.replace(/^\.\//, '');
      await criterionItem(page, implemented.criterionId).locator('.implemented-in button').first().click();
      await page.locator('#files .code-path', { hasText: file }).waitFor();
      expect(await page.locator('#files .code-path').textContent()).toBe(file);
      if (place.function) expect(await page.locator('#files .code .code-line-marked').textContent()).toContain(place.function);
    }

    // The "not proven" filter leaves only what a person should look at.
    const open = criteria.filter((c) => c.status !== 'PROVEN' && c.status !== 'ACCEPTED');
    await page.locator('#stories').getByRole('button', { name: /^Not proven/ }).click();
    if (open.length === 0) await page.locator('#stories').getByText('Every criterion is proven or accepted.').waitFor();
    else await page.waitForFunction(`document.querySelectorAll('#stories .proof-criterion').length === ${open.length}`);
    await page.locator('#stories').getByRole('button', { name: /^All \(/ }).click();
    await page.waitForFunction(`document.querySelectorAll('#stories .proof-criterion').length === ${criteria.length}`);
    await page.close();
  }, 240_000);

  it('shows the criteria as they were at a past version, then live again', async () => {
    const events = await t.app.store.readStream(projectId);
    const analystAccepted = eventsOfType(events, 'AgentOutputAccepted').find((e) => e.data.agent === 'analyst')!;
    expect(analystAccepted).toBeDefined();
    const past = await gql<{ projectAt: { coverage: CoverageData | null } }>(
      t.url,
      `query($id: ID!, $v: Int!) { projectAt(projectId: $id, version: $v) { coverage { ${COVERAGE_FIELDS} } } }`,
      { id: projectId, v: analystAccepted.streamVersion },
    );
    expect(past.errors).toBeUndefined();
    const then = past.data!.projectAt.coverage!;
    expect(then.total).toBeGreaterThan(0);
    // Right after the stories were written nothing is tested, let alone proven.
    expect(then.proven).toBe(0);
    const live = await coverageOf(projectId);

    const page = await openPage(context, `${t.url}/#/projects/${encodeURIComponent(projectId)}`);
    await headerStatus(page, 'Completed').waitFor();
    const summaryText = page.locator('.project-header .coverage-summary-text');
    await summaryText.filter({ hasText: live.summary }).waitFor();

    const slider = page.getByRole('slider', { name: 'Project version' });
    await slider.focus();
    await slider.press('Home');
    for (let v = 1; v < analystAccepted.streamVersion; v += 1) await slider.press('ArrowRight');
    await page.locator('.history-viewing').filter({ hasText: `Viewing version ${analystAccepted.streamVersion} of ${events.length}` }).waitFor();
    await summaryText.filter({ hasText: then.summary }).waitFor();
    const thenCriteria = then.stories.flatMap((s) => s.criteria);
    for (const c of thenCriteria) {
      await criterionItem(page, c.criterionId).and(page.locator(`[data-status="${c.status}"]`)).waitFor();
      expect(await criterionItem(page, c.criterionId).locator('.cited-test').count()).toBe(0);
    }
    expect(await page.locator('#stories .proof-criterion').count()).toBe(thenCriteria.length);

    await page.getByRole('button', { name: 'Back to live' }).click();
    await page.locator('.history-viewing').waitFor({ state: 'detached' });
    await summaryText.filter({ hasText: live.summary }).waitFor();
    for (const c of live.stories.flatMap((s) => s.criteria)) {
      await criterionItem(page, c.criterionId).and(page.locator(`[data-status="${c.status}"]`)).waitFor();
    }
    await page.close();
  }, 30_000);

  it('fits a phone: the Stories view scrolls no wider than 375 px', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 800 } });
    phone.setDefaultTimeout(10_000);
    const page = await openPage(phone, `${t.url}/#/projects/${encodeURIComponent(projectId)}`);
    await page.locator('#stories .proof-criterion').first().waitFor();
    await page.locator('.project-header .coverage-summary').waitFor();
    // Open every test's output, so the widest content is on the page.
    for (const summary of await page.locator('#stories .cited-test .test-output summary').all()) await summary.click();
    expect(await documentWidth(page)).toBeLessThanOrEqual(375);
    await phone.close();
  });
});
