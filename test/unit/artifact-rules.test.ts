import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import fc from 'fast-check';
import { checkArtifacts, normalizeArtifactPath } from '../../src/domain/artifact-rules';

const limits = { maxFileBytes: 100, maxProjectBytes: 250, maxFiles: 3 };
const roomy = { maxFileBytes: 1000, maxProjectBytes: 1_000_000, maxFiles: 1000 };
const file = (path: string, content = 'x') => ({ path, content });

/** Writes files the way the workspace does: fresh folder, parents made, never over another file. */
function writeAll(paths: readonly string[]): void {
  const base = mkdtempSync(join(tmpdir(), 'botarmy-paths-'));
  try {
    for (const path of paths) {
      const target = resolve(base, path);
      expect(target.startsWith(base + sep)).toBe(true);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, 'x', { flag: 'wx' });
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

describe('artifact rules', () => {
  it.each([
    ['/etc/passwd', 'the path is absolute'],
    ['C:\\\\Windows\\\\x.js', 'the path is absolute'],
    ['./C:/x.js', 'the path is absolute'],
    ['../outside.js', 'the path contains ..'],
    ['../../evil', 'the path contains ..'],
    ['src/../../outside.js', 'the path contains ..'],
    ['src\\\\..\\\\..\\\\x', 'the path contains ..'],
    ['src/a\u0000.js', 'the path contains a NUL byte'],
    ['src/a\u001b[31m.js', 'the path contains a control character (U+001B)'],
    ['src/a\nb.js', 'the path contains a control character (U+000A)'],
    ['src/a\u0085.js', 'the path contains a control character (U+0085)'],
    ['src/a\ud800.js', 'the path is not well-formed Unicode (it holds a lone surrogate)'],
    ['./', 'the path is empty'],
    ['.git/config', 'git keeps its own files under .git'],
    ['src/.GIT/hooks/post-commit', 'git keeps its own files under .git'],
    ['é'.repeat(200) + '.js', 'a name in the path is 403 bytes, over the 255-byte limit of a file name'],
    ['src/' + 'a'.repeat(256), 'a name in the path is 256 bytes, over the 255-byte limit of a file name'],
    [('é'.repeat(100) + '/').repeat(6) + 'x', 'the path is 1207 bytes, over the 1024-byte limit'],
  ])('refuses %j: %s', (path, reason) => {
    expect(normalizeArtifactPath(path)).toEqual({ reason });
  });

  it('accepts a name of exactly 255 bytes and multi-byte names under the limit', () => {
    expect(normalizeArtifactPath('a'.repeat(255))).toEqual({ path: 'a'.repeat(255) });
    expect(normalizeArtifactPath('src/' + 'é'.repeat(126) + '.js')).toEqual({ path: 'src/' + 'é'.repeat(126) + '.js' });
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

  describe('a path is a file or a directory, never both', () => {
    it('refuses a file under another file of the same output, in either order', () => {
      expect(checkArtifacts([file('src'), file('src/x.js')], new Map(), roomy).problems).toEqual([
        { path: 'src/x.js', reason: '"src" is a file, so it cannot also be a directory' },
      ]);
      expect(checkArtifacts([file('src/lib/x.js'), file('src/lib')], new Map(), roomy).problems).toEqual([
        { path: 'src/lib', reason: '"src/lib" is a directory (it holds "src/lib/x.js"), so it cannot also be a file' },
      ]);
    });

    it('refuses a file that turns an existing file into a directory, or an existing directory into a file', () => {
      expect(checkArtifacts([file('src/x.js')], new Map([['src', 1]]), roomy).problems).toEqual([
        { path: 'src/x.js', reason: '"src" is a file, so it cannot also be a directory' },
      ]);
      expect(checkArtifacts([file('src')], new Map([['src/x.js', 1]]), roomy).problems).toEqual([
        { path: 'src', reason: '"src" is a directory (it holds "src/x.js"), so it cannot also be a file' },
      ]);
    });

    it('lets a new version of an existing file and siblings in existing directories through', () => {
      const existing = new Map([['src/x.js', 1], ['package.json', 1]]);
      expect(checkArtifacts([file('src/x.js'), file('src/y.js'), file('src/lib/z.js')], existing, roomy).problems).toEqual([]);
    });

    it('refuses two spellings of one file on a case-insensitive file system', () => {
      expect(checkArtifacts([file('README.md'), file('readme.md')], new Map(), roomy).problems).toEqual([
        { path: 'readme.md', reason: 'it would be the same file as "README.md" on a case-insensitive file system' },
      ]);
      expect(checkArtifacts([file('Src/x.js')], new Map([['src', 1]]), roomy).problems).toEqual([
        { path: 'Src/x.js', reason: '"src" is a file, so it cannot also be a directory' },
      ]);
    });
  });

  describe('properties', () => {
    const segment = fc.oneof(
      fc.constantFrom('src', 'Src', 'SRC', 'a', 'A', 'x.js', 'lib', '.', '..', '', 'é', 'e\u0301', 'é'.repeat(130), 'a'.repeat(256), 'C:', '\u0000', '\t'),
      fc.string({ unit: 'binary', maxLength: 6 }),
    );
    const rawPath = fc.tuple(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.constantFrom('/', '\\')).map(([segments, slash]) => segments.join(slash));
    const output = fc.array(rawPath, { maxLength: 8 }).map((paths) => paths.map((p) => file(p)));

    it('every accepted set of paths can be written to a fresh directory', () => {
      fc.assert(
        fc.property(output, (files) => {
          writeAll(checkArtifacts(files, new Map(), roomy).accepted.map((f) => f.path));
        }),
        { numRuns: 150 },
      );
    });

    it('what is accepted next to existing files can be written with them', () => {
      fc.assert(
        fc.property(output, output, (before, after) => {
          const existing = checkArtifacts(before, new Map(), roomy).accepted;
          const next = checkArtifacts(after, new Map(existing.map((f) => [f.path, f.size])), roomy).accepted;
          const newPaths = next.map((f) => f.path).filter((p) => !existing.some((e) => e.path === p));
          writeAll([...existing.map((f) => f.path), ...newPaths]);
        }),
        { numRuns: 150 },
      );
    });

    it('a normalised path is its own normal form, so the log can hold it and an import accepts it', () => {
      fc.assert(
        fc.property(rawPath, (raw) => {
          const normalized = normalizeArtifactPath(raw);
          if ('path' in normalized) expect(normalizeArtifactPath(normalized.path)).toEqual(normalized);
        }),
        { numRuns: 500 },
      );
    });

    it('no two accepted paths name one file when case and Unicode form are ignored', () => {
      fc.assert(
        fc.property(output, (files) => {
          const folded = checkArtifacts(files, new Map(), roomy).accepted.map((f) => f.path.normalize('NFC').toLowerCase());
          expect(new Set(folded).size).toBe(folded.length);
        }),
        { numRuns: 300 },
      );
    });

    it('an output is either wholly accepted or its problems name each refused file', () => {
      fc.assert(
        fc.property(output, (files) => {
          const { accepted, problems } = checkArtifacts(files, new Map(), roomy);
          expect(accepted.length + problems.length).toBe(files.length);
        }),
        { numRuns: 300 },
      );
    });
  });
});
