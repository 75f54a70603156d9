import type { Mutant } from '../events/catalog';
import type { AnalystOutput } from './agents/analyst';
import type { DeveloperOutput } from './agents/developer';

/**
 * Which acceptance criteria are really done. Pure: the coverage projection, the workflow (may the project
 * complete?) and the reports all judge with this one function, from what the log holds.
 */
export type CriterionStatus = 'proven' | 'weak' | 'failing' | 'untested' | 'accepted';

export const CRITERION_STATUSES: readonly CriterionStatus[] = ['proven', 'weak', 'failing', 'untested', 'accepted'];

/** What an accepted criterion records when the person accepted it without writing anything. */
export const ACCEPTED_WITHOUT_WORDS = 'Accepted as open, without comment.';

export interface Criterion {
  storyId: string;
  criterionId: string;
  text: string;
}

export interface Implementation {
  file: string;
  function: string | null;
}

export interface CriterionProof extends Criterion {
  status: CriterionStatus;
  implementedIn: Implementation[];
  /** The tests that cite the criterion, with their outcome in the last run. */
  tests: { name: string; ok: boolean }[];
  /** Citing tests that killed a mutant inside the criterion's code. */
  provingTests: string[];
  /** Mutants inside the criterion's code that no test killed. */
  survivingMutants: Mutant[];
  /** A person's words when they accepted the criterion as it is. */
  acceptedWith: string | null;
}

export interface ProofEvidence<C extends Criterion = Criterion> {
  criteria: readonly C[];
  implementations: ReadonlyMap<string, readonly Implementation[]>;
  /** The last test run's tests, or null before any run. */
  tests: readonly { name: string; ok: boolean }[] | null;
  /** The last mutation run's mutants for the code those tests ran against, or null when none ran. */
  mutants: readonly Mutant[] | null;
  /** Criterion id → the person's words, for criteria a person accepted as open. */
  accepted: ReadonlyMap<string, string>;
}

/** A criterion as the coverage keeps it: the text it has now, and how many texts it has had under its id. */
export interface VersionedCriterion extends Criterion {
  version: number;
}

/**
 * The criteria of a newly accepted analysis against those before it: a criterion that kept its id but not its text
 * (a limit raised by a change) is a new version of it; a new id starts at version 1.
 */
export function nextVersions(before: readonly VersionedCriterion[], after: readonly Criterion[]): VersionedCriterion[] {
  const earlier = new Map(before.map((c) => [c.criterionId, c]));
  return after.map((c) => {
    const was = earlier.get(c.criterionId);
    return { ...c, version: !was ? 1 : was.text === c.text ? was.version : was.version + 1 };
  });
}

/**
 * A person accepted a criterion as open for what it said then: once its text changes (or it is gone) the
 * acceptance no longer holds, and the new version is judged on its own evidence.
 */
export function carryAcceptance(accepted: Readonly<Record<string, string>>, before: readonly Criterion[], after: readonly Criterion[]): Record<string, string> {
  const textBefore = new Map(before.map((c) => [c.criterionId, c.text]));
  const textAfter = new Map(after.map((c) => [c.criterionId, c.text]));
  return Object.fromEntries(Object.entries(accepted).filter(([id]) => textAfter.has(id) && textAfter.get(id) === textBefore.get(id)));
}

export function criteriaOf(analysis: AnalystOutput | undefined | null): Criterion[] {
  return (analysis?.user_stories ?? []).flatMap((story) =>
    story.acceptance_criteria.map((c) => ({ storyId: story.id, criterionId: c.id, text: c.text })),
  );
}

export function implementationsOf(output: DeveloperOutput | undefined | null): Map<string, Implementation[]> {
  const map = new Map<string, Implementation[]>();
  for (const i of output?.implementations ?? []) {
    const list = map.get(i.criterion_id) ?? [];
    list.push({ file: i.file.replace(/^\.\//, ''), function: i.function ?? null });
    map.set(i.criterion_id, list);
  }
  return map;
}

/**
 * The criteria a test cites: the ids its name starts with ("S1.AC2 …", "S1.AC2, S2.AC1: …", "[S3.AC1] …").
 * Only the leading ids count, so a test that mentions a criterion in passing does not claim it.
 */
export function citedCriteria(testName: string, known: ReadonlySet<string>): string[] {
  const cited: string[] = [];
  let rest = testName.trimStart();
  for (;;) {
    const match = /^[[(]?\s*([A-Za-z]+\d+\.[A-Za-z]+\d+)\s*[\])]?\s*(?:[,;&+/:-]|and\b)?\s*/.exec(rest);
    if (!match || !known.has(match[1])) return cited;
    if (!cited.includes(match[1])) cited.push(match[1]);
    rest = rest.slice(match[0].length);
  }
}

function inCode(mutant: Mutant, code: readonly Implementation[]): boolean {
  return code.some((c) => c.file === mutant.file && (c.function === null || c.function === mutant.functionName));
}

/** Each criterion judged, keeping what the caller's criteria carry beyond the basics (a version). */
export function judgeProof<C extends Criterion>(evidence: ProofEvidence<C>): (C & CriterionProof)[] {
  const known = new Set(evidence.criteria.map((c) => c.criterionId));
  const citing = new Map<string, { name: string; ok: boolean }[]>();
  for (const test of evidence.tests ?? []) {
    for (const id of citedCriteria(test.name, known)) citing.set(id, [...(citing.get(id) ?? []), test]);
  }
  return evidence.criteria.map((criterion) => {
    const implementedIn = [...(evidence.implementations.get(criterion.criterionId) ?? [])];
    const tests = citing.get(criterion.criterionId) ?? [];
    const names = new Set(tests.map((t) => t.name));
    const own = (evidence.mutants ?? []).filter((m) => inCode(m, implementedIn));
    const provingTests = [...new Set(own.flatMap((m) => m.killedBy.filter((n) => names.has(n))))];
    const survivingMutants = own.filter((m) => m.status === 'survived');
    const acceptedWith = evidence.accepted.get(criterion.criterionId) ?? null;
    const status: CriterionStatus =
      tests.some((t) => !t.ok)
        ? 'failing'
        : tests.length > 0 && provingTests.length > 0
          ? 'proven'
          : acceptedWith !== null
            ? 'accepted'
            : tests.length === 0
              ? 'untested'
              : 'weak';
    return { ...criterion, status, implementedIn, tests, provingTests, survivingMutants, acceptedWith };
  });
}

/** The share of the mutants that ran which the tests killed (a timeout counts as caught), in percent; null when none ran. */
export function mutationScore(mutants: readonly Mutant[] | null): number | null {
  const ran = (mutants ?? []).filter((m) => m.status !== 'skipped');
  const killed = ran.filter((m) => m.status === 'killed' || m.status === 'timeout').length;
  return ran.length ? (100 * killed) / ran.length : null;
}

/** "12 of 15 criteria proven, mutation score 78%": the line a person reads first. */
export function proofSummary(proofs: readonly CriterionProof[], mutants: readonly Mutant[] | null): string {
  const proven = proofs.filter((p) => p.status === 'proven').length;
  const accepted = proofs.filter((p) => p.status === 'accepted').length;
  const percent = mutationScore(mutants);
  const score = percent === null ? 'no mutation run' : `mutation score ${Math.round(percent)}%`;
  return `${proven} of ${proofs.length} criteria proven${accepted ? `, ${accepted} accepted as open` : ''}, ${score}`;
}
