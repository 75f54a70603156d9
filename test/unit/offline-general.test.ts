import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The offline provider is judged on texts it has never seen, so it must read English in general: its source may not
 * quote the sample texts it is tried on (copies of ../shared/requirements kept in the fixtures).
 */
const SHARED = join(__dirname, '../fixtures/shared-requirements');
const SOURCE = join(__dirname, '../../src/llm');
const words = (text: string): string[] => text.toLowerCase().match(/[a-z0-9']+/g) ?? [];
const PHRASE = 4;

function phrases(text: string): Set<string> {
  const w = words(text);
  return new Set(w.slice(0, Math.max(0, w.length - PHRASE + 1)).map((_, i) => w.slice(i, i + PHRASE).join(' ')));
}

const sources = [
  ...readdirSync(join(SOURCE, 'offline')).map((f) => join(SOURCE, 'offline', f)),
  join(SOURCE, 'offline-provider.ts'),
];

describe('the offline provider is a general reader, not fitted to the sample texts', () => {
  it(`quotes no run of ${PHRASE} words from a sample text, in code or in comments`, () => {
    const sample = new Set(readdirSync(SHARED).filter((f) => f.endsWith('.txt')).flatMap((f) => [...phrases(readFileSync(join(SHARED, f), 'utf8'))]));
    expect(sample.size).toBeGreaterThan(500);
    const quoted = sources.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, n) => [...phrases(line)].filter((p) => sample.has(p)).map((p) => `${file.split('/').pop()}:${n + 1} "${p}"`)),
    );
    expect(quoted).toEqual([]);
  });

  it('documents every word list of its lexicon: each says which kind of English word it holds', () => {
    const lexicon = readFileSync(join(SOURCE, 'offline', 'lexicon.ts'), 'utf8');
    const lists = [...lexicon.matchAll(/(\n[^\n]*\n)export const ([A-Z_]+)\b/g)];
    expect(lists.length).toBeGreaterThan(10);
    for (const [, before, name] of lists) expect({ name, documented: /\*\/\s*$|^\s*\/\//.test(before.trim() ? before : '') }).toEqual({ name, documented: true });
  });
});
