import { clamp01 } from '../../domain/agents/agent';
import { isKnownVerb } from './lexicon';
import { DEFAULT_ACTOR, listWords, peopleWord, spokenName, withArticle } from './naming';
import type { Reading } from './requirements-reader';
import type { StoryPlan } from './story-writer';

/** English function words: a text of several words with none of them is in a language the reader cannot read. */
const ENGLISH_WORDS = new Set([
  'a', 'an', 'the', 'and', 'or', 'to', 'of', 'for', 'with', 'in', 'on', 'is', 'are', 'can', 'should', 'must',
  'i', 'we', 'it', 'they', 'by', 'as', 'be', 'that', 'this', 'my', 'our', 'their', 'want', 'need', 'when', 'if',
  'may', 'might', 'will', 'would', 'could', 'cannot', 'not', 'no', 'only', 'any', 'each', 'every', 'all', 'some',
  'was', 'were', 'has', 'have', 'had', 'do', 'does', 'from', 'at', 'but', 'than', 'then', 'who', 'which', 'what',
  'where', 'there', 'these', 'those', 'its', 'his', 'her', 'your', 'you', 'he', 'she', 'them', 'per',
]);
const SHORT_TEXT_WORDS = 6;
const TIMING = /\b(hour|day|week|month|year|minute|before|after|until|date|time|deadline)s?\b/i;
const MAX_QUESTIONS = 12;
/** Two sentences that contradict each other leave nothing safe to build. */
const CONTRADICTED = 0.45;

export interface Assessment {
  confidence: number;
  openQuestions: string[];
}

/** English has its function words; a telegraphic text ("Curators add exhibits.") has an English verb in every sentence. */
function looksEnglish(reading: Reading): boolean {
  const words = reading.sentences.flatMap((s) => s.tokens.map((t) => t.lower));
  const verbs = reading.sentences.length > 0 && reading.sentences.every((s) => s.tokens.some((t) => t.pos === 'verb' && isKnownVerb(t.root)));
  return words.length < 4 || words.some((w) => ENGLISH_WORDS.has(w)) || verbs;
}

/**
 * How sure a team could be of building the right thing from this text. It grows with what the text makes
 * concrete — records, actions on them, the people acting, details — and falls with vague words, very short
 * texts, text the reader cannot read, and records it had to guess.
 */
function confidenceOf(reading: Reading, plan: StoryPlan): number {
  const real = reading.entities.filter((e) => !e.guessed);
  const work = plan.drafts.filter((d) => !d.supporting).reduce((n, d) => n + d.entities.filter((e) => !e.guessed).length, 0) + plan.merged;
  const details = real.reduce((n, e) => n + Math.max(0, e.fields.length - 2), 0);
  let score = 0.3;
  score += 0.15 * Math.min(real.length, 2) + 0.05 * Math.min(Math.max(real.length - 2, 0), 1);
  score += 0.08 * Math.min(work, 3);
  score += reading.actors.length > 0 ? 0.05 : 0;
  score += 0.02 * Math.min(details, 4);
  // Every sentence became a story or a rule the team builds: nothing was left to guess.
  if (plan.understood === 1 && plan.openRules.length === 0) score += 0.05;
  score -= 0.15 * reading.vague.length;
  // Two words that lean on what the text does not say leave too much to guess, however much else it names.
  if (reading.vague.length >= 2) score = Math.min(score, 0.6);
  if (reading.wordCount < SHORT_TEXT_WORDS) score -= 0.15;
  if (real.length === 0) score = Math.min(score, 0.45);
  if (!looksEnglish(reading)) score = Math.min(score, 0.35);
  // Sure only of what was understood: the share of sentences that became stories or implemented rules.
  score = Math.min(score, 0.6 + 0.35 * plan.understood);
  if (plan.contradictions.length > 0) score = Math.min(score, CONTRADICTED);
  return Math.round(clamp01(Math.max(0.1, Math.min(0.95, score))) * 100) / 100;
}

function questionsOf(reading: Reading, plan: StoryPlan): string[] {
  const questions: string[] = [];
  const guessed = reading.entities.find((e) => e.guessed);
  if (!looksEnglish(reading)) questions.push('The requirements do not read as English; can they be given in English?');
  if (guessed) {
    const about = reading.product ? ` "${reading.product}" says what it is, not what it keeps.` : '';
    questions.push(`What should the product keep track of?${about} Name the things people create, look up or change.`);
  }
  if (reading.actors.length === 0) questions.push('Who will use it? Name the kinds of users and what each of them may do.');
  for (const v of reading.vague) {
    questions.push(
      v.includes(' ')
        ? `The text points at something that is not written down ("${v}"); what is it?`
        : `What does "${v}" mean here? The text relies on knowledge it does not give.`,
    );
  }
  if (reading.clauses.some((c) => c.pronounObject) && guessed) questions.push('What does "it" refer to?');
  if (reading.wordCount < SHORT_TEXT_WORDS) questions.push('The requirements are one short phrase; what must a first version let people do?');
  for (const e of reading.entities.filter((x) => !x.guessed && x.fields.length <= 2)) {
    const known = e.fields.filter((f) => f.name !== 'id').map((f) => spokenName(f.name));
    questions.push(`Which details does ${withArticle(spokenName(e.name))} hold besides ${known.length ? `its ${known.join(' and ')}` : 'an id'}?`);
  }
  for (const d of plan.drafts.filter((x) => x.supporting && !x.entities[0]?.guessed)) {
    questions.push(`Who adds ${peopleWord(spokenName(d.entities[0].name))}, and may anyone else change them?`);
  }
  for (const e of reading.entities.filter((x) => x.fields.some((f) => f.name === 'status')).slice(0, 2)) {
    // Where the text moves the record by acts of its own, what is left to ask is who does the acts nobody was named for.
    const life = plan.lifecycles.find((l) => l.entity === e);
    const unowned = life?.actions.filter((a) => a.actor === DEFAULT_ACTOR).map((a) => a.verb) ?? [];
    if (!life) questions.push(`Which statuses can ${withArticle(spokenName(e.name))} have, and who may move it from one to the next?`);
    else if (unowned.length > 0) questions.push(`Who may ${listWords(unowned, 'or')} ${withArticle(spokenName(e.name))}?`);
  }
  // "Anyone can take food" grants everyone: no role that signs in.
  const roles = reading.actors.filter((a) => !/^(?:any|every)(?:one|body)$/.test(a));
  if (roles.length >= 2) questions.push(`How do ${listWords(roles.map(peopleWord))} sign in, and what may each role do?`);
  return [...new Set([...contradictionQuestions(plan), ...questions, ...openRuleQuestions(plan)])].slice(0, MAX_QUESTIONS);
}

function contradictionQuestions(plan: StoryPlan): string[] {
  return plan.contradictions.map(([a, b]) => `These two cannot both hold: "${a}." and "${b}." Which one is right?`);
}

/** Every rule the team could not turn into code is asked about, so it is decided rather than guessed or dropped. */
function openRuleQuestions(plan: StoryPlan): string[] {
  return plan.openRules.map(
    (r) => `"${r}" is not built in this version: what exactly must happen${TIMING.test(r) ? ', against which clock and time zone' : ''}? Until a person says, it stays an untested criterion.`,
  );
}

export function assess(reading: Reading, plan: StoryPlan): Assessment {
  return { confidence: confidenceOf(reading, plan), openQuestions: questionsOf(reading, plan) };
}
