import PQueue from 'p-queue';
import pino from 'pino';
import { AgentStepRunner } from '../../src/app/agent-step-runner';
import { CommandHandler } from '../../src/app/command-handler';
import { DEFAULT_ARTIFACT_LIMITS } from '../../src/domain/artifact-rules';
import { foldWorkflow, nextCommand, type WorkflowCommand } from '../../src/domain/workflow';
import { EventBus } from '../../src/events/event-bus';
import { InMemoryEventStore } from '../../src/events/in-memory-event-store';
import type { LlmProvider } from '../../src/llm/llm-port';
import { OpenAiProvider } from '../../src/llm/openai-provider';
import { llmRetryPolicy } from '../../src/llm/retry-policy';
import { Workspaces } from '../../src/workspace/workspace';
import { ANSWERS, analystAnswer } from '../support/agent-fixtures';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { tempDir } from '../support/temp-dir';
import { eventsOfType } from '../support/wait-for-event';
import { PriceTable } from '../../src/llm/price-table';

type RunStep = Extract<WorkflowCommand, { type: 'RunStep' }>;

/** The global bound on LLM calls in flight: a hung call must not keep its slot from everyone else. */
describe('an LLM slot', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  async function setUp(provider: LlmProvider, options: { stepTimeoutMs: number; maxCalls: number; retryDelayMs: number }) {
    const store = new InMemoryEventStore({ bus: new EventBus() });
    const commands = new CommandHandler(store);
    const slots = new PQueue({ concurrency: 1 });
    const runner = new AgentStepRunner({
      commands,
      provider,
      slots,
      retryPolicy: llmRetryPolicy({ maxCalls: options.maxCalls, baseDelayMs: options.retryDelayMs, maxDelayMs: options.retryDelayMs }),
      logger: pino({ level: 'silent' }),
      limits: DEFAULT_ARTIFACT_LIMITS,
      workspaces: new Workspaces(dir.path),
      existingArtifacts: async () => new Map(),
      stepTimeoutMs: options.stepTimeoutMs,
      prices: new PriceTable(),
    });
    /** A project whose analyst step has started: the command that runs it. */
    const started = async (requirements: string): Promise<{ id: string; step: RunStep }> => {
      const id = commands.newId();
      await commands.execute(id, { type: 'CreateProject', projectId: id, name: 'P', requirements });
      await commands.report(id, { type: 'RecordFacts', events: [{ type: 'AgentStepStarted', data: { stepId: 'analyst-1', agent: 'analyst', attempt: 1, guidance: [] } }] });
      return { id, step: nextCommand(foldWorkflow(id, await store.readStream(id))) as RunStep };
    };
    /** A project whose analyst's answer was accepted and whose architect step has started. */
    const designing = async (requirements: string): Promise<{ id: string; step: RunStep }> => {
      const { id } = await started(requirements);
      await commands.report(id, {
        type: 'RecordFacts',
        events: [
          { type: 'AgentOutputAccepted', data: { stepId: 'analyst-1', agent: 'analyst', attempt: 1, output: { ...analystAnswer() }, confidence: 0.9, acceptedBy: 'threshold' } },
          { type: 'AgentStepStarted', data: { stepId: 'architect-1', agent: 'architect', attempt: 1, guidance: [] } },
        ],
      });
      return { id, step: nextCommand(foldWorkflow(id, await store.readStream(id))) as RunStep };
    };
    return { store, slots, runner, started, designing };
  }

  it('is given back at the step deadline even when the provider ignores its signal and never settles', async () => {
    const stuck: LlmProvider = { name: 'stuck', model: 'm', complete: () => new Promise(() => undefined) };
    const { store, slots, runner, started } = await setUp(stuck, { stepTimeoutMs: 200, maxCalls: 3, retryDelayMs: 10 });
    const { id, step } = await started('Build a shop.');
    await runner.run(id, step, new AbortController().signal);

    expect(slots.pending + slots.size).toBe(0);
    const events = await store.readStream(id);
    expect(eventsOfType(events, 'LlmCallFailed').map((e) => [e.data.errorClass, e.data.retryable])).toEqual([['Aborted', false]]);
    expect(eventsOfType(events, 'AgentOutputRejected').map((e) => [e.data.reason, e.data.deadlineMs])).toEqual([['timed_out', 200]]);
  });

  it('is given back at the call’s own deadline, and not held through the backoff: another project’s call goes through meanwhile', async () => {
    const llm = await FakeOpenAiServer.start();
    try {
      llm.script = (r) => (r.body.messages.some((m) => m.content.includes('HANGS')) ? { hang: true } : undefined);
      const provider = new OpenAiProvider({ apiKey: 'k', baseURL: llm.baseURL, model: 'fake', timeoutMs: 150 });
      const { store, slots, runner, started } = await setUp(provider, { stepTimeoutMs: 20_000, maxCalls: 3, retryDelayMs: 300 });
      const hung = await started('HANGS: build a shop.');
      const healthy = await started('Build a library.');

      let hungDone = false;
      const hungRun = runner.run(hung.id, hung.step, new AbortController().signal).then(() => (hungDone = true));
      // Wait until the hung call holds the only slot, then start the healthy project's step behind it.
      while (llm.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
      await runner.run(healthy.id, healthy.step, new AbortController().signal);

      // The healthy step finished while the hung one was still retrying with the slot free between its calls.
      expect(hungDone).toBe(false);
      expect(eventsOfType(await store.readStream(healthy.id), 'AgentOutputProduced')).toHaveLength(1);
      await hungRun;
      expect(slots.pending + slots.size).toBe(0);
      const failures = eventsOfType(await store.readStream(hung.id), 'LlmCallFailed');
      expect(failures.map((f) => f.data.errorClass)).toEqual(['Timeout', 'Timeout', 'Timeout']);
      expect(eventsOfType(await store.readStream(hung.id), 'AgentOutputRejected').map((e) => e.data.reason)).toEqual(['call_failed']);
    } finally {
      await llm.close();
    }
  });

  it('goes first to the agent furthest down the pipeline: projects that started first finish first', async () => {
    const asked: string[] = [];
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const provider: LlmProvider = {
      name: 'ordered',
      model: 'm',
      complete: async (request) => {
        asked.push(request.agent);
        if (asked.length === 1) await held;
        const text = JSON.stringify(ANSWERS[request.agent]());
        return { json: JSON.parse(text), text, usage: { promptTokens: 1, completionTokens: 1 }, model: 'm', latencyMs: 1 };
      },
    };
    const { slots, runner, started, designing } = await setUp(provider, { stepTimeoutMs: 20_000, maxCalls: 1, retryDelayMs: 1 });
    const holder = await started('Build a shop.');
    const newer = await started('Build a library.');
    const older = await designing('Build a school.');
    const never = new AbortController().signal;

    const runs = [runner.run(holder.id, holder.step, never)];
    while (slots.pending === 0) await new Promise((resolve) => setImmediate(resolve));
    // The analyst's call asks for a slot before the architect's does.
    runs.push(runner.run(newer.id, newer.step, never));
    while (slots.size < 1) await new Promise((resolve) => setImmediate(resolve));
    runs.push(runner.run(older.id, older.step, never));
    while (slots.size < 2) await new Promise((resolve) => setImmediate(resolve));
    release();
    await Promise.all(runs);

    expect(asked).toEqual(['analyst', 'architect', 'analyst']);
  });
});
