import nlp from 'compromise';
import pluralize from 'pluralize';
import { PERMISSION_VERBS, PERSON_NOUNS, isKnownVerb } from './lexicon';

export type Pos = 'noun' | 'verb' | 'aux' | 'adj' | 'adv' | 'det' | 'prep' | 'conj' | 'pron' | 'num' | 'other';

/** Verbs that say what an act costs or takes ("returning late costs a day"): a closed class of English. */
const STATING_VERBS = new Set(['costs', 'takes', 'lasts', 'needs', 'requires', 'earns', 'gives', 'adds', 'counts']);
/** Words that open a clause inside a sentence ("a platform where hikers share …"). */
const SUBORDINATORS = new Set(['where', 'when', 'who', 'which', 'that', 'whose', 'while', 'if', 'so', 'because', 'then']);

/** One word of a requirement with the part of speech the reader settled on. */
export interface Token {
  text: string;
  lower: string;
  /** Singular for nouns, infinitive for verbs, the lower-case word otherwise. */
  root: string;
  pos: Pos;
  plural: boolean;
  /** compromise tagged the word as a person (Actor). */
  actor: boolean;
  /** compromise was unsure between noun and verb for this word. */
  ambiguous: boolean;
  /** The ambiguity is between a plural noun and a verb ("prices", "updates"). */
  pluralForm: boolean;
  /** compromise was unsure whether this word is a verb (as a noun or as an adjective). */
  verbLike: boolean;
  possessive: boolean;
  /** A name (Uber, London, Monday): never a kind of record. */
  proper: boolean;
  gerund: boolean;
  participle: boolean;
  particle: boolean;
  /** Punctuation written right after the word; it bounds clauses and lists. */
  punct: string;
}

export interface Sentence {
  tokens: Token[];
}

interface CompromiseTerm {
  text: string;
  post: string;
  tags: string[];
  normal: string;
  root?: string;
  switch?: string;
}

interface CompromiseSentence {
  terms: CompromiseTerm[];
}

/** Words whose "'s" is "is" or "has", or a pronoun's own possessive: a closed class of English. */
const CONTRACTING_WORDS = new Set(['it', 'he', 'she', 'that', 'what', 'there', 'here', 'who', 'let', 'where', 'how', 'one', 'someone', 'everyone', 'anyone']);

/** "an adult's name": compromise may tag a common noun's possessive as a pronoun. */
const isNounPossessive = (term: CompromiseTerm): boolean => /^[a-z][a-z-]*'s$/i.test(term.text) && !CONTRACTING_WORDS.has(term.normal.replace(/'s$/, ''));

function posOf(tags: ReadonlySet<string>): Pos {
  if (tags.has('Pronoun') || (tags.has('Possessive') && !tags.has('Singular') && !tags.has('Plural'))) return 'pron';
  if (tags.has('Determiner')) return 'det';
  if (tags.has('Preposition')) return 'prep';
  if (tags.has('Conjunction') || tags.has('QuestionWord')) return 'conj';
  if (tags.has('Modal') || tags.has('Auxiliary') || tags.has('Copula')) return 'aux';
  if (tags.has('Particle')) return 'adv';
  if (tags.has('Verb')) return 'verb';
  if (tags.has('Value')) return 'num';
  if (tags.has('Noun')) return 'noun';
  if (tags.has('Adjective')) return 'adj';
  if (tags.has('Adverb')) return 'adv';
  return 'other';
}

function verbRoot(word: string): string {
  const doc = nlp(word);
  doc.tag('Verb');
  return doc.verbs().toInfinitive().text().toLowerCase() || word.toLowerCase();
}

function nounRoot(word: string): string {
  // Acronyms take a plain "s" ("SKUs", "APIs") that pluralize does not know about.
  if (/^[A-Z0-9]{2,}s$/.test(word)) return word.slice(0, -1).toLowerCase();
  return pluralize.singular(word.toLowerCase());
}

function toToken(term: CompromiseTerm): Token {
  const tags = new Set(term.tags);
  const lower = term.normal.replace(/'s$/, '');
  // An article is an article, whatever the tagger made of "an abstract".
  const pos = /^(?:a|an|the)$/.test(lower) ? 'det' : isNounPossessive(term) ? 'noun' : posOf(tags);
  const token: Token = {
    text: term.text,
    lower,
    root: lower,
    pos,
    plural: tags.has('Plural'),
    actor: tags.has('Actor'),
    ambiguous: Boolean(term.switch && /Verb/.test(term.switch) && /Noun|Plural/.test(term.switch)),
    pluralForm: Boolean(term.switch?.startsWith('Plural')),
    verbLike: Boolean(term.switch && /Verb|Present|Past/.test(term.switch)),
    possessive: (tags.has('Possessive') || isNounPossessive(term)) && pos === 'noun',
    proper: tags.has('ProperNoun') || tags.has('Organization') || tags.has('Place') || tags.has('Person'),
    gerund: tags.has('Gerund'),
    participle: tags.has('PastTense') || tags.has('Participle'),
    particle: tags.has('Particle'),
    // "yard - weigh-in desk": a dash with spaces around it parts two phrases; only one written inside a word joins.
    punct: /\s[-–—]+\s/.test(term.post) ? ',' : term.post.replace(/[\s"'”’)\]]/g, '').slice(0, 1),
  };
  token.root = pos === 'noun' ? nounRoot(term.text.replace(/'s$/, '')) : pos === 'verb' ? (term.root ?? verbRoot(lower)) : lower;
  return token;
}

/**
 * A hyphen joins two words into one ("drop-off", "part-time", "no-show"): neither half is a thing of its own. The
 * compound is a noun when its last word is one or a particle ("drop-off"), else it takes the last word's part of
 * speech. A number before a hyphen ("30-minute") is a quantity of the word after it and stays apart.
 */
function joinCompounds(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    const last = out[out.length - 1];
    if (!last || last.punct !== '-' || last.pos === 'num' || /^\d/.test(last.text)) {
      // "a three-seat canoe", "a 4-wheel trailer": after a number and a hyphen, a word is what is counted, no act.
      if (last?.punct === '-' && (last.pos === 'num' || /^\d/.test(last.text)) && t.pos === 'verb') makeNoun(t);
      out.push(t);
      continue;
    }
    const noun = t.pos === 'noun' || t.particle || t.pos === 'other' || (last.pos === 'noun' && t.pos !== 'adj');
    const text = `${last.text}-${t.text}`;
    out[out.length - 1] = {
      ...t,
      text,
      lower: `${last.lower}-${t.lower}`,
      root: noun ? nounRoot(text) : `${last.lower}-${t.root}`,
      pos: noun ? 'noun' : t.pos,
      ambiguous: false,
      pluralForm: false,
      verbLike: false,
      proper: false,
    };
  }
  return out;
}

/** Determiners that open a noun phrase: closed class. */
const ARTICLE_DETERMINERS = new Set(['a', 'an', 'the', 'each', 'every', 'any', 'all', 'some', 'its', 'their', 'his', 'her']);
/** Object pronouns and the particles that finish a phrasal verb after them ("hand it back", "give them out"): closed classes. */
const OBJECT_PRONOUNS = new Set(['it', 'them', 'him', 'her', 'me', 'us', 'you']);
/** Words that say where without a determiner ("go home", "work abroad"): closed class. */
const PLACE_ADVERBS = new Set(['home', 'abroad', 'overseas', 'downtown', 'upstairs', 'downstairs', 'indoors', 'outdoors', 'online', 'offline']);
const PARTICLE_WORDS = new Set(['back', 'out', 'up', 'off', 'down', 'over', 'away', 'in', 'on']);
/** Participles that list the details a thing comes with ("a request giving the address"): a closed class of English. */
export const DETAILING_PARTICIPLES = new Set(['giving', 'stating', 'naming', 'listing', 'specifying', 'including', 'showing']);
/** Fixed phrases of a preposition and a bare noun that say how or when ("booked in advance", "paid in full"): idioms of English. */
const ADVERBIAL_IDIOMS = new Set(['in advance', 'in person', 'in full', 'in time', 'on time', 'in cash', 'in bulk', 'in writing', 'by hand', 'on foot', 'at once', 'on site', 'in stock', 'on hold', 'on duty']);

function makeNoun(token: Token): void {
  token.pos = 'noun';
  token.plural = /[^s]s$/.test(token.lower) || token.plural;
  token.root = nounRoot(token.text);
}

function makeVerb(token: Token): void {
  token.pos = 'verb';
  token.root = verbRoot(token.lower);
}

/** Where the list or clause holding token i starts: after the last ":" or ";" before it. */
function segmentStart(tokens: Token[], i: number): number {
  return tokens.slice(0, i).map((x) => x.punct === ':' || x.punct === ';').lastIndexOf(true) + 1;
}

/** Verbs of beginning, going on and ending, which take an action as their object: a closed class of English. */
const ASPECT_VERBS = new Set(['start', 'begin', 'stop', 'keep', 'continue', 'finish', 'quit', 'resume', 'avoid', 'cease']);

/**
 * compromise tags words like "prices" or "updates" as verbs in noun lists and headline-style text, and marks them
 * as ambiguous. These rules settle them from their neighbours, the way a reader would.
 */
function settleAmbiguousWords(tokens: Token[]): void {
  settleNotes(tokens);
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    // "after bidding closes": a gerund followed by a last "-s" word is a subject and its verb.
    const verbEnding = next !== undefined && (next.pluralForm || (next.pos === 'verb' && /[^s]s$/.test(next.lower)));
    if (t.gerund && t.pos === 'verb' && t.punct === '' && verbEnding && (next.punct !== '' || !tokens[i + 2])) {
      makeNoun(t);
      makeVerb(next);
    }
  });
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if (!(t.participle || t.gerund) || t.pos !== 'verb' || t.punct !== '' || !next) return;
    if (next.pos !== 'noun' && !next.ambiguous) return;
    // A gerund inside a noun compound is a noun: "bike sharing service", "flight booking API".
    if (t.gerund && prev?.pos === 'noun' && prev.punct === '') return makeNoun(t);
    // A participle or gerund opening a noun phrase modifies it: "approved claims", "waiting room".
    if (!prev || prev.punct !== '' || ['det', 'adj', 'conj', 'prep'].includes(prev.pos)) t.pos = 'adj';
    // So does a gerund before a plural noun as a verb's object ("add shopping lists"), unless the verb is one that
    // takes an action ("stop sending reminders").
    else if (t.gerund && prev.pos === 'verb' && !ASPECT_VERBS.has(prev.root) && next.pos === 'noun' && next.plural) makeNoun(t);
  });
  // "each boat is …": between a determiner and "is" only a noun can stand, however sure the tagger is of a verb; so
  // after a number, before a preposition or the clause's end ("book one boat for an hour").
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if (t.pos !== 'verb' || !prev || prev.punct !== '') return;
    const named = prev.pos === 'det' && t.punct === '' && next?.pos === 'aux' && /^(?:is|are|was|were)$/.test(next.lower);
    // A verb's own forms after a number still act: "60 depending on size", "a fee of 15 applies".
    const plain = !t.gerund && !t.participle && !/s$/.test(t.lower);
    const counted = prev.pos === 'num' && plain && (t.punct !== '' || !next || next.pos === 'prep');
    if (named || counted) makeNoun(t);
  });
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if (t.pos !== 'verb' || !t.ambiguous) return;
    const boundary = t.punct !== '' || !next;
    // "prices" may be a noun before a preposition ("prices for adults"); "comment" before one is a verb ("comment on").
    const noObject = boundary || next.pos === 'conj' || (t.pluralForm && next.pos === 'prep');
    // After a determiner, adjective, possessive or preposition only a noun can follow: "by dates", "the support".
    if (prev && prev.punct === '' && !/^(?:else|otherwise)$/.test(prev.lower) && (['det', 'adj'].includes(prev.pos) || (prev.pos === 'prep' && prev.lower !== 'to')))
      return makeNoun(t);
    if (prev?.pos === 'pron' && /^(my|your|his|her|its|our|their)$/.test(prev.lower)) return makeNoun(t);
    // Coordinated with a noun and taking no object: "sizes and prices", "books and loans".
    if (prev?.pos === 'conj' && tokens[i - 2]?.pos === 'noun' && noObject) return makeNoun(t);
    if (prev?.punct === ',' && prev.pos === 'noun' && noObject) return makeNoun(t);
    // "a shift: early, late or night": the first of the words a noun's colon lists is one more noun.
    if (prev?.punct === ':' && prev.pos === 'noun' && t.punct === ',') return makeNoun(t);
    // The last word of a noun compound: "claim status updates", "monthly rainfall totals by region".
    const compoundEnd = prev?.pos === 'noun' && prev.punct === '' && !prev.actor && !PERSON_NOUNS.has(prev.root);
    // "apply for parking permits online": a place adverb after it closes the compound as well.
    const closes = boundary || next.pos === 'prep' || PLACE_ADVERBS.has(next.lower);
    if (compoundEnd && t.pluralForm && closes) return makeNoun(t);
    // In a list of features with no verb yet, a noun-or-verb word before a plural noun modifies it: "audit records".
    const verbBefore = tokens.slice(segmentStart(tokens, i), i).some((x) => x.pos === 'verb');
    const opensPhrase = !prev || prev.punct !== '' || prev.pos === 'conj';
    if (!verbBefore && opensPhrase && next && t.punct === '' && next.plural && (next.pos === 'noun' || next.ambiguous))
      if (!PERSON_NOUNS.has(nounRoot(t.lower))) return makeNoun(t);
  });
  settleClauseOpenings(tokens);
  settleCoordinatedVerbs(tokens);
}

/**
 * Terse notes drop articles, and the tagger reads their nouns as verbs: "only admin can add …" (a word before a modal is
 * its subject), "price 25 per hour" (a word opening a line before a bare number is what the number is), "size: small,
 * medium or large" (a word before a colon, and the last of the words it lists, are nouns).
 */
function settleNotes(tokens: Token[]): void {
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    // "…, else refuse": after "else" or "otherwise" comes what is done instead.
    if (t.pos === 'noun' && /^(?:else|otherwise)$/.test(prev?.lower ?? '') && (isKnownVerb(t.lower) || nlp(`we ${t.lower}`).has('#Verb'))) return makeVerb(t);
    if (t.pos === 'other' && /^[a-z-]+$/i.test(t.lower) && t.punct === ':') return makeNoun(t);
    if (t.pos !== 'verb' || (t.punct !== '' && t.punct !== '.')) return;
    if (next?.pos === 'aux' && /^(?:can|may|must|shall|should|will)$/.test(next.lower) && (!prev || prev.lower === 'only')) return makeNoun(t);
    if (i === 0 && next?.pos === 'num' && next.punct === '' && (!tokens[2] || tokens[2].pos === 'prep')) return makeNoun(t);
    const opened = tokens.findIndex((x) => x.punct === ':');
    const listed = opened >= 0 && opened < i - 1 && tokens.slice(opened + 1, i).every((x) => x.pos === 'noun' || (x.pos === 'conj' && /^(?:or|and)$/.test(x.lower)));
    if (listed && prev?.pos === 'conj' && (!next || t.punct !== '')) makeNoun(t);
  });
}

/**
 * Compound names over a text that the tagger reads as a clause: "Help desk for a school", "Community garden plots".
 * A verb this vocabulary does not know, opening on a singular noun with no determiner, is the first word of the name;
 * so is a base-form verb after a singular noun that is no person at the start, for "community garden" cannot mean
 * that a community gardens.
 */
function settleTitleCompounds(tokens: Token[]): void {
  const [first, second, third] = tokens;
  if (!first || !second || first.punct !== '') return;
  // "Garden tool sharing between neighbours": a gerund may end the name before its preposition.
  const gerundEnds = third !== undefined && /ing$/.test(third.lower) && (third.punct !== '' || !tokens[3] || tokens[3].pos === 'prep');
  const closes = !third || second.punct !== '' || third.pos === 'prep' || gerundEnds;
  if (first.pos === 'verb' && !isKnownVerb(first.lower) && second.pos === 'noun' && !second.plural && closes) return makeNoun(first);
  const baseForm = second.pos === 'verb' && !isKnownVerb(second.lower) && !/(?:s|ing)$/.test(second.lower) && second.punct === '';
  // "Village show raffle.": a singular noun that ends the line ends the name too.
  const ends = !third || third.pos === 'prep' || (third.pos === 'noun' && (third.plural || (third.punct !== '' && !tokens[3])));
  if (first.pos === 'noun' && !first.plural && !isPersonWord(first) && baseForm && ends) makeNoun(second);
}

/**
 * "upload photos and tag friends": a noun-or-verb word after "and" that takes an object of its own is a verb; so is
 * one after "or"/"and" that a particle follows, in a clause that has a verb ("sign up for shifts or drop out").
 */
function settleCoordinatedVerbs(tokens: Token[]): void {
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    const phrasal = t.pos === 'noun' && !t.plural && prev?.pos === 'conj' && next?.particle === true && t.punct === '' && tokens.slice(0, i).some((x) => x.pos === 'verb');
    if (phrasal && isKnownVerb(t.lower)) return makeVerb(t);
    if (t.pos !== 'noun' || !t.ambiguous || t.plural || !next || t.punct !== '') return;
    // "order pine or spruce planks": a bare singular noun right after the verb names a kind, and so does the word after "or".
    const afterNounList = prev?.pos === 'conj' && tokens[i - 2]?.pos === 'noun' && kindListStart(tokens, i - 2) === undefined;
    // "… and resolve or close them": coordinated with a verb that takes the object, it takes it too.
    const objectAfter = ['det', 'pron'].includes(tokens[i + 3]?.pos ?? '');
    const sharesObject = next.pos === 'conj' && ['or', 'and'].includes(next.lower) && tokens[i + 2]?.pos === 'verb' && objectAfter;
    const takesObject = next.pos === 'det' || next.pos === 'pron' || (next.pos === 'noun' && next.plural) || sharesObject;
    const clauseHasVerb = tokens.slice(0, i).some((x) => x.pos === 'verb');
    if (afterNounList && takesObject && clauseHasVerb) makeVerb(t);
  });
}

/**
 * "order pine, oak or spruce planks", "book weekly cello or drum classes": bare singular nouns listed right after a verb
 * (adjectives may stand between) name kinds of the thing after them. The index of the first, when the noun at `last` ends
 * such a list.
 */
export function kindListStart(tokens: readonly Token[], last: number): number | undefined {
  const noun = tokens[last];
  if (noun?.pos !== 'noun' || noun.plural) return undefined;
  let first = last;
  while (tokens[first - 1]?.pos === 'noun' && tokens[first - 1].punct === ',' && !tokens[first - 1].plural) first -= 1;
  let opening = first - 1;
  while (tokens[opening]?.pos === 'adj' && tokens[opening].punct === '') opening -= 1;
  return opening < 0 || tokens[opening].pos === 'verb' ? first : undefined;
}

const opensClause = (tokens: Token[], i: number): boolean => {
  const prev = tokens[i - 1];
  if (!prev || prev.punct !== '') return true;
  return prev.pos === 'conj' && (SUBORDINATORS.has(prev.lower) || (tokens[i - 2]?.punct ?? ',') !== '');
};

const canBeVerb = (t: Token): boolean => t.pos === 'verb' || t.verbLike || isKnownVerb(t.lower);
const opensNounPhrase = (t: Token | undefined): boolean => t !== undefined && ['det', 'noun', 'adj', 'num', 'pron'].includes(t.pos);
const isPersonWord = (t: Token): boolean => t.actor || PERSON_NOUNS.has(nounRoot(t.lower));

/**
 * Clause-level readings compromise misses in lists of clauses: "…, and finance audits accounts" (a person word
 * read as a verb), "staff approve applications" (a verb read as a noun), "…, mark tasks as done" (a verb opening
 * a clause after an earlier one), "add tasks" (a plural noun read as a verb).
 */
function settleClauseOpenings(tokens: Token[]): void {
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if (!next || t.punct !== '') return;
    // "cooks also add recipes": an adverb may stand between the subject and its verb, unless it is the verb read as
    // an adverb ("agents close tickets").
    const adverb = next.pos === 'adv' && next.punct === '' && tokens[i + 2] !== undefined && !isKnownVerb(next.lower);
    const verbAt = adverb ? (tokens[i + 2] as Token) : next;
    // "game masters mark bookings": a noun may name the kind of person first; "let facilities staff mark …" after a
    // verb that grants the act, a plural one too.
    const granted = PERMISSION_VERBS.has(tokens[i - 2]?.lower ?? '') && tokens[i - 2]?.punct === '';
    const opens = opensClause(tokens, i) || (prev?.pos === 'noun' && prev.punct === '' && (!prev.plural || granted) && (opensClause(tokens, i - 1) || granted));
    if (opens && isPersonWord(t) && (t.plural || t.ambiguous || t.pos === 'verb') && canBeVerb(verbAt)) {
      if (t.pos === 'verb' || verbAt.pos !== 'verb') {
        makeNoun(t);
        makeVerb(verbAt);
      }
      return;
    }
    const earlierVerb = tokens.slice(segmentStart(tokens, i), i).some((x) => x.pos === 'verb');
    const objectFollows = opensNounPhrase(next) || (next.pos === 'verb' && /[^s]s$/.test(next.lower));
    if (opensClause(tokens, i) && earlierVerb && t.pos === 'noun' && !t.plural && isKnownVerb(t.lower) && objectFollows) {
      return makeVerb(t);
    }
    // "a shop where mechanics log repairs": after a subordinator, a plural noun ("mechanics", whatever the tagger says of
    // the science) is a subject, and a known verb after it, with an object of its own, is its verb. A subject read as a
    // verb ("where tailors log fittings") is the noun it also is.
    const subordinated = SUBORDINATORS.has(tokens[i - 2]?.lower ?? '') && ['noun', 'verb'].includes(prev?.pos ?? '') && (prev.plural || /[^s]s$/.test(prev.lower)) && prev.punct === '';
    const takesObject = opensNounPhrase(next) && (next.pos !== 'noun' || next.plural);
    if (subordinated && t.pos === 'noun' && !t.plural && isKnownVerb(t.lower) && takesObject) {
      if (prev.pos === 'verb') makeNoun(prev);
      return makeVerb(t);
    }
    // "to track leads": after "to", a word that may be a verb and takes an object is one.
    if (prev?.lower === 'to' && prev.pos === 'conj' && t.pos === 'noun' && (t.ambiguous || isKnownVerb(t.lower)) && opensNounPhrase(next))
      makeVerb(t);
  });
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    // "add tasks", "delete tasks": an -s word right after a verb is its object.
    const objectOfVerb = prev?.pos === 'verb' && prev.punct === '' && !prev.particle && !prev.gerund;
    if (t.pos === 'verb' && objectOfVerb && /[^s]s$/.test(t.lower)) makeNoun(t);
    // "writes off broken casks": an adjective may stand between the verb (or its particle) and its object.
    const describedObject = prev?.pos === 'adj' && prev.punct === '' && (tokens[i - 2]?.pos === 'verb' || tokens[i - 2]?.particle === true) && tokens[i - 2]?.punct === '';
    if (t.pos === 'verb' && describedObject && /[^s]s$/.test(t.lower) && (t.punct !== '' || !next || ['prep', 'conj'].includes(next.pos))) makeNoun(t);
    // "needs 2 volunteers": a number counts the -s word after it ("a fee of 15 applies" is the clause's verb).
    // After "of", a person word is still counted: "a maximum of 30 volunteers".
    if (t.pos === 'verb' && prev?.pos === 'num' && (tokens[i - 2]?.pos !== 'prep' || isPersonWord(t)) && /[^s]s$/.test(t.lower)) makeNoun(t);
    // "check out cameras and microphones for 3 days": an -s word after "and" and a plural object, with nothing after it
    // but a preposition, is one more of the objects.
    const listed = prev?.pos === 'conj' && tokens[i - 2]?.pos === 'noun' && tokens[i - 2].plural && tokens.slice(0, i - 2).some((x) => x.pos === 'verb');
    if (t.pos === 'verb' && listed && /[^s]s$/.test(t.lower) && (!next || t.punct !== '' || next.pos === 'prep')) makeNoun(t);
    // "with its frame number, purchase date and a photo": in a list of details "with" opened, a word before a noun that
    // ends the item is the first half of a compound name.
    const endsItem = next?.pos === 'noun' && (next.punct !== '' || ['conj', 'prep'].includes(tokens[i + 2]?.pos ?? 'conj'));
    const inDetails = (): boolean => {
      const before = tokens.slice(0, i);
      return before.map((x) => x.lower).lastIndexOf('with') > before.map((x) => x.pos).lastIndexOf('verb');
    };
    if (t.pos === 'verb' && prev?.punct === ',' && prev.pos === 'noun' && endsItem && t.punct === '' && inDetails()) makeNoun(t);
    // "a tenant who does not pay within a week of the flat being let forfeits the deposit": after a relative clause
    // ending on a participle, an -s word before an article is the main clause's verb.
    const relative = (): boolean => tokens.slice(0, i).some((x) => /^(?:who|that|which)$/.test(x.lower));
    if (t.pos === 'noun' && /[^s]s$/.test(t.lower) && prev?.pos === 'verb' && (prev.participle || /^(?:being|been)$/.test(tokens[i - 2]?.lower ?? '')) && next?.pos === 'det' && ARTICLE_DETERMINERS.has(next.lower) && relative()) makeVerb(t);
    // "need police reference number": between a verb's first noun and another, a word read as a verb is a compound's.
    if (t.pos === 'verb' && t.punct === '' && prev?.pos === 'noun' && prev.punct === '' && next?.pos === 'noun' && tokens[i - 2]?.pos === 'verb' && tokens[i - 2].punct === '' && !tokens[i - 2].participle && !tokens[i - 2].gerund) makeNoun(t);
    // "a mark of 50 or more passes": the -s word closing "or more" is what the threshold does.
    const threshold = /^(?:more|higher|above|over|better|less|fewer|lower|below)$/.test(prev?.lower ?? '') && tokens[i - 2]?.lower === 'or';
    if (t.pos === 'noun' && threshold && /[^s]s$/.test(t.lower) && (t.punct !== '' || !next)) makeVerb(t);
    // "with the dose and the number of repeats allowed": a participle ending an item of that list describes it.
    if (t.pos === 'verb' && t.participle && /ed$/.test(t.lower) && prev?.pos === 'noun' && (t.punct !== '' || !next) && inDetails()) t.pos = 'adj';
    // "book cello, flute or drum classes": after a list of kinds, the last kind before the thing they are kinds of.
    const lastKind = prev?.pos === 'conj' && /^(?:or|and)$/.test(prev.lower) && kindListStart(tokens, i - 2) !== undefined;
    if (t.pos === 'verb' && lastKind && t.punct === '' && next?.plural && (next.pos === 'noun' || next.ambiguous)) makeNoun(t);
    // "order pine or spruce planks in …": after a verb, two nouns joined by "or"/"and" and an -s word with nothing after
    // it but a preposition are the kinds of one thing, named last.
    const kinds = prev?.pos === 'noun' && !prev.plural && prev.punct === '' && tokens[i - 2]?.pos === 'conj' && tokens[i - 3]?.pos === 'noun' && !tokens[i - 3].plural && tokens.slice(0, i - 3).some((x) => x.pos === 'verb');
    const preposition = next !== undefined && (next.pos === 'prep' || /^(?:in|on|at|for|from|with|by|of)$/.test(next.lower));
    if (t.pos === 'verb' && kinds && /[^s]s$/.test(t.lower) && (!next || t.punct !== '' || preposition)) makeNoun(t);
    // "the librarian catalogues each score": a noun phrase is not followed by a determiner, a verb's object is.
    // So is a count: "a resident holds 2 permits", "each day needs 2 volunteers" (the person word may have been read as
    // an adjective).
    const subjectWord = prev?.pos === 'noun' || (prev?.pos === 'adj' && isPersonWord(prev));
    // "a confirmed booking needs a deposit": adjectives may stand between the determiner and the subject.
    let opener = i - 2;
    while (tokens[opener]?.pos === 'adj' && tokens[opener].punct === '') opener -= 1;
    const afterSubject = subjectWord && prev.punct === '' && !prev.plural && !prev.possessive && tokens[opener]?.pos === 'det';
    // "the venue seats between 40 and 120 guests": a range of a count follows a verb too.
    const rangeNext = next?.lower === 'between' && tokens[i + 2]?.pos === 'num';
    const objectNext = (next?.pos === 'det' && ARTICLE_DETERMINERS.has(next.lower)) || next?.pos === 'num' || rangeNext;
    // "Collecting a parcel early costs 2": after a gerund's phrase, the first -s word before a count is the verb.
    const afterGerund = tokens[0]?.pos === 'verb' && tokens[0].lower.endsWith('ing') && !tokens.slice(1, i).some((x) => x.pos === 'verb' || x.punct !== '');
    if (t.pos === 'noun' && (afterSubject || (afterGerund && (isKnownVerb(t.lower.slice(0, -1)) || STATING_VERBS.has(t.lower)))) && /[^s]s$/.test(t.lower) && objectNext && t.punct === '') {
      makeVerb(t);
      if (prev.pos === 'adj' && afterSubject) makeNoun(prev);
    }
    // "Skating opens at 9", "Parking costs 2": after an activity that opens a sentence with no verb, the -s word that can
    // be a verb is its verb.
    const activity = i === 1 && prev !== undefined && /ing$/.test(prev.lower) && prev.punct === '' && prev.pos !== 'det';
    // Only the sentence's first clause is asked: "…, and a grower may not …" has a verb of its own.
    const verbless = (): boolean => !tokens.slice(0, tokens.findIndex((x) => x.punct !== '') + 1 || tokens.length).some((x) => x.pos === 'verb' || x.pos === 'aux');
    if (activity && t.pos === 'noun' && t.punct === '' && /[^s]s$/.test(t.lower) && (t.ambiguous || isKnownVerb(t.lower.slice(0, -1))) && verbless()) {
      makeNoun(prev);
      makeVerb(t);
    }
    // "Backers pledge an amount": a plain word that can be a verb, right after a plural subject that opens the sentence
    // and before an article, is the sentence's verb (a noun there would leave it none).
    // The conditions go from the cheapest to the tagger, asked only when all others hold.
    if (
      t.pos === 'noun' &&
      !t.plural &&
      t.punct === '' &&
      objectNext &&
      prev?.pos === 'noun' &&
      prev.plural &&
      prev.punct === '' &&
      tokens.slice(0, i - 1).every((x) => x.pos === 'adj' || x.pos === 'noun') &&
      verbless() &&
      (canBeVerb(t) || nlp(`they ${t.lower}`).has('#Verb'))
    ) {
      makeVerb(t);
    }
    // "Marks run from 0 to 100", "Inspectors close each case": an -s word opening a sentence is no command (commands take
    // the plain form), so before a plain word that can be a verb and a preposition, a number or a determiner, it is the
    // subject and the plain word its verb.
    const opensWithPlural = i === 1 && prev?.pos === 'verb' && /[^s]s$/.test(prev.lower) && prev.punct === '';
    const followed = t.pos === 'noun' ? ['prep', 'num', 'det'].includes(next?.pos ?? '') : ['adv', 'adj'].includes(t.pos) && next?.pos === 'det';
    if (opensWithPlural && followed && !t.plural && t.punct === '' && canBeVerb(t)) {
      makeNoun(prev);
      makeVerb(t);
    }
    // "A game ends as a win": the -s word after a determiner's one noun, before a preposition, is that noun's verb when
    // the clause has none yet.
    const afterOneNoun = prev?.pos === 'noun' && !prev.plural && prev.punct === '' && tokens[i - 2]?.pos === 'det' && i === 2;
    if (afterOneNoun && t.pos === 'noun' && t.ambiguous && /[^s]s$/.test(t.lower) && t.punct === '' && next?.pos === 'prep' && verbless() && nlp(`it ${t.lower}`).has('#Verb')) makeVerb(t);
    // "4 authorised adults", "the signed form": a participle between a determiner or number and a noun describes it.
    // "customers pre-order meals", "members re-book a court": a prefixed verb after its subject, acting on an object,
    // is that verb done again or ahead.
    const prefixed = /^(?:pre|re)-([a-z]+)$/.exec(t.lower);
    if (prefixed && isKnownVerb(verbRoot(prefixed[1])) && prev?.pos === 'noun' && prev.plural && t.punct === '' && opensNounPhrase(next)) {
      t.pos = 'verb';
      t.root = verbRoot(prefixed[1]);
    }
    // "past its best-before date": a word closing a phrase that a determiner opened is its noun, whatever else it can be.
    const opened = ['det', 'pron'].includes(tokens[i - 2]?.pos ?? '') && prev?.pos === 'noun' && /-/.test(prev.lower);
    if (t.pos === 'verb' && opened && (!next || t.punct !== '' || next.pos === 'prep' || next.pos === 'conj')) makeNoun(t);
    // "a drop-off address": right after an article, a verb-looking word names or describes a thing.
    if (t.pos === 'verb' && prev?.pos === 'det' && ARTICLE_DETERMINERS.has(prev.lower) && t.punct === '' && next?.pos === 'noun' && /-/.test(t.lower)) t.pos = 'adj';
    // So does one after "per": "per started 12 hours".
    const counts = (['det', 'num'].includes(prev?.pos ?? '') && next?.pos === 'noun') || (prev?.lower === 'per' && ['noun', 'num'].includes(next?.pos ?? ''));
    if (t.pos === 'verb' && /ed$/.test(t.lower) && counts && t.punct === '') t.pos = 'adj';
    // "take packets home": a place adverb with nothing that makes it a noun phrase.
    const owned = ['det', 'adj'].includes(prev?.pos ?? '') || prev?.possessive || (prev?.pos === 'pron' && !OBJECT_PRONOUNS.has(prev.lower));
    if (PLACE_ADVERBS.has(t.lower) && t.pos === 'noun' && !owned) t.pos = 'adv';
    // "proposals naming a target and a category", "a claim giving the loss date": a participle right after a noun that
    // lists what comes with it says "with".
    if (DETAILING_PARTICIPLES.has(t.lower) && prev?.pos === 'noun' && prev.punct === '' && ['det', 'pron'].includes(next?.pos ?? '')) {
      t.pos = 'prep';
      t.lower = 'with';
      t.root = 'with';
    }
    // "a lot of requests", "lots of members" say how many; "donated lots" at an auction are things.
    if ((t.lower === 'lot' || t.lower === 'lots') && next?.lower === 'of') {
      t.pos = 'adj';
      next.pos = 'adv';
    }
    // "booked in advance": an idiom says how or when, like an adverb; its preposition is no particle of the verb before it
    // and its noun is no thing.
    if (next && ADVERBIAL_IDIOMS.has(`${t.lower} ${next.lower}`)) {
      t.pos = 'adv';
      t.particle = false;
      next.pos = 'adv';
    }
    // "hand them back": after a verb and its pronoun object, a particle word finishes the verb.
    if (PARTICLE_WORDS.has(t.lower) && prev?.pos === 'pron' && OBJECT_PRONOUNS.has(prev.lower) && tokens[i - 2]?.pos === 'verb') {
      t.pos = 'adv';
      t.particle = true;
    }
    // "pick a favourite;": a determiner with no noun after it ends on a noun.
    if (t.pos === 'adj' && prev?.pos === 'det' && (t.punct !== '' || !next || ['prep', 'conj'].includes(next.pos))) makeNoun(t);
    // "assign them to developers": "to" before a noun phrase is a preposition.
    if (t.lower === 'to' && t.pos === 'conj' && opensNounPhrase(next) && next?.pos !== 'pron') t.pos = 'prep';
  });
}

const BULLET = /^\s*([-*•·‣▪–]|\d+[.)])\s+/;

/** The most words a line of notes has: a paragraph wrapped to a width has longer lines. */
const NOTE_WORDS = 10;

/**
 * Lines of terse notes ("max 500 kg per seller per day" over "payouts over 1000 go by transfer"): three or more short
 * lines, none ending where a sentence would go on (a comma, "and", "or"), each a sentence of its own.
 */
function isNotes(lines: readonly string[]): boolean {
  return (
    lines.length >= 3 &&
    lines.every((line) => line.trim().split(/\s+/).length <= NOTE_WORDS && !/(?:[,;:(]|\b(?:and|or|but|of|to|with|for|the|a|an))\s*$/i.test(line.trim()))
  );
}

/** Each bullet, and each paragraph, is read on its own; lines of one paragraph are joined, unless they are notes. */
function splitBullets(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const isBullet = (line: string): boolean => BULLET.test(line);
  const blocks: string[] = [];
  let current: string[] = [];
  const close = (): void => {
    if (isNotes(current)) blocks.push(...current);
    else if (current.length) blocks.push(current.join(' '));
    current = [];
  };
  for (const line of lines) {
    if (isBullet(line) || line.trim() === '') close();
    if (line.trim() !== '') current.push(line.replace(BULLET, ''));
  }
  close();
  return blocks;
}

/**
 * A unit written short ends its sentence when a capital follows ("at least 50 kg. A donor …"): compromise reads
 * the full stop as the abbreviation's. Units of measure are a closed class.
 */
const UNIT_STOP = /(?<=\b(?:kg|g|mg|lb|lbs|oz|km|m|cm|mm|mi|ft|in|ml|l|min|mins|hr|hrs|h|sec|secs|s)\.)\s+(?=[A-Z])/;

/**
 * "a priority (low, normal or urgent)." ends its sentence on the values of a detail in brackets, which the tagger drops:
 * said with a colon, the readers take them as values.
 */
const BRACKETED_VALUES = /\s*\(([^()]*?\b(?:or|and)\b[^()]*?)\)\s*(?=[.;]|$)/g;

/** "with …, a level (beginner, intermediate or advanced)" inside a sentence: a detail in a list, then its values in brackets. */
const MID_BRACKETS = /(\s*,|(?<=\b(?:with|and)))\s+((?:an?|the|its|their|each)\s+[a-z-]+(?:\s+[a-z-]+)?)\s*\((?!\s*(?:or|and|e\.g|i\.e)\b)([^()]*?\b(?:or|and)\b[^()]*?)\)(?!\s*(?:[.;]|$))/i;

/** A word, then a list of alternatives in brackets inside a sentence. */
const ASIDE_VALUES = /(?<=\b)((?:(?!(?:a|an|the|one|each|every|their|its|his|her|our|my|your|of|for|in|on|with|to)\b)[a-z-]+\s+)?[a-z-]+)\s*\(((?:[a-z-]+(?:\s+[a-z-]+)?,\s*)*[a-z-]+(?:\s+[a-z-]+)?,?\s+or\s+[a-z-]+(?:\s+[a-z-]+)?)\)(?!\s*(?:[.;!?]|$))/i;

/**
 * Values in brackets inside a sentence are moved to its end, said with a colon, as values at the end are read: "with a
 * date, a level (a, b or c) and a room" is read as "with a date and a room and a level: a, b or c".
 */
function moveBracketedValues(block: string): string {
  let text = block;
  for (let m = MID_BRACKETS.exec(text); m; m = MID_BRACKETS.exec(text)) {
    // The detail stays in its list, whatever ends the list ("…, its colour (…) and the bin it is kept in"); its values
    // are said after the sentence, of the detail's head word.
    const after = m.index + m[0].length;
    const end = after + text.slice(after).search(/[.!?;](?=\s|$)|$/);
    const detail = m[2].split(/\s+/).slice(1).join(' ');
    text = `${text.slice(0, after - (m[0].length - m[0].indexOf('(')))}${text.slice(after, end)}; the ${detail}: ${m[3]}${text.slice(end)}`;
  }
  // "apply for one shift (early, late or night) by …": anywhere else, the values are said after the sentence's last
  // clause, of the word they follow.
  for (let m = ASIDE_VALUES.exec(text); m; m = ASIDE_VALUES.exec(text)) {
    const after = m.index + m[0].length;
    const end = after + text.slice(after).search(/[.!?](?=\s|$)|$/);
    text = `${text.slice(0, m.index + m[1].length)}${text.slice(after, end)}; the ${m[1]}: ${m[2]}${text.slice(end)}`;
  }
  return text;
}

/** "size: small | medium | large": words set apart by bars, as terse notes list the values a detail takes. */
const BARRED_VALUES = /[a-z0-9-]+(?:\s*\|\s*[a-z0-9-]+)+/gi;

/** The barred values said as English does: "small, medium or large". */
const barsAsList = (block: string): string =>
  block.replace(/\bw\/o\b/gi, 'without').replace(/\bw\/(?=\s)/gi, 'with').replace(BARRED_VALUES, (list) => {
    const items = list.split(/\s*\|\s*/);
    return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
  });

/** "(music, traffic, animals, other)": values in brackets listed with commas alone are alternatives, as "or" says. */
const COMMA_VALUES = /\(\s*((?:[a-z-]+\s*,\s*){2,})([a-z-]+)\s*\)/gi;
const commaValuesAsAlternatives = (block: string): string => block.replace(COMMA_VALUES, (_all, listed: string, last: string) => `(${listed.replace(/\s*,\s*$/, '')} or ${last})`);

/** "put their names down for a shift" is the idiom for signing up for it: the name is the person's own, no thing kept. */
const NAME_DOWN = /\b(put|puts|putting)\s+(?:their|his|her|your|my|our)\s+names?\s+down\b/gi;
const idiomsAsVerbs = (block: string): string => block.replace(NAME_DOWN, (_all, put: string) => `${{ put: 'sign', puts: 'signs', putting: 'signing' }[put.toLowerCase()]} up`);

/** "draft -> sent -> paid": an arrow between states says where the one before goes to. */
const arrowsAsTo = (block: string): string => block.replace(/\s*(?:->|→|=>)\s*/g, ' to ');

/** "is one of: a, b or c" opens no list of its own: it is "one of a, b or c". */
const oneOfAsPhrase = (block: string): string => block.replace(/\b(one of):\s*/gi, '$1 ');

/** Bullets and paragraphs are sentences of their own even without a full stop. */
export function readSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  for (const block of splitBullets(text).flatMap((b) => b.split(UNIT_STOP).map((part) => moveBracketedValues(commaValuesAsAlternatives(barsAsList(idiomsAsVerbs(oneOfAsPhrase(arrowsAsTo(part)))))).replace(BRACKETED_VALUES, ': $1')))) {
    const doc = nlp(block);
    doc.compute('root');
    for (const s of doc.json() as CompromiseSentence[]) {
      const tokens = joinCompounds(s.terms.map(toToken).filter((t) => /[\p{L}\p{N}]/u.test(t.text)));
      if (tokens.length === 0) continue;
      settleAmbiguousWords(tokens);
      // Only the first line can be the name over the text: "- Sell produce at the market" is an act.
      if (sentences.length === 0) settleTitleCompounds(tokens);
      sentences.push({ tokens });
    }
  }
  return sentences;
}
