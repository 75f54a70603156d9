import type { CriterionStatus } from './types';

/** Each status as a word, a mark (beside the word, never instead of it) and what it means for a person. */
export const CRITERION_STATUS_INFO: Record<CriterionStatus, { word: string; mark: string; meaning: string }> = {
  PROVEN: { word: 'Proven', mark: '✓', meaning: 'A citing test passed and caught a deliberate bug (a mutant) in its code.' },
  WEAK: { word: 'Weak', mark: '≈', meaning: 'Its tests pass but caught no bug put into its code: they would not notice one.' },
  FAILING: { word: 'Failing', mark: '✗', meaning: 'A test that cites it fails.' },
  UNTESTED: { word: 'Untested', mark: '○', meaning: 'No test cites it.' },
  ACCEPTED: { word: 'Accepted', mark: '⚑', meaning: 'A person accepted it as open.' },
};

export function criterionStatusInfo(status: string): { word: string; mark: string; meaning: string } {
  return CRITERION_STATUS_INFO[status as CriterionStatus] ?? { word: status.toLowerCase(), mark: '·', meaning: '' };
}

/**
 * What a TAP run (node --test --test-reporter=tap) printed about one test: its `ok`/`not ok` line and the YAML
 * block under it (duration, the error of a failing test). Null when the output does not mention it.
 */
export function testOutput(output: string | null | undefined, name: string): string | null {
  if (!output) return null;
  const lines = output.split('\n');
  const result = /^(\s*)(not ok|ok) \d+ - (.*?)(?:\s+#\s*(?:SKIP|TODO).*)?$/;
  for (let i = 0; i < lines.length; i += 1) {
    const match = result.exec(lines[i]!);
    if (!match || match[3] !== name) continue;
    const indent = match[1]!.length;
    const block = [lines[i]!.slice(indent)];
    // The YAML block: "  ---" … "  ...", indented two more than the result line.
    if (lines[i + 1]?.trim() === '---') {
      for (let j = i + 1; j < lines.length && block.length < 60; j += 1) {
        block.push(lines[j]!.slice(Math.min(indent, lines[j]!.length - lines[j]!.trimStart().length)));
        if (lines[j]!.trim() === '...') break;
      }
    }
    return block.join('\n');
  }
  return null;
}

/** The share of criteria per status, for the summary's bar (in the statuses' order). */
export function statusShares(counts: Record<CriterionStatus, number>): { status: CriterionStatus; count: number }[] {
  return (['PROVEN', 'ACCEPTED', 'WEAK', 'UNTESTED', 'FAILING'] as const).map((status) => ({ status, count: counts[status] })).filter((s) => s.count > 0);
}
