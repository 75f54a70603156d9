import { mutationTargets } from '../../src/workspace/project-files';

const FILES = [
  { path: 'src/loan.js', agent: 'developer' },
  { path: 'src/lib/store.js', agent: 'developer' },
  { path: 'src/app.js', agent: 'developer' },
  { path: 'README.md', agent: 'developer' },
  { path: 'test/loan.test.js', agent: 'tester' },
];

describe('what a mutation run mutates', () => {
  it('given the files the criteria live in, mutates those and runs every test', () => {
    expect(mutationTargets(FILES, ['src/loan.js'])).toEqual({ mutate: ['src/loan.js'], tests: ['test/loan.test.js'] });
  });

  it('given no focus, or one that names no script of the developer, mutates all its scripts', () => {
    const all = { mutate: ['src/loan.js', 'src/lib/store.js', 'src/app.js'], tests: ['test/loan.test.js'] };
    expect(mutationTargets(FILES)).toEqual(all);
    expect(mutationTargets(FILES, ['README.md', 'src/gone.js'])).toEqual(all);
  });
});
