import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AgentInput, AgentName } from '../../src/domain/agents/agent';
import { type AnalystOutput, analystOutputSchema } from '../../src/domain/agents/analyst';
import { type ArchitectOutput, architectOutputSchema } from '../../src/domain/agents/architect';
import { type DeveloperOutput, developerOutputSchema } from '../../src/domain/agents/developer';
import { type TesterOutput, testerOutputSchema } from '../../src/domain/agents/tester';
import type { LlmRequest } from '../../src/llm/llm-port';
import { OfflineProvider } from '../../src/llm/offline-provider';

// The texts of /work/shared/requirements (clear.txt and vague.txt), kept here so the suite runs from the repository alone.
const CLEAR = [
  'Build a simple e-commerce web application with user authentication, product catalog, and shopping cart functionality.',
  'A blog platform where authors write posts in markdown, readers leave comments, and editors approve comments before they appear.',
  'We need an expense tracker: employees submit expenses with receipts and categories, managers approve or reject them, and finance exports approved expenses each month.',
  'Create a parking garage system. Drivers reserve a spot for a time window, pay by the hour, and get a fine if they overstay. Attendants see which spots are free.',
  'A school gradebook: teachers create courses and assignments, record grades for students, and students see their average per course.',
  'Event ticketing: organisers create events with a capacity and ticket types, customers buy tickets, and tickets can be refunded up to 48 hours before the event.',
  '- Users can create polls with several options\n- Anyone with the link can vote once\n- Results are shown as percentages after voting closes',
  'As a gym member I want to book a personal trainer session. As a trainer I want to set my available hours. As the gym manager I want a report of sessions per trainer per month.',
  'Fleet maintenance tracker for a delivery company: vehicles, scheduled services by mileage, repair records with costs, and alerts when a service is overdue.',
  'A help desk where customers open tickets, agents are assigned tickets by priority, tickets move through open, in progress and resolved, and customers rate the support they got.',
  'Build an online food ordering service for one restaurant: a menu with categories and prices, orders with delivery or pickup, order status updates, and daily sales totals for the owner.',
  'Volunteer scheduling for a food bank. Coordinators publish shifts with a number of places; volunteers sign up or drop out; a shift that is not full two days before sends a reminder to the coordinator.',
  "A package tracking API: shipments have a tracking number, a sender and recipient address, and a history of scan events; anyone can look up a shipment's status by its tracking number.",
  'Hotel reservations: guests search rooms by dates and number of people, book a room, and cancel for free until the day before; staff check guests in and out.',
  'The system manages clinical trial participants: enrolment with consent, visits on a schedule, adverse events reported by site staff, and a weekly count of participants per site.',
];
const VAGUE = ['make it better', 'An app.', 'something for my business', 'fix the thing we talked about', 'A website, you know what I mean.'];

const E_COMMERCE = CLEAR[0];
const BLOG = CLEAR[1];
const PARKING = CLEAR[3];
const POLLS = CLEAR[6];
const HELP_DESK = CLEAR[9];
const HOTEL = CLEAR[13];

interface Run {
  analysis: AnalystOutput;
  design: ArchitectOutput;
  implementation: DeveloperOutput;
  tests: TesterOutput;
  texts: Record<AgentName, string>;
}

const provider = new OfflineProvider();

function request(agent: AgentName, input: AgentInput): LlmRequest {
  const schemas = { analyst: analystOutputSchema, architect: architectOutputSchema, developer: developerOutputSchema, tester: testerOutputSchema };
  return { agent, messages: [{ role: 'user', content: input.requirements }], schema: schemas[agent], schemaName: agent, input, attempt: 1 };
}

/** The four agents in order, each reading what the ones before it answered, as the workflow runs them. */
async function runPipeline(requirements: string, extra: Partial<AgentInput> = {}): Promise<Run> {
  const input: AgentInput = { requirements, guidance: [], ...extra };
  const a = await provider.complete(request('analyst', input));
  const analysis = analystOutputSchema.parse(a.json);
  const d = await provider.complete(request('architect', { ...input, analysis }));
  const design = architectOutputSchema.parse(d.json);
  const i = await provider.complete(request('developer', { ...input, analysis, design }));
  const implementation = developerOutputSchema.parse(i.json);
  const t = await provider.complete(request('tester', { ...input, analysis, design, implementation }));
  const tests = testerOutputSchema.parse(t.json);
  return { analysis, design, implementation, tests, texts: { analyst: a.text, architect: d.text, developer: i.text, tester: t.text } };
}

interface NodeTestResult {
  exitCode: number;
  passed: number;
  failed: number;
  names: string[];
}

/** Writes the developer's and the tester's files into an empty directory and runs the tester's command there. */
async function runGeneratedTests(run: Run): Promise<NodeTestResult> {
  const dir = await mkdtemp(join(tmpdir(), 'botarmy-offline-'));
  try {
    for (const file of [...run.implementation.files, ...run.tests.test_files]) {
      await mkdir(dirname(join(dir, file.path)), { recursive: true });
      await writeFile(join(dir, file.path), file.content);
    }
    const [command, ...args] = run.tests.test_command;
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(command, [...args, '--test-reporter=tap'], { cwd: dir, timeout: 20_000 }, (error, out) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out }),
      );
    });
    const count = (label: string): number => Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(stdout)?.[1] ?? 0);
    const names = [...stdout.matchAll(/^\s*ok \d+ - (.+)$/gm)].map((m) => m[1]);
    return { exitCode: code, passed: count('pass'), failed: count('fail'), names };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const sourcePaths = (run: Run): string[] => run.implementation.files.map((f) => f.path);
const entityNames = (run: Run): string[] => run.analysis.entities.map((e) => e.name);

describe('OfflineProvider', () => {
  let clearRuns: Run[];
  let vagueRuns: Run[];

  beforeAll(async () => {
    clearRuns = await Promise.all(CLEAR.map((text) => runPipeline(text)));
    vagueRuns = await Promise.all(VAGUE.map((text) => runPipeline(text)));
  });

  it('names itself and answers with the JSON text, the model and a token estimate', async () => {
    const input: AgentInput = { requirements: BLOG, guidance: [] };
    const req = request('analyst', input);
    const answer = await provider.complete(req);
    expect(provider.name).toBe('offline');
    expect(answer.model).toBe('botarmy-offline-1');
    expect(answer.text).toBe(JSON.stringify(answer.json));
    expect(answer.usage.promptTokens).toBe(Math.ceil(req.messages[0].content.length / 4));
    expect(answer.usage.completionTokens).toBe(Math.ceil(answer.text.length / 4));
  });

  it('gives every agent an answer that its schema accepts, for every clear and vague text', () => {
    // runPipeline parses each answer with the agent's schema; this checks the parse kept what was produced.
    for (const run of [...clearRuns, ...vagueRuns]) {
      expect(analystOutputSchema.parse(JSON.parse(run.texts.analyst))).toEqual(run.analysis);
      expect(architectOutputSchema.parse(JSON.parse(run.texts.architect))).toEqual(run.design);
      expect(developerOutputSchema.parse(JSON.parse(run.texts.developer))).toEqual(run.implementation);
      expect(testerOutputSchema.parse(JSON.parse(run.texts.tester))).toEqual(run.tests);
    }
  });

  it('is confident about clear requirements and not about vague ones', () => {
    for (const run of clearRuns) expect(run.analysis.confidence).toBeGreaterThanOrEqual(0.7);
    for (const run of vagueRuns) {
      expect(run.analysis.confidence).toBeLessThan(0.7);
      expect(run.analysis.open_questions.length).toBeGreaterThan(0);
    }
  });

  it('asks what is missing when the requirements are vague', () => {
    const [better, app, , thing, website] = vagueRuns.map((r) => r.analysis.open_questions.join('\n'));
    expect(better).toMatch(/keep track of/);
    expect(app).toMatch(/Who will use it/);
    expect(thing).toMatch(/"thing"/);
    expect(website).toMatch(/"you know"/);
  });

  it('derives entities and modules from the text: products and carts for a shop, posts and comments for a blog', () => {
    const shop = clearRuns[0];
    expect(entityNames(shop)).toEqual(expect.arrayContaining(['product', 'cart']));
    expect(sourcePaths(shop)).toEqual(expect.arrayContaining(['src/product.js', 'src/cart.js']));
    const blog = clearRuns[1];
    expect(entityNames(blog)).toEqual(expect.arrayContaining(['post', 'comment']));
    expect(sourcePaths(blog)).toEqual(expect.arrayContaining(['src/post.js', 'src/comment.js']));
    expect(sourcePaths(blog)).not.toContain('src/product.js');
    const signatures = new Set(clearRuns.map((r) => entityNames(r).join(',')));
    expect(signatures.size).toBe(clearRuns.length);
  });

  it('reads fields from the text', () => {
    const field = (run: Run, entity: string, name: string) =>
      run.analysis.entities.find((e) => e.name === entity)?.fields.find((f) => f.name === name)?.type;
    const [, , expenses, parking, , ticketing] = clearRuns;
    expect(field(expenses, 'expense', 'receipt')).toBe('string');
    expect(field(expenses, 'expense', 'category')).toBe('string');
    expect(field(expenses, 'expense', 'status')).toBe('string');
    expect(field(ticketing, 'event', 'capacity')).toBe('number');
    expect(field(ticketing, 'event', 'startsAt')).toBe('date');
    const parkingNumbers = parking.analysis.entities.flatMap((e) => e.fields).filter((f) => /rate/i.test(f.name));
    expect(parkingNumbers.map((f) => f.type)).toContain('number');
    expect(field(clearRuns[9], 'ticket', 'status')).toBe('string');
  });

  it('writes one story per clause with actors, criteria ids under their story, and endpoints that cite them', () => {
    const blog = clearRuns[1];
    expect(blog.analysis.user_stories.map((s) => s.as_a)).toEqual(['author', 'reader', 'editor']);
    for (const run of clearRuns) {
      const storyIds = new Set(run.analysis.user_stories.map((s) => s.id));
      for (const story of run.analysis.user_stories) {
        for (const c of story.acceptance_criteria) expect(c.id.startsWith(`${story.id}.AC`)).toBe(true);
      }
      const cited = run.design.api_design.flatMap((e) => e.story_ids);
      expect(cited.length).toBeGreaterThan(0);
      for (const id of cited) expect(storyIds.has(id)).toBe(true);
    }
  });

  it('designs an action where a story moves a record to a new state, PATCH only where one changes fields, DELETE only where one removes', () => {
    const routes = (run: Run) => run.design.api_design.map((e) => `${e.method} ${e.path}`);
    // "managers approve or reject them": two actions on an expense, not an edit of its status.
    expect(routes(clearRuns[2])).toEqual(expect.arrayContaining(['POST /expenses/:id/approve', 'POST /expenses/:id/reject']));
    expect(routes(clearRuns[2])).not.toContain('PATCH /expenses/:id');
    expect(routes(clearRuns[2])).not.toContain('DELETE /expenses/:id');
    // A cancelled reservation is kept, in the state "cancelled".
    expect(routes(clearRuns[13])).toContain('POST /reservations/:id/cancel');
    expect(routes(clearRuns[13])).not.toContain('DELETE /reservations/:id');
    expect(routes(clearRuns[0])).not.toContain('PATCH /products/:id');
  });

  it('answers byte for byte the same to the same input', async () => {
    const earlier: [string, Run][] = [
      [HELP_DESK, clearRuns[9]],
      [POLLS, clearRuns[6]],
      [VAGUE[0], vagueRuns[0]],
    ];
    for (const [text, first] of earlier) expect((await runPipeline(text)).texts).toEqual(first.texts);
    const fresh = await new OfflineProvider().complete(request('analyst', { requirements: HOTEL, guidance: [] }));
    expect(fresh.text).toBe(clearRuns[13].texts.analyst);
  });

  it('reads guidance as more requirements', async () => {
    const before = vagueRuns[1].analysis;
    const after = (await runPipeline('An app.', { guidance: ['it should track books and loans for a library'] })).analysis;
    expect(after.entities.map((e) => e.name)).toEqual(expect.arrayContaining(['book', 'loan']));
    expect(after.confidence).toBeGreaterThan(before.confidence);
    expect(after.confidence).toBeGreaterThanOrEqual(0.7);
  });

  it('keeps names safe for identifiers and files whatever the text', async () => {
    const odd = ['', '!!! ???', '管理图书和借阅', 'Crèche: parents register 3 kids; staff log naps & meals.', '42 widgets 42 gadgets'];
    for (const text of odd) {
      const run = await runPipeline(text);
      expect(run.analysis.entities.length).toBeGreaterThan(0);
      for (const name of entityNames(run)) expect(name).toMatch(/^[a-z][A-Za-z0-9]*$/);
      for (const path of sourcePaths(run)) expect(path).toMatch(/^(package\.json|README\.md|src\/([a-z][a-z0-9-]*\/)?[a-z][a-z0-9-]*\.js)$/);
    }
    expect(entityNames(await runPipeline(''))).toEqual(['item']);
  });

  it('mentions a repair when given test failures and writes the same code', async () => {
    const run = clearRuns[1];
    const input: AgentInput = { requirements: BLOG, guidance: [], analysis: run.analysis, design: run.design, testFailures: 'not ok 3 - S2.AC1 …' };
    const repaired = developerOutputSchema.parse((await provider.complete(request('developer', input))).json);
    expect(repaired.files).toEqual(run.implementation.files);
    expect(repaired.implementation_plan.join('\n')).toMatch(/Repair after a failed test run/);
  });

  it('maps every criterion in its test plan and names tests after the criteria they prove', () => {
    for (const run of clearRuns) {
      const criteria = run.analysis.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.id));
      expect(run.tests.test_plan.map((p) => p.criterion_id)).toEqual(criteria);
      const cited = run.tests.test_files.flatMap((f) => [...f.content.matchAll(/test\(['"](S\d+\.AC\d+) /g)].map((m) => m[1]));
      expect(cited.length).toBeGreaterThan(0);
      for (const id of cited) expect(criteria).toContain(id);
      expect(run.tests.test_command).toEqual(['node', '--test']);
    }
  });

  it('refuses to answer once the call is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(provider.complete({ ...request('analyst', { requirements: BLOG, guidance: [] }), signal: controller.signal })).rejects.toThrow(/cancelled/);
  });

  describe('generated projects', () => {
    it('pass their own tests where a span is bounded, may not overlap another and is priced by the hour', async () => {
      const run = await runPipeline(
        'A tool co-op shares one trailer. Members reserve the trailer for a start and an end time. A reservation may not be longer than 6 hours. Two reservations cannot overlap. The trailer costs 4 per hour, with a minimum of 8.',
      );
      const rules = run.analysis.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text)).filter((c) => c.startsWith('Rule: '));
      expect(rules).toEqual(
        expect.arrayContaining([
          "Rule: A reservation's end time must be at most 6 hours after its start date",
          'Rule: Two reservations cannot overlap between start date and end time; the later one is refused',
          "Rule: A reservation's price is 4 per started hour from its start date to its end time, and at least 8; the store computes it",
        ]),
      );
      const result = await runGeneratedTests(run);
      expect(result.failed).toBe(0);
      expect(result.names.filter((n) => /^S\d+\.AC\d+ (?:refuses|computes)/.test(n)).length).toBeGreaterThanOrEqual(3);
    });

    it('pass their own tests where a record is made some time before its date and ended some other time before it', async () => {
      const run = await runPipeline(
        'Pottery workshops. Students enrol in workshops with a start date. Enrolment closes one week before the start date. A student may withdraw up to 3 days before the start date.',
      );
      const rules = run.analysis.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text)).filter((c) => / until .* before its /.test(c));
      expect(rules).toHaveLength(2);
      const result = await runGeneratedTests(run);
      expect(result.failed).toBe(0);
      expect(result.names.filter((n) => / until .* before its /.test(n))).toHaveLength(2);
    });

    it('pass their own tests where a number above a bound marks a record, and the bound itself does not', async () => {
      const run = await runPipeline('Blood pressure diary. Patients record readings with a systolic and a diastolic value and the time taken. A systolic value above 180 is flagged as urgent.');
      const result = await runGeneratedTests(run);
      expect(result.failed).toBe(0);
      expect(result.names.some((n) => /marks a reading urgent exactly when its systolic is above 180/.test(n))).toBe(true);
    });

    it.each([
      ['on opening hours', 'Rowing club. Members book a boat for a 60 minute session between 06:00 and 20:00. A member can have no more than 2 upcoming sessions.'],
      ['on opening hours, booked some hours ahead', 'Rowing club. Members book a boat for a 60 minute session between 06:00 and 20:00. A member can have no more than 2 upcoming sessions. A booking must be made at least 12 hours in advance.'],
    ])('pass their own tests where a limit counts only records still ahead (%s)', async (_label, text) => {
      const run = await runPipeline(text);
      const result = await runGeneratedTests(run);
      expect(result.failed).toBe(0);
      expect(result.names.filter((n) => /^S\d+\.AC\d+ .*2 upcoming bookings/.test(n))).toHaveLength(2);
    });

    it('pass their own tests where a bounded stay is also counted per month of its start', async () => {
      const run = await runPipeline('Guests book rooms for 1 to 14 nights. A guest can make at most 2 bookings per month.');
      const result = await runGeneratedTests(run);
      expect(result.failed).toBe(0);
      expect(result.names.filter((n) => /^S\d+\.AC\d+ (?:takes 2 bookings .* in the same month|refuses a booking whose end date)/.test(n))).toHaveLength(2);
    });

    it('pass their own tests where a limit counts records per calendar day, week or month of their date', async () => {
      const run = await runPipeline(
        'Climbing gym. Climbers book a wall for a date. A climber can book at most 2 walls per day. Each climber may make no more than 5 bookings a week. A wall takes at most 30 bookings a month.',
      );
      const result = await runGeneratedTests(run);
      expect(result.failed).toBe(0);
      expect(result.names.filter((n) => /^S\d+\.AC\d+ takes .* (?:on|in) the same (?:day|week|month) of their/.test(n))).toHaveLength(3);
    });

    it.each([
      ['e-commerce', E_COMMERCE],
      ['blog', BLOG],
      ['parking', PARKING],
      ['polls', POLLS],
      ['help desk', HELP_DESK],
      ['hotel', HOTEL],
    ])('pass their own tests under node --test (%s)', async (_label, text) => {
      const run = clearRuns[CLEAR.indexOf(text)];
      const result = await runGeneratedTests(run);
      expect(result.failed).toBe(0);
      expect(result.exitCode).toBe(0);
      expect(result.passed).toBeGreaterThan(0);
      expect(result.names.some((n) => /^S\d+\.AC\d+ /.test(n))).toBe(true);
    });

    it('pass for a vague text too, on the placeholder record', async () => {
      const result = await runGeneratedTests(vagueRuns[0]);
      expect(result.exitCode).toBe(0);
      expect(result.passed).toBeGreaterThan(0);
    });

    it('follow the code they are given: the tester reads paths and names from the developer files', async () => {
      const run = clearRuns[0];
      const files = run.implementation.files.map((f) =>
        f.path === 'src/product.js' ? { ...f, content: f.content.replace("createResourceHandler('/products'", "createResourceHandler('/catalog-items'") } : f,
      );
      const implementation = { ...run.implementation, files };
      const input: AgentInput = { requirements: E_COMMERCE, guidance: [], analysis: run.analysis, design: run.design, implementation };
      const tests = testerOutputSchema.parse((await provider.complete(request('tester', input))).json);
      const productTests = tests.test_files.find((f) => f.path === 'test/product.test.js');
      expect(productTests?.content).toContain("'/catalog-items'");
      const result = await runGeneratedTests({ ...run, implementation, tests });
      expect(result.exitCode).toBe(0);
      expect(result.passed).toBeGreaterThan(0);
    });
  });
});
