import type { StoredEvent } from '../../src/events/envelope';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { coverageOf } from '../../src/projections/coverage-projection';
import { CASE_BLIND_SEARCH, CATALOG_ROUND, CHANGE_HEADING, SEARCH_ROUND } from '../support/agent-fixtures';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { startTestApp, type TestApp } from '../support/test-app';
import { eventsOfType, waitForEvent } from '../support/wait-for-event';

/** A change round through the openai client against a fake OpenAI-compatible server: what each agent is sent, what is kept. */
describe('a change round with a model', () => {
  let llm: FakeOpenAiServer;
  let t: TestApp;
  beforeAll(async () => {
    llm = await FakeOpenAiServer.start();
    t = await startTestApp({ LLM_BASE_URL: llm.baseURL, LLM_API_KEY: 'k' });
    await t.app.startWorkflow();
  });
  afterAll(async () => {
    await t.close();
    await llm.close();
  });

  const changed = (r: { body: { messages: { content: string }[] } }) => r.body.messages.some((m) => m.content.includes(CHANGE_HEADING));

  /** The fixture shop to its end, then round 2 from "add a search by name" to its end: the project, and where round 2 began (version, requests). */
  async function twoRounds(): Promise<{ id: string; first: StoredEvent; before: number }> {
    const id = t.app.services.commands.newId();
    await t.app.services.commands.execute(id, { type: 'CreateProject', projectId: id, name: 'Shop', requirements: 'Build a shop with products.', settings: { proof: null } });
    const first = await waitForEvent(t.app, id, (e) => e.type === 'ProjectCompleted');
    const before = llm.requests.length;
    await t.app.services.commands.execute(id, { type: 'RequestChange', text: 'Add a search by name.' });
    await waitForEvent(t.app, id, (e) => e.type === 'ProjectCompleted' && e.streamVersion > first.streamVersion);
    return { id, first, before };
  }

  it('sends every agent the change and its own earlier answer, rewrites only the files that changed, and runs old and new tests', async () => {
    llm.script = (r) => (changed(r) && r.agent in SEARCH_ROUND ? { answer: SEARCH_ROUND[r.agent as keyof typeof SEARCH_ROUND]() } : undefined);
    const { id, first, before } = await twoRounds();

    const round2 = llm.requests.slice(before);
    expect(round2.map((r) => r.agent)).toEqual(['analyst', 'architect', 'developer', 'tester']);
    for (const r of round2) {
      const prompt = r.body.messages.map((m) => m.content).join('\n');
      expect(prompt).toContain(`${CHANGE_HEADING}, oldest first (they win over the requirements where they differ):\n1. Add a search by name.`);
      expect(prompt).toContain('Your answer in the round before, to amend');
    }
    // The analyst's earlier stories, ids included, are in its prompt: it is asked to amend them, not to start again.
    expect(round2[0].body.messages.map((m) => m.content).join('\n')).toContain('"id": "S1.AC1"');

    const events = await t.app.store.readStream(id);
    const afterChange = events.filter((e) => e.streamVersion > first.streamVersion);
    const written = eventsOfType(afterChange, 'ArtifactWritten').map((e) => [e.data.path, e.data.version]);
    expect(written).toEqual([
      ['src/products.js', 2],
      ['test/products.test.js', 2],
    ]);
    const run = eventsOfType(afterChange, 'TestRunCompleted').at(-1)!.data;
    expect(run).toMatchObject({ passed: 2, failed: 0 });
    expect(run.tests.map((x) => x.name)).toEqual(['S1.AC1 lists products', 'S2.AC1 search by a part of the name finds the product']);
    const stories = (e: StoredEvent<'AgentOutputAccepted'>) => (e.data.output.user_stories as { id: string }[]).map((s) => s.id);
    expect(eventsOfType(events, 'AgentOutputAccepted').filter((e) => e.data.agent === 'analyst').map(stories)).toEqual([['S1'], ['S1', 'S2']]);
  });

  it('in round 3, a reworded criterion is its next version and files the change makes unnecessary are deleted, code and tests alike', async () => {
    const THIRD = 'Search ignores letter case, and products move to a catalog module.';
    const third = (r: { body: { messages: { content: string }[] } }) => r.body.messages.some((m) => m.content.includes(`2. ${THIRD}`));
    llm.script = (r) => {
      const round = third(r) ? CATALOG_ROUND : changed(r) ? SEARCH_ROUND : null;
      return round && r.agent in round ? { answer: round[r.agent as keyof typeof round]() } : undefined;
    };
    const { id } = await twoRounds();
    const second = await t.app.store.streamVersion(id);
    await t.app.services.commands.execute(id, { type: 'RequestChange', text: THIRD });
    await waitForEvent(t.app, id, (e) => e.type === 'ProjectCompleted' && e.streamVersion > second);

    const round3 = (await t.app.store.readStream(id)).filter((e) => e.streamVersion > second);
    const files = round3.filter((e) => e.type === 'ArtifactWritten' || e.type === 'ArtifactDeleted').map((e) => [e.type, (e.data as { path: string }).path]);
    expect(files).toEqual([
      ['ArtifactWritten', 'src/catalog.js'],
      ['ArtifactDeleted', 'src/products.js'],
      ['ArtifactWritten', 'test/catalog.test.js'],
      ['ArtifactDeleted', 'test/products.test.js'],
    ]);
    const workspace = t.app.workspaces.pathOf(id);
    expect([existsSync(join(workspace, 'src/products.js')), existsSync(join(workspace, 'src/catalog.js'))]).toEqual([false, true]);
    const run = eventsOfType(round3, 'TestRunCompleted').at(-1)!.data;
    expect(run).toMatchObject({ passed: 2, failed: 0 });
    expect(run.tests.map((x) => x.name)).toEqual(['S1.AC1 lists products', `S2.AC1 ${CASE_BLIND_SEARCH}`]);

    const criteria = coverageOf((await t.app.services.queries.coverage(id))!).stories.flatMap((s) => s.criteria.map((c) => [c.criterionId, c.version, c.text]));
    expect(criteria).toEqual([['S1.AC1', 1, 'GET /products lists products'], ['S2.AC1', 2, CASE_BLIND_SEARCH]]);
  });

  it("shows the developer a file a person wrote, and writes the developer's change to it only when the person takes it", async () => {
    llm.script = (r) => (changed(r) && r.agent in SEARCH_ROUND ? { answer: SEARCH_ROUND[r.agent as keyof typeof SEARCH_ROUND]() } : undefined);
    const id = t.app.services.commands.newId();
    await t.app.services.commands.execute(id, { type: 'CreateProject', projectId: id, name: 'Shop', requirements: 'Build a shop with products.', settings: { proof: null } });
    await waitForEvent(t.app, id, (e) => e.type === 'ProjectCompleted');
    const mine = "const items = [];\nexports.list = () => items.slice();\nexports.add = (p) => { items.push({ ...p }); return p; };\n";
    await t.app.services.commands.steer(id, { type: 'EditFile', path: 'src/products.js', content: mine, limits: t.app.services.artifactLimits }, { actor: 'ana' });
    const before = llm.requests.length;
    await t.app.services.commands.execute(id, { type: 'RequestChange', text: 'Add a search by name.' });

    const asked = (await waitForEvent(t.app, id, (e) => e.type === 'ActionRequested')) as StoredEvent<'ActionRequested'>;
    expect(asked.data).toMatchObject({ reason: 'person_file_changed', agent: 'developer' });
    expect(asked.data.attachment).toContain('+exports.search = (part) =>');
    const developerPrompt = llm.requests.slice(before).find((r) => r.agent === 'developer')!.body.messages.map((m) => m.content).join('\n');
    expect(developerPrompt).toContain(`Files a person wrote by hand`);
    expect(developerPrompt).toContain(`--- src/products.js\n${mine}`);
    // Until the person answers, their version stands: nothing was written over it.
    const asking = await t.app.store.readStream(id);
    const edited = eventsOfType(asking, 'ArtifactEditedByPerson').at(-1)!;
    expect(eventsOfType(asking, 'ArtifactWritten').filter((e) => e.streamVersion > edited.streamVersion && e.data.path === 'src/products.js')).toEqual([]);

    await t.app.services.commands.execute(id, { type: 'RespondToAction', actionId: asked.data.actionId, optionId: 'accept', response: null });
    await waitForEvent(t.app, id, (e) => e.type === 'ProjectCompleted' && e.streamVersion > asked.streamVersion);
    const events = await t.app.store.readStream(id);
    const taken = eventsOfType(events, 'ArtifactWritten').filter((e) => e.streamVersion > asked.streamVersion && e.data.path === 'src/products.js');
    expect(taken.map((e) => [e.data.agent, e.data.version])).toEqual([['developer', 3]]);
    expect(eventsOfType(events, 'TestRunCompleted').at(-1)!.data).toMatchObject({ passed: 2, failed: 0 });
  });

  it('stops for a person when the model finds the change contradicts an earlier rule, naming both', async () => {
    const clash = 'The change "every product is free" contradicts S1.AC1, where products have prices: which holds?';
    llm.script = (r) => {
      if (!changed(r) || r.agent !== 'analyst') return undefined;
      return { answer: { ...SEARCH_ROUND.analyst(), confidence: 0.4, open_questions: [clash] } };
    };
    const id = t.app.services.commands.newId();
    await t.app.services.commands.execute(id, { type: 'CreateProject', projectId: id, name: 'Shop', requirements: 'Build a shop with products.', settings: { proof: null } });
    const first = await waitForEvent(t.app, id, (e) => e.type === 'ProjectCompleted');
    await t.app.services.commands.execute(id, { type: 'RequestChange', text: 'Every product is free.' });
    const asked = (await waitForEvent(t.app, id, (e) => e.type === 'ActionRequested' && e.streamVersion > first.streamVersion)) as StoredEvent<'ActionRequested'>;
    expect(asked.data).toMatchObject({ reason: 'low_confidence', agent: 'analyst' });
    expect(asked.data.description).toContain(clash);
    // Nothing after the analyst ran on a contradiction: the round waits for the person.
    const after = (await t.app.store.readStream(id)).filter((e) => e.streamVersion > first.streamVersion);
    expect(after.filter((e) => e.type === 'AgentStepStarted').map((e) => (e.data as { agent: string }).agent)).toEqual(['analyst']);
  });

  it('asks the analyst again when its round-2 answer drops an earlier story without naming it removed', async () => {
    let analystCalls = 0;
    llm.script = (r) => {
      if (!changed(r)) return undefined;
      if (r.agent === 'analyst' && ++analystCalls === 1) {
        const dropped = SEARCH_ROUND.analyst();
        return { answer: { ...dropped, user_stories: dropped.user_stories.filter((x) => x.id !== 'S1') } };
      }
      return r.agent in SEARCH_ROUND ? { answer: SEARCH_ROUND[r.agent as keyof typeof SEARCH_ROUND]() } : undefined;
    };
    const { id, before } = await twoRounds();
    const [asked, repaired] = llm.requests.slice(before).filter((r) => r.agent === 'analyst');
    expect(asked.body.messages).toHaveLength(2);
    expect(repaired.body.messages.at(-1)!.content).toContain('the stories S1 (Browse products) of the round before are missing');
    const analyses = eventsOfType(await t.app.store.readStream(id), 'AgentOutputAccepted').filter((e) => e.data.agent === 'analyst');
    expect((analyses.at(-1)!.data.output.user_stories as { id: string }[]).map((x) => x.id)).toEqual(['S1', 'S2']);
  });
});
