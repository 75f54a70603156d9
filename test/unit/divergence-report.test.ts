import { compareEvents } from '../../src/history/divergence';
import { divergenceReport } from '../../src/history/divergence-report';
import { streamOf } from '../support/event-factory';

describe('a divergence, explained', () => {
  const call = (content: string, hash: string) =>
    streamOf('p', 7)('LlmCallCompleted', {
      stepId: 'developer-1',
      agent: 'developer',
      attempt: 1,
      purpose: 'answer',
      model: 'm',
      provider: 'openai',
      requestHash: hash,
      messages: [
        { role: 'system', content: 'You are the developer.' },
        { role: 'user', content },
      ],
      rawAnswer: '{}',
      promptTokens: 1,
      completionTokens: 1,
      latencyMs: 1,
    });

  it('names each differing leaf by its path and keeps long values whole', () => {
    const long = 'x'.repeat(5000);
    const d = compareEvents(call(`Design:\n${long}\nold line`, 'a'.repeat(64)), call(`Design:\n${long}\nnew line`, 'b'.repeat(64)), 7)!;
    expect(d.differences.map((x) => x.path)).toEqual(['data.messages[1].content', 'data.requestHash']);
    expect(d.differences[1]).toEqual({ path: 'data.requestHash', expected: 'a'.repeat(64), actual: 'b'.repeat(64), diff: expect.any(String) });
    expect(d).toMatchObject({ version: 7, cause: 'prompt_changed', step: { agent: 'developer', stepId: 'developer-1' } });
    const report = divergenceReport(d, 6);
    expect(report).toContain('divergence at version 7 (after 6 identical events)');
    expect(report).toContain('likely cause: prompt changed.');
    expect(report).toMatch(/^-old line$/m);
    expect(report).toMatch(/^\+new line$/m);
    expect(report).toContain('a'.repeat(64));
  });

  it('calls a changed system prompt what it is, and a value that is not text is shown whole', () => {
    const a = call('same', 'a'.repeat(64));
    const b = call('same', 'a'.repeat(64));
    (b.data as { messages: { content: string }[] }).messages[0].content = 'You are a terse developer.';
    const d = compareEvents(a, b, 3)!;
    expect(d.explanation).toMatch(/system prompt/);
    const tokens = compareEvents(a, { ...a, data: { ...a.data, promptTokens: 2 } } as typeof a, 3)!;
    expect(tokens.differences).toEqual([{ path: 'data.promptTokens', expected: 1, actual: 2 }]);
    expect(divergenceReport(tokens, 2)).toContain('  recorded: 1\n  today:    2');
  });

  it('measured fields alone are no divergence', () => {
    const a = call('same', 'a'.repeat(64));
    expect(compareEvents(a, { ...a, data: { ...a.data, latencyMs: 999 } } as typeof a, 3)).toBeNull();
  });
});
