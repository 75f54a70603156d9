import { Column, Entity, PrimaryColumn } from 'typeorm';
import { analystOutputSchema } from '../domain/agents/analyst';
import { developerOutputSchema } from '../domain/agents/developer';
import { OPTION } from '../domain/escalation';
import {
  ACCEPTED_WITHOUT_WORDS,
  CRITERION_STATUSES,
  type CriterionProof,
  type CriterionStatus,
  type Implementation,
  type VersionedCriterion,
  carryAcceptance,
  criteriaOf,
  implementationsOf,
  judgeProof,
  mutationScore,
  nextVersions,
  proofSummary,
} from '../domain/proof';
import type { Mutant } from '../events/catalog';
import type { StoredEvent } from '../events/envelope';
import { gives } from '../domain/agents/pipeline';
import { defineProjection } from './projection';

/** Mutant code longer than this is cut: a block mutator's "original" can be a whole function body. */
const MAX_SNIPPET = 200;

/**
 * The evidence of proof for one project (row id = project id), kept compactly: what `judgeProof` needs and
 * nothing more — no prompts, no file contents. Statuses are not stored but judged when read (`coverageOf`), so
 * every reader judges with the one function in src/domain/proof.ts.
 */
@Entity('coverage')
export class CoverageRow {
  @PrimaryColumn('text') id: string;
  /** The stories of the analyst's latest accepted output, for their titles. */
  @Column('simple-json') stories: { storyId: string; title: string }[];
  /** Rows written before criteria had versions hold none: each of those is at its first. */
  @Column('simple-json') criteria: (Omit<VersionedCriterion, 'version'> & { version?: number })[];
  /** Criterion id → where the developer's latest accepted output says it is implemented. */
  @Column('simple-json') implementations: Record<string, Implementation[]>;
  /** The last test run's tests; null before any run. */
  @Column('simple-json', { nullable: true }) tests: { name: string; ok: boolean }[] | null;
  /** The mutants of the last mutation run after the last test run (skipped ones left out: they prove nothing); null when none ran since. */
  @Column('simple-json', { nullable: true }) mutants: Mutant[] | null;
  /** Criterion id → a person's words, for the criteria they accepted as open. */
  @Column('simple-json', { name: 'accepted_with' }) acceptedWith: Record<string, string>;
  /** Open `criteria_unproven` actions: action id → the criteria accepting it would accept. */
  @Column('simple-json', { name: 'awaiting_acceptance' }) awaitingAcceptance: Record<string, string[]>;
}

/** A criterion's proof, with the version of its text it proves. */
export type VersionedProof = CriterionProof & { version: number };

export interface StoryProof {
  storyId: string;
  title: string;
  criteria: VersionedProof[];
}

/** The coverage of one project as judged now from its evidence. */
export interface Coverage {
  projectId: string;
  summary: string;
  total: number;
  counts: Record<CriterionStatus, number>;
  /** Killed mutants over those that ran, in percent; null when no mutant ran since the last test run. */
  mutationScore: number | null;
  stories: StoryProof[];
}

export function coverageOf(row: CoverageRow): Coverage {
  const proofs = judgeProof({
    criteria: versionsOf(row),
    implementations: new Map(Object.entries(row.implementations)),
    tests: row.tests,
    mutants: row.mutants,
    accepted: new Map(Object.entries(row.acceptedWith)),
  });
  return {
    projectId: row.id,
    summary: proofSummary(proofs, row.mutants),
    total: proofs.length,
    counts: Object.fromEntries(CRITERION_STATUSES.map((s) => [s, proofs.filter((p) => p.status === s).length])) as Record<CriterionStatus, number>,
    mutationScore: mutationScore(row.mutants),
    stories: row.stories.map((s) => ({ ...s, criteria: proofs.filter((p) => p.storyId === s.storyId) })),
  };
}

const versionsOf = (row: CoverageRow): VersionedCriterion[] => row.criteria.map((c) => ({ ...c, version: c.version ?? 1 }));

const project = (e: StoredEvent) => ({ id: e.streamId });
const none = { ids: [] };

function compact(mutant: Mutant): Mutant {
  const cut = (code: string) => (code.length > MAX_SNIPPET ? `${code.slice(0, MAX_SNIPPET - 1)}…` : code);
  return { ...mutant, original: cut(mutant.original), replacement: cut(mutant.replacement) };
}

export const coverageProjection = defineProjection<CoverageRow>({
  name: 'coverage',
  entity: CoverageRow,
  handlers: {
    ProjectCreated: {
      rows: project,
      apply: (_row, e) => ({
        id: e.streamId,
        stories: [],
        criteria: [],
        implementations: {},
        tests: null,
        mutants: null,
        acceptedWith: {},
        awaitingAcceptance: {},
      }),
    },
    AgentOutputAccepted: {
      // Only the analysis's criteria and the implementation's map of where they live are evidence.
      rows: (e) => (gives(e.data.agent, 'analysis') || gives(e.data.agent, 'implementation') ? project(e) : none),
      apply: (row, e) => {
        if (!row) return row;
        if (gives(e.data.agent, 'implementation')) {
          const parsed = developerOutputSchema.safeParse(e.data.output);
          return { ...row, implementations: Object.fromEntries(implementationsOf(parsed.success ? parsed.data : null)) };
        }
        // An accepted output passed the schema of its day; one that today's schema refuses names no criteria.
        const parsed = analystOutputSchema.safeParse(e.data.output);
        const analysis = parsed.success ? parsed.data : null;
        const criteria = criteriaOf(analysis);
        return {
          ...row,
          stories: (analysis?.user_stories ?? []).map((s) => ({ storyId: s.id, title: s.title })),
          criteria: nextVersions(versionsOf(row), criteria),
          acceptedWith: carryAcceptance(row.acceptedWith, row.criteria, criteria),
        };
      },
    },
    TestRunCompleted: {
      rows: project,
      // Mutants of an earlier run were run against other tests (and maybe other code): they prove nothing now.
      apply: (row, e) => row && { ...row, tests: e.data.tests, mutants: null },
    },
    MutationRunCompleted: {
      rows: project,
      // A run that could not be carried out killed nothing, as the workflow judges it too.
      apply: (row, e) => row && { ...row, mutants: e.data.error !== null ? [] : e.data.mutants.filter((m) => m.status !== 'skipped').map(compact) },
    },
    ActionRequested: {
      rows: (e) => (e.data.reason === 'criteria_unproven' && e.data.criteria?.length ? project(e) : none),
      apply: (row, e) => row && { ...row, awaitingAcceptance: { ...row.awaitingAcceptance, [e.data.actionId]: e.data.criteria ?? [] } },
    },
    ActionResolved: {
      rows: project,
      apply: (row, e) => {
        const criteria = row?.awaitingAcceptance[e.data.actionId];
        if (!row || !criteria) return row;
        const { [e.data.actionId]: _answered, ...awaitingAcceptance } = row.awaitingAcceptance;
        if (e.data.optionId !== OPTION.accept) return { ...row, awaitingAcceptance };
        const words = e.data.response ?? ACCEPTED_WITHOUT_WORDS;
        return { ...row, awaitingAcceptance, acceptedWith: { ...row.acceptedWith, ...Object.fromEntries(criteria.map((c) => [c, words])) } };
      },
    },
  },
});
