import nlp from 'compromise';
import pluralize from 'pluralize';
import { type Clause, isPersonPhrase, readClauses } from './clause-reader';
import { type Mention, findMentions, rankEntities } from './entity-finder';
import { type FieldDraft, findFields } from './field-finder';
import {
  AGGREGATE_NOUNS,
  GENERIC_NOUNS,
  NON_RECORD_NOUNS,
  PERSON_NOUNS,
  PRODUCT_NOUNS,
  STATE_NOUNS,
  TIME_NOUNS,
  VAGUE_PHRASES,
  VAGUE_WORDS,
} from './lexicon';
import { camelCase, escapeRegExp } from './naming';
import { type Sentence, type Token, readSentences } from './tokens';

/** Pronouns for some one person, not a kind of user: a closed class of English. */
const UNNAMED_PEOPLE = new Set(['someone', 'somebody', 'nobody', 'noone']);

/** More entities than this make a first version too big to review; the lowest ranked are left out. */
const MAX_ENTITIES = 8;
const FALLBACK_ENTITY = 'item';

export interface ReadEntity {
  /** Singular words as found in the text ("ticket type"). */
  key: string;
  /** A JavaScript identifier ("ticketType"). */
  name: string;
  fields: FieldDraft[];
  /** The text names it but never acts on it enough to be sure it is kept as a record. */
  guessed: boolean;
}

/** What the offline reader understood of a requirements text; every agent's answer is built from it. */
export interface Reading {
  sentences: Sentence[];
  clauses: Clause[];
  mentions: Mention[];
  entities: ReadEntity[];
  /** Who uses the product, singular, in order of appearance ("employee", "gym member"). */
  actors: string[];
  /** Every noun the text uses for people, singular, whether or not they act ("adult", "guest"). */
  people: string[];
  /** What the product is, when the text says ("an expense tracker"). */
  product?: string;
  /** Words and phrases that lean on knowledge the text does not give ("the thing", "you know"). */
  vague: string[];
  wordCount: number;
}

/** Words that wish for something; after "what they" they leave the something unsaid. A closed class of English. */
const WISHING = new Set(['need', 'want', 'like', 'expect', 'prefer']);

/** compromise knows "had" alone and "planned" only after its subject. */
const pastTense = (subject: Token, verb: Token): boolean => nlp(verb.text).has('#PastTense') || nlp(`${subject.text} ${verb.text} it`).has('#PastTense');

/**
 * Phrases whose grammar points outside the text, whatever their words: "like they did before" (a "before" with no
 * time to be before), "the way Mia had it" (a named person's past arrangement), "what they need" (a wish left unsaid).
 */
function pointersOutside(tokens: Token[]): string[] {
  const found: string[] = [];
  const said = (from: number, to: number): string => tokens.slice(Math.max(0, from), to + 1).map((t) => (t.proper ? t.text : t.lower)).join(' ');
  /** Where a verb follows within a few words ("yards normally do"), or -1. */
  const clauseAfter = (k: number): number => tokens.slice(k, k + 4).findIndex((x) => x.pos === 'verb' || x.pos === 'aux');
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    const clauseEnds = t.punct !== '' || next === undefined || next.pos === 'conj';
    // "3 hours before", "the day before" say before what; "they did before" does not.
    if (t.lower === 'before' && clauseEnds && prev && !['noun', 'num'].includes(prev.pos)) found.push(said(i - 3, i));
    // A name is written with a capital inside a sentence; the tagger takes "mark" or "euro" for names too.
    const named = t.proper && i > 0 && /^\p{Lu}/u.test(t.text) && t.punct === '';
    if (named && next && ['aux', 'verb'].includes(next.pos) && pastTense(t, next)) found.push(said(i - 2, i + 2));
    if (t.lower === 'what' && next?.pos === 'pron' && WISHING.has(tokens[i + 2]?.root ?? '')) found.push(said(i, i + 2));
    // "the price sheet Jo keeps": what a named person keeps or knows is not in the text, whatever the tense.
    if (named && next?.pos === 'verb' && nlp(t.text).has('#Person')) found.push(said(i - 2, i + 1));
    // "the way yards normally do", "same as we agreed": a manner or a sameness measured against a practice the text
    // does not describe.
    const manner = (t.lower === 'way' && prev?.lower === 'the') || (t.lower === 'as' && prev?.lower === 'same');
    const by = manner ? clauseAfter(i + 1) : -1;
    if (manner && by >= 0 && ['noun', 'pron'].includes(next?.pos ?? '') && t.punct === '') found.push(said(i - 1, i + 1 + by));
  });
  return found;
}

function findVagueness(sentences: Sentence[]): string[] {
  const text = ` ${sentences.map((s) => s.tokens.map((t) => t.lower).join(' ')).join(' ')} `;
  const phrases = VAGUE_PHRASES.filter((p) => text.includes(` ${p} `));
  // "closed for good": a vague word that a preposition takes and the clause ends on is an idiom, not a quality asked for.
  const idiom = (tokens: Token[], i: number): boolean => /^(?:for|at|in|on|to|of)$/.test(tokens[i - 1]?.lower ?? '') && (tokens[i].punct !== '' || tokens[i + 1] === undefined || tokens[i + 1].pos === 'conj');
  const words = sentences.flatMap((s) => s.tokens.filter((t, i) => VAGUE_WORDS.has(t.lower) && !idiom(s.tokens, i))).map((t) => t.lower);
  const pointers = sentences.flatMap((s) => pointersOutside(s.tokens));
  // One pointer read two ways ("the way Mia had", "the way Mia had it") is asked about once.
  const widest = pointers.filter((p) => !pointers.some((q) => q !== p && q.includes(p)));
  return [...new Set([...phrases, ...widest, ...words])];
}

function findActors(clauses: Clause[]): string[] {
  // "when someone cancels" names nobody who signs in; "anyone may browse" grants everyone.
  const actors = clauses.map((c) => c.actor).filter((a): a is string => Boolean(a) && !GENERIC_NOUNS.has(a as string) && !UNNAMED_PEOPLE.has(a as string));
  return [...new Set(actors.map((a) => pluralize.singular(a)))];
}

const NOT_A_RECORD = [GENERIC_NOUNS, PRODUCT_NOUNS, TIME_NOUNS, AGGREGATE_NOUNS, PERSON_NOUNS, VAGUE_WORDS, STATE_NOUNS, NON_RECORD_NOUNS];

/** When no noun is clearly kept as a record, the most frequent plain noun still gives the team something to build. */
function fallbackKey(sentences: Sentence[]): string {
  const counts = new Map<string, number>();
  for (const t of sentences.flatMap((s) => s.tokens)) {
    if (t.pos !== 'noun' || t.proper || t.actor || NOT_A_RECORD.some((set) => set.has(t.root)) || !camelCase(t.root)) continue;
    counts.set(t.root, (counts.get(t.root) ?? 0) + 1);
  }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  return best ? best[0] : FALLBACK_ENTITY;
}

/**
 * A noun the text never uses as a kind of thing: only ever a verb after "that", "which" or "who" ("a table that
 * fits"), or the one business the product serves, named before another noun in its first sentence and after that
 * only as "the" one ("Bakery cake orders … call the bakery").
 */
function isNotAKind(text: string, key: string, sentences: readonly Sentence[]): boolean {
  if (key.includes(' ')) return false;
  const lower = text.toLowerCase();
  const forms = [...new Set([key, pluralize.plural(key)])].map(escapeRegExp).join('|');
  const found = [...lower.matchAll(new RegExp(`\\b(?:${forms})\\b`, 'g'))];
  const uses = found.map((m) => lower.slice(0, m.index));
  if (uses.length === 0) return false;
  const asVerb = (m: RegExpMatchArray): boolean => m[0] !== key && /\b(?:that|which|who)\s+$/.test(lower.slice(0, m.index));
  if (nlp(key).has('#Verb') && found.every(asVerb)) return true;
  const firstSentence = lower.search(/[.!?\n]/);
  const [first, ...rest] = uses;
  // The business describes what the product is about ("Bakery cake orders"); a heading's head noun is what it keeps.
  const describes = /^\s+(?!(?:for|of|in|at|on|with|to|from|and|or|by)\b)[a-z]/.test(lower.slice(first.length + found[0][0].length));
  // "Diners order meals … the chef plates the order": a verb first is no business.
  const firstWord = sentences.flatMap((x) => x.tokens).find((t) => t.lower === found[0][0]);
  const inHeading = (firstSentence < 0 || first.length < firstSentence) && describes && firstWord?.pos !== 'verb';
  const plural = pluralize.plural(key) !== key && new RegExp(`\\b${escapeRegExp(pluralize.plural(key))}\\b`).test(lower);
  const onlyAsThe = rest.every((before) => /\bthe\s+$/.test(before));
  if (inHeading && !plural && rest.length > 0 && onlyAsThe) return true;
  // "A music school rents instruments to students", "A city runs a bike scheme": the business opens the text as the
  // one who acts, or names what it runs, and is not kept as a record of itself.
  const opening = lower.slice(0, firstSentence < 0 ? lower.length : firstSentence);
  const next = /^\s+([a-z]+)/.exec(lower.slice(first.length + found[0][0].length))?.[1] ?? '';
  const acts = /^\s*(?:an?|the|our)\s+(?:[a-z-]+\s+)?$/.test(first) && nlp(next).has('#Verb');
  const run = new RegExp(`^\\s*(?:an?|the|our)\\s+(?:[a-z-]+\\s+)?[a-z]+\\s+(?:runs|operates|manages|offers|organises|organizes)\\s+(?:an?|the)\\s+(?:[a-z-]+\\s+){0,2}$`).test(first);
  return first.length < opening.length && (acts || run) && !plural && onlyAsThe;
}

export function readRequirements(text: string): Reading {
  return readingOf(text, readSentences(text));
}

/** The reading of some of a text's sentences (the text itself tells a word's kinds apart). */
export function readingOf(text: string, sentences: Sentence[]): Reading {
  const clauses = readClauses(sentences);
  const mentions = findMentions(clauses);
  const ranked = rankEntities(mentions, MAX_ENTITIES).filter((c) => camelCase(c.key) !== '' && !isNotAKind(text, c.key, sentences));
  const guessed = ranked.length === 0;
  const keys: string[] = [];
  for (const c of guessed ? [{ key: fallbackKey(sentences) }] : ranked) {
    // Two phrasings of one name ("e-mail" and "email") must not become two modules of the same name.
    if (!keys.some((k) => camelCase(k) === camelCase(c.key))) keys.push(c.key);
  }
  const people = new Set(mentions.filter((m) => m.key && m.np && isPersonPhrase(m.np)).map((m) => m.key as string));
  const fields = findFields(clauses, mentions, keys, people);
  const product = clauses.find((c) => c.kind === 'heading')?.phrases[0];
  return {
    sentences,
    clauses,
    mentions,
    entities: keys.map((key) => ({ key, name: camelCase(key), fields: fields.get(key) ?? [], guessed })),
    actors: findActors(clauses),
    people: [...people],
    product: product && [...product.adjectives, ...product.nouns.map((t) => t.text)].join(' '),
    vague: findVagueness(sentences),
    wordCount: sentences.reduce((n, s) => n + s.tokens.length, 0),
  };
}
