import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredEvent } from '../../src/events/envelope';
import { analystAnswer } from '../support/agent-fixtures';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { runCli } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';
import { startTestApp, type TestApp } from '../support/test-app';
import { eventsOfType, ofType, waitForEvent } from '../support/wait-for-event';

interface OtlpValue {
  stringValue?: string;
  intValue?: number;
  boolValue?: boolean;
  doubleValue?: number;
  arrayValue?: { values: OtlpValue[] };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: { key: string; value: OtlpValue }[];
  status: { code: number; message?: string };
}

/** The spans of an exported trace file, and each span's attributes as plain values. */
function readTrace(file: string): OtlpSpan[] {
  const { resourceSpans } = JSON.parse(readFileSync(file, 'utf8'));
  return resourceSpans.flatMap((r: { scopeSpans: { spans: OtlpSpan[] }[] }) => r.scopeSpans.flatMap((s) => s.spans));
}
function attrs(span: OtlpSpan): Record<string, unknown> {
  const plain = (v: OtlpValue): unknown => v.stringValue ?? v.intValue ?? v.boolValue ?? v.doubleValue ?? v.arrayValue?.values.map(plain);
  return Object.fromEntries(span.attributes.map((a) => [a.key, plain(a.value)]));
}
const nanos = (iso: string, minusMs = 0) => (BigInt(Date.parse(iso) - minusMs) * 1_000_000n).toString();

describe('botarmy export --otlp', () => {
  const dir = tempDir();
  let llm: FakeOpenAiServer;
  let t: TestApp;
  let projectId = '';
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    llm = await FakeOpenAiServer.start();
    t = await startTestApp({ LLM_BASE_URL: llm.baseURL, LLM_API_KEY: 'k', LLM_RETRY_BASE_MS: '10' });
    await t.app.startWorkflow();
    // A server error (retried), an answer that is not JSON (repaired), and an unsure analyst a person answers.
    llm.script = (r, calls) => {
      if (calls.length === 1) return { status: 500 };
      if (calls.length === 2) return { text: 'not json' };
      if (r.agent === 'analyst' && calls.length === 3) return { answer: analystAnswer(0.4) };
      return undefined;
    };
    projectId = t.app.services.commands.newId();
    // With proof, so a mutation run follows the tests.
    await t.app.services.commands.execute(projectId, { type: 'CreateProject', projectId, name: 'Shop', requirements: 'Build a shop.', settings: { proof: {} } });
    const action = await waitForEvent(t.app, projectId, ofType('ActionRequested'));
    await t.app.services.commands.execute(projectId, { type: 'RespondToAction', actionId: (action.data as { actionId: string }).actionId, optionId: null, response: 'Bicycles only' });
    await waitForEvent(t.app, projectId, ofType('ProjectCompleted'));
    env = { BOTARMY_DATA_DIR: t.dataDir, LLM_PROVIDER: 'offline' };
  });
  afterAll(async () => {
    await t.close();
    await llm.close();
    dir.remove();
  });

  it('writes every LLM call as a chat span under its step’s invoke_agent span, under the invoke_workflow span', async () => {
    const file = join(dir.path, 'trace.json');
    const run = await runCli(['export', projectId, '--otlp', file], env);
    expect(run).toMatchObject({ code: 0, stdout: '' });
    const spans = readTrace(file);
    const events = await t.app.store.readStream(projectId);

    const roots = spans.filter((s) => !s.parentSpanId);
    expect(roots.map((s) => s.name)).toEqual(['invoke_workflow botarmy']);
    const [root] = roots;
    expect(spans.every((s) => s.traceId === root.traceId)).toBe(true);
    expect([root.startTimeUnixNano, root.endTimeUnixNano]).toEqual([nanos(events[0].recordedAt), nanos(events[events.length - 1].recordedAt)]);
    expect(attrs(root)).toMatchObject({ 'gen_ai.operation.name': 'invoke_workflow', 'botarmy.project.id': projectId, 'botarmy.project.status': 'completed' });

    const calls = events.filter((e) => e.type === 'LlmCallCompleted' || e.type === 'LlmCallFailed') as (StoredEvent<'LlmCallCompleted'> | StoredEvent<'LlmCallFailed'>)[];
    const chats = spans.filter((s) => s.name.startsWith('chat '));
    expect(chats).toHaveLength(calls.length);
    expect(eventsOfType(events, 'LlmCallFailed')).toHaveLength(1);
    const steps = spans.filter((s) => s.name.startsWith('invoke_agent '));
    expect(steps.map((s) => s.name)).toEqual(eventsOfType(events, 'AgentStepStarted').map((e) => `invoke_agent ${e.data.agent}`));
    for (const step of steps) expect(step.parentSpanId).toBe(root.spanId);

    for (const [i, call] of calls.entries()) {
      const span = chats[i];
      const d = call.data;
      const step = steps.find((s) => attrs(s)['botarmy.step.id'] === d.stepId)!;
      expect(span.parentSpanId).toBe(step.spanId);
      expect(span.name).toBe(`chat ${d.model}`);
      expect([span.startTimeUnixNano, span.endTimeUnixNano]).toEqual([nanos(call.recordedAt, d.latencyMs), nanos(call.recordedAt)]);
      const a = attrs(span);
      expect(a).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': d.model });
      if (call.type === 'LlmCallCompleted') {
        expect(a).toMatchObject({ 'gen_ai.response.model': d.model, 'gen_ai.usage.input_tokens': call.data.promptTokens, 'gen_ai.usage.output_tokens': call.data.completionTokens });
        expect(a).not.toHaveProperty('error.type');
        // The cost goes with the call when the log recorded one.
        const { costUsd } = call.data as { costUsd?: unknown };
        if (typeof costUsd === 'number') expect(a['botarmy.cost_usd']).toBe(costUsd);
        else expect(a).not.toHaveProperty('botarmy.cost_usd');
      } else {
        expect(a).toMatchObject({ 'error.type': call.data.errorClass });
        expect(a).not.toHaveProperty('gen_ai.usage.input_tokens');
        expect(span.status.code).toBe(2);
      }
      expect(a).not.toHaveProperty('gen_ai.input.messages');
      expect(a).not.toHaveProperty('gen_ai.output.messages');
    }
    expect(chats.map((s) => attrs(s)['botarmy.llm.purpose'])).toContain('repair');

    // Test runs and mutation runs, in the order they started.
    const runs = events.filter((e) => e.type === 'TestRunCompleted' || e.type === 'MutationRunCompleted') as (StoredEvent<'TestRunCompleted'> | StoredEvent<'MutationRunCompleted'>)[];
    expect(runs.map((r) => r.type)).toEqual(expect.arrayContaining(['TestRunCompleted', 'MutationRunCompleted']));
    const tools = spans.filter((s) => s.name.startsWith('execute_tool '));
    expect(tools).toHaveLength(runs.length);
    for (const [i, r] of runs.entries()) {
      expect(tools[i].parentSpanId).toBe(root.spanId);
      expect(tools[i].endTimeUnixNano).toBe(nanos(r.recordedAt));
      expect(attrs(tools[i])).toMatchObject({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.call.id': r.data.runId });
      if (r.type === 'TestRunCompleted') {
        expect(tools[i].name).toBe('execute_tool node --test');
        expect(attrs(tools[i])).toMatchObject({ 'gen_ai.tool.name': 'node --test', 'botarmy.test.passed': r.data.passed, 'botarmy.test.failed': r.data.failed });
      } else {
        expect(tools[i].name).toBe('execute_tool mutation testing');
        expect(attrs(tools[i])).toMatchObject({ 'botarmy.mutation.killed': r.data.killed, 'botarmy.mutation.survived': r.data.survived });
      }
    }

    const ask = spans.filter((s) => s.name === 'ask_person low_confidence');
    expect(ask).toHaveLength(1);
    expect(attrs(ask[0])).toMatchObject({ 'botarmy.action.reason': 'low_confidence', 'botarmy.action.agent': 'analyst' });
    expect(readFileSync(file, 'utf8')).not.toContain('Bicycles only');
  }, 60_000);

  it('puts the messages in only with --otlp-messages, and the same log exports the same file', async () => {
    const plain = join(dir.path, 'plain.json');
    const first = join(dir.path, 'messages-1.json');
    const second = join(dir.path, 'messages-2.json');
    expect((await runCli(['export', projectId, '--otlp', plain], env)).code).toBe(0);
    expect((await runCli(['export', projectId, '--otlp', first, '--otlp-messages'], env)).code).toBe(0);
    expect((await runCli(['export', projectId, '--otlp', second, '--otlp-messages'], env)).code).toBe(0);
    expect(readFileSync(second, 'utf8')).toBe(readFileSync(first, 'utf8'));

    const completed = eventsOfType(await t.app.store.readStream(projectId), 'LlmCallCompleted');
    const answered = readTrace(first).filter((s) => s.name.startsWith('chat ') && s.status.code !== 2);
    expect(answered).toHaveLength(completed.length);
    for (const [i, call] of completed.entries()) {
      const a = attrs(answered[i]);
      const input = JSON.parse(a['gen_ai.input.messages'] as string) as { role: string; parts: { content: string }[] }[];
      expect(input.map((m) => [m.role, m.parts[0].content])).toEqual(call.data.messages.map((m) => [m.role, m.content]));
      expect(JSON.parse(a['gen_ai.output.messages'] as string)[0].parts[0].content).toBe(call.data.rawAnswer);
    }
    expect(attrs(readTrace(first).find((s) => s.name === 'ask_person low_confidence')!)['botarmy.action.response']).toBe('Bicycles only');

    // Without the flag the same spans, less what was said.
    const strip = (spans: OtlpSpan[]) =>
      spans.map((s) => ({ ...s, attributes: s.attributes.filter((a) => !['gen_ai.input.messages', 'gen_ai.output.messages', 'botarmy.action.response', 'botarmy.action.description', 'botarmy.step.guidance'].includes(a.key)) }));
    expect(strip(readTrace(first))).toEqual(readTrace(plain));
  }, 60_000);

  it('refuses --otlp-messages without --otlp', async () => {
    const run = await runCli(['export', projectId, '--otlp-messages'], env);
    expect(run).toEqual({ code: 1, stdout: '', stderr: 'botarmy: --otlp-messages goes with --otlp <file>\n' });
  });
});
