import type { AgentInput } from '../../domain/agents/agent';
import type { AnalystOutput, DomainEntity } from '../../domain/agents/analyst';
import { assess } from './assessment';
import { capitalize, listWords, peopleWord, pluralPhrase, spokenName, withArticle } from './naming';
import { type ReadEntity, type Reading, readingOf } from './requirements-reader';
import { findRisks } from './risk-finder';
import { readSentences } from './tokens';
import { type Withdrawal, isWithdrawal, readWithdrawal, withdrawnClauses, withdrawnEntities, withoutWithdrawn } from './withdrawal-reader';
import { continueStories } from './story-continuity';
import { type StoryPlan, planStories } from './story-writer';

const CONFIDENT = 0.7;

/**
 * A person's answers to an escalation are more requirements: "it should track books and loans" adds records; so
 * are the changes asked for after a round, read after the requirements they add to.
 */
function requirementsText(input: AgentInput): string {
  return [input.requirements, ...(input.changes ?? []), ...input.guidance].filter((t) => t.trim() !== '').join('\n\n');
}


/** "Claims: customers submit them; agents accept or decline them." — who does what to the records. */
function describe(e: ReadEntity, plan: StoryPlan): string {
  const uses = plan.drafts
    .filter((d) => d.entities[0] === e && d.verbs.length > 0 && !d.supporting)
    .map((d) => `${peopleWord(d.actor)} ${d.verbs.join(' or ')} them`);
  const fields = e.fields.filter((f) => f.name !== 'id').map((f) => spokenName(f.name));
  const holds = fields.length > 0 ? ` Each holds ${listWords(fields)}.` : '';
  const used = uses.length > 0 ? `: ${[...new Set(uses)].join('; ')}.` : '.';
  const guess = e.guessed ? ' A placeholder: the requirements name nothing clearer to keep.' : '';
  return `${capitalize(pluralPhrase(spokenName(e.name)))}${used}${holds}${guess}`;
}

function summary(reading: Reading, plan: StoryPlan, input: AgentInput, confident: boolean): string {
  const product = reading.product ? `The requirements ask for ${withArticle(reading.product.toLowerCase())}` : 'The requirements describe a small product';
  const users = reading.actors.length > 0 ? ` used by ${listWords(reading.actors.map(peopleWord))}` : '';
  const real = reading.entities.filter((e) => !e.guessed);
  const keeps =
    real.length > 0
      ? ` It keeps ${listWords(real.map((e) => pluralPhrase(spokenName(e.name))))}.`
      : ' It names nothing the product should keep, so the only record below is a placeholder.';
  const stories = ` ${plan.stories.length} user ${plan.stories.length === 1 ? 'story covers' : 'stories cover'}: ${plan.stories.map((s) => s.title.toLowerCase()).join('; ')}.`;
  const guidance = input.guidance.length > 0 ? ' Guidance from a person was read as part of the requirements.' : '';
  const verdict = confident
    ? ' This is clear enough to design from; the open questions refine it.'
    : ' This is too vague to build from without guessing; the open questions say what is missing.';
  return `${product}${users}.${keeps}${stories}${guidance}${verdict}`;
}

function metrics(reading: Reading, plan: StoryPlan): string[] {
  const out: string[] = [];
  for (const d of plan.drafts.filter((x) => x.kind === 'create' && !x.supporting && x.entities.length > 0).slice(0, 3)) {
    out.push(`${capitalize(withArticle(d.actor))} can ${d.verbs[0] ?? 'add'} ${withArticle(spokenName(d.entities[0].name))} in under a minute`);
  }
  for (const d of plan.drafts.filter((x) => x.kind === 'report').slice(0, 2)) out.push(`"${d.text}" matches a hand count on sample data`);
  const status = reading.entities.filter((e) => e.fields.some((f) => f.name === 'status'));
  if (status.length > 0) out.push(`Every ${spokenName(status[0].name)} shows its current status to everyone allowed to see it`);
  const criteria = plan.stories.reduce((n, s) => n + s.acceptance_criteria.length, 0);
  out.push(`All ${criteria} acceptance criteria are covered by tests or a named manual check, and the automated ones pass`);
  return out;
}

function nextSteps(reading: Reading, plan: StoryPlan, confident: boolean): string[] {
  const steps: string[] = [];
  if (!confident) steps.push('Answer the open questions with the product owner before any design starts');
  steps.push(`Confirm the ${plan.stories.length} user stories and their priorities with the product owner`);
  steps.push(`Design a REST API and data model for ${listWords(reading.entities.map((e) => pluralPhrase(spokenName(e.name))))}`);
  if (reading.actors.length >= 2) steps.push('Decide how people sign in and which role may do what');
  steps.push('Automate a test for every acceptance criterion and name each test after its criterion id');
  return steps;
}

function entityOf(e: ReadEntity, plan: StoryPlan): DomainEntity {
  return { name: e.name, description: describe(e, plan), fields: e.fields.map((f) => ({ name: f.name, type: f.type })) };
}

/**
 * The requirements read with what comes after them (changes, a person's answers), less what those take away. A
 * sentence whose every clause is about what went is not read at all, so its rules and fields go too.
 * `amendmentsFrom`: the first sentence said after the requirements.
 */
function readAmended(input: AgentInput): { reading: Reading; amendmentsFrom: number; unread: Withdrawal[] } {
  const text = requirementsText(input);
  const base = readSentences(input.requirements);
  const amendments = [...(input.changes ?? []), ...input.guidance].flatMap(readSentences);
  const marked = new Set(amendments.filter(isWithdrawal));
  const kept = [...base, ...amendments.filter((s) => !marked.has(s))];
  const first = readingOf(text, kept);
  if (marked.size === 0) return { reading: first, amendmentsFrom: base.length, unread: [] };
  const withdrawals = [...marked].map((s) => readWithdrawal(s, first));
  const gone = withdrawnClauses(first, withdrawals);
  const emptied = new Set(
    kept.filter((_, i) => {
      const own = first.clauses.map((c, k) => ({ c, k })).filter(({ c }) => c.sentence === i && c.kind !== 'condition');
      return own.length > 0 && own.every(({ k }) => gone.has(k));
    }),
  );
  const second = readingOf(text, kept.filter((s) => !emptied.has(s)));
  const clauses = withdrawnClauses(second, withdrawals);
  return {
    reading: withoutWithdrawn(second, clauses, withdrawnEntities(second, withdrawals, clauses)),
    amendmentsFrom: base.filter((s) => !emptied.has(s)).length,
    unread: withdrawals.filter((w) => w.key === null),
  };
}

/** A person asked to take away something the reading does not have: only they can say what they meant. */
const unreadWithdrawal = (w: Withdrawal): string =>
  `"${w.text}" asks to take something away, but names nothing this version keeps: what exactly should go?`;

/** The analyst's whole answer, built from the requirements and any guidance a person gave. */
export function writeAnalysis(input: AgentInput): AnalystOutput {
  // What comes after the requirements amends them: a rule said again there replaces the first.
  const { reading, amendmentsFrom, unread } = readAmended(input);
  const plan = planStories(reading, amendmentsFrom);
  const assessed = assess(reading, plan);
  const confidence = unread.length > 0 ? Math.min(assessed.confidence, CONFIDENT - 0.1) : assessed.confidence;
  const openQuestions = [...unread.map(unreadWithdrawal), ...assessed.openQuestions];
  const confident = confidence >= CONFIDENT;
  const earlier = (input.earlier as AnalystOutput | undefined)?.user_stories;
  const stories = earlier ? continueStories(earlier, plan.stories) : plan.stories;
  const removed = (earlier ?? []).filter((s) => !stories.some((kept) => kept.id === s.id)).map((s) => s.id);
  return {
    ...(removed.length ? { removed_stories: removed } : {}),
    analysis: summary(reading, plan, input, confident),
    user_stories: stories,
    entities: reading.entities.map((e) => entityOf(e, plan)),
    risks: findRisks(reading),
    success_metrics: metrics(reading, plan),
    open_questions: openQuestions,
    confidence,
    next_steps: nextSteps(reading, plan, confident),
  };
}
