import { MAX_STREAM_ID_LENGTH, streamIdProblem } from '../../src/domain/stream-id';

describe('stream ids', () => {
  it.each(['01M8N190WFMYWG5Z5JC5PFSF06', 'shop-copy', 'a_b', 'x'.repeat(MAX_STREAM_ID_LENGTH)])('accepts %j', (id) => {
    expect(streamIdProblem(id)).toBeNull();
  });

  it.each([
    ['', 'a stream id must not be empty'],
    ['../../evil', 'a stream id may hold only letters, digits, - and _'],
    ['a/b', 'a stream id may hold only letters, digits, - and _'],
    ['shop copy', 'a stream id may hold only letters, digits, - and _'],
    ['id:1', 'a stream id may hold only letters, digits, - and _'],
    ['x'.repeat(MAX_STREAM_ID_LENGTH + 1), `a stream id must be at most ${MAX_STREAM_ID_LENGTH} characters`],
  ])('refuses %j: %s', (id, problem) => {
    expect(streamIdProblem(id)).toBe(problem);
  });
});
