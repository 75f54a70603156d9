import { spokenName } from './naming';
import type { Reading } from './requirements-reader';
import type { Sentence, Token } from './tokens';

/**
 * A change can take something away: "members no longer write reviews", "reviews are not needed any more", "drop
 * the wish lists". Read as a requirement it would add what it removes (a story "Write reviews"), so such a sentence
 * is never read as one: it names what goes, and the reading loses it.
 */

/** Negations of English: a closed class. */
const NEGATIONS = new Set(['not', 'never', 'no', 'nobody', 'none', "n't", "don't", "doesn't", "didn't", "won't", "isn't", "aren't", "can't", 'cannot']);
/** Words after a negation that say something stops: "no longer", "not … anymore". */
const STOPPING = new Set(['longer', 'anymore']);
/** Verbs and nouns of wanting something at all: "not needed", "no need for", "we don't use". */
const WANTING = new Set(['need', 'require', 'want', 'use']);
/** Verbs that, opening a sentence with no subject, ask for something to go: "Drop the reviews." */
const TAKING_AWAY = new Set(['remove', 'drop', 'delete', 'discontinue', 'retire', 'scrap']);
/** Verbs that carry no action of their own. */
const AUXILIARY = new Set(['be', 'is', 'are', 'was', 'were', 'been', 'have', 'has', 'do', 'does', 'can', 'may', 'must', 'will', 'should', 'would', 'could']);
/** Roles in which a clause is about a record, rather than naming it in passing. */
const ABOUT = new Set(['subject', 'object', 'record', 'item']);

/** What a withdrawal takes away: a record (`verb` null), or one action on it ("no longer write reviews"). */
export interface Withdrawal {
  /** The sentence as written, for a question when it names nothing the reading has. */
  text: string;
  /** The entity key it names; null when it names none the reading has. */
  key: string | null;
  verb: string | null;
}

const words = (s: Sentence): string => s.tokens.map((t) => t.text).join(' ');

const opening = (t: readonly Token[]): number => (t[0]?.lower === 'please' ? 1 : 0);

/** Where the negation that stops something stands, or -1. */
function stopping(t: readonly Token[]): number {
  return t.findIndex((token, i) => {
    if (!NEGATIONS.has(token.lower)) return false;
    // "do not need to sign in" frees from a duty; "do not need reviews" lets a thing go.
    if (t.slice(i + 1, i + 4).some((a, k) => STOPPING.has(a.lower) || (WANTING.has(a.root) && t[i + k + 2]?.lower !== 'to'))) return true;
    // "not … any more"
    return t.slice(i + 1).some((a, k, rest) => a.lower === 'any' && rest[k + 1]?.lower === 'more');
  });
}

const takesAway = (t: readonly Token[]): boolean => Boolean(t[opening(t)] && TAKING_AWAY.has(t[opening(t)].root));

/** Whether a sentence takes something away rather than asking for something. */
export function isWithdrawal(sentence: Sentence): boolean {
  return takesAway(sentence.tokens) || stopping(sentence.tokens) >= 0;
}

/** The action that stops ("no longer write reviews"); none when the sentence asks for a thing to go. */
function stoppedAction(t: readonly Token[]): string | null {
  if (takesAway(t)) return null;
  const verb = t.slice(stopping(t) + 1).find((x) => x.pos === 'verb' && !WANTING.has(x.root) && !AUXILIARY.has(x.root));
  return verb?.root ?? null;
}

/** The entity a sentence names first ("drop reviews: members only borrow tools" is about reviews). */
function namedEntity(tokens: readonly Token[], reading: Reading): string | null {
  const roots = tokens.map((t) => t.root.toLowerCase());
  const at = (key: string): number => {
    const name = spokenName(key).toLowerCase().split(' ');
    const i = roots.findIndex((_, k) => name.every((w, j) => roots[k + j] === w));
    return i < 0 ? Infinity : i;
  };
  const named = reading.entities.map((e) => ({ key: e.key, at: at(e.key) })).filter((e) => e.at !== Infinity);
  named.sort((a, b) => a.at - b.at || b.key.length - a.key.length);
  return named[0]?.key ?? null;
}

export function readWithdrawal(sentence: Sentence, reading: Reading): Withdrawal {
  const key = namedEntity(sentence.tokens, reading);
  return { text: words(sentence), key, verb: key ? stoppedAction(sentence.tokens) : null };
}

/** The clauses a withdrawal takes away: those about its record, and — for one action — those doing that action. */
export function withdrawnClauses(reading: Reading, withdrawals: readonly Withdrawal[]): Set<number> {
  const gone = new Set<number>();
  const named = (i: number) => reading.mentions.filter((m) => m.clause === i && m.key && ABOUT.has(m.role)).map((m) => m.key as string);
  let previous: { sentence: number; about: string[] } | null = null;
  reading.clauses.forEach((clause, i) => {
    // "borrow tools and return them": the pronoun stands for what the clause before it in the sentence was about.
    const carried = clause.pronounObject && previous?.sentence === clause.sentence ? previous.about : [];
    const about = new Set([...named(i), ...carried]);
    if (withdrawals.some((w) => w.key !== null && about.has(w.key) && (w.verb === null || clause.verbs.includes(w.verb)))) gone.add(i);
    previous = { sentence: clause.sentence, about: [...about] };
  });
  return gone;
}

/**
 * The records a withdrawal takes away: the one it names when it names no action, or when no clause left is about it
 * (nobody writes reviews any more, so there are none to keep).
 */
export function withdrawnEntities(reading: Reading, withdrawals: readonly Withdrawal[], gone: ReadonlySet<number>): Set<string> {
  const left = new Set(reading.mentions.filter((m) => !gone.has(m.clause) && m.key && ABOUT.has(m.role)).map((m) => m.key as string));
  return new Set(withdrawals.filter((w) => w.key !== null && (w.verb === null || !left.has(w.key))).map((w) => w.key as string));
}

/** The reading without the clauses and records taken away; the clauses' mentions follow their new places. */
export function withoutWithdrawn(reading: Reading, clauses: ReadonlySet<number>, entities: ReadonlySet<string>): Reading {
  const place = new Map<number, number>();
  reading.clauses.forEach((_, i) => {
    if (!clauses.has(i)) place.set(i, place.size);
  });
  const names = new Set(reading.entities.filter((e) => entities.has(e.key)).map((e) => e.name));
  const pointsAtGone = (field: string) => [...names].some((n) => field === n || field === `${n}Id` || field === `${n}Ids`);
  return {
    ...reading,
    clauses: reading.clauses.filter((_, i) => !clauses.has(i)),
    mentions: reading.mentions.filter((m) => !clauses.has(m.clause) && !(m.key && entities.has(m.key))).map((m) => ({ ...m, clause: place.get(m.clause) as number })),
    entities: reading.entities.filter((e) => !entities.has(e.key)).map((e) => ({ ...e, fields: e.fields.filter((f) => !pointsAtGone(f.name)) })),
  };
}
