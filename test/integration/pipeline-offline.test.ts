import type { StoredEvent } from '../../src/events/envelope';
import { startTestApp, type TestApp } from '../support/test-app';
import { eventsOfType, ofType, waitForEvent } from '../support/wait-for-event';

const TEXTS = {
  shop: 'Build a simple e-commerce web application with user authentication, product catalog, and shopping cart functionality.',
  blog: 'A blog platform where authors write posts in markdown, readers leave comments, and editors approve comments before they appear.',
  garage: 'Create a parking garage system. Drivers reserve a spot for a time window, pay by the hour, and get a fine if they overstay. Attendants see which spots are free.',
};

/** Each project's code is really run: its tests, then a mutation run over its code to prove the criteria. */
const PIPELINE_MS = 240_000;
/**
 * The offline team proves what it implements and leaves business rules open on purpose, so a person is asked
 * about those at once (no proof rounds: its tester would answer the same) and within a short mutation budget.
 */
const PROOF = { maxRounds: 0, mutationBudgetMs: 15_000 };

describe('the pipeline with the offline provider', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.app.startWorkflow();
  });
  afterAll(() => t.close());

  /** Waits for the end; criteria the tests leave unproven are named to a person, who accepts them as open. */
  async function completes(id: string, after = 0): Promise<StoredEvent[]> {
    const end = await waitForEvent(t.app, id, (e) => e.streamVersion > after && ['ProjectCompleted', 'ActionRequested', 'ProjectCancelled'].includes(e.type), PIPELINE_MS);
    if (end.type === 'ActionRequested') {
      const action = end as StoredEvent<'ActionRequested'>;
      expect(action.data).toMatchObject({ reason: 'criteria_unproven', agent: 'tester' });
      const known = eventsOfType(await t.app.store.readStream(id), 'AgentOutputAccepted')
        .find((e) => e.data.agent === 'analyst')!
        .data.output.user_stories as { acceptance_criteria: { id: string }[] }[];
      expect(known.flatMap((s) => s.acceptance_criteria.map((c) => c.id))).toEqual(expect.arrayContaining(action.data.criteria!));
      await t.app.services.commands.execute(id, { type: 'RespondToAction', actionId: action.data.actionId, optionId: 'accept', response: 'Rules are checked by hand.' });
    }
    expect((await waitForEvent(t.app, id, (e) => ['ProjectCompleted', 'ProjectCancelled'].includes(e.type), PIPELINE_MS)).type).toBe('ProjectCompleted');
    const events = await t.app.store.readStream(id);
    // The tests were judged by a mutation run that really ran.
    const [mutation] = eventsOfType(events, 'MutationRunCompleted');
    expect(mutation.data).toMatchObject({ error: null });
    expect(mutation.data.created).toBeGreaterThan(0);
    return events;
  }

  async function run(name: string, requirements: string): Promise<{ id: string; events: StoredEvent[] }> {
    const id = t.app.services.commands.newId();
    await t.app.services.commands.execute(id, { type: 'CreateProject', projectId: id, name, requirements, settings: { proof: PROOF } });
    return { id, events: await completes(id) };
  }

  const accepted = (events: StoredEvent[], agent: string) =>
    eventsOfType(events, 'AgentOutputAccepted').find((e) => e.data.agent === agent)!.data.output as Record<string, any>;

  it('completes three different texts, each with its own stories, design and files', async () => {
    const results = await Promise.all(Object.entries(TEXTS).map(([name, text]) => run(name, text)));
    const entities = results.map((r) => accepted(r.events, 'analyst').entities.map((e: { name: string }) => e.name).sort().join(','));
    const files = results.map((r) => accepted(r.events, 'developer').files.map((f: { path: string }) => f.path).sort().join(','));
    const endpoints = results.map((r) => accepted(r.events, 'architect').api_design.map((a: { path: string }) => a.path).join(','));
    for (const list of [entities, files, endpoints]) expect(new Set(list).size).toBe(3);
    expect(entities[0]).toMatch(/product/);
    expect(entities[0]).toMatch(/cart/);
    expect(entities[1]).toMatch(/post/);
    expect(entities[1]).toMatch(/comment/);
    expect(entities[2]).toMatch(/spot/);
    // Stories carry stable ids and the tester's plan cites them.
    const stories = accepted(results[1].events, 'analyst').user_stories.map((s: { id: string }) => s.id);
    expect(stories[0]).toBe('S1');
    const cited = accepted(results[1].events, 'tester').test_plan.map((p: { story_id: string }) => p.story_id);
    expect(cited.every((id: string) => stories.includes(id))).toBe(true);
    // The generated code and tests were really run, and passed; each text has its own modules and tests.
    const runs = results.map((r) => eventsOfType(r.events, 'TestRunCompleted'));
    for (const [run] of runs) expect(run.data).toMatchObject({ exitCode: 0, failed: 0, timedOut: false });
    for (const [run] of runs) expect(run.data.passed).toBeGreaterThan(3);
    expect(new Set(runs.map(([run]) => run.data.tests.map((x) => x.name).join('|'))).size).toBe(3);
    expect(runs[0][0].data.tests.some((x) => /^S\d+\.AC\d+ /.test(x.name))).toBe(true);
    const modules = results.map((r) => eventsOfType(r.events, 'ArtifactWritten').filter((e) => e.data.agent === 'developer').map((e) => e.data.path));
    expect(modules[0]).toEqual(expect.arrayContaining(['src/product.js', 'src/cart.js']));
    expect(modules[1]).toEqual(expect.arrayContaining(['src/post.js', 'src/comment.js']));
    // Every LLM call is in the log with the provider's name.
    expect(eventsOfType(results[0].events, 'LlmCallCompleted').map((e) => e.data.provider)).toEqual(['offline', 'offline', 'offline', 'offline']);
  }, PIPELINE_MS);

  it('stops vague requirements for a person; guidance lets the analyst continue to completion', async () => {
    const id = t.app.services.commands.newId();
    await t.app.services.commands.execute(id, { type: 'CreateProject', projectId: id, name: 'Vague', requirements: 'An app.', settings: { proof: PROOF } });
    const action = (await waitForEvent(t.app, id, ofType('ActionRequested'))) as StoredEvent<'ActionRequested'>;
    expect(action.data).toMatchObject({ reason: 'low_confidence', agent: 'analyst' });
    await t.app.services.commands.execute(id, {
      type: 'RespondToAction',
      actionId: action.data.actionId,
      optionId: null,
      response: 'It should track books and loans for a small library; members borrow books and librarians record returns.',
    });
    const events = await completes(id, action.streamVersion);
    const analysis = eventsOfType(events, 'AgentOutputAccepted').find((e) => e.data.agent === 'analyst')!;
    expect(analysis.data.acceptedBy).toBe('threshold');
    expect(JSON.stringify(analysis.data.output.entities)).toMatch(/book/);
  }, PIPELINE_MS);
});
