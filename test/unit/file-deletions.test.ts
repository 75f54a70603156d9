import { developer } from '../../src/domain/agents/developer';
import { tester } from '../../src/domain/agents/tester';
import { deletedPaths, deletionProblems } from '../../src/domain/file-deletions';
import { developerAnswer, testerAnswer } from '../support/agent-fixtures';

describe('files an answer deletes in a change round', () => {
  const earlier = { ...developerAnswer(), files: [{ path: 'src/a.js', content: 'a' }, { path: 'src/b.js', content: 'b' }] };
  const input = { requirements: 'r', guidance: [], changes: ['Drop b'], earlier };
  const answer = (deleted: string[], files = [{ path: 'src/a.js', content: 'a' }]) => ({ ...developerAnswer(), files, deleted_files: deleted });

  it('given a file of the round before, in any spelling → deleted under its normal path, nothing wrong', () => {
    expect(deletionProblems(developer, answer(['./src//b.js']), input)).toEqual([]);
    expect(deletedPaths(developer, answer(['./src//b.js']))).toEqual(['src/b.js']);
  });

  it('given a path the agent never wrote, outside the workspace or also written → each named, so the model answers again', () => {
    expect(deletionProblems(developer, answer(['src/c.js', '../etc/passwd', 'src/a.js']), input)).toEqual([
      'deleted_files: "src/c.js" is not one of your files of the round before',
      'deleted_files: "../etc/passwd" is not one of your files of the round before',
      'deleted_files: src/a.js is also in your files: write it or delete it, not both',
    ]);
    expect(deletedPaths(developer, answer(['../etc/passwd']))).toEqual([]);
  });

  it('given no round before → nothing may be deleted; given no deletions → nothing to say', () => {
    expect(deletionProblems(developer, answer(['src/b.js']), { requirements: 'r', guidance: [] })).toEqual(['deleted_files: "src/b.js" is not one of your files of the round before']);
    expect(deletionProblems(developer, developerAnswer(), input)).toEqual([]);
  });

  it("the tester's files are its test files", () => {
    const tests = { ...testerAnswer(), test_files: [{ path: 'test/a.test.js', content: 'x' }] };
    expect(deletionProblems(tester, { ...tests, test_files: [], deleted_files: ['test/a.test.js'] }, { ...input, earlier: tests })).toEqual([]);
    expect(deletionProblems(tester, { ...tests, test_files: [], deleted_files: ['src/a.js'] }, { ...input, earlier: tests })).toHaveLength(1);
  });
});
