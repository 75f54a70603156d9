import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { StoredEvent } from '../../src/events/envelope';
import { otlpTraceJson, projectSpans } from '../../src/history/otlp-trace';
import { SETTINGS, streamOf } from '../support/event-factory';

const at = (second: number) => `2026-01-01T00:00:${String(second).padStart(2, '0')}.000Z`;
const ms = (second: number) => Date.parse(at(second));
const call = { agent: 'analyst', attempt: 1, purpose: 'answer', provider: 'openai-compatible', requestHash: 'h' } as const;
const messages = [
  { role: 'system', content: 'You are the analyst.' },
  { role: 'user', content: 'Build a shop.' },
] as const;

/** A project where a call fails, a person answers a question, an output is rejected, tests fail and mutants run. */
function history(): StoredEvent[] {
  const e = streamOf('p1');
  return [
    e('ProjectCreated', { name: 'Shop', requirements: 'Build a shop.', settings: SETTINGS }, at(1)),
    e('AgentStepStarted', { stepId: 'analyst-1', agent: 'analyst', attempt: 1, guidance: ['only bicycles'] }, at(2)),
    e('LlmCallFailed', { ...call, stepId: 'analyst-1', model: 'gpt-x', latencyMs: 500, errorClass: 'server_error', message: '500 boom', retryable: true, status: 500 }, at(3)),
    e(
      'LlmCallCompleted',
      // Cached tokens, cost and finish reason, as a later schema may record them.
      {
        ...call,
        stepId: 'analyst-1',
        model: 'gpt-x-2026',
        latencyMs: 2000,
        messages: [...messages],
        rawAnswer: '{"ok":true}',
        promptTokens: 120,
        completionTokens: 30,
        cachedPromptTokens: 100,
        costUsd: 0.0042,
        finishReason: 'stop',
      } as never,
      at(6),
    ),
    e('AgentOutputProduced', { stepId: 'analyst-1', agent: 'analyst', attempt: 1, output: {}, confidence: 0.4, modelConfidence: 0.4 }, at(7)),
    e(
      'ActionRequested',
      {
        actionId: 'a1',
        title: 'Is this right?',
        description: 'The analyst is unsure.',
        priority: 'high',
        options: [{ id: 'continue', label: 'Continue' }, { id: 'retry', label: 'Retry' }],
        agent: 'analyst',
        reason: 'low_confidence',
        stepId: 'analyst-1',
      },
      at(8),
    ),
    e('ActionResolved', { actionId: 'a1', optionId: 'continue', response: 'Bicycles only' }, at(20)),
    e('AgentOutputAccepted', { stepId: 'analyst-1', agent: 'analyst', attempt: 1, output: {}, confidence: 0.4, acceptedBy: 'person' }, at(21)),
    e('AgentStepStarted', { stepId: 'developer-1', agent: 'developer', attempt: 1, guidance: [] }, at(22)),
    e('LlmCallCompleted', { ...call, agent: 'developer', stepId: 'developer-1', model: 'gpt-x', latencyMs: 1000, messages: [...messages], rawAnswer: 'not json', promptTokens: 200, completionTokens: 10 }, at(24)),
    e('AgentOutputRejected', { stepId: 'developer-1', agent: 'developer', attempt: 1, reason: 'invalid_output', errors: ['not JSON'] }, at(25)),
    e('StepRetryRequested', { agent: 'developer', guidance: 'Answer in JSON' }, at(26)),
    e('TestRunStarted', { runId: 'p1:tests-1', round: 1 }, at(30)),
    e(
      'TestRunCompleted',
      { runId: 'p1:tests-1', round: 1, command: ['node', '--test'], exitCode: 1, signal: null, timedOut: false, passed: 3, failed: 1, skipped: 0, durationMs: 4000, output: '', tests: [] },
      at(34),
    ),
    e('MutationRunStarted', { runId: 'p1:mutation-1', round: 1 }, at(35)),
    e(
      'MutationRunCompleted',
      { runId: 'p1:mutation-1', round: 1, tool: 'stryker-instrumenter 9.6.1', durationMs: 9000, budgetMs: 60000, budgetExceeded: false, created: 10, killed: 8, survived: 2, timedOut: 0, mutants: [], error: null },
      at(44),
    ),
    e('ProjectCompleted', { summary: 'done' }, at(45)),
  ];
}

const byName = (spans: ReadableSpan[], name: string) => spans.filter((s) => s.name === name);
const one = (spans: ReadableSpan[], name: string) => {
  const found = byName(spans, name);
  expect(found).toHaveLength(1);
  return found[0];
};
const times = (s: ReadableSpan) => [hrTimeToMilliseconds(s.startTime), hrTimeToMilliseconds(s.endTime)];

describe('a project log as OpenTelemetry spans', () => {
  it('nests chat spans in their step’s invoke_agent span, and steps in the invoke_workflow span, with the log’s times', () => {
    const spans = projectSpans(history(), { messages: false });
    const root = one(spans, 'invoke_workflow botarmy');
    expect(root.parentSpanContext).toBeUndefined();
    expect(root.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(spans.every((s) => s.spanContext().traceId === root.spanContext().traceId)).toBe(true);
    expect(times(root)).toEqual([ms(1), ms(45)]);
    expect(root.attributes).toMatchObject({ 'gen_ai.operation.name': 'invoke_workflow', 'botarmy.project.id': 'p1', 'botarmy.project.name': 'Shop', 'botarmy.project.status': 'completed' });

    const analyst = one(spans, 'invoke_agent analyst');
    expect(analyst.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    // The step waited for the person's answer: it ends when its output was accepted.
    expect(times(analyst)).toEqual([ms(2), ms(21)]);
    expect(analyst.attributes).toMatchObject({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'analyst', 'botarmy.step.id': 'analyst-1', 'botarmy.step.outcome': 'accepted', 'botarmy.step.accepted_by': 'person' });
    expect(analyst.status.code).toBe(SpanStatusCode.UNSET);

    const chats = spans.filter((s) => s.name.startsWith('chat '));
    expect(chats.map((s) => s.name)).toEqual(['chat gpt-x', 'chat gpt-x-2026', 'chat gpt-x']);
    expect(chats.every((s) => s.kind === SpanKind.CLIENT)).toBe(true);
    const [failed, answered, developerCall] = chats;
    expect(failed.parentSpanContext?.spanId).toBe(analyst.spanContext().spanId);
    expect(answered.parentSpanContext?.spanId).toBe(analyst.spanContext().spanId);
    expect(developerCall.parentSpanContext?.spanId).toBe(one(spans, 'invoke_agent developer').spanContext().spanId);
    // A call ends when it was recorded and started its latency before.
    expect(times(failed)).toEqual([ms(3) - 500, ms(3)]);
    expect(times(answered)).toEqual([ms(6) - 2000, ms(6)]);
  });

  it('gives each call the GenAI attributes it has: tokens, models, cached tokens, cost and finish reason when answered, error.type when failed', () => {
    const [failed, answered, developerCall] = projectSpans(history(), { messages: false }).filter((s) => s.name.startsWith('chat '));
    expect(answered.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-x-2026',
      'gen_ai.response.model': 'gpt-x-2026',
      'gen_ai.usage.input_tokens': 120,
      'gen_ai.usage.output_tokens': 30,
      'gen_ai.usage.cache_read.input_tokens': 100,
      'gen_ai.response.finish_reasons': ['stop'],
      'botarmy.cost_usd': 0.0042,
      'botarmy.step.id': 'analyst-1',
      'botarmy.llm.purpose': 'answer',
      'botarmy.llm.request_hash': 'h',
    });
    expect(answered.status.code).toBe(SpanStatusCode.UNSET);
    // A log without cached tokens, cost or finish reason says nothing of them.
    expect(developerCall.attributes).not.toHaveProperty('gen_ai.usage.cache_read.input_tokens');
    expect(developerCall.attributes).not.toHaveProperty('botarmy.cost_usd');
    expect(developerCall.attributes).not.toHaveProperty('gen_ai.response.finish_reasons');
    expect(failed.attributes).toMatchObject({ 'error.type': 'server_error', 'gen_ai.request.model': 'gpt-x', 'botarmy.llm.retryable': true });
    expect(failed.attributes).not.toHaveProperty('gen_ai.usage.input_tokens');
    expect(failed.status).toEqual({ code: SpanStatusCode.ERROR, message: '500 boom' });
  });

  it('keeps prompts, answers and people’s words out unless asked, and in the conventions’ message shape when asked', () => {
    const contentKeys = ['gen_ai.input.messages', 'gen_ai.output.messages', 'botarmy.action.response', 'botarmy.action.description', 'botarmy.step.guidance'];
    const without = projectSpans(history(), { messages: false });
    const keys = (spans: ReadableSpan[]) => new Set(spans.flatMap((s) => [...Object.keys(s.attributes), ...s.events.flatMap((e) => Object.keys(e.attributes ?? {}))]));
    for (const key of contentKeys) expect(keys(without)).not.toContain(key);
    expect(JSON.stringify(without.map((s) => [s.attributes, s.events]))).not.toMatch(/Build a shop|Bicycles only|only bicycles|Answer in JSON/);

    const withMessages = projectSpans(history(), { messages: true });
    for (const key of contentKeys) expect(keys(withMessages)).toContain(key);
    const answered = withMessages.filter((s) => s.name.startsWith('chat '))[1];
    expect(JSON.parse(answered.attributes['gen_ai.input.messages'] as string)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'You are the analyst.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Build a shop.' }] },
    ]);
    expect(JSON.parse(answered.attributes['gen_ai.output.messages'] as string)).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: '{"ok":true}' }], finish_reason: 'stop' }]);
    expect(one(withMessages, 'ask_person low_confidence').attributes['botarmy.action.response']).toBe('Bicycles only');
  });

  it('makes a question to a person a span from asking to answer, and other things people did events of the workflow span', () => {
    const spans = projectSpans(history(), { messages: false });
    const root = one(spans, 'invoke_workflow botarmy');
    const ask = one(spans, 'ask_person low_confidence');
    expect(ask.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    expect(times(ask)).toEqual([ms(8), ms(20)]);
    expect(ask.attributes).toMatchObject({ 'botarmy.action.id': 'a1', 'botarmy.action.reason': 'low_confidence', 'botarmy.action.option_id': 'continue', 'botarmy.step.id': 'analyst-1', 'botarmy.action.options': ['continue', 'retry'] });
    expect(root.events).toEqual([{ name: 'botarmy.step_retry_requested', time: [ms(26) / 1000, 0], attributes: { 'botarmy.step.agent': 'developer' } }]);
  });

  it('marks a rejected step and failing tests as errors, and makes test and mutation runs execute_tool spans', () => {
    const spans = projectSpans(history(), { messages: false });
    const developer = one(spans, 'invoke_agent developer');
    expect(developer.status).toEqual({ code: SpanStatusCode.ERROR, message: 'not JSON' });
    expect(developer.attributes).toMatchObject({ 'error.type': 'invalid_output', 'botarmy.step.outcome': 'rejected' });

    const tests = one(spans, 'execute_tool node --test');
    expect(times(tests)).toEqual([ms(30), ms(34)]);
    expect(tests.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'node --test',
      'gen_ai.tool.call.id': 'p1:tests-1',
      'botarmy.test.passed': 3,
      'botarmy.test.failed': 1,
      'error.type': 'tests_failed',
    });
    expect(tests.status.code).toBe(SpanStatusCode.ERROR);
    const mutation = one(spans, 'execute_tool mutation testing');
    expect(times(mutation)).toEqual([ms(35), ms(44)]);
    expect(mutation.attributes).toMatchObject({ 'gen_ai.tool.name': 'mutation testing', 'botarmy.mutation.killed': 8, 'botarmy.mutation.survived': 2 });
    expect(mutation.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('ends what the log has not ended yet with the log, marked unfinished', () => {
    const cut = history().slice(0, 6); // the person has not answered yet
    const spans = projectSpans(cut, { messages: false });
    for (const name of ['invoke_workflow botarmy', 'ask_person low_confidence']) {
      const span = one(spans, name);
      expect(hrTimeToMilliseconds(span.endTime)).toBe(ms(8));
      expect(span.attributes['botarmy.unfinished']).toBe(true);
    }
    expect(one(spans, 'invoke_workflow botarmy').attributes).not.toHaveProperty('botarmy.project.status');
    // Its output produced, the step waits for the person's judgement: it may still end later.
    const analyst = one(spans, 'invoke_agent analyst');
    expect(times(analyst)).toEqual([ms(2), ms(8)]);
    expect(analyst.attributes).toMatchObject({ 'botarmy.step.outcome': 'produced', 'botarmy.step.confidence': 0.4, 'botarmy.unfinished': true });
    // A step whose model has not answered yet.
    const running = one(projectSpans(history().slice(0, 3), { messages: false }), 'invoke_agent analyst');
    expect(times(running)).toEqual([ms(2), ms(3)]);
    expect(running.attributes['botarmy.unfinished']).toBe(true);
    expect(spans.filter((s) => s.name.startsWith('chat ')).every((s) => !('botarmy.unfinished' in s.attributes))).toBe(true);
  });

  it('ends a step whose output was set aside where the output was produced', () => {
    const e = streamOf('p1');
    const produced = (stepId: string, second: number) =>
      e('AgentOutputProduced', { stepId, agent: 'analyst', attempt: 1, output: {}, confidence: 0.4, modelConfidence: 0.4 }, at(second));
    const started = (stepId: string, attempt: number, second: number) => e('AgentStepStarted', { stepId, agent: 'analyst', attempt, guidance: [] }, at(second));
    const created = e('ProjectCreated', { name: 'Shop', requirements: 'Build a shop.', settings: SETTINGS }, at(1));
    // The agent starts again: its first output was set aside.
    const retried = projectSpans([created, started('analyst-1', 1, 2), produced('analyst-1', 3), started('analyst-2', 2, 9)], { messages: false });
    const [first, second] = byName(retried, 'invoke_agent analyst');
    expect(times(first)).toEqual([ms(2), ms(3)]);
    expect(first.attributes).not.toHaveProperty('botarmy.unfinished');
    expect(second.attributes['botarmy.unfinished']).toBe(true);
    // The project ends with the output unjudged (a person cancelled it).
    const f = streamOf('p2');
    const cancelled = projectSpans(
      [
        f('ProjectCreated', { name: 'Shop', requirements: 'Build a shop.', settings: SETTINGS }, at(1)),
        f('AgentStepStarted', { stepId: 'analyst-1', agent: 'analyst', attempt: 1, guidance: [] }, at(2)),
        f('AgentOutputProduced', { stepId: 'analyst-1', agent: 'analyst', attempt: 1, output: {}, confidence: 0.4, modelConfidence: 0.4 }, at(3)),
        f('ProjectCancelled', { reason: 'not needed' }, at(9)),
      ],
      { messages: false },
    );
    expect(times(one(cancelled, 'invoke_agent analyst'))).toEqual([ms(2), ms(3)]);
    expect(one(cancelled, 'invoke_workflow botarmy').attributes).toMatchObject({ 'botarmy.project.status': 'cancelled' });
    expect(cancelled.some((s) => 'botarmy.unfinished' in s.attributes)).toBe(false);
  });

  it('derives every id from the log: the same log gives the same file, another project other ids', () => {
    const first = otlpTraceJson(history(), { messages: true });
    expect(otlpTraceJson(history(), { messages: true })).toBe(first);
    const spans = projectSpans(history(), { messages: false });
    const ids = spans.map((s) => s.spanContext().spanId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^[0-9a-f]{16}$/.test(id))).toBe(true);

    const renamed = history().map((e) => ({ ...e, streamId: 'p2' }));
    const other = projectSpans(renamed, { messages: false });
    expect(other[0].spanContext().traceId).not.toBe(spans[0].spanContext().traceId);
    expect(other.map((s) => s.spanContext().spanId).filter((id) => ids.includes(id))).toEqual([]);
  });

  it('writes one OTLP/JSON export request on one line, ids in hex and times in nanoseconds', () => {
    const text = otlpTraceJson(history(), { messages: false });
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd()).not.toContain('\n');
    const { resourceSpans } = JSON.parse(text);
    expect(resourceSpans).toHaveLength(1);
    expect(resourceSpans[0].resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'botarmy' } });
    const [scope] = resourceSpans[0].scopeSpans;
    const root = scope.spans[0];
    expect(root).toMatchObject({ name: 'invoke_workflow botarmy', startTimeUnixNano: `${ms(1)}000000`, endTimeUnixNano: `${ms(45)}000000` });
    expect(root.traceId).toMatch(/^[0-9a-f]{32}$/);
    const tokens = scope.spans.find((s: { name: string }) => s.name === 'chat gpt-x-2026').attributes.find((a: { key: string }) => a.key === 'gen_ai.usage.input_tokens');
    expect(tokens).toEqual({ key: 'gen_ai.usage.input_tokens', value: { intValue: 120 } });
    expect(projectSpans([], { messages: false })).toEqual([]);
  });
});
