/**
 * Records the histories in this folder again, after an intended change of behaviour (see
 * recorded-histories.test.ts). Run: node -r ./test/support/register-ts.js test/recordings/record.ts [file…]
 * (only the files named, or all; the shop histories that build on each other are recorded together). Each is a
 * real run against the fake OpenAI-compatible server, exported as `botarmy export` writes it.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { forkProject } from '../../src/app/fork-project';
import type { StoredEvent } from '../../src/events/envelope';
import { exportJsonLines } from '../../src/history/export-import';
import { CHANGE_HEADING, SEARCH_ROUND, analystAnswer, developerAnswer } from '../support/agent-fixtures';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitForEvent } from '../support/wait-for-event';

const own = (type: string) => (e: StoredEvent) => e.type === type && !e.metadata.origin;

async function create(t: TestApp, requirements: string, settings: Record<string, unknown> = {}): Promise<string> {
  const id = t.app.services.commands.newId();
  await t.app.services.commands.execute(id, { type: 'CreateProject', projectId: id, name: 'Shop', requirements, settings: { proof: null, ...settings } }, { actor: 'user' });
  return id;
}

async function answer(t: TestApp, id: string, reply: { optionId: string | null; response: string | null; grantTokens?: number }): Promise<void> {
  const asked = (await waitForEvent(t.app, id, own('ActionRequested'))) as StoredEvent<'ActionRequested'>;
  await t.app.services.commands.execute(id, { type: 'RespondToAction', actionId: asked.data.actionId, ...reply }, { actor: 'user' });
}

async function save(t: TestApp, id: string, file: string, after = 0): Promise<void> {
  await waitForEvent(t.app, id, (e) => own('ProjectCompleted')(e) && e.streamVersion > after);
  writeFileSync(join(__dirname, file), exportJsonLines(await t.app.store.readStream(id)));
  process.stdout.write(`${file}: ${await t.app.store.streamVersion(id)} events\n`);
}

async function main(): Promise<void> {
  const llm = await FakeOpenAiServer.start();
  const t = await startTestApp({
    LLM_BASE_URL: llm.baseURL,
    LLM_API_KEY: 'k',
    LLM_RETRY_BASE_MS: '10',
    BOTARMY_PRICES: '{"probe-model": {"input": 1, "output": 2}}',
  });
  await t.app.startWorkflow();
  const wanted = process.argv.slice(2);
  const records = (file: string) => wanted.length === 0 || wanted.includes(file);
  try {
    if (records('shop-two-rounds.jsonl')) {
      // Round 2 from "add a search by name": every agent amends its answer; one file changes, one test is added.
      llm.script = (r) => (r.body.messages.some((m) => m.content.includes(CHANGE_HEADING)) && r.agent in SEARCH_ROUND ? { answer: SEARCH_ROUND[r.agent as keyof typeof SEARCH_ROUND]() } : undefined);
      const rounds = await create(t, 'Build a shop with products.');
      const ended = await waitForEvent(t.app, rounds, own('ProjectCompleted'));
      await t.app.services.commands.execute(rounds, { type: 'RequestChange', text: 'Add a search by name.' }, { actor: 'user' });
      await save(t, rounds, 'shop-two-rounds.jsonl', ended.streamVersion);
    }
    if (!records('shop-retries-escalation-repair.jsonl')) return;
    // A 429, an answer that is not JSON (repaired), an unsure analyst a person guides, a failing test run repaired.
    let calls = 0;
    let developerCalls = 0;
    llm.script = (r) => {
      calls++;
      if (calls === 1) return { status: 429, headers: { 'retry-after': '0' } };
      if (calls === 2) return { text: 'Sure, here it is' };
      if (r.agent === 'analyst' && calls === 3) return { answer: analystAnswer(0.45) };
      if (r.agent === 'developer' && ++developerCalls === 1) {
        return { answer: { ...developerAnswer(), files: [{ path: 'src/products.js', content: 'exports.list = () => [];\nexports.add = (p) => p;\n' }] } };
      }
      return undefined;
    };
    const shop = await create(t, 'Build a shop with products.');
    await answer(t, shop, { optionId: 'retry', response: 'Only bicycles.' });
    await save(t, shop, 'shop-retries-escalation-repair.jsonl');

    // The same shop forked at its end with other requirements: the team starts over from the analyst.
    llm.script = () => undefined;
    const fork = await forkProject(t.app.store, t.app.services.commands.newId, shop, await t.app.store.streamVersion(shop), {
      requirements: 'Build a shop that rents out bicycles by the day.',
    });
    await save(t, fork, 'shop-fork-new-requirements.jsonl');

    // A breakpoint before the architect, a person's edit of the stories, and the run resumed from the edit.
    const edited = await create(t, 'Build a shop with products.', { breakpoints: ['architect'] });
    await waitForEvent(t.app, edited, own('ProjectPaused'));
    const stories = { ...analystAnswer(), analysis: 'A shop for bicycles and their parts.' };
    await t.app.services.commands.steer(edited, { type: 'EditOutput', agent: 'analyst', output: stories, limits: t.app.config.limits }, { actor: 'user' });
    await t.app.services.commands.steer(edited, { type: 'ResumeProject' }, { actor: 'user' });
    await save(t, edited, 'shop-edit-resume.jsonl');

    // A server that refuses json_schema (probed, the refusal on the record), an analyst that fails the same way twice
    // (stopped, a person answers), and a spend budget reached and granted in dollars.
    let analyst = 0;
    llm.script = (r) => {
      if (r.body.response_format?.type === 'json_schema') return { status: 400, errorMessage: "'response_format' of type 'json_schema' is not supported" };
      if (r.agent === 'analyst' && ++analyst <= 4) return { answer: { ...analystAnswer(), user_stories: [{ id: 'story one' }] } };
      return undefined;
    };
    const probed = await create(t, 'Build a shop with products.', { model: 'probe-model', budgetUsd: 0.0009, maxAttempts: 5 });
    await answer(t, probed, { optionId: 'retry', response: 'Give every story an id like S1.' });
    const spent = (await waitForEvent(t.app, probed, (e) => e.type === 'ActionRequested' && (e as StoredEvent<'ActionRequested'>).data.reason === 'budget_exceeded')) as StoredEvent<'ActionRequested'>;
    await t.app.services.commands.execute(probed, { type: 'RespondToAction', actionId: spent.data.actionId, optionId: 'continue', response: null, grantUsd: 1 }, { actor: 'user' });
    await save(t, probed, 'shop-probe-loop-budget.jsonl');

    // A token budget used up, and a person granting an amount of their choosing.
    const budget = await create(t, 'Build a shop with products.', { tokenBudget: 400 });
    await answer(t, budget, { optionId: 'continue', response: null, grantTokens: 5000 });
    await save(t, budget, 'shop-budget-grant.jsonl');
  } finally {
    await t.close();
    await llm.close();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  },
);
