import { checkArtifacts, normalizeArtifactPath } from '../../src/domain/artifact-rules';

const limits = { maxFileBytes: 100, maxProjectBytes: 250, maxFiles: 3 };
const file = (path: string, content = 'x') => ({ path, content });

describe('artifact rules', () => {
  it.each([
    ['/etc/passwd', 'the path is absolute'],
    ['C:\\\\Windows\\\\x.js', 'the path is absolute'],
    ['../outside.js', 'the path contains ..'],
    ['src/../../outside.js', 'the path contains ..'],
    ['src\\\\..\\\\..\\\\x', 'the path contains ..'],
    ['src/a\u0000.js', 'the path contains a NUL byte'],
    ['./', 'the path is empty'],
    ['a/'.repeat(130) + 'x', 'the path is longer than 255 characters'],
  ])('refuses %j: %s', (path, reason) => {
    expect(normalizeArtifactPath(path)).toEqual({ reason });
  });

  it('normalises harmless spellings of a relative path', () => {
    expect(normalizeArtifactPath('./src//app.js')).toEqual({ path: 'src/app.js' });
    expect(normalizeArtifactPath('src\\lib\\store.js')).toEqual({ path: 'src/lib/store.js' });
  });

  it('accepts files within the limits with their size and sha256', () => {
    const { accepted, problems } = checkArtifacts([file('a.js', 'hello')], new Map(), limits);
    expect(problems).toEqual([]);
    expect(accepted).toEqual([{ path: 'a.js', content: 'hello', size: 5, sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824' }]);
  });

  it('refuses a file over the per-file limit, counting bytes not characters', () => {
    const { problems } = checkArtifacts([file('big.js', 'é'.repeat(51))], new Map(), limits);
    expect(problems).toEqual([{ path: 'big.js', reason: 'the file is 102 bytes, over the 100-byte limit' }]);
  });

  it('refuses an output that takes the project over its total size or file count, counting what exists', () => {
    const existing = new Map([['old1.js', 90], ['old2.js', 90]]);
    expect(checkArtifacts([file('new.js', 'x'.repeat(90))], existing, limits).problems).toEqual([
      { path: '*', reason: 'the project would hold 270 bytes, over the limit of 250' },
    ]);
    expect(checkArtifacts([file('old1.js', 'x')], existing, limits).problems).toEqual([]);
    expect(checkArtifacts([file('n1.js'), file('n2.js')], existing, limits).problems).toEqual([
      { path: '*', reason: 'the project would hold 4 files, over the limit of 3' },
    ]);
  });

  it('refuses the same path twice in one output', () => {
    expect(checkArtifacts([file('a.js'), file('./a.js')], new Map(), limits).problems).toEqual([
      { path: 'a.js', reason: 'the same path appears twice in one output' },
    ]);
  });
});
