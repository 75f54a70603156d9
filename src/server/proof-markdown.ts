import type { CriterionProof } from '../domain/proof';
import type { Coverage, VersionedProof } from '../projections/coverage-projection';

/** Text from models and tests on one line, so it cannot break the list it sits in. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Inline code that survives backticks in it (template literals are common in JavaScript). */
const inlineCode = (text: string) => (text.includes('`') ? `\`\` ${oneLine(text)} \`\`` : `\`${oneLine(text)}\``);

function testLine(p: CriterionProof, test: { name: string; ok: boolean }, mutated: boolean): string {
  const result = !test.ok
    ? 'fails'
    : p.provingTests.includes(test.name)
      ? 'passes, and fails when its code is changed'
      : mutated
        ? 'passes, but was not seen to fail when its code was changed'
        : 'passes (no mutation run yet to show it would catch a bug)';
  return `  - test "${oneLine(test.name)}": ${result}`;
}

function criterionLines(p: VersionedProof, mutated: boolean): string[] {
  const version = p.version > 1 ? ` (version ${p.version})` : '';
  const head = `- **${p.criterionId}**${version} ${oneLine(p.text)} — **${p.status}**`;
  const where = p.implementedIn.length ? [`  - code: ${p.implementedIn.map((i) => (i.function ? `${i.file} (${i.function})` : i.file)).join(', ')}`] : [];
  const tests = p.tests.length ? p.tests.map((t) => testLine(p, t, mutated)) : ['  - no test cites it'];
  const mutants = p.survivingMutants.map((m) => `  - surviving mutant: ${m.file}:${m.line}:${m.column} ${m.mutator}: ${inlineCode(m.original)} → ${inlineCode(m.replacement)}`);
  const accepted = p.acceptedWith !== null ? [`  - accepted as open by a person: "${oneLine(p.acceptedWith)}"`] : [];
  return [head, ...where, ...tests, ...mutants, ...accepted];
}

/** PROOF.md: the summary line, then story → criterion → status → tests → result, from the coverage read model. */
export function proofMarkdown(projectName: string, coverage: Coverage): string {
  const mutated = coverage.mutationScore !== null;
  const stories = coverage.stories.flatMap((s) => ['', `## ${s.storyId} ${oneLine(s.title)}`, '', ...s.criteria.flatMap((c) => criterionLines(c, mutated))]);
  const legend = 'A criterion is proven when a passing test named after it fails once the code that implements it is changed (a mutant).';
  return [`# Proof: ${oneLine(projectName)}`, '', coverage.summary, '', legend, ...stories, ''].join('\n');
}
