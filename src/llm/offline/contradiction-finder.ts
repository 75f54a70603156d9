import pluralize from 'pluralize';
import { PERSON_NOUNS } from './lexicon';
import { type Rule, ruleSlot, sameRule, wordRule } from './rule';

/**
 * A sentence that grants something to everyone or at any time. Quantifiers ("anyone", "everyone"), modal verbs and
 * adverbs of freedom ("whenever", "at any time", "without approval") are closed classes of English.
 */
const PERMITS = [
  /\b(?:anyone|everyone|everybody|anybody|any [a-z]+|all [a-z]+s)\b[^.;]*?\b(?:can|may|is free to|are free to)\b(?!\s+not)/,
  // "whenever they like" grants; "whenever snow has fallen, …" is a condition.
  /\b(?:whenever (?:[a-z]+ )?(?:like|likes|want|wants|wish|wishes|choose|chooses|please|pleases)|at any time|any time they|as often as|no commitment|without (?:an? |any )?[a-z]+)\b/,
  // "must always be able to sell a ticket, even after 150 have gone": a grant that holds past any bound.
  /\balways be able to\b[^.;]*\beven (?:after|when|if|once|though)\b/,
  // "stay as long as owners like", "borrow as many as they want", "with no time limit".
  /\bas (?:long|much|many|often) as (?:[a-z]+ )?(?:like|likes|want|wants|wish|wishes|need|needs)\b|\b(?:unlimited|no (?:time )?limit)\b/,
];
/**
 * A refusal or an "only" in the same sentence makes "without" a condition ("cannot book without a card"), not a grant;
 * a bound of its own ("any member can suggest up to 2 books", "stand for one post") makes it a limit.
 */
const REFUSES = /\b(?:cannot|can't|can not|may not|must not|mustn't|never|only|nobody|no one|up to|at most|no more than|a maximum of|(?:for|in|to|on|of) one)\b/;
/** A sentence that restricts: "only", obligations, prohibitions, negative quantifiers and bounds. */
const RESTRICTS = /\b(?:only|must|has to|have to|needs?|required?|requires|cannot|can't|may not|must not|nobody|no one|never|no longer|any more|anymore|at least|at most|no more than|approval|limited to|up to|maximum)\b/;
/** Function words and the modal vocabulary itself, which every rule shares and which say nothing of its topic. */
const FUNCTION_WORDS = new Set(
  `a an the and or but of for to in on at by with from as is are be been can may must might will shall should would
  could not no any every each all only need needs needed first their they them it its our your his her this that these
  those who which what when whenever time like with without before after there here than then also such some one
  anyone everyone everybody anybody nobody user users people person whoever commitment approval approved approve
  want able even more longer`.split(/\s+/),
);

/** A word by its first five letters, so that "edits" meets "edit" and "approval" meets "approved". */
const stem = (word: string): string => pluralize.singular(word).slice(0, 5);

/** A verb by its stem, whatever its form: "expires", "expired" and "expire" are one act. */
const verbStem = (word: string): string => word.replace(/(?:es|s|ed|ing)$/, '').replace(/e$/, '');

const wordsOf = (s: string): string[] => s.toLowerCase().match(/[a-z]+/g) ?? [];

/** The content words of a sentence, by their stems. */
function topics(sentence: string): Set<string> {
  const words = wordsOf(sentence);
  // The people a rule is about ("any member", "each member") are no topic: two rules of members' are about two acts.
  return new Set(words.filter((w) => w.length >= 4 && !FUNCTION_WORDS.has(w) && !PERSON_NOUNS.has(pluralize.singular(w))).map(stem));
}

/**
 * One way two sentences cannot both hold: for a sentence that can clash, the test a later or earlier one fails; for any
 * other sentence, nothing.
 */
type Clash = (a: string) => ((b: string) => boolean) | undefined;

const permits = (s: string): boolean => PERMITS.some((p) => p.test(s.toLowerCase())) && !REFUSES.test(s.toLowerCase());
const restricts = (s: string): boolean => RESTRICTS.test(s.toLowerCase());

/** "Anyone can book without approval" and "every booking must be approved": a free grant, and a restriction of it. */
const restrictedGrant: Clash = (a) => {
  if (!permits(a)) return undefined;
  const about = topics(a);
  return (b) => restricts(b) && !permits(b) && [...topics(b)].some((t) => about.has(t));
};

/** "Points never expire": nothing but the subject before "never" and nothing after its verb. */
const NEVER = /^(?:[a-z]+\s+){0,3}?((?:[a-z]+\s+){0,2}[a-z]+)\s+never\s+([a-z]+)$/;

/**
 * "Points never expire" and "points expire after a year": one sentence denies outright, of nothing more particular, what
 * another says its subject does.
 */
const deniedAct: Clash = (a) => {
  const m = NEVER.exec(a.toLowerCase());
  if (!m) return undefined;
  const subject = topics(m[1]);
  const verb = verbStem(m[2]);
  return (b) => {
    if (/\b(?:never|not|cannot|no)\b/.test(b.toLowerCase())) return false;
    const words = wordsOf(b);
    const at = words.findIndex((w) => verbStem(w) === verb);
    // The same subject, then the act: "points expire after …", not "… expired points".
    return at > 0 && words.slice(0, at).some((w) => subject.has(stem(w)));
  };
};

/** "Delivery is always free", with nothing after it that says for whom or when. */
const FREE = /\b(?:for free|free of charge|at no cost|costs? nothing|(?:is|are) (?:always )?free)$/;
/** An amount asked for: "costs 2.50", "a fee of 5", "3 per day". */
const PRICED = /\b(?:costs?|pays?|charged?)\s+\d|\bfee of\s+\d|\d+(?:\.\d+)?\s+(?:per|a|an)\s+[a-z]+/;

/** The state a sentence says its subject is in: "an approved claim", "a cancelled order". */
const STATED = /^(?:an?|the|each|every|any|all)\s+([a-z]+ed)\s+[a-z]+/;

/** "Delivery is always free" and "delivery costs 2.50 for small orders": a price for what the text calls free. */
const pricedAfterAll: Clash = (a) => {
  if (!FREE.test(a.toLowerCase())) return undefined;
  const about = topics(a);
  const state = STATED.exec(a.toLowerCase())?.[1];
  // "An approved claim is repaired free" and "a rejected claim costs 35" price two states of a claim.
  return (b) => {
    const other = STATED.exec(b.toLowerCase())?.[1];
    return PRICED.test(b.toLowerCase()) && [...topics(b)].some((t) => about.has(t)) && !(state && other && other !== state);
  };
};

/**
 * "Anyone can book without approval" and "every booking has to be approved": what a grant does without, another
 * sentence asks for.
 */
const wantedAfterAll: Clash = (a) => {
  const without = permits(a) ? /\bwithout (?:an? |any )?([a-z]+)/.exec(a.toLowerCase()) : null;
  if (!without) return undefined;
  const wanted = stem(without[1]);
  return (b) => restricts(b) && !permits(b) && wordsOf(b).some((w) => w.length >= 4 && stem(w) === wanted);
};

/** "Never need approval", "do not require a deposit", "no deposit is needed": a requirement waived outright. */
const WAIVED = /\b(?:never|do not|does not|don't|doesn't|will not|won't)\s+(?:need|needs|require|requires)\s+(?:an? |any )?([a-z]+)|\bno ([a-z]+) (?:is|are) (?:needed|required)\b/;

/** A number or a comparison picks some of the records out: comparatives are a closed class of English. */
const QUALIFIED = /\d|\b(?:short|shorter|long|longer|small|smaller|large|larger|big|bigger|more|fewer|less|over|under|above|below)\b/;

/** The kinds of people a sentence names ("members", "a guest"). */
const peopleOf = (s: string): Set<string> => new Set(wordsOf(s).map((w) => pluralize.singular(w)).filter((w) => PERSON_NOUNS.has(w)));

/**
 * "Bookings never need approval" and "every booking must be approved": what one sentence waives, another asks for.
 * "Members never need a deposit" beside "guests must pay a deposit" are two rules for two kinds of people.
 */
const waivedAfterAll: Clash = (a) => {
  const waived = WAIVED.exec(a.toLowerCase());
  if (!waived) return undefined;
  const wanted = stem(waived[1] ?? waived[2]);
  const people = peopleOf(a);
  return (b) => {
    const others = peopleOf(b);
    const apart = people.size > 0 && others.size > 0 && ![...others].some((p) => people.has(p));
    // "Short bookings do not require approval" beside "bookings longer than 4 hours must be approved": two kinds.
    const qualified = QUALIFIED.test(a.toLowerCase()) || QUALIFIED.test(b.toLowerCase());
    return !apart && !qualified && restricts(b) && !WAIVED.test(b.toLowerCase()) && wordsOf(b).some((w) => w.length >= 4 && stem(w) === wanted);
  };
};

/** "at least 40 hours a week", "no more than 30 hours in any week": an amount of something per period, bounded. */
const amountBound = (bound: string): RegExp =>
  new RegExp(`\\b(?:${bound})\\s+(\\d+(?:\\.\\d+)?)\\s+([a-z]+)\\s+(?:a|an|per|each|every|in\\s+(?:a|an|any|one|each|every))\\s+([a-z]+)`);
const LEAST_AMOUNT = amountBound('at least|no less than|not less than|a minimum of');
const MOST_AMOUNT = amountBound('at most|no more than|not more than|a maximum of|up to|more than');
const DENIED_BEFORE = /\b(?:no|not|never|cannot|can't|nobody|no one)\b/;
/** Who or what a sentence is said of: its first noun after a determiner ("every apprentice", "no apprentice"). */
const SUBJECT = /^(?:(?:every|each|a|an|no|the|any|all)\s+)?([a-z]+)/;

/**
 * "Every apprentice must work at least 40 hours a week" and "no apprentice may log more than 30 hours in any week":
 * two bounds on the same amount per period that nothing meets, said of the same people, whether or not either is built.
 */
const boundsApart: Clash = (a) => {
  const least = LEAST_AMOUNT.exec(a.toLowerCase());
  if (!least) return undefined;
  const [, amount, unit, period] = least;
  const same = (x: string, y: string): boolean => pluralize.singular(x) === pluralize.singular(y);
  const subject = SUBJECT.exec(a.toLowerCase())?.[1] ?? '';
  return (b) => {
    const lower = b.toLowerCase();
    const most = MOST_AMOUNT.exec(lower);
    // "more than 30" bounds only where the sentence denies it.
    if (!most || (/^more than/.test(most[0]) && !DENIED_BEFORE.test(lower.slice(0, most.index)))) return false;
    return same(SUBJECT.exec(lower)?.[1] ?? '', subject) && same(most[2], unit) && same(most[3], period) && Number(most[1]) < Number(amount);
  };
};

const CLASHES: readonly Clash[] = [restrictedGrant, deniedAct, wantedAfterAll, waivedAfterAll, pricedAfterAll, boundsApart];

/**
 * Pairs of sentences that cannot both hold: one grants something freely ("anyone can book without approval"), a
 * later or earlier one restricts the same thing ("every booking must be approved"). The text must say which wins.
 */
export function findContradictions(sentences: readonly string[]): [string, string][] {
  // Two rules can share a sentence ("leave the club whenever they want, but membership lasts a year at least").
  const parts = sentences
    .flatMap((s) => s.split(/\s*;\s*|,\s+(?:and|but)\s+|\s+but\s+/))
    .map((p) => p.trim().replace(/[.,;:!]+$/, ''))
    .filter((p) => p !== '');
  const pairs = CLASHES.flatMap((clash) =>
    parts.flatMap((a, i) => {
      const against = clash(a);
      return against ? parts.flatMap((b, j): [string, string][] => (j !== i && against(b) ? [i < j ? [a, b] : [b, a]] : [])) : [];
    }),
  );
  return pairs.filter((p, k) => pairs.findIndex((q) => q[0] === p[0] && q[1] === p[1]) === k);
}

type RangeRule = Extract<Rule, { kind: 'range' }>;

/** Ranges on the same value that no value satisfies together ("at least 1000" and "at most 500"). */
export function conflictingRanges(rules: readonly Rule[]): [RangeRule, RangeRule][] {
  const ranges = rules.filter((r): r is RangeRule => r.kind === 'range');
  const pairs: [RangeRule, RangeRule][] = [];
  ranges.forEach((a, i) => {
    for (const b of ranges.slice(i + 1)) {
      if (a.entity !== b.entity || a.field !== b.field || a.measure !== b.measure) continue;
      const min = Math.max(a.min ?? -Infinity, b.min ?? -Infinity);
      const max = Math.min(a.max ?? Infinity, b.max ?? Infinity);
      if (min > max) pairs.push([a, b]);
    }
  });
  return pairs;
}

/**
 * Rules, by the sentence each was read from, that set one thing to two values. Said twice in the requirements, the
 * pair cannot both hold and is asked about; said again from `amendmentsFrom` on (a change asked for after a round,
 * a person's answer), the later value replaces the earlier one, as a person changing their mind means.
 */
export function restatedRules(bySentence: readonly (readonly Rule[])[], amendmentsFrom: number): { replaced: Set<Rule>; clashes: [Rule, Rule][] } {
  const slotted = bySentence.flatMap((rules, sentence) => rules.map((rule) => ({ rule, sentence, slot: ruleSlot(rule) })));
  const replaced = new Set<Rule>();
  const clashes: [Rule, Rule][] = [];
  slotted.forEach((a, i) => {
    for (const b of slotted.slice(i + 1)) {
      if (a.slot === null || a.slot !== b.slot || sameRule(a.rule, b.rule)) continue;
      if (b.sentence >= amendmentsFrom) replaced.add(a.rule);
      else clashes.push([a.rule, b.rule]);
    }
  });
  return { replaced, clashes: clashes.filter(([a, b]) => !replaced.has(a) && !replaced.has(b)) };
}

/** How a person is shown two rules that cannot both hold: in the words of the criteria. */
export const ruleWords = (rule: Rule): string => wordRule(rule).replace(/^Rule:\s*/, '');
