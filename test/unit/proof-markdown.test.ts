import type { Coverage, VersionedProof } from '../../src/projections/coverage-projection';
import { proofMarkdown } from '../../src/server/proof-markdown';

const criterion = (changes: Partial<VersionedProof>): VersionedProof => ({
  storyId: 'S1', criterionId: 'S1.AC1', text: 'lists products', version: 1, status: 'weak', implementedIn: [], tests: [], provingTests: [],
  survivingMutants: [], acceptedWith: null, ...changes,
});

const coverage = (criteria: VersionedProof[], mutationScore: number | null): Coverage => ({
  projectId: 'p1', summary: 'the summary', total: criteria.length, counts: { proven: 0, weak: 0, failing: 0, untested: 0, accepted: 0 },
  mutationScore, stories: [{ storyId: 'S1', title: 'Browse\nproducts', criteria }],
});

describe('PROOF.md', () => {
  it('says a passing test proves nothing yet when no mutation ran, and that it caught nothing when one did', () => {
    const weak = criterion({ tests: [{ name: 'S1.AC1 lists', ok: true }] });
    expect(proofMarkdown('Shop', coverage([weak], null))).toContain('  - test "S1.AC1 lists": passes (no mutation run yet to show it would catch a bug)');
    expect(proofMarkdown('Shop', coverage([weak], 40))).toContain('  - test "S1.AC1 lists": passes, but was not seen to fail when its code was changed');
  });

  it('keeps text from models on one line and code with backticks readable', () => {
    const text = proofMarkdown('Shop', coverage([
      criterion({
        text: 'lists\n## products',
        survivingMutants: [{ id: 'm', file: 'a.js', line: 3, column: 1, functionName: null, mutator: 'StringLiteral', original: '`${a}`', replacement: '``', status: 'survived', killedBy: [] }],
      }),
    ], 0));
    expect(text).toContain('## S1 Browse products\n');
    expect(text).toContain('- **S1.AC1** lists ## products — **weak**\n');
    expect(text).toContain('  - surviving mutant: a.js:3:1 StringLiteral: `` `${a}` `` → `` `` ``');
  });

  it('names the version of a criterion a change reworded, and nothing for one still at its first', () => {
    const text = proofMarkdown('Shop', coverage([criterion({ text: 'at most 3 items', version: 2 }), criterion({ criterionId: 'S1.AC2' })], null));
    expect(text).toContain('- **S1.AC1** (version 2) at most 3 items — **weak**\n');
    expect(text).toContain('- **S1.AC2** lists products — **weak**\n');
  });
});
