import { MAX_JSON_DEPTH, extractJson } from '../../src/llm/json-answer';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('extractJson', () => {
  it('reads plain JSON, a fenced block, or the outermost braces of a sentence', () => {
    expect(extractJson(' {"a":1} ')).toEqual({ a: 1 });
    expect(extractJson('Here:\n```json\n{"a":2}\n```\nDone.')).toEqual({ a: 2 });
    expect(extractJson('```JSON {"a":3}```')).toEqual({ a: 3 });
    expect(extractJson('```\n{"a":4}\n```')).toEqual({ a: 4 });
    expect(extractJson('Sure, {"a":5} is it.')).toEqual({ a: 5 });
  });

  it('refuses what is not JSON', () => {
    expect(() => extractJson('no json here')).toThrow(SyntaxError);
  });

  it(`accepts ${MAX_JSON_DEPTH} levels of nesting and refuses more, however deep`, () => {
    expect(extractJson(nested(MAX_JSON_DEPTH))).toBeDefined();
    expect(() => extractJson(nested(MAX_JSON_DEPTH + 1))).toThrow(`the JSON is nested deeper than ${MAX_JSON_DEPTH} levels`);
    expect(() => extractJson(nested(1_000_000))).toThrow(`the JSON is nested deeper than ${MAX_JSON_DEPTH} levels`);
  });

  it('reads an unclosed fence and a long run of spaces in one pass (the old pattern took quadratic time)', () => {
    expect(() => extractJson('```' + ' '.repeat(200_000) + 'x')).toThrow(SyntaxError);
    expect(extractJson('```json' + ' '.repeat(200_000) + '{"a":1}```')).toEqual({ a: 1 });
  });
});
