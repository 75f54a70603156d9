import { CONDITION_WORDS, DESCRIBING_VERBS, GENERIC_NOUNS, isKnownVerb, MODALS, NON_RECORD_NOUNS, NUMBER_NOUNS, PERMISSION_VERBS, PERSON_NOUNS, PERSON_SUFFIX, POSSESSION_VERBS, PRODUCT_NOUNS, ROOM_VERBS, STATING_VERBS, TIME_NOUNS } from './lexicon';
import { DETAILING_PARTICIPLES, type Sentence, type Token, kindListStart } from './tokens';
import { infinitiveOf } from './verb-forms';

/** A noun phrase: "a billing and shipping address" gives two, "a number of berths" one with an `of`. */
export interface NounPhrase {
  /** Noun words, modifiers first and the head last ("trainer session"). */
  nouns: Token[];
  head: Token;
  /** Adjectives, numbers and quantity words before the nouns ("several", "48", "clinical"). */
  adjectives: string[];
  /** The preposition that introduced it ("with", "for", "by", "per" …). */
  preposition?: string;
  /** The phrase after "of" ("a number of berths", "a log of sensor readings"). */
  of?: NounPhrase;
  /** The owner in "a claim's status". */
  possessor?: NounPhrase;
  /** Right after a preposition with no determiner or modifier ("on file", "by card", "in person"): an idiom, not a thing. */
  bare?: boolean;
  /** A determiner opened it ("a", "the", "each"): a plain gerund without one names an activity ("parking is free"). */
  determined?: boolean;
  /** Its first noun is one of the kinds listed of its head ("pine or spruce planks"): a value, never a record. */
  kind?: boolean;
}

/**
 * - action: someone does something ("customers submit claims").
 * - item: a feature named without a verb ("audit records with findings" after a colon).
 * - heading: what the product is ("A podcast platform", "Create a museum archive system").
 * - condition: a qualifier of the clause before it ("when an inspection is overdue"); it tells fields, not stories.
 */
export type ClauseKind = 'action' | 'item' | 'heading' | 'condition';

export interface Clause {
  sentence: number;
  kind: ClauseKind;
  text: string;
  /** The person who acts, singular, as written ("ferry passenger"). */
  actor?: string;
  /** A subject that is not a person: what the clause is about ("claims move through …"). */
  subject?: NounPhrase;
  /** Infinitives, with their particle ("sign up"). */
  verbs: string[];
  /** The verbs as written, for story text ("accept or decline"). */
  verbText: string;
  /** What follows the verbs, as written. */
  rest: string;
  passive: boolean;
  /** The verb's object is a pronoun ("accept or decline them"): it stands for the last thing named. */
  pronounObject: boolean;
  phrases: NounPhrase[];
  /** Adjectives said of the subject ("lockers are free", "an inspection is overdue"). */
  predicates: string[];
  /** Texts of the condition clauses that qualify this one. */
  conditions: string[];
  /** For a condition: the word that opened it ("before", "when"). */
  opener?: string;
  /** "so that …" when the text gives the reason. */
  purpose?: string;
  /** The verbs are read from the states a record is set to ("mark it as attended"): actions, whatever verbs they are. */
  setsState?: boolean;
  /** The act whose state this clause's act follows ("…, then collected" after "mark it printed"). */
  after?: string;
}

const BE_FORMS = new Set(['be', 'is', 'are', 'was', 'were', 'been', 'being', 'am']);
const PASSIVE_AUXILIARIES = new Set([...BE_FORMS, 'get', 'gets', 'got']);
/** Verbs that only wrap the real action ("want to book", "need a report"). */
const WISH_VERBS = new Set(['want', 'need', 'wish', 'hope']);
/** Verbs that with "to" make a modal ("has to include", "needs to have"): a closed class of English. */
const MODAL_BEFORE_TO = new Set(['has', 'have', 'had', 'need', 'needs', 'ought', 'got', 'used']);
/** Verbs that wrap the action only when "to" follows ("have to sign in", "would like to book"). */
const WRAPPING_BEFORE_TO = new Set(['have', 'help', 'try', 'able', 'get', 'use', 'go', 'like', 'love', 'prefer']);
/** Verbs that set a record's state by naming it ("mark it done", "flag it as paid"): a closed class of English. */
const STATE_SETTING_VERBS = new Set(['mark', 'flag', 'declare']);
/** The particles a phrasal verb of a state ends on ("picked up", "checked in"): a closed class of English. */
const STATE_PARTICLES = new Set(['up', 'in', 'out', 'off', 'back', 'down', 'over']);
/** Verbs by which someone makes a record for themselves: their plural subject is a kind of participant. */
const AGENT_VERBS = new Set(['create', 'add', 'submit', 'send', 'post', 'publish', 'upload', 'request', 'order', 'book', 'reserve', 'register']);
const MAKING_VERBS = new Set(['build', 'create', 'make', 'develop', 'design', 'implement', 'write', 'set', 'give']);
/** Verbs by which a business says what it runs ("we run a site", "we operate a desk"): a closed class of English. */
const BUSINESS_VERBS = new Set(['run', 'operate', 'manage', 'own', 'have']);
const SUBJECT_PRONOUNS = new Set(['i', 'we', 'you', 'they', 'he', 'she']);
const OBJECT_PRONOUNS = new Set(['them', 'it', 'these', 'those', 'this', 'that']);
const RELATIVE_WORDS = new Set(['that', 'who', 'which', 'whose']);
const OPENING_CONJUNCTIONS = new Set(['and', 'or', 'but', 'then', 'also', 'so', 'plus', 'where', 'while']);
/** Determiners that pick one of many ("an application", "each project"), where "the application" may be the product. */
const INDEFINITE_DETERMINERS = new Set(['a', 'an', 'each', 'every', 'any', 'another']);
const QUANTITY_WORDS = new Set(['several', 'many', 'multiple', 'some', 'various', 'few', 'all', 'each', 'every']);
/** Prepositions that open a list the next chunks continue ("move through new, in review and settled"). */
const LIST_OPENERS = new Set(['through', 'between', 'among', 'including', 'like']);

const textOf = (tokens: Token[]): string => tokens.map((t) => t.text).join(' ');

export function isPersonPhrase(np: NounPhrase | undefined, asSubject = false): boolean {
  if (!np) return false;
  const h = np.head;
  if (h.actor || PERSON_NOUNS.has(h.root)) return true;
  // Outside the lexicon, a plural "-er/-or/-ist" word acting on something is a person ("surveyors see …").
  return asSubject && h.plural && PERSON_SUFFIX.test(h.root);
}

/**
 * "An application names the plate number", "a game records the players": a record that names, states or records
 * something holds it as a detail. Recording is a person's act too, said of a kind in the plural ("choirs record
 * songs"), so only one record said in the singular records its details.
 */
export function describesDetails(clause: Clause): boolean {
  if (clause.subject === undefined || clause.passive) return false;
  return clause.verbs.some((v) => DESCRIBING_VERBS.has(v)) || (!clause.subject.head.plural && clause.verbs.includes('record'));
}

function phraseText(np: NounPhrase): string {
  return np.nouns.map((t) => t.root).join(' ');
}

/** "pine, oak or spruce planks": a bare noun listed before a head is one kind of it, and takes the head as its own. */
function asKindOf(np: NounPhrase, head: Token): void {
  Object.assign(np, { nouns: [...np.nouns, head], head, kind: true });
}

/** Cuts a token run into noun phrases, keeping each phrase's preposition and "of" / possessive links. */
function readPhrases(tokens: Token[]): { phrases: NounPhrase[]; pronoun: boolean } {
  const phrases: NounPhrase[] = [];
  let nouns: Token[] = [];
  let adjectives: string[] = [];
  let preposition: string | undefined;
  let ofParent: NounPhrase | undefined;
  let possessor: NounPhrase | undefined;
  let pronoun = false;
  let afterPreposition = false;
  /** "a billing and shipping address": a lone noun before "and" shares the head of the compound after it. */
  let elided: NounPhrase | undefined;
  let elidedKind = false;
  let listedKinds: NounPhrase[] = [];
  let determined = false;

  const flush = (): NounPhrase | undefined => {
    if (nouns.length === 0) return undefined;
    const bare = afterPreposition && adjectives.length === 0 && !possessor && nouns.length === 1 && !nouns[0].plural;
    const np: NounPhrase = { nouns, head: nouns[nouns.length - 1], adjectives, preposition, possessor, ...(bare ? { bare } : {}), ...(determined ? { determined } : {}) };
    if (elided && nouns.length > 1 && (!np.head.plural || elidedKind)) {
      elided.nouns = [...elided.nouns, np.head];
      elided.head = np.head;
      if (elidedKind) {
        for (const listed of listedKinds) asKindOf(listed, np.head);
        elided.kind = true;
        np.kind = true;
      }
    }
    elided = undefined;
    if (ofParent) ofParent.of = np;
    else phrases.push(np);
    nouns = [];
    adjectives = [];
    possessor = undefined;
    ofParent = undefined;
    determined = false;
    return np;
  };

  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    if (t.pos === 'noun' && nouns.length === 0) afterPreposition = prev?.pos === 'prep' && prev.lower !== 'of';
    switch (t.pos) {
      case 'noun': {
        const compound = nouns.length > 0 && prev?.pos === 'noun' && prev.punct === '' && !prev.possessive;
        if (!compound) flush();
        nouns.push(t);
        if (t.possessive) {
          const owner = flush();
          if (owner) phrases.splice(phrases.indexOf(owner), 1);
          possessor = owner;
        }
        break;
      }
      case 'adj':
      case 'num':
        flush();
        adjectives.push(t.lower);
        break;
      case 'det':
        flush();
        adjectives = QUANTITY_WORDS.has(t.lower) ? [t.lower] : [];
        determined = true;
        break;
      case 'pron':
        flush();
        determined = true;
        if (OBJECT_PRONOUNS.has(t.lower)) pronoun = true;
        break;
      case 'prep': {
        const last = flush() ?? phrases[phrases.length - 1];
        if (t.lower === 'of' && last && prev?.pos === 'noun') ofParent = last;
        else preposition = t.lower;
        break;
      }
      case 'conj': {
        // "with photos and captions": the second phrase keeps the first one's preposition.
        // "order pine or spruce planks": right after the verb, a bare singular noun is one kind of the plural thing after.
        // "order pine, oak or spruce planks": so are the bare nouns listed with commas before it.
        const start = kindListStart(tokens, i - 1);
        const kind = nouns.length === 1 && start !== undefined && tokens[i + 2]?.plural === true;
        const lone = nouns.length === 1 && prev?.punct === '' && (tokens[i - 2]?.pos === 'det' || kind);
        const flushed = flush();
        elided = lone && tokens[i + 1]?.pos === 'noun' && tokens[i + 2]?.pos === 'noun' ? flushed : undefined;
        elidedKind = kind;
        listedKinds = kind ? phrases.filter((np) => tokens.indexOf(np.head) >= (start ?? i) && tokens.indexOf(np.head) < i - 1) : [];
        // "a size in square metres and a yearly rent": what comes after a unit is the record's again, not in the unit.
        if (flushed && NON_RECORD_NOUNS.has(flushed.head.lower)) preposition = undefined;
        break;
      }
      case 'adv':
        break;
      default:
        flush();
        preposition = undefined;
    }
    if (t.punct !== '' && t.punct !== '-' && t.pos !== 'prep') {
      flush();
      if (t.punct !== ',') preposition = undefined;
    }
  });
  flush();
  return { phrases, pronoun };
}

interface Chunk {
  tokens: Token[];
  afterColon: boolean;
  /** Chunks between the same ":" or ";" marks share a segment. */
  segment: number;
  /** The word that opened a condition chunk ("when", "before"). */
  opener?: string;
}

/** Splits a sentence at ";" and ":", then at commas and at words that open a condition or a new clause. */
function chunksOf(tokens: Token[]): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Token[] = [];
  let afterColon = false;
  let segment = 0;
  let opener: string | undefined;
  const push = (): void => {
    if (current.length > 0) chunks.push({ tokens: current, afterColon, segment, opener });
    current = [];
    opener = undefined;
  };
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    // "before the match" opens a condition; "a week before sends …" does not.
    // "provided all the boats are theirs" is "if"; "equipment provided by staff" is a participle.
    const proviso = /^provid(?:ed|ing)$/.test(t.lower) && !BE_FORMS.has(tokens[i - 1]?.lower ?? '') && next !== undefined && (['det', 'pron'].includes(next.pos) || /^(?:that|all|every|each)$/.test(next.lower));
    const conditional = CONDITION_WORDS.has(t.lower) && (t.pos === 'conj' || ['if', 'when', 'unless', 'whenever'].includes(t.lower) || proviso);
    const opensCondition = conditional && next !== undefined && next.pos !== 'verb' && next.pos !== 'aux';
    if (i > 0 && (opensCondition || (t.lower === 'where' && t.pos === 'conj'))) {
      push();
      if (opensCondition) opener = t.lower;
    }
    // "comment on recipes and save favourites": a second verb with its own object starts a clause of its own.
    const secondVerb = t.pos === 'conj' && (t.lower === 'and' || t.lower === 'or') && next?.pos === 'verb' && !next.participle;
    if (secondVerb && current.some((x) => x.pos === 'verb') && ['noun', 'adv', 'pron'].includes(tokens[i - 1]?.pos ?? '')) push();
    // "mechanics log repairs and customers pick up their bikes": "and" before other people and their verb starts a clause.
    const person = next !== undefined && (next.actor || PERSON_NOUNS.has(next.root) || PERSON_SUFFIX.test(next.root));
    const otherPeople = t.pos === 'conj' && t.lower === 'and' && next?.pos === 'noun' && person && next.plural && tokens[i + 2]?.pos === 'verb';
    if (otherPeople && current.some((x) => x.pos === 'verb')) push();
    if (!(current.length === 0 && t.pos === 'conj' && OPENING_CONJUNCTIONS.has(t.lower))) current.push(t);
    if (t.punct === ':' || t.punct === ';') {
      push();
      segment += 1;
      afterColon = afterColon || t.punct === ':';
    } else if (t.punct !== '' && t.punct !== '-' && t.punct !== "'") push();
  });
  push();
  return chunks;
}

interface Predicate {
  /** Index of the first main verb. */
  start: number;
  /** Index after the last verb (and particle) of the predicate. */
  end: number;
  verbs: string[];
  passive: boolean;
  /** The person granted the action in "let customers …", "allow staff to …". */
  grantee?: Token[];
}

function isMainVerb(tokens: Token[], i: number): boolean {
  const t = tokens[i];
  if (t.pos !== 'verb' || t.gerund || BE_FORMS.has(t.lower) || WISH_VERBS.has(t.root)) return false;
  const next = tokens[i + 1];
  return !(WRAPPING_BEFORE_TO.has(t.root) && (next?.lower === 'to' || next?.pos === 'verb'));
}

/** Particles a verb may take after its object ("check visitors in and out", "hand the keys back"): a closed class. */
const SEPARABLE_PARTICLES = new Set(['in', 'out', 'back', 'up', 'off']);

/**
 * "Receptionists check visitors in and out": particles that end the clause after the verb's object finish the verb, one verb
 * for each ("check in", "check out"). They are no longer prepositions of the clause.
 */
function separatedParticles(tokens: Token[], end: number, verbs: string[]): string[] {
  if (verbs.length !== 1 || verbs[0].includes(' ')) return verbs;
  let k = end;
  if (tokens[k]?.pos === 'pron' && OBJECT_PRONOUNS.has(tokens[k].lower)) k += 1;
  else while (k < tokens.length && ['det', 'adj', 'noun', 'num'].includes(tokens[k].pos) && tokens[k].punct === '') k += 1;
  if (k === end || !tokens.slice(end, k).some((t) => t.pos === 'noun' || t.pos === 'pron')) return verbs;
  const particles: Token[] = [];
  for (; k < tokens.length; k += 1) {
    const t = tokens[k];
    if (SEPARABLE_PARTICLES.has(t.lower)) particles.push(t);
    else if (!(particles.length > 0 && ['and', 'or'].includes(t.lower))) break;
  }
  // "hand them back afterwards": an adverb may close the clause after the particle.
  while (particles.length > 0 && tokens[k]?.pos === 'adv') k += 1;
  if (particles.length === 0 || k < tokens.length) return verbs;
  for (const p of particles) Object.assign(p, { pos: 'adv', particle: true });
  return particles.map((p) => `${verbs[0]} ${p.lower}`);
}

function findPredicate(tokens: Token[]): Predicate | undefined {
  let grantee: Token[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    // "a tour that is half empty … sends an alert": the relative clause's verb is not the clause's verb.
    if (t.pos === 'conj' && RELATIVE_WORDS.has(t.lower) && tokens[i - 1]?.pos === 'noun') {
      const close = tokens.findIndex((x, j) => j > i && (x.pos === 'verb' || x.pos === 'adj'));
      if (close > i && tokens.some((_, j) => j > close && isMainVerb(tokens, j))) i = close;
      continue;
    }
    if ((t.pos === 'verb' || t.pos === 'aux') && PERMISSION_VERBS.has(t.lower)) {
      const people: Token[] = [];
      let j = i + 1;
      while (j < tokens.length && ['det', 'adj', 'noun'].includes(tokens[j].pos)) people.push(tokens[j++]);
      if (people.some((p) => p.pos === 'noun')) grantee = people.filter((p) => p.pos === 'noun');
      i = j - 1;
      continue;
    }
    if (!isMainVerb(tokens, i)) continue;
    const passive = t.participle && tokens.slice(Math.max(0, i - 3), i).some((x) => PASSIVE_AUXILIARIES.has(x.lower));
    const verbs: string[] = [];
    let end = i;
    // "accept or decline them", "log in or log out": coordinated verbs share the clause.
    for (let j = i; j < tokens.length; ) {
      const v = tokens[j];
      if (v.pos !== 'verb') break;
      const particle = tokens[j + 1]?.particle ? tokens[j + 1] : undefined;
      verbs.push(particle ? `${v.root} ${particle.lower}` : v.root);
      j += particle ? 2 : 1;
      end = j;
      const conj = tokens[j];
      if (!conj || conj.pos !== 'conj' || !['or', 'and'].includes(conj.lower) || tokens[j + 1]?.pos !== 'verb') break;
      j += 1;
    }
    return { start: i, end, verbs: separatedParticles(tokens, end, verbs), passive, grantee };
  }
  return undefined;
}

interface SentenceFrame {
  actor?: string;
  purpose?: string;
  tokens: Token[];
}

/** "As a ferry passenger I want to …, so that …" names the actor and the reason before the clause itself. */
function frameOf(tokens: Token[]): SentenceFrame {
  let body = tokens;
  let purpose: string | undefined;
  const soThat = body.findIndex((t, i) => t.lower === 'so' && body[i + 1]?.lower === 'that');
  if (soThat > 0) {
    purpose = textOf(body.slice(soThat + 2));
    body = body.slice(0, soThat);
  }
  if (body[0]?.lower !== 'as' || !['det', 'pron'].includes(body[1]?.pos ?? '')) return { tokens: body, purpose };
  let i = 2;
  const words: Token[] = [];
  while (i < body.length && (body[i].pos === 'noun' || body[i].pos === 'adj') && !SUBJECT_PRONOUNS.has(body[i].lower)) {
    words.push(body[i]);
    if (body[i++].punct !== '') break;
  }
  const nouns = words.filter((w) => w.pos === 'noun');
  if (nouns.length === 0) return { tokens: body, purpose };
  const rest = body.slice(i);
  if (rest[0] && SUBJECT_PRONOUNS.has(rest[0].lower)) rest.shift();
  return { actor: nouns.map((n) => n.root).join(' '), purpose, tokens: rest };
}

interface ReaderState {
  previous?: Clause;
  sentence: number;
  sentenceActor?: string;
  purpose?: string;
  /** Heads of the people who acted so far: "divers book …" makes "a diver can cancel …" a person acting too. */
  people: Set<string>;
  /** Nouns the text only ever writes as "the" one, never as one of many: a role held by one person or one thing. */
  only: Set<string>;
}

/** "the sommelier", and never "a sommelier" or "sommeliers": the nouns of the text that name one of a kind only. */
function nounsNamedOnlyAsThe(sentences: Sentence[]): Set<string> {
  const once = new Set<string>();
  const many = new Set<string>();
  for (const { tokens } of sentences) {
    tokens.forEach((t, i) => {
      if (t.pos !== 'noun') return;
      const head = tokens[i + 1]?.pos !== 'noun' || t.punct !== '';
      if (!head) return;
      let k = i - 1;
      while (k >= 0 && (tokens[k].pos === 'noun' || tokens[k].pos === 'adj') && tokens[k].punct === '') k -= 1;
      (!t.plural && tokens[k]?.lower === 'the' ? once : many).add(t.root);
    });
  }
  return new Set([...once].filter((n) => !many.has(n)));
}

function predicateAdjectives(tokens: Token[]): string[] {
  return tokens
    .filter((t, i) => t.pos === 'adj' && tokens.slice(Math.max(0, i - 2), i).some((x) => BE_FORMS.has(x.lower)))
    .map((t) => t.lower);
}

function newClause(state: ReaderState, kind: ClauseKind, tokens: Token[]): Clause {
  return {
    sentence: state.sentence,
    kind,
    text: textOf(tokens),
    verbs: [],
    verbText: '',
    rest: '',
    passive: false,
    pronounObject: false,
    phrases: [],
    predicates: predicateAdjectives(tokens),
    conditions: [],
    purpose: state.purpose,
  };
}

/**
 * "mark them done", "mark an invoice as paid": setting a record's state is the action of reaching it (pay, resolve,
 * close). "Done" is the participle of "do", which names no action: reaching it is completing.
 */
function reachedState(verbs: readonly string[], rest: readonly Token[]): string[] | undefined {
  if (verbs.length !== 1 || !STATE_SETTING_VERBS.has(verbs[0]) || rest.length === 0) return undefined;
  // "mark matches as played or abandoned": each state named after "as" is an action of its own.
  const as = rest.findIndex((t) => t.lower === 'as');
  const named = as >= 0 ? rest.slice(as + 1) : rest.slice(-1);
  const reached = named
    .filter((t) => !['or', 'and', ','].includes(t.lower))
    .flatMap((t, k, all) => {
      if (t.lower === 'done') return ['complete'];
      const verb = t.pos === 'noun' && as < 0 ? undefined : infinitiveOf(t.lower);
      // "as picked up": the particle after the participle is the verb's.
      const particle = all[k + 1] && STATE_PARTICLES.has(all[k + 1].lower) ? ` ${all[k + 1].lower}` : '';
      return verb && verb !== 'do' ? [`${verb}${particle}`] : [];
    });
  return reached.length > 0 ? [...new Set(reached)] : undefined;
}

function actionClause(state: ReaderState, tokens: Token[], predicate: Predicate): Clause {
  const clause = newClause(state, 'action', tokens);
  const before = readPhrases(tokens.slice(0, predicate.start).filter((t) => !predicate.grantee?.includes(t)));
  // "mark bookings as completed or no-show": the states named after "as" are no things of the clause.
  // "a game ends as a win, a loss or a draw": alternatives after "as" are what the thing turns out to be, not things.
  const asAt = tokens.findIndex((t, k) => k >= predicate.end && t.lower === 'as');
  const outcomes = asAt >= 0 && tokens.slice(asAt).some((t) => t.lower === 'or') && tokens.slice(asAt).every((t) => t.pos !== 'verb' || t.participle);
  const stateAt = (predicate.verbs.length === 1 && STATE_SETTING_VERBS.has(predicate.verbs[0])) || outcomes ? asAt : -1;
  const after = readPhrases(tokens.slice(predicate.end, stateAt >= 0 ? stateAt : undefined));
  // "A CRM to track leads": what comes before "to" is the product, not the one who tracks.
  const infinitive = tokens[predicate.start - 1]?.lower === 'to';
  // "The application sends …" is the product speaking; "applications are approved" and "an application names a
  // plate" (one of many) are records.
  const oneOfMany = (np: NounPhrase): boolean => {
    const first = tokens.indexOf(np.nouns[0]);
    return tokens.slice(Math.max(0, first - 1 - np.adjectives.length), first).some((t) => INDEFINITE_DETERMINERS.has(t.lower));
  };
  const subjects = infinitive ? [] : before.phrases.filter((np) => !GENERIC_NOUNS.has(np.head.root) && !(PRODUCT_NOUNS.has(np.head.root) && !np.head.plural && !oneOfMany(np)));
  const subject = subjects[0];
  const subjectPronoun = tokens.slice(0, predicate.start).some((t) => t.pos === 'pron' && SUBJECT_PRONOUNS.has(t.lower));
  const sameSentence = state.previous?.sentence === state.sentence ? state.previous : undefined;
  const reached = reachedState(predicate.verbs, tokens.slice(predicate.end));
  clause.verbs = reached ?? predicate.verbs;
  if (reached) clause.setsState = true;
  clause.verbText = textOf(tokens.slice(predicate.start, predicate.end));
  // "sign the boats out": a particle after the object is the verb's, not what follows it.
  clause.rest = textOf(tokens.slice(predicate.end).filter((t) => !t.particle || !predicate.verbs[0]?.includes(' ')));
  // Participles with no "be" after their subject ("defects reported by line workers") are passive too.
  clause.passive = predicate.passive || (subject !== undefined && predicate.start > 0 && tokens[predicate.start].participle);
  clause.phrases = [...subjects.slice(1), ...after.phrases];
  clause.pronounObject = after.pronoun;

  // "Shops create delivery jobs", "schools submit entries": a kind of participant that makes records acts, person or not.
  // "Completed orders create invoices", "failed payments send alerts": a record that is in some state makes nothing itself.
  const agent =
    subject !== undefined && subject.head.plural && subject.adjectives.length === 0 && !clause.passive && AGENT_VERBS.has(predicate.verbs[0] ?? '') && after.phrases.length > 0;
  // "The bosun can mark a dinghy as damaged": the one holder of a role, allowed to act on something, is a person
  // whatever the word; what a thing can have, cost or hold is said with other verbs.
  const verb = predicate.verbs[0] ?? '';
  const at = subject ? tokens.indexOf(subject.nouns[0]) : -1;
  const role =
    subject !== undefined &&
    !clause.passive &&
    !subject.head.plural &&
    subject.adjectives.length === 0 &&
    // "the number of guests shall not exceed …" is a figure, not someone holding a role.
    !NUMBER_NOUNS.has(subject.head.root) &&
    tokens[at - 1]?.lower === 'the' &&
    // "The sommelier records each wine": acting on every one of a kind is a person's work; a record holds its own.
    // So does a one-of-a-kind "the sommelier", "-er" or "-or" as a person's word is, acting on something.
    (tokens.slice(at, predicate.start).some((t) => MODALS.has(t.lower)) ||
      /^(?:each|every)$/.test(tokens[predicate.end]?.lower ?? '') ||
      (state.only.has(subject.head.root) && PERSON_SUFFIX.test(subject.head.root))) &&
    after.phrases.some((np) => !np.preposition) &&
    ![POSSESSION_VERBS, STATING_VERBS, ROOM_VERBS].some((verbs) => verbs.has(verb));
  const knownPerson = subject !== undefined && !clause.passive && (state.people.has(subject.head.root) || agent || role);
  if (predicate.grantee) clause.actor = predicate.grantee.map((t) => t.root).join(' ');
  // "Sandwich platters cost 6": what costs, weighs or lasts is a thing, whatever its ending says.
  else if (subject && ((isPersonPhrase(subject, !clause.passive) && !STATING_VERBS.has(predicate.verbs[0] ?? '')) || knownPerson)) {
    clause.actor = phraseText(subject);
    state.people.add(subject.head.root);
  } else if (subject) clause.subject = subject;
  else if (subjectPronoun || sameSentence)
    // "pay by the minute" after "riders unlock …", or "I want to …" after "As a tutor": the same person acts.
    clause.actor = state.sentenceActor ?? sameSentence?.actor;
  if (!subject && !subjectPronoun && sameSentence && !clause.actor) clause.subject = sameSentence.subject;
  if (clause.passive && !clause.actor) {
    const agent = clause.phrases.find((np) => np.preposition === 'by' && isPersonPhrase(np));
    if (agent) {
      clause.actor = phraseText(agent);
      clause.phrases = clause.phrases.filter((np) => np !== agent);
    }
  }
  return clause;
}

/** The chunk describes the product being asked for: "Create a museum archive system", "We need a habit tracker". */
function isProductStatement(chunk: Chunk, predicate: Predicate | undefined): boolean {
  if (!predicate) return !chunk.afterColon;
  const object = readPhrases(chunk.tokens.slice(predicate.end)).phrases[0];
  // "Clients create projects" makes records of a kind, not the product. "We run a booking site" says what the business
  // is, as "create a booking site" does.
  const ours = chunk.tokens.slice(0, predicate.start).some((t) => t.lower === 'we' || t.lower === 'our');
  const verb = predicate.verbs[0];
  return (MAKING_VERBS.has(verb) || (ours && BUSINESS_VERBS.has(verb))) && object !== undefined && PRODUCT_NOUNS.has(object.head.root) && !object.head.plural && predicate.start <= 2;
}

function endsWithListOpener(tokens: Token[]): boolean {
  const lastPreposition = [...tokens].reverse().find((t) => t.pos === 'prep');
  return lastPreposition !== undefined && LIST_OPENERS.has(lastPreposition.lower);
}

/** Reads sentences into clauses: who acts, on what, with which qualifiers. */
export function readClauses(sentences: Sentence[]): Clause[] {
  const clauses: Clause[] = [];
  const state: ReaderState = { sentence: -1, people: new Set(), only: nounsNamedOnlyAsThe(sentences) };
  sentences.forEach((sentence, si) => {
    const frame = frameOf(sentence.tokens);
    state.sentence = si;
    state.sentenceActor = frame.actor;
    state.purpose = frame.purpose;
    let heading: Clause | undefined;
    let listOpen = false;
    let actionSegment = -1;
    let itemSegment = -1;
    let namedSegment = -1;
    let namedBy: Token | undefined;
    /** The words after the colon are details the clause's record is made with. */
    let detailList = false;
    let statesFact = false;
    const chunks = chunksOf(frame.tokens);
    /** "When a plot becomes free, the council offers it …": an opening condition, for the clause after it. */
    let leading: Clause | undefined;
    chunks.forEach((chunk, ci) => {
      const previous = state.previous?.sentence === si ? state.previous : undefined;
      // "…, its colour and the bin it is kept in": a clause right after a noun, with no "that", only describes the noun.
      const contact = chunk.tokens.findIndex(
        (t, k) => k > 1 && t.pos === 'pron' && (SUBJECT_PRONOUNS.has(t.lower) || t.lower === 'it') && chunk.tokens[k - 1].pos === 'noun' && !chunk.tokens.slice(0, k).some((x) => x.pos === 'verb'),
      );
      // "As the parent of a pupil I want …" names who speaks; the clause after the noun, a wish or a modal, is the main one.
      const after = chunk.tokens[contact + 1];
      const speaker = after !== undefined && (WISH_VERBS.has(after.root) || MODALS.has(after.lower));
      if (contact > 0 && !speaker && chunk.tokens.slice(contact + 1).some((x) => x.pos === 'verb')) chunk.tokens = chunk.tokens.slice(0, contact);
      // ", giving the address to collect them from": a verb inside the details a participle lists acts on nothing here.
      const listsDetails = previous !== undefined && DETAILING_PARTICIPLES.has(chunk.tokens[0]?.lower ?? '');
      const found = listsDetails ? undefined : findPredicate(chunk.tokens);
      // "The services are bath, full groom and nail trim": after "are", the last item of a list of nouns may read as a
      // verb and its object; it is one more item.
      const tail = found !== undefined && statesFact && ci > 0 && ['and', 'or'].includes(chunk.tokens[found.start - 1]?.lower ?? '') && found.end === chunk.tokens.length - 1 && chunk.tokens[found.end]?.pos === 'noun';
      const predicate = tail ? undefined : found;
      // "on three criteria: idea, execution and presentation": the words after the colon name the things counted (or the
      // values of a detail), as the clause's own words; they are no features.
      if (previous && (!predicate || detailList) && chunk.segment === namedSegment) {
        previous.text = `${previous.text}, ${textOf(chunk.tokens)}`;
        previous.rest = `${previous.rest}, ${textOf(chunk.tokens)}`;
        // "each order has 3 parts: a customer name, a list of dishes and an address": what a record has are its details.
        if (previous.verbs.some((v) => POSSESSION_VERBS.has(v))) {
          previous.phrases = [...previous.phrases.filter((np) => np.head !== namedBy), ...readPhrases(chunk.tokens).phrases];
        } else if (detailList) {
          // "Members book slots: member, start time, duration": the words are the details the booking is made with.
          for (const t of chunk.tokens) if (t.pos === 'verb') t.pos = 'noun';
          previous.phrases.push(...readPhrases(chunk.tokens).phrases.map((np) => ({ ...np, preposition: 'with' })));
        }
        return;
      }
      // "instrument: …" may be the chunk's one word.
      const counted = chunk.tokens[chunk.tokens.length - 1];
      const counter = chunk.tokens[chunk.tokens.length - 2];
      // "… with a name and an age group: under 8, under 10 or under 12" gives the values of a detail the clause names.
      const detailed = predicate !== undefined && chunk.tokens.slice(predicate.end).some((t) => t.lower === 'with');
      // "a size: small, medium or large": words after a colon that are alternatives ("or") are the values of the noun before.
      const next = chunks.filter((c) => c.segment === chunk.segment + 1).flatMap((c) => c.tokens);
      // A value may read as a participle ("sparkling", "used") without being an act.
      const valueWord = (t: Token): boolean => ['noun', 'adj', 'num', 'conj'].includes(t.pos) || (t.pos === 'verb' && (t.gerund || t.participle));
      const alternatives = next.some((t) => t.lower === 'or') && next.every((t) => valueWord(t) && (t.pos !== 'conj' || /^(?:or|and)$/.test(t.lower)));
      // "Members book slots: member, start time, duration, material": after an act, a bare list of short noun phrases
      // names the details of what it makes.
      const items = next.filter((t) => t.punct === ',').length;
      const bare = next.every((t) => ['noun', 'adj', 'verb'].includes(t.pos) && !t.gerund && !t.participle);
      const short = next.reduce((run, t) => (run < 0 ? run : t.punct === ',' ? 0 : run + 1 > 3 ? -1 : run + 1), 0) >= 0;
      const details = predicate !== undefined && !chunk.opener && items >= 2 && bare && short;
      if (counted?.punct === ':' && counted.pos === 'noun' && ((counted.plural && counter?.pos === 'num') || detailed || alternatives || details)) {
        namedSegment = chunk.segment + 1;
        namedBy = counted;
        detailList = details;
      }
      // Only the comma ends it: "after every inspection the beekeeper notes …, …" is the main clause itself.
      const opening =
        ci === 0 &&
        chunk.tokens[chunk.tokens.length - 1]?.punct === ',' &&
        chunks[1] !== undefined &&
        chunks[1].tokens[0]?.pos !== 'conj' &&
        chunks[1].tokens.some((t) => t.pos === 'verb') &&
        ['conj', 'prep'].includes(chunk.tokens[0]?.pos ?? '') &&
        CONDITION_WORDS.has(chunk.tokens[0].lower);
      // "To support racing families, a member may …": a purpose opening the sentence says why, and asks for nothing.
      const purpose = ci === 0 && predicate?.start === 1 && chunk.tokens[0]?.lower === 'to' && chunk.tokens[chunk.tokens.length - 1]?.punct === ',' && chunks[1]?.tokens.some((t) => t.pos === 'verb' || t.pos === 'aux');
      // A known act ("when a partner accepts a request, …") is still asked for; "when a plot becomes free" is not one.
      if ((opening && predicate && !predicate.verbs.some((v) => isKnownVerb(v.split(' ')[0]))) || (purpose && predicate)) {
        leading = actionClause(state, chunk.tokens, predicate);
        leading.kind = 'condition';
        leading.opener = chunk.tokens[0].lower;
        clauses.push(leading);
        return;
      }
      if (chunk.opener && previous) {
        const condition = predicate ? actionClause(state, chunk.tokens, predicate) : newClause(state, 'condition', chunk.tokens);
        condition.kind = 'condition';
        condition.opener = chunk.opener;
        if (!predicate) condition.phrases = readPhrases(chunk.tokens.slice(1)).phrases;
        previous.conditions.push(condition.text);
        clauses.push(condition);
        return;
      }
      // "has to", "needs to" make a modal, not a product and its purpose.
      const modal = MODAL_BEFORE_TO.has(chunk.tokens[predicate ? predicate.start - 2 : -1]?.lower ?? '');
      if (ci === 0 && predicate && !modal && chunk.tokens[predicate.start - 1]?.lower === 'to' && readPhrases(chunk.tokens.slice(0, predicate.start)).phrases.length > 0) {
        heading = newClause(state, 'heading', chunk.tokens.slice(0, predicate.start - 1));
        heading.phrases = readPhrases(chunk.tokens.slice(0, predicate.start - 1)).phrases;
        clauses.push(heading);
      }
      // "The fee is twice the deposit" past the opening says what a figure is: the chunks after it go on with it.
      // A colon after it opens a list of its own ("the main features are: …").
      const opensList = chunk.tokens[chunk.tokens.length - 1]?.punct === ':';
      if (si > 0 && ci === 0 && !predicate && !opensList && chunk.tokens.some((t, k) => k > 0 && t.pos === 'aux' && BE_FORMS.has(t.lower))) statesFact = true;
      // "…; each craft is a single kayak or a canoe": after a semicolon, a thing said to be something is a statement of
      // its own, no more things the clause before acts on; the chunks after it go on with it.
      const be = chunk.tokens.findIndex((t) => t.pos === 'aux' && BE_FORMS.has(t.lower));
      const named = chunk.tokens.slice(0, be);
      if (ci > 0 && !predicate && chunk.tokens[0]?.lower !== 'and' && chunks[ci - 1].segment < chunk.segment && be > 0 && named.some((t) => t.pos === 'noun') && named.every((t) => ['det', 'noun', 'adj'].includes(t.pos))) {
        const fact = newClause(state, 'heading', chunk.tokens);
        fact.phrases = readPhrases(chunk.tokens).phrases;
        clauses.push(fact);
        state.previous = fact;
        statesFact = true;
        return;
      }
      if (ci === 0 && !frame.actor && !heading && isProductStatement(chunk, predicate)) {
        heading = newClause(state, 'heading', chunk.tokens);
        const phrases = readPhrases(chunk.tokens.slice(predicate?.end ?? 0)).phrases;
        // "an application with authentication, a calendar and a chat": what comes "with" the product are its features.
        heading.phrases = phrases.filter((np) => np.preposition !== 'with');
        clauses.push(heading);
        state.previous = heading;
        for (const np of phrases.filter((p) => p.preposition === 'with')) {
          const item = newClause(state, 'item', np.nouns);
          item.phrases = [{ ...np, preposition: undefined }];
          clauses.push(item);
          state.previous = item;
        }
        return;
      }
      // "I want a summary of visits": the wish is the feature.
      const wish = chunk.tokens.findIndex((t) => WISH_VERBS.has(t.root) && t.pos === 'verb');
      const wished = chunk.tokens.slice(wish + 1).filter((t, j) => j > 0 || t.lower !== 'to');
      if (!predicate && wish >= 0 && wished.length > 0) chunk.tokens = wished;
      const { phrases } = readPhrases(chunk.tokens);
      const personFirst = phrases[0] !== undefined && isPersonPhrase(phrases[0], true);
      if (previous && listOpen && !personFirst) {
        // "claims move through new, in review and settled": the chunks finish the list the clause opened.
        previous.text = `${previous.text}, ${textOf(chunk.tokens)}`;
        previous.rest = `${previous.rest}, ${textOf(chunk.tokens)}`;
        return;
      }
      listOpen = endsWithListOpener(chunk.tokens);
      if (predicate) {
        const clause = actionClause(state, chunk.tokens, predicate);
        if (!clause.actor && frame.actor) clause.actor = frame.actor;
        // "mark a job printed, then collected": the next state of the same record, reached from the one before.
        if (previous?.setsState && chunk.tokens[0]?.lower === 'then' && clause.phrases.length === 0 && !clause.subject) {
          clause.setsState = true;
          clause.actor = previous.actor;
          clause.phrases = previous.phrases;
          clause.after = previous.verbs[previous.verbs.length - 1];
          clause.verbText = previous.verbText;
          clause.rest = `${previous.rest.replace(/\s+\S+$/, '')} ${textOf(chunk.tokens.slice(1))}`;
        }
        if (leading) clause.conditions.push(leading.text.charAt(0).toLowerCase() + leading.text.slice(1));
        leading = undefined;
        clauses.push(clause);
        state.previous = clause;
        actionSegment = chunk.segment;
        return;
      }
      // "…, and a kiln under repair cannot be booked": a refusal of its own, no part of the clause before it (whose
      // story it would turn into a refusal); its rule is read from the sentence.
      if (previous && chunk.tokens.some((t, k) => t.lower === 'cannot' || (t.lower === 'not' && ['may', 'must', 'can'].includes(chunk.tokens[k - 1]?.lower ?? '')))) {
        const refusal = newClause(state, 'heading', chunk.tokens);
        refusal.phrases = phrases;
        clauses.push(refusal);
        return;
      }
      // After "vessels have a hull number", ", a home port" goes on with the same list; in a list of
      // features ("inspections …, permits …, faults reported by …, a monthly count …") each chunk is a feature.
      const continues = previous?.kind === 'action' && actionSegment === chunk.segment && itemSegment !== chunk.segment;
      // "…, between 9:30 and 17:00, in the afternoon": a phrase opening with a preposition qualifies the clause before it.
      const qualifies = previous !== undefined && chunk.tokens[0]?.pos === 'prep';
      // "…; later, 50 percent": a chunk naming only a time or an amount finishes the rule before it, it is no feature.
      const valueOnly = previous !== undefined && phrases.every((np) => NON_RECORD_NOUNS.has(np.head.root) || TIME_NOUNS.has(np.head.root));
      if (!continues && !qualifies && !valueOnly && !(statesFact && ci > 0) && (chunk.afterColon || heading !== undefined || frame.actor !== undefined || !previous)) {
        const item = newClause(state, 'item', chunk.tokens);
        item.phrases = phrases;
        item.actor = frame.actor;
        clauses.push(item);
        state.previous = item;
        itemSegment = chunk.segment;
      } else if (previous) {
        // "…, a billing and shipping address, and …" continues the previous clause's list; "…; after that there is no
        // refund" qualifies it, and nothing in it is the clause's object.
        // "…, giving the plate and the zone": a participle that lists what comes with it says "with".
        const detailing = DETAILING_PARTICIPLES.has(chunk.tokens[0]?.lower ?? '');
        // "the weight in kilograms, the floral source": a unit says how a detail is measured; the list goes on past it.
        const unit = (np: NounPhrase): boolean => np.preposition === 'in' && NON_RECORD_NOUNS.has(np.head.root) && np.nouns.length === 1;
        const listed = previous.phrases.filter((np) => !unit(np));
        const inherited = qualifies ? chunk.tokens[0].lower : detailing ? 'with' : listed[listed.length - 1]?.preposition;
        // "book cello, flute or drum classes": a bare noun the comma cut off is one more kind of the thing listed.
        const last = previous.phrases[previous.phrases.length - 1];
        if (phrases[0]?.kind && last && last.nouns.length === 1 && !last.head.plural && !last.preposition && !last.determined) {
          asKindOf(last, phrases[0].head);
        }
        // "…, a loss or a draw" after "ends as a win" goes on with alternatives, which are no things of the clause.
        if (inherited === 'as' && chunk.tokens.some((t) => t.lower === 'or')) previous.phrases = previous.phrases.filter((np) => np.preposition !== 'as');
        else previous.phrases.push(...phrases.map((np) => ({ ...np, preposition: np.preposition ?? inherited })));
        previous.text = `${previous.text}, ${textOf(chunk.tokens)}`;
        previous.rest = previous.rest ? `${previous.rest}, ${textOf(chunk.tokens)}` : textOf(chunk.tokens);
      }
    });
  });
  return clauses;
}
