import nlp from 'compromise';
import pluralize from 'pluralize';
import type { FieldDraft, FieldType } from './field-finder';
import { CODE_NOUNS, COUNTING_HEADS, CURRENCY_WORDS, TEXT_UNITS, HOLDING_RECORDS, JUDGING_VERBS, MODAL_NEGATION, MODALS, NON_RECORD_NOUNS, NUMBER_NOUNS, OPERATION_VERBS, PERSON_SUFFIX, PRICE_NOUNS, RECORD_SYNONYMS, ROOM_NOUNS, ROOM_VERBS, RECORDING_NOUNS, RECORDING_VERBS, STATE_NOUNS, TIME_NOUNS, VERB_FIELDS, isKnownVerb, verbClass } from './lexicon';
import type { Lifecycle } from './lifecycle-reader';
import { camelCase, escapeRegExp } from './naming';
import type { ReadEntity } from './requirements-reader';
import { type CalendarPeriod, PERIOD_DAYS, type PriceBasis, type Relation, type Rule, type TimeUnit, UNIT_MS, type Within, minutesOfDay, sameRule, storeOperationOf } from './rule';
import { builtRoute } from './status-route';
import { infinitiveOf, infinitiveOfGerund } from './verb-forms';

/** What the rules of a text are read against: its records (which gain the fields rules need) and its people. */
export interface RuleContext {
  entities: ReadEntity[];
  /** Singular nouns of the people who use the product. */
  people: ReadonlySet<string>;
  lifecycles: readonly Lifecycle[];
  /** The whole text, normalised: a rule in one sentence may need a name another gives ("arrival and departure date"). */
  text: string;
}

/** The rules one sentence states, and whether every limit and prohibition in it became one of them. */
export interface SentenceRules {
  rules: Rule[];
  /** The sentence limits, forbids, prices or times something: a business rule, not only a feature. */
  isRule: boolean;
  /** Every such part of it was turned into a rule the code implements. */
  understood: boolean;
}

type Span = [number, number];
interface Found {
  rule: Rule;
  span: Span;
}

/** English number words up to the ones requirement texts use for counts and limits. */
const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, hundred: 100,
};
const N = '(\\d+(?:\\.\\d+)?)';
/**
 * The parts of a sentence that make it a rule: numbers, negations and restrictions (modal verbs, "only"),
 * superlatives and ordinals that decide ("the highest", "first come"), and prepositions of time. All are closed
 * classes of English, except the few nouns of money that always carry a rule ("fee", "percent").
 */
const SIGNALS = /\d+(?:\.\d+)?|\bwaiting[\s-]+lists?\b|\bwait[\s-]*lists?\b|\b(?:cannot|can't|can not|may not|must not|must|never|only|once|twice|before|after|until|within|ahead|overlap\w*|most|least|[a-z]+est|first|fee|fees|percent|late|sum|plus|minus|rounded|multiplied|divided|unique|exceeds?|exceeding|shall not|should not|forbidden|prohibited|else|otherwise)\b/g;
/** Adjectives that restrict a count to the records still running ("4 upcoming visits", "3 kayaks at once"). */
const ACTIVE = /\b(at a time|at once|at the same time|future|upcoming|open|active|current|outstanding|simultaneous\w*|until (?:it is|they are|it has been) \w+)\b/;
/** "per season", "each year", "twice a week"; not "for a week", which is how long, not how often. */
const PERIOD = /(?<!\bfor )\b(?:per|each|every|a|in a|in one|in the same)\s+((?:calendar|academic|school|financial|fiscal)\s+)?(year|month|week|day|season|term|semester|quarter)\b/;
/** Words as the reader looks them up: "an e-book" is one word, none of whose parts is a verb or a record. */
const WORDS = /[a-z]+(?:-[a-z]+)*/g;
/** Names of a detail that sorts records into kinds ("species", "size"): general vocabulary, documented here. */
const CATEGORY_FIELDS = new Set(['type', 'kind', 'category', 'species', 'size', 'class', 'level', 'tier', 'breed', 'grade']);
/** Nouns for several people acting as one ("a party of 4"): general vocabulary, documented here. */
const GROUP_WORDS = /^(?:part(?:y|ies)|groups?|famil(?:y|ies)|crews?|teams?|squads?|households?)$/;
const MONEY_OR_UNITS = /^(percent|euro|dollar|pound|cent|point|kg|km|mile|metre|meter)s?$/;
/** Adjectives of measure and the dimension each measures: a closed class of English ("old" is an age, read apart). */
const MEASURED_DIMENSIONS = new Map([
  ['long', 'length'],
  ['short', 'length'],
  ['heavy', 'weight'],
  ['wide', 'width'],
  ['tall', 'height'],
  ['high', 'height'],
  ['deep', 'depth'],
  ['thick', 'thickness'],
]);
/** Verbs of measure and the dimension each measures ("weigh at least 50 kg"): a closed class of English. */
const MEASURING_VERBS = new Map([['weigh', 'weight']]);
const NEGATION = `(?:${MODAL_NEGATION})`;
/** A sentence about acting late that refuses the act rather than saying what it costs. */
const LATE_REFUSAL = new RegExp(`\\b(?:${MODAL_NEGATION}|refused|rejected|not possible|not permitted|no longer)\\b`);
/** Modal verbs and phrases that oblige or allow, as a regular-expression alternation ("must", "has to", "may"). */
const OBLIGATION = '(?:must|should|has to|have to|needs to|need to|can|may)';
const ARTICLES = new Set(['a', 'an', 'the', 'their', 'its', 'his', 'her', 'each', 'every', 'any', 'all']);
/** Units a price is counted in when a record runs between two dates ("per night"); longer periods are a price per record. */
const SPAN_UNITS: Readonly<Record<string, TimeUnit>> = { minute: 'minutes', hour: 'hours', day: 'days', night: 'days', week: 'weeks' };
const PERIODS = /^(?:year|month|season|term|semester|quarter)s?$/;
const CURRENCY = `(?:\\s+(?:${[...CURRENCY_WORDS].join('|')})\\b)?`;
/** ", and a foot ticket 12", " and student permits 60": a second amount for another kind, after a price. */
const ANOTHER_KIND = new RegExp(`^,?\\s+(?:and|or|while|but)\\s+(?:an?\\s+|the\\s+)?[a-z]+(?:\\s+[a-z]+)?\\s+(?:costs?\\s+)?${N}`);
/** "costs", "is charged at", "pay": the verbs that put a price on something. */
const MONEY_VERB = '(?:costs?|pays?|(?:is |are )?(?:charged|priced|quoted|billed) at|(is|are))';
/** "per day", "a season", "each word": what an amount is counted by. */
const PER = '(?:per|a|an|each|every)';
const PARTICLES = '(?:in|out|up|off|back|down|over)';

/**
 * A number word counts the word after it ("two games"), unless that word is a preposition, a conjunction or a form
 * of "be": then it is a pronoun ("find one by id", "one is kept").
 */
/** Words that put a threshold's bound below the values it marks ("15 or higher", "above 180"). */
const UPWARD = /more|higher|above|over|greater/;

const COUNTED = /^\s+(?!(?:by|of|at|in|on|for|to|from|with|or|and|is|are|was|were|that|which|who)\b)[a-z]/;

/** Lower case, letters without their accents ("rosé" is read as "rose"), numbers as digits, "45-minute" as "45 minute". */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[‘’]/g, "'")
    .replace(/%/g, ' percent')
    .replace(/(\d),(?=\d{3}\b)/g, '$1')
    .replace(/(\d)-([a-z])/g, '$1 $2')
    // "5 km, 10 km or 21 km" says its unit once for all: "5, 10 or 21 km".
    .replace(/(\d+(?:\.\d+)?) ([a-z]+)(,| or) (?=(?:\d+(?:\.\d+)? \2(?:,| or) )*\d+(?:\.\d+)? \2\b)/g, '$1$3 ')
    .replace(/\b([a-z]+)\b/g, (w, word: string, at: number, all: string) =>
      NUMBER_WORDS[word] !== undefined && !/\b(no|any|some|every)\s*$/.test(all.slice(0, at)) && COUNTED.test(all.slice(at + word.length))
        ? String(NUMBER_WORDS[word])
        : w,
    )
    // "no member may borrow more than 3" is "each member may not borrow more than 3"; "limited to 3 loans per month",
    // "capped at 2 per day" are "at most" of a count someone keeps.
    .replace(/\bno ([a-z]+) (may|can|shall|should|will) ([a-z]+) more than\b/g, 'each $1 $2 not $3 more than')
    .replace(/\b(?:(?:limited|restricted) to|capped at) (?=\d+ [a-z]+ (?:per|a|an|each|every|in|at)\b)/g, 'at most ')
    // "an essay may not exceed 2000 words" bounds its length.
    .replace(/\b(?:may not|must not|cannot|can not|should not|shall not) exceed (?=\d+ (?:words|characters)\b)/g, 'must be at most ')
    .replace(/\s+/g, ' ')
    .trim();
}

const singular = (word: string): string => pluralize.singular(word);

/** The detail that says which kind a record is: its own "kind" where it keeps one, else "type". */
const kindField = (e: ReadEntity): string => (e.fields.some((f) => f.name === 'kind') ? 'kind' : 'type');

/** Words that name a measurement of what the word before them names ("moisture reading", "noise level"). */
const MEASURE_SUFFIX = /^(?:Reading|Level|Value|Rate|Count|Percentage|Score)$/;

/** "moisture" said of a record that keeps a moisture reading is that reading, the one such detail it keeps. */
function measureOf(e: ReadEntity, name: string): FieldDraft | undefined {
  const found = e.fields.filter((f) => f.type !== 'id' && f.name.startsWith(name) && MEASURE_SUFFIX.test(f.name.slice(name.length)));
  return found.length === 1 ? found[0] : undefined;
}

/** Names of the detail that holds what a record says in words, where its length is measured: a closed list. */
const TEXT_FIELDS = new Set(['text', 'body', 'content', 'description', 'message', 'comment', 'note', 'notes', 'summary']);

/** Where one clause of a sentence ends and the next begins: a semicolon, a colon, or ", and", ", but"… */
const CLAUSE_BOUNDARY = /[;:]|,\s+(?:and|but|while|whereas)\b/.source;

/** The names a count of a unit goes by as a field: "servings", "servingCount". */
const countNames = (unit: string): string[] => [camelCase(pluralize.plural(singular(unit))), camelCase(`${singular(unit)} count`)];

/** The number a record counts a unit in ("pages", "hour count"), if it keeps one. */
const countField = (record: ReadEntity, unit: string): FieldDraft | undefined =>
  record.fields.find((f) => f.type === 'number' && countNames(unit).includes(f.name));

class Reader {
  constructor(
    private readonly ctx: RuleContext,
    private readonly text: string,
  ) {}

  /** The record named by the last words of a phrase ("the motivation letters" → none, "future bookings" → booking). */
  entityOf(phrase: string): ReadEntity | undefined {
    const words = phrase.split(' ').filter((w) => !ARTICLES.has(w)).map(singular);
    // "future bookings" names bookings; "games at" (a phrase cut short) names games.
    // "sign-up" names the signups.
    const keys = [words.slice(-2).join(' '), words[words.length - 1], words[0]].filter(Boolean).flatMap((k) => (k.includes('-') ? [k, k.replace(/-/g, '')] : [k]));
    for (const key of keys) {
      const found = this.ctx.entities.find((e) => e.key === key || e.name === camelCase(key));
      if (found) return found;
    }
    return undefined;
  }

  /** The record named closest before a position ("entries with a mark of 8" → entry). */
  nearestBefore(at: number): ReadEntity | undefined {
    return this.lastNamedIn(this.text.slice(0, at));
  }

  /** The last record a stretch of text names. */
  private lastNamedIn(text: string): ReadEntity | undefined {
    const words = (text.match(WORDS) ?? []).reverse();
    for (const w of words) {
      const found = this.entityOf(w);
      if (found) return found;
    }
    return undefined;
  }

  /** The last record the text names before this sentence: a note line ("size: …") speaks of it. */
  namedEarlier(): ReadEntity | undefined {
    return this.lastNamedIn(this.ctx.text.slice(0, Math.max(0, this.ctx.text.indexOf(this.text))));
  }

  /** A record's name, or a person's kept only as whose the records are ("a driver's trips"), for a per-holder rule. */
  holderName(word: string): string | undefined {
    return this.entityOf(word)?.name ?? (this.isPerson(word) ? camelCase(singular(word)) : undefined);
  }

  isPerson(word: string): boolean {
    return this.ctx.people.has(singular(word));
  }

  /** A person the rules need as a record of their own ("a pilot has to be 30 or older"). */
  personRecord(word: string): ReadEntity {
    const key = singular(word);
    const found = this.entityOf(key);
    if (found) return found;
    const entity: ReadEntity = { key, name: camelCase(key), fields: [{ name: 'name', type: 'string' }], guessed: false };
    this.ctx.entities.push(entity);
    return entity;
  }

  /**
   * Adds a field a rule needs to its record; a reference replaces a text field of the same person ("member"). A
   * closed set of words says the field holds words, whatever its name suggested ("a size of small or large"); a
   * field a rule reads as yes or no (a flag, a reduced price) holds yes or no.
   */
  field(e: ReadEntity, name: string, type: FieldType, values?: readonly (string | number)[]): string {
    // "a grade of 10 or more" said of a grade is its value, which a measured record keeps as such.
    const measured = name === e.name && e.fields.some((f) => f.name === 'value') && type === 'number';
    const existing = e.fields.find((f) => f.name === (measured ? 'value' : name)) ?? (type !== 'id' ? measureOf(e, name) : undefined);
    if (existing && (values || type === 'boolean')) existing.type = type;
    if (existing) return existing.name;
    if (type === 'id') {
      const plain = name.replace(/Id$/, '');
      const index = e.fields.findIndex((f) => f.name === plain);
      if (index >= 0) e.fields.splice(index, 1);
    }
    const field: FieldDraft = { name, type };
    e.fields.push(field);
    return name;
  }

  /** The other records that point at this one ("a booking's class id"): what joins it to people or holds it for them. */
  pointingAt(record: ReadEntity, among: readonly ReadEntity[] = this.ctx.entities): ReadEntity[] {
    return among.filter((e) => e !== record && e.fields.some((f) => f.name === `${record.name}Id`));
  }

  /** The record among some that counts people ("the number of guests" of an enquiry), and the field it counts them in. */
  countOf(people: string, among: readonly ReadEntity[]): { entity: ReadEntity; field: string } | undefined {
    const names = [camelCase(pluralize.plural(singular(people))), ...countNames(people), camelCase(`number of ${pluralize.plural(singular(people))}`)];
    for (const entity of among) {
      const field = entity.fields.find((f) => names.includes(f.name));
      if (field) return { entity, field: field.name };
    }
    return undefined;
  }

  /** The clause opens with a kind of a record ("a group lesson") and the sentence names another kind of it too. */
  saidOfOneKind(at: number): boolean {
    const opening = /^\W*(?:an?|the|each|every)\s+([a-z]+)\s+([a-z]+)\b/.exec(this.text.slice(this.clauseStart(at), at));
    if (!opening || !this.entityOf(opening[2]) || this.ctx.entities.some((e) => e.key === `${opening[1]} ${opening[2]}`)) return false;
    const kinds = new Set([...this.text.matchAll(new RegExp(`\\b(?:an?|the|each|every)\\s+([a-z]+)\\s+${opening[2]}\\b`, 'g'))].map((k) => k[1]));
    return kinds.size > 1;
  }

  /** The first record or person the sentence names before a position: who or what the rule is about. */
  subjectBefore(at: number): { entity?: ReadEntity; person?: string; definite: boolean } {
    // The subject of the clause the position is in: "a room is shared, and a guest may hold …" is about the guest.
    // "To support racing families, a member may hold …": a purpose or a condition opening the clause is no subject.
    const start = this.clauseStart(at);
    const lead = /^\W*(?:to\s+[a-z]+|if|when|once|after|before|unless|during)\b[^,]*,\s*/.exec(this.text.slice(start, at));
    const from = start + (lead?.[0].length ?? 0);
    const words = [...this.text.slice(from, at).matchAll(WORDS)];
    for (const [i, m] of words.entries()) {
      const word = m[0];
      const pair = i + 1 < words.length ? `${word} ${words[i + 1][0]}` : '';
      const entity = (pair && this.entityOf(pair)) || this.entityOf(word);
      const definite = i > 0 && words[i - 1][0] === 'the';
      if (this.isPerson(word) && !entity) return { person: singular(word), definite };
      if (entity) return { entity, person: this.isPerson(word) ? singular(word) : undefined, definite };
    }
    return { definite: false };
  }

  /** Where the clause a position is in starts: after the last semicolon, colon or ", and" before it. */
  clauseStart(at: number): number {
    const boundaries = [...this.text.slice(0, at).matchAll(new RegExp(CLAUSE_BOUNDARY, 'g'))];
    return boundaries.length > 0 ? (boundaries[boundaries.length - 1].index ?? 0) : 0;
  }

  /** Where the clause a position is in ends: at the boundaries `clauseStart` opens clauses at, or the text's end. */
  clauseEnd(at: number): number {
    const boundary = new RegExp(CLAUSE_BOUNDARY).exec(this.text.slice(at));
    return boundary ? at + boundary.index : this.text.length;
  }

  /** The record named last before a position within its clause, with where it is named. */
  entityInClauseBefore(at: number): { entity: ReadEntity; at: number } | undefined {
    const from = this.clauseStart(at);
    const words = [...this.text.slice(from, at).matchAll(WORDS)].reverse();
    for (const w of words) {
      const entity = this.entityOf(w[0]);
      if (entity) return { entity, at: from + (w.index ?? 0) };
    }
    return undefined;
  }

  /** The record a verb makes ("borrow" makes a loan), when the text keeps such records. */
  recordOfVerb(verb: string | undefined): ReadEntity | undefined {
    if (!verb) return undefined;
    const noun = RECORDING_VERBS.get(verb) ?? RECORDING_VERBS.get(infinitiveOf(verb) ?? '');
    if (!noun) return undefined;
    // "book" makes an appointment where the text keeps appointments.
    const names = [noun, ...[...(RECORD_SYNONYMS.find((g) => g.has(noun)) ?? [])].filter((n) => n !== noun)];
    return names.map((n) => this.entityOf(n)).find((e) => e !== undefined);
  }

  verbBefore(at: number): string | undefined {
    // "an e-book" is one word, none of whose parts is a verb.
    const words = this.text.slice(0, at).match(WORDS) ?? [];
    return [...words].reverse().find((w) => RECORDING_VERBS.has(w) || RECORDING_VERBS.has(w.replace(/s$/, '')) || RECORDING_VERBS.has(infinitiveOf(w) ?? ''))?.replace(/s$/, '');
  }

  /** The owner a count is kept per: "per member", "each household", or the person or record the sentence is about. */
  ownerOf(counted: ReadEntity, at: number, matchEnd: number): { field?: string; span?: Span } {
    // "…, and the entry fee is 5 per photo" is another clause's "per"; nor are photos counted per photo. The count's
    // own words may hold it ("max 3 kayaks per renter").
    const rest = this.text.slice(at, Math.max(matchEnd, this.clauseEnd(matchEnd)));
    const per = /^[^.;]*?\b(?:per|for each|each)\s+([a-z]+)/.exec(rest);
    // "per season" is a period, even where seasons are kept: the count is someone's within it.
    if (per && !TIME_NOUNS.has(per[1]) && !PERIODS.test(per[1]) && (this.isPerson(per[1]) || this.entityOf(per[1])) && this.entityOf(per[1]) !== counted) {
      return { field: `${camelCase(singular(per[1]))}Id`, span: [at, at + per.index + per[0].length] };
    }
    // "nobody orders more than 6": of each one who buys, the buyer.
    const nobody = /^(?:nobody|no one)\s+([a-z]+)/.exec(this.text.slice(at));
    const verb = nobody ? (infinitiveOf(nobody[1]) ?? nobody[1].replace(/e?s$/, '')) : undefined;
    const agent = verb ? [`${verb}er`, `${verb}r`, `${verb}or`].find((w) => this.isPerson(w) || this.entityOf(w)) : undefined;
    if (agent) return { field: `${camelCase(agent)}Id` };
    const subject = this.subjectBefore(at);
    if (subject.definite) return {};
    const owner = subject.person ?? subject.entity?.key;
    if (!owner || owner === counted.key) return {};
    return { field: `${camelCase(owner)}Id` };
  }

  /**
   * "per day", "each week": the period a count is kept by, the calendar period the record's date falls in; a period of
   * the business's own ("per school term") is a detail the record is given.
   */
  periodOf(counted: ReadEntity, at: number): { field?: string; span?: Span; within?: Within } {
    // "Voting runs 08:00 to 20:00 each day, and every student casts one vote per post": another clause's period. "At
    // most 2 per day and at most 5 per week": the period after a count, up to the next count, is its own; one said
    // before it ("each week, a member can …") holds where none follows.
    const after = this.text.slice(at, this.clauseEnd(at));
    const next = /\s(?:and|but|or)\s+(?:at most|no more than|not more than|up to|a maximum of|max)\b/.exec(after);
    const own = PERIOD.exec(next ? after.slice(0, next.index) : after);
    const from = own ? at : this.clauseStart(at);
    const m = own ?? PERIOD.exec(this.text.slice(from, at));
    if (!m) return {};
    const span: Span = [from + m.index, from + m.index + m[0].length];
    const calendar = m[1] === undefined || m[1].trim() === 'calendar';
    if (calendar && m[2] in PERIOD_DAYS) {
      // A record with no date of its own gains one: the day it is for, which the period is counted by.
      const dated = counted.fields.find((f) => f.type === 'date')?.name ?? this.field(counted, 'date', 'date');
      return { field: dated, span, within: { field: dated, period: m[2] as CalendarPeriod } };
    }
    const name = camelCase(`${m[1] ?? ''}${m[2]}`);
    // Where the seasons are kept as records, the record points at its season.
    const kept = counted.fields.find((f) => f.name === `${name}Id`);
    return { field: kept?.name ?? this.field(counted, name, 'string'), span };
  }

  /**
   * The record's detail a clause is about when it opens with it and a modal and the verb words given run up to `at`
   * ("a plate number can be on …"): its field, or undefined when the subject is a record or a person.
   */
  detailSubject(counted: ReadEntity, at: number, verb: RegExp): string | undefined {
    const opening = new RegExp(`^(?:an?|the|each|every)\\s+([a-z]+(?: [a-z]+)?)\\s+(?:can|may)\\s+(?:only\\s+)?${verb.source}\\s+$`);
    const detail = opening.exec(this.text.slice(this.clauseStart(at), at).trim() + ' ');
    return detail && !this.entityOf(detail[1]) && !this.isPerson(detail[1]) ? this.fieldPhrase(`${counted.key}'s ${detail[1]}`, at)?.field : undefined;
  }

  /** "no more than 3 kayaks", "only 1 locker", "once per month": a count of records per owner and period. */
  limits(): Found[] {
    const found: Found[] = [];
    // "sign up for one course at a time" bounds what is held together as "at most" does.
    // "shall not have more than 5 open jobs", "cannot give more than 8 lessons" say "at most" with the verb between.
    const re = /\b(?:at most|no more than|not more than|(?:cannot|can't|mustn't|nobody|no one|(?:[a-z]+\s+)?not)\s+(?!more\b)[a-z]+\s+more than|up to|a maximum of|maximum of|maximum|max|only|hold|have|be in|for(?=\s+\d+\s+[a-z-]+\s+(?:at a time|at once)))\s+(\d+)\s+((?:[a-z][a-z-]*\s+)?[a-z][a-z-]*)/g;
    for (const m of this.text.matchAll(re)) {
      const at = m.index ?? 0;
      const max = Number(m[1]);
      // "at most 0" forbids the record altogether: a question for a person, not a limit.
      if (max < 1) continue;
      // "a group lesson has at most 8 pupils; a private lesson has exactly 1": a bound on one kind of a record, which
      // no detail of the record tells apart here; asked.
      if (this.saidOfOneKind(at)) continue;
      // "cannot have 2 appointments at the same time" bounds what happens at once, not how many there are.
      if (/^(?:hold|have|be in)\b/.test(m[0].slice(m[0].search(/\S/))) && new RegExp(`${NEGATION}\\s*$`).test(this.text.slice(0, at))) continue;
      const nounWord = m[2].split(' ')[0];
      // "no more than 2 power tools": a bound on one kind of the records ("power" names no state, no record of its own).
      const [kind, kept] = m[2].split(' ');
      // "board games" said everywhere is the games' name; "power tools" beside plain "tools" is a kind of them.
      const plain = kept !== undefined && new RegExp(`(?<!\\b${kind}\\s)\\b${escapeRegExp(kept)}\\b`).test(this.ctx.text);
      const ofKind = plain && !ACTIVE.test(kind) && !/(?:ed|ing)$/.test(kind) && this.entityOf(kept) !== undefined && this.entityOf(kind) === undefined && !this.ctx.entities.some((e) => e.key === m[2]);
      if (ofKind && !this.isPerson(kept)) continue;
      // "book at most 4 slots per week" counts the bookings the slots are taken by.
      // "cannot borrow more than 3 tools" names its verb inside the bound.
      // "may rent no more than 1 locker": "no" is the bound's, and the verb stands before it.
      const verb = /\b(?!no\b|not\b)([a-z]+)\s+more\s+than\s+\d/.exec(m[0])?.[1] ?? this.verbBefore(at);
      const slotted = /^(?:slots?|timeslots?)$/.test(nounWord) ? this.recordOfVerb(verb) : undefined;
      if (!slotted && (TIME_NOUNS.has(singular(nounWord)) || MONEY_OR_UNITS.test(nounWord) || TEXT_UNITS.has(singular(nounWord)))) continue;
      // "more than 5 open print jobs": the record may be named a word further on.
      const further = /^\s+([a-z][a-z-]*)/.exec(this.text.slice(at + m[0].length))?.[1];
      const named = slotted ?? this.entityOf(m[2]) ?? (further ? this.entityOf(`${m[2]} ${further}`) : undefined);
      let counted: ReadEntity | undefined;
      let per: string[] = [];
      // A place taken is given back when what took it ends ("a cancelled booking frees its place").
      let occupies = false;
      if (named) {
        const made = this.recordOfVerb(verb);
        // "renters hire no more than 3 kayaks": what is counted is the hires, the records the verb makes; with no
        // verb that makes one, things held "at once" are counted by the records that hold them for someone.
        const holding = ACTIVE.test(this.text)
          ? this.pointingAt(named).find((e) => HOLDING_RECORDS.has(e.key))
          : undefined;
        counted = made && made !== named ? made : (holding ?? named);
        // "each bell takes only one ringer per date": people kept on record are counted by the records that put one of
        // them in the thing that takes them.
        const holder = counted === named && this.isPerson(named.key) ? this.subjectBefore(at).entity : undefined;
        const joining = holder ? this.pointingAt(holder).find((e) => e !== named && e.fields.some((f) => f.name === named.name || f.name === `${named.name}Id`)) : undefined;
        if (holder && joining) {
          counted = joining;
          per = [`${holder.name}Id`];
        }
      } else if (this.isPerson(nounWord) || (ROOM_NOUNS.has(singular(nounWord)) && HOLDS_ROOM.test(this.text.slice(this.clauseStart(at), at)))) {
        // "a boat carries at most 8 rowers", "a class has at most 20 places": the records that put a person in the
        // boat, or take a place in the class, are counted per boat or class; "tutors publish lessons with a maximum of 4
        // pupils" by the record the people come to.
        const joiningOf = (h: ReadEntity | undefined): ReadEntity | undefined => (h ? this.pointingAt(h)[0] : undefined);
        const holder = [this.subjectBefore(at).entity, this.nearestBefore(at)].find((h) => joiningOf(h) !== undefined);
        const joining = joiningOf(holder);
        if (!holder || !joining) continue;
        // Where the records that put someone in a place are for a time of their own ("a pitch takes at most 6 people",
        // "a rink takes 40 skaters at most" booked by session), who is there at once depends on the times: asked, not
        // counted as records ever made. A class that has its own start time is one occasion: its bookings are counted.
        const dated = (e: ReadEntity): boolean => e.fields.some((f) => f.type === 'date');
        if (dated(joining) && !dated(holder)) continue;
        counted = joining;
        occupies = true;
        per = [`${holder.name}Id`];
      }
      if (!counted) continue;
      // "a flat can have only one accepted application" counts the ones an action has reached, which a new record never
      // is: it refuses that action a second time for the same flat. Of more than one, or of nothing named, it is asked.
      const life = this.ctx.lifecycles.find((l) => l.entity === counted);
      const qualifier = nounWord !== m[2] && !ACTIVE.test(nounWord);
      // "only one approved application" where nothing approves one: the state is none a record reaches here; asked.
      const reached = /ed$/.test(nounWord) ? infinitiveOf(nounWord) : undefined;
      if (!life && qualifier && reached !== undefined && STATE_CHANGES.has(verbClass(reached)) && !this.entityOf(nounWord)) continue;
      if (life && qualifier && life.actions.some((a) => a.to === nounWord)) {
        const holder = this.subjectBefore(at).entity;
        // "only one confirmed stay per night" is counted per night too, which this rule does not: it is asked.
        const qualified = /^[^.;]*?\b(?:per|a|each|every)\s+(?:[a-z]+\s+)?(?:day|night|week|month|year|season|term|weekend)\b|\bat a time\b/.test(this.text.slice(at + m[0].length));
        if (max === 1 && holder && holder !== counted && !qualified) {
          const per = this.field(counted, `${holder.name}Id`, 'id');
          found.push({ rule: { kind: 'sole', entity: counted.name, per, state: nounWord }, span: [this.clauseStart(at), at + m[0].length] });
        }
        continue;
      }
      const end = at + m[0].length;
      // "can only have one active permit": the "only" before the verb is the limit's.
      const only = /\bonly\s+$/.exec(this.text.slice(0, at));
      const spans: Span[] = [[only ? only.index : at, end]];
      // "a plate number can be on only one active permit": no two of the records hold that detail.
      // "a plate number can only have one active permit" says the same of what has it.
      const had = /^(?:have|hold)\b/.test(m[0]) ? this.detailSubject(counted, at + m[0].search(/\d/), /(?:have|hold)/) : undefined;
      const unique = per.length === 0 ? (this.detailSubject(counted, at, /(?:be|appear)\s+(?:on|in)/) ?? had) : undefined;
      if (unique) per.push(unique);
      if (per.length === 0) {
        const owner = this.ownerOf(counted, at, end);
        if (owner.field) per.push(this.field(counted, owner.field, 'id'));
        if (owner.span) spans.push(owner.span);
      }
      const period = this.periodOf(counted, at);
      if (period.field) per.push(period.field);
      if (period.span) spans.push(period.span);
      // "only one proposal per call": the count is kept per a detail the record holds.
      // "per market day" is the record's market date, or its one date.
      const detail = /\bper\s+([a-z]+)(?:\s+([a-z]+))?/.exec(this.text.slice(at, this.clauseEnd(at)));
      const day = detail?.[2] === 'day' || detail?.[2] === 'date';
      const perNames = detail ? [camelCase(singular(detail[1])), ...(day ? [camelCase(`${detail[1]} date`), 'date'] : [])] : [];
      const own = detail && counted.fields.find((f) => perNames.includes(f.name) && f.type !== 'id');
      if (detail && own && !per.includes(own.name) && !per.includes(`${own.name}Id`)) {
        per.push(own.name);
        spans.push([at + detail.index, at + detail.index + detail[0].length]);
      }
      // "one session per subject" where the subject is the session's, not the registration's: counted without it the
      // limit would be stricter than the text; it is left open.
      const perWord = detail ? singular(detail[1]) : undefined;
      // So is "per weekend", a time the counts are not kept by.
      const periodKept = TIME_NOUNS.has(perWord ?? '') ? period.field !== undefined : true;
      if (perWord && !own && (!TIME_NOUNS.has(perWord) || !periodKept) && !this.isPerson(perWord) && !per.some((p) => p.startsWith(camelCase(perWord)))) continue;
      // "A slot takes at most 12 orders": counted per the slot, a detail of the order ("a pickup slot"); with no such
      // detail, the count is not one over all records, and it is asked.
      if (per.length === 0) {
        // The subject's words, without the verb before the count: "a table number takes" names a table number.
        const words = /^\W*(?:an?|the|each|every)\s+((?:[a-z]+\s+)+)/.exec(this.text.slice(this.clauseStart(at), at))?.[1].trim().split(/\s+/).slice(0, -1) ?? [];
        const said = words[words.length - 1];
        if (said && !this.isPerson(said) && this.entityOf(said) === undefined) {
          const names = [camelCase(words.join(' ')), camelCase(said)];
          const detail = counted.fields.find((f) => f.type !== 'id' && (names.includes(f.name) || f.name.endsWith(camelCase(`x ${said}`).slice(1))));
          if (!detail) continue;
          per.push(detail.name);
        }
      }
      const active = ACTIVE.exec(this.text);
      // "no more than 4 upcoming visits" counts those whose date is still ahead.
      const upcoming = active && /^(?:future|upcoming)$/.test(active[1]) ? this.dateOf(counted) : undefined;
      if (active) spans.push([active.index, active.index + active[0].length]);
      const activeCount = (Boolean(active) || occupies) && this.ctx.lifecycles.some((l) => l.entity === counted);
      const rule: Rule = { kind: 'limit', entity: counted.name, max, per, active: activeCount, ...(upcoming ? { upcoming } : {}), ...(period.within ? { within: period.within } : {}) };
      for (const span of spans) found.push({ rule, span });
    }
    return found;
  }

  /** "enter once per season", "a kayak that is rented cannot be rented again until it is brought back". */
  onlyOnce(): Found[] {
    const found: Found[] = [];
    // "at once" says at the same time, not one time: it bounds what is held together, read by the count's rule.
    // "changed once they are placed": a "once" that opens a clause says when, not how often.
    // "once every 12 weeks" is an interval (see \`intervals\`).
    const once = /\b(?!at\b)([a-z]+)\s+once\b(?!\s+(?:(?:it|they|he|she|we|you|i|its|their|his|her|our|the|this|that|these|those)\b|an?\s+[a-z]+\s+(?:is|are|has|have|was|were)\b|(?:every|each|in|per)\s+\d))/.exec(this.text);
    if (once) {
      const counted = this.recordOfVerb(once[1]) ?? this.recordOfVerb(this.verbBefore(once.index + once[1].length));
      if (counted) {
        const at = once.index;
        const end = at + once[0].length;
        const per: string[] = [];
        // "a licence number can be registered only once": the detail is what may not come twice.
        const unique = this.detailSubject(counted, at, /be\s+[a-z]+(?:\s+only)?/);
        if (unique) per.push(unique);
        const owner = this.ownerOf(counted, at, end);
        if (owner.field) per.push(this.field(counted, owner.field, 'id'));
        const period = this.periodOf(counted, at);
        if (period.field) per.push(period.field);
        const rule: Rule = { kind: 'limit', entity: counted.name, max: 1, per, active: false, ...(period.within ? { within: period.within } : {}) };
        found.push({ rule, span: [at, end] }, ...(period.span ? [{ rule, span: period.span }] : []), ...(owner.span ? [{ rule, span: owner.span }] : []));
      }
    }
    const again = new RegExp(`\\b([a-z]+)\\s+(?:that|which)\\s+(?:is|has been)\\s+([a-z]+)\\s+${NEGATION}\\s+be\\s+([a-z]+)\\b[^.;]*`).exec(this.text);
    if (again && again[2] === again[3] && !/overlap/.test(again[0])) {
      const target = this.entityOf(again[1]);
      const counted = this.recordOfVerb(infinitiveOf(again[2]));
      if (target && counted && counted !== target) {
        const field = this.field(counted, `${target.name}Id`, 'id');
        const active = this.ctx.lifecycles.some((l) => l.entity === counted);
        found.push({ rule: { kind: 'limit', entity: counted.name, max: 1, per: [field], active }, span: [again.index, again.index + again[0].length] });
      }
    }
    return found;
  }

  /** "a member can book a massage at most once every 2 weeks": no two of an owner's records closer in time than that. */
  intervals(): Found[] {
    const found: Found[] = [];
    for (const m of this.text.matchAll(/\b(?:(?:at most|no more than|only)\s+)?once\s+(?:every|each|in|per)\s+(\d+)\s+(minute|hour|day|week)s?\b/g)) {
      const at = m.index ?? 0;
      const counted = this.recordOfVerb(this.verbBefore(at)) ?? this.subjectBefore(at).entity;
      if (!counted) continue;
      const end = at + m[0].length;
      // Whose records are kept apart must be said: all of them at once is no rule a team would build unasked.
      const owner = this.ownerOf(counted, at, end);
      if (!owner.field) continue;
      const per = [this.field(counted, owner.field, 'id')];
      const rule: Rule = { kind: 'interval', entity: counted.name, per, field: this.dateOf(counted), amount: Number(m[1]), unit: `${m[2]}s` as TimeUnit };
      found.push({ rule, span: [this.clauseStart(at), end] }, ...(owner.span ? [{ rule, span: owner.span }] : []));
    }
    return found;
  }

  /** A field named by a phrase ("the return date", "a member's email"), on the record the phrase or the sentence names. */
  private fieldPhrase(phrase: string, at: number, type?: FieldType): { entity: ReadEntity; field: string } | undefined {
    const said = phrase.split(' ').filter((w) => !ARTICLES.has(w));
    // "pass codes are unique": a record's name before a detail is whose detail it is.
    const words = said.length > 1 && !said.some((w) => w.endsWith("'s")) && this.entityOf(said[0]) ? [`${said[0]}'s`, ...said.slice(1)] : said;
    const owned = words.findIndex((w) => w.endsWith("'s"));
    const name = words.slice(owned + 1).join(' ');
    const owner = owned >= 0 ? words[owned].replace(/'s$/, '') : undefined;
    // Unowned, it is the field some record already has, else a field of the record the sentence names.
    const holder = this.ctx.entities.find((e) => e.fields.some((f) => f.name === camelCase(name)));
    const entity = owner ? (this.entityOf(owner) ?? (this.isPerson(owner) ? this.personRecord(owner) : undefined)) : (holder ?? this.nearestBefore(at) ?? this.ctx.entities[0]);
    if (!entity || name === '' || this.entityOf(name) || this.isPerson(name)) return undefined;
    const head = name.split(' ').pop() as string;
    // "a plate number" is a code, "a number" a count.
    const code = CODE_NOUNS.has(head) && said.length > 1;
    const kind: FieldType = type ?? (TIME_NOUNS.has(head) ? 'date' : NUMBER_NOUNS.has(head) && !code ? 'number' : 'string');
    return { entity, field: this.field(entity, camelCase(name), kind) };
  }

  /** "every ticket must have a priority", "each parcel needs a weight": a detail no record may lack. */
  requireds(): Found[] {
    const found: Found[] = [];
    const re = /\b(?:every|each|all|any|an?)\s+([a-z]+(?: [a-z]+)?)\s+(?:must|has to|have to|needs to|need to|should)\s+(?:have|include|state)\s+(?:an?|its|their)\s+([a-z]+(?: [a-z]+)?)\b/g;
    for (const m of this.text.matchAll(re)) {
      const entity = this.entityOf(m[1]);
      if (!entity) continue;
      const named = this.entityOf(m[2]) ?? (this.isPerson(m[2]) ? this.personRecord(m[2]) : undefined);
      const field = named ? this.field(entity, `${named.name}Id`, 'id') : this.fieldPhrase(`${m[1]}'s ${m[2]}`, m.index ?? 0)?.field;
      if (!field || named === entity) continue;
      found.push({ rule: { kind: 'required', entity: entity.name, field }, span: [m.index ?? 0, (m.index ?? 0) + m[0].length] });
    }
    return found;
  }

  /**
   * "a climber with 2 forfeits cannot book any more", "members who have 3 lapses may not borrow": no new record for an
   * owner with that many records in a state the record can reach (a status of its lifecycle, or one the text marks
   * records "as").
   */
  standings(): Found[] {
    const found: Found[] = [];
    const re = new RegExp(`\\b(?:an?|any)\\s+([a-z]+)\\s+(?:with|who has|who have|that has)\\s+(\\d+)\\s+(?:or more\\s+)?([a-z]+(?:-[a-z]+)?)\\s+(?:${NEGATION}|can no longer)\\s+([a-z]+)\\b`, 'g');
    for (const m of this.text.matchAll(re)) {
      const record = this.recordOfVerb(m[4]);
      const state = singular(m[3]);
      if (!record || !this.isPerson(m[1])) continue;
      const statuses = this.ctx.lifecycles.find((l) => l.entity === record)?.statuses ?? [];
      const marked = new RegExp(`\\bas\\s+(?:an?\\s+)?${m[3]}\\b`).test(this.ctx.text);
      if (!statuses.includes(state) && !marked) continue;
      const person = camelCase(singular(m[1]));
      const per = record.fields.some((f) => f.name === person) ? person : this.field(record, `${person}Id`, 'id');
      const at = m.index ?? 0;
      found.push({ rule: { kind: 'standing', entity: record.name, per, state, count: Number(m[2]) }, span: [at, at + m[0].length] });
    }
    return found;
  }

  /**
   * "groups of more than 8 must phone", "parties bigger than 10 cannot book online": the largest group the record the
   * text books may be for, as its group size.
   */
  groupSizes(): Found[] {
    const found: Found[] = [];
    const re = new RegExp(`\\b(part(?:y|ies)|groups?|famil(?:y|ies)|crews?)\\s+(?:of\\s+)?(?:larger|bigger|more|greater|over)\\s+(?:than\\s+)?(\\d+)(?:\\s+(?:people|persons|guests))?\\s+(?:must|have to|has to|need to|needs to|should|${NEGATION})\\b`, 'g');
    const booked = new Set([...RECORDING_NOUNS].flatMap((noun) => [noun, ...(RECORD_SYNONYMS.find((g) => g.has(noun)) ?? [])]));
    for (const m of this.text.matchAll(re)) {
      const record = this.ctx.entities.find((e) => booked.has(e.key));
      if (!record) continue;
      const field = this.field(record, camelCase(`${singular(m[1])} size`), 'number');
      const at = m.index ?? 0;
      found.push({ rule: { kind: 'range', entity: record.name, field, max: Number(m[2]), measure: 'value' }, span: [at, at + m[0].length] });
    }
    // How many people a record is for, bounded: "with a name and 5 to 8 players" said of the record ("captains
    // register teams …"); "a group has between 2 and 6 players", "a crew is 3 to 5 rowers", "a booking is for 2 to 8
    // people" said of the group that makes it, or of the record.
    const bound = '(?:between\\s+(\\d+)\\s+and\\s+(\\d+)|(?:from\\s+)?(\\d+)\\s+to\\s+(\\d+)|(at least|at most|no more than|up to)\\s+(\\d+))';
    const holding = new RegExp(`\\b([a-z]+)\\s+with\\s+(?:[a-z ,]+?\\s+and\\s+)?${bound}\\s+([a-z]+)\\b`, 'g');
    const sizes = new RegExp(`\\b([a-z]+)\\s+(?:(?:must|should|can|may)\\s+)?(?:has|have|is|are|be|is for|are for|be for|consists? of|${ROOM_FORMS})\\s+${bound}\\s+([a-z]+)\\b`, 'g');
    const matches = [...[...this.text.matchAll(holding)].map((m) => ({ m, held: true })), ...[...this.text.matchAll(sizes)].map((m) => ({ m, held: false }))];
    for (const { m, held } of matches) {
      const people = m[8];
      const generic = /^(?:people|persons)$/.test(people);
      // Counted people need not act anywhere: "-er", "-or" … words in the plural name them ("8 climbers").
      const persons = this.isPerson(people) || (people !== singular(people) && PERSON_SUFFIX.test(singular(people)));
      if (!persons && !(generic && !held)) continue;
      const own = this.entityOf(m[1]);
      const group = this.isPerson(m[1]) || GROUP_WORDS.test(m[1]);
      // "The venue seats between 40 and 120 guests": a place no record stands for bounds the records that count them.
      const roomy = new RegExp(`\\b(?:${ROOM_FORMS})\\b`).test(m[0]);
      // Said of a record ("each barn seats …"), it bounds the records that point at it.
      const counting = roomy && !group ? this.countOf(people, own ? this.pointingAt(own) : this.ctx.entities) : undefined;
      if (roomy && !counting) continue;
      // A group the text keeps as a record of its own ("a team has between 7 and 12 players") is what is bounded when
      // nothing books for it.
      const bookedRecord = this.ctx.entities.find((e) => booked.has(e.key));
      const record = counting?.entity ?? (held ? own : own && booked.has(own.key) ? own : group ? (bookedRecord ?? own) : undefined);
      if (!record) continue;
      const counted = counting?.field ?? (generic ? (record === own ? 'people count' : `${singular(m[1])} size`) : `${singular(people)} count`);
      const [min, max] = m[2] !== undefined ? [m[2], m[3]] : m[4] !== undefined ? [m[4], m[5]] : /least/.test(m[6] ?? '') ? [m[7], undefined] : [undefined, m[7]];
      if (min !== undefined && max !== undefined && Number(min) > Number(max)) continue;
      const field = this.field(record, camelCase(counted), 'number');
      const at = m.index ?? 0;
      const rule: Rule = { kind: 'range', entity: record.name, field, ...(min !== undefined ? { min: Number(min) } : {}), ...(max !== undefined ? { max: Number(max) } : {}), measure: 'value' };
      found.push({ rule, span: [at, at + m[0].length] });
    }
    return found;
  }

  /**
   * "an e-book cannot be lent to more readers at once than it has licences": no more running records of a thing than
   * the number it holds.
   */
  capacities(): Found[] {
    const re = new RegExp(`\\b([a-z]+(?:-[a-z]+)*)\\s+${NEGATION}\\s+be\\s+[a-z]+\\s+(?:to|by|for)\\s+more\\s+[a-z]+(?:\\s+(?:at once|at a time|at the same time))?\\s+than\\s+(?:it|they)\\s+(?:has|have|holds?)\\s+([a-z]+)`, 'g');
    const found: Found[] = [];
    for (const m of this.text.matchAll(re)) {
      const holder = this.entityOf(m[1]);
      const counted = holder && this.pointingAt(holder).find((e) => RECORDING_NOUNS.has(e.key));
      if (!holder || !counted) continue;
      const field = this.field(holder, camelCase(m[2]), 'number');
      const active = this.ctx.lifecycles.some((l) => l.entity === counted);
      const at = m.index ?? 0;
      found.push({ rule: { kind: 'capacity', entity: counted.name, holder: holder.name, ref: `${holder.name}Id`, field, active }, span: [at, at + m[0].length] });
    }
    return found;
  }

  /** "a member's email must be unique", "no two bikes may share a frame number": a detail no two records share. */
  uniques(): Found[] {
    const found: Found[] = [];
    const patterns = [
      /\b((?:(?:each|every|a|an|the|[a-z]+'s)\s+)*[a-z]+(?:\s+[a-z]+)?)\s+(?:(?:must|should|has to|have to|needs to) be|is|are)\s+(?:always\s+)?unique\b/g,
      /\bno two\s+([a-z]+)\s+(?:can|may|should)\s+(?:have|share)\s+the same\s+([a-z]+(?:\s+[a-z]+)?)\b/g,
    ];
    for (const [i, re] of patterns.entries()) {
      for (const m of this.text.matchAll(re)) {
        const at = m.index ?? 0;
        // "Ticket numbers are unique" says it of each one.
        const named = i === 0 ? this.fieldPhrase(m[1].replace(/[a-z]+$/, (w) => singular(w)), at) : this.entityOf(m[1]) && this.fieldPhrase(`${m[1]}'s ${m[2]}`, at);
        if (!named) continue;
        found.push({ rule: { kind: 'limit', entity: named.entity.name, max: 1, per: [named.field], active: false }, span: [at, at + m[0].length] });
      }
    }
    // "a vet cannot have 2 appointments at the same time": no two of them for one vet share a start, or overlap when
    // they run from a start to an end.
    const atOnce = new RegExp(`\\b([a-z]+)\\s+${NEGATION}\\s+(?:have|hold|take|be given)\\s+2\\s+([a-z]+)\\s+(?:at the same time|at once|simultaneously)`, 'g');
    for (const m of this.text.matchAll(atOnce)) {
      const holder = this.holderName(m[1]);
      const counted = this.entityOf(m[2]);
      if (!holder || !counted || holder === counted.name) continue;
      const per = this.field(counted, `${holder}Id`, 'id');
      const span: Span = [m.index ?? 0, (m.index ?? 0) + m[0].length];
      const pair = datePair(counted);
      const start = counted.fields.find((f) => f.type === 'date');
      const active = this.ctx.lifecycles.some((l) => l.entity === counted);
      if (pair) found.push({ rule: { kind: 'overlap', entity: counted.name, per: [per], start: pair[0], end: pair[1], active }, span });
      else if (start) found.push({ rule: { kind: 'limit', entity: counted.name, max: 1, per: [per, start.name], active }, span });
    }
    // "a room cannot be booked twice for the same start time": one booking of a room per start (on its date).
    const twice = new RegExp(`\\b([a-z]+)\\s+${NEGATION}\\s+be\\s+([a-z]+)\\s+(?:twice|more than once)\\s+(?:for|on|at|in)\\s+the\\s+same\\s+([a-z]+(?:\\s+[a-z]+)?)`, 'g');
    for (const m of this.text.matchAll(twice)) {
      const holder = this.entityOf(m[1]);
      const counted = this.recordOfVerb(infinitiveOf(m[2]));
      if (!holder || !counted) continue;
      const at = m.index ?? 0;
      const per = holder === counted ? [] : [this.field(counted, `${holder.name}Id`, 'id')];
      const other = this.entityOf(m[3]);
      const [first] = m[3].split(' ');
      const kept = counted.fields.find((f) => f.name === camelCase(m[3])) ?? counted.fields.find((f) => f.name.startsWith(camelCase(first)) && f.type !== 'id');
      if (other) per.push(this.field(counted, `${other.name}Id`, 'id'));
      else if (kept) per.push(kept.name);
      else continue;
      // A time of day is the same only on the same day.
      const day = counted.fields.find((f) => f.type === 'date');
      if (kept && /Minutes$/.test(kept.name) && day && !per.includes(day.name)) per.push(day.name);
      found.push({ rule: { kind: 'limit', entity: counted.name, max: 1, per, active: this.ctx.lifecycles.some((l) => l.entity === counted) }, span: [at, at + m[0].length] });
    }
    // "the same vehicle registration may never appear twice on one crossing": one record per detail and thing.
    const sameTwice = new RegExp(`\\bthe same\\s+([a-z]+(?:\\s+[a-z]+)?)\\s+${NEGATION}\\s+(?:appear|occur|be used|be entered|be given|be listed)\\s+(?:twice|more than once)\\s+(?:on|in|for|at)\\s+(?:1|the same|an?|any)\\s+([a-z]+)`, 'g');
    for (const m of this.text.matchAll(sameTwice)) {
      const at = m.index ?? 0;
      const named = this.fieldPhrase(m[1], at);
      const place = this.entityOf(m[2]);
      if (!named || !place || named.entity === place) continue;
      const per = [named.field, this.field(named.entity, `${place.name}Id`, 'id')];
      found.push({ rule: { kind: 'limit', entity: named.entity.name, max: 1, per, active: this.ctx.lifecycles.some((l) => l.entity === named.entity) }, span: [at, at + m[0].length] });
    }
    return found;
  }

  /** "the refund cannot exceed the amount paid", "the end date must be after the start date": one field bounded by another. */
  comparisons(): Found[] {
    const found: Found[] = [];
    const phrase = "((?:(?:the|a|an|its|their|[a-z]+'s)\\s+)?[a-z]+(?:-[a-z]+)?(?:\\s+[a-z]+(?:-[a-z]+)?)?)";
    const relation = '(cannot exceed|can not exceed|may not exceed|must not exceed|must be (?:after|later than|before|earlier than|at most|at least|no more than|no later than|no earlier than|no less than))';
    const re = new RegExp(`${phrase}\\s+${relation}\\s+${phrase}\\b`, 'g');
    for (const m of this.text.matchAll(re)) {
      if (/\d/.test(m[3])) continue;
      const at = m.index ?? 0;
      const r = m[2];
      const rel: Relation =
        /exceed|at most|no more than/.test(r) ? 'at most' : /at least|no less than/.test(r) ? 'at least' : /after|later|no earlier/.test(r) ? 'after' : 'before';
      const dated = rel === 'before' || rel === 'after' ? 'date' : undefined;
      // Both sides are fields of one record: the one that already holds either of them.
      const bare = (p: string): string => p.replace(/^(?:the|its|their|an?)\s+/, '');
      const holder = [m[1], m[3]].filter((p) => !p.includes("'s")).map((p) => this.ctx.entities.find((e) => e.fields.some((f) => f.name === camelCase(bare(p))))).find(Boolean);
      const left = this.fieldPhrase(holder && !m[1].includes("'s") ? `${holder.key}'s ${bare(m[1])}` : m[1], at, dated);
      const right = left && this.fieldPhrase(m[3].includes("'s") ? m[3] : `${left.entity.key}'s ${m[3].replace(/^(?:the|its|their|an?)\s+/, '')}`, at, dated);
      if (!left || !right || left.field === right.field) continue;
      found.push({ rule: { kind: 'compare', entity: left.entity.name, field: left.field, other: right.field, relation: rel }, span: [at, at + m[0].length] });
    }
    return found;
  }

  /** "has to be 30 years or older", "a rider under 14 cannot enter": a minimum or maximum age of a person. */
  ages(): Found[] {
    const found: Found[] = [];
    const musts = new RegExp(`\\b([a-z]+)\\s+(?:must|should|has to|have to|needs to|need to)\\s+be\\s+(at least|over|older than|under|younger than|at most)\\s+${N}(\\s+years?(?:\\s+old|\\s+of age)?)?`, 'g');
    for (const m of this.text.matchAll(musts)) {
      if (!this.isPerson(m[1]) && !this.entityOf(m[1])) continue;
      if (!m[4] && !this.isPerson(m[1])) continue;
      const n = Number(m[3]);
      const bound = m[2] === 'at least' ? { min: n } : m[2] === 'at most' ? { max: n } : /over|older/.test(m[2]) ? { min: n + 1 } : { max: n - 1 };
      found.push(this.ageRule(m[1], bound, m));
    }
    const orMore = new RegExp(`\\b([a-z]+)\\s+(?:must|should|has to|have to|needs to|need to)\\s+be\\s+${N}(?:\\s+years?(?:\\s+old|\\s+of age)?)?\\s+or\\s+(older|over|more|younger|under|less)\\b`, 'g');
    for (const m of this.text.matchAll(orMore)) {
      if (!this.isPerson(m[1])) continue;
      const n = Number(m[2]);
      found.push(this.ageRule(m[1], /older|over|more/.test(m[3]) ? { min: n } : { max: n }, m));
    }
    const between = new RegExp(`\\b([a-z]+)\\s+(?:must|should|has to|have to|need to|needs to)\\s+be\\s+(?:between|from)\\s+${N}\\s+(?:and|to)\\s+${N}\\s+years?(?:\\s+old|\\s+of age)?`, 'g');
    for (const m of this.text.matchAll(between)) {
      if (this.isPerson(m[1]) && Number(m[2]) <= Number(m[3])) found.push(this.ageRule(m[1], { min: Number(m[2]), max: Number(m[3]) }, m));
    }
    const forbids = new RegExp(`\\b([a-z]+)\\s+(under|younger than|below|over|older than|above)\\s+${N}(?:\\s+years?(?:\\s+old|\\s+of age)?)?\\s+${NEGATION}\\b`, 'g');
    for (const m of this.text.matchAll(forbids)) {
      if (!this.isPerson(m[1])) continue;
      const n = Number(m[3]);
      found.push(this.ageRule(m[1], /under|younger|below/.test(m[2]) ? { min: n } : { max: n }, m));
    }
    return found;
  }

  private ageRule(person: string, bound: { min?: number; max?: number }, m: RegExpMatchArray): Found {
    const record = this.personRecord(person);
    const field = this.field(record, 'age', 'number');
    return { rule: { kind: 'range', entity: record.name, field, ...bound, measure: 'value' }, span: [m.index ?? 0, (m.index ?? 0) + m[0].length] };
  }

  /**
   * "an episode must be between 5 and 180 minutes long", "a parcel can be at most 30 kilograms heavy": a bound on
   * the dimension the adjective measures, held by the record the clause is about (ages are read by `ages`).
   */
  measures(): Found[] {
    const found: Found[] = [];
    const adjectives = [...MEASURED_DIMENSIONS.keys()].join('|');
    const be = `${OBLIGATION}\\s+be`;
    const between = new RegExp(`\\b${be}\\s+(?:between|from)\\s+${N}\\s+(?:and|to)\\s+${N}\\s+[a-z]+\\s+(${adjectives})\\b`, 'g');
    const bound = new RegExp(`\\b${be}\\s+(at most|no more than|up to|at least|no less than)\\s+${N}\\s+[a-z]+\\s+(${adjectives})\\b`, 'g');
    const add = (m: RegExpMatchArray, dimension: string, limits: { min?: number; max?: number }) => {
      // "pallets that weigh at most 1200 kg" measures the pallets; "a donor must weigh at least 50 kg" the donor, a
      // person measured being a record of its own.
      const relative = /\b([a-z]+)\s+(?:that|which|who)\s+$/.exec(this.text.slice(0, m.index ?? 0));
      const subject = this.subjectBefore(m.index ?? 0);
      const holder = (relative && this.entityOf(relative[1])) || subject.entity || (subject.person ? this.personRecord(subject.person) : undefined);
      if (!holder || (limits.min !== undefined && limits.max !== undefined && limits.min > limits.max)) return;
      // The text may already name the dimension with its unit ("a length in minutes").
      const named = holder.fields.find((f) => f.type === 'number' && f.name.toLowerCase().startsWith(dimension))?.name;
      const field = this.field(holder, named ?? dimension, 'number');
      found.push({ rule: { kind: 'range', entity: holder.name, field, ...limits, measure: 'value' }, span: [m.index ?? 0, (m.index ?? 0) + m[0].length] });
    };
    const measured = (adjective: string): string => MEASURED_DIMENSIONS.get(adjective) as string;
    for (const m of this.text.matchAll(between)) add(m, measured(m[3]), { min: Number(m[1]), max: Number(m[2]) });
    for (const m of this.text.matchAll(bound)) add(m, measured(m[3]), /least|less/.test(m[1]) ? { min: Number(m[2]) } : { max: Number(m[2]) });
    // "must weigh at least 50 kg", "weighs between 2 and 20 kilograms": the verb names the dimension.
    const verbs = [...MEASURING_VERBS.keys()].join('|');
    const measuring = new RegExp(`\\b(?:${OBLIGATION}\\s+)?(${verbs})(?:s|es)?\\s+(?:between\\s+${N}\\s+and\\s+${N}|(at most|no more than|up to|at least|no less than)\\s+${N})\\s+[a-z]+`, 'g');
    for (const m of this.text.matchAll(measuring)) {
      const dimension = MEASURING_VERBS.get(m[1]) as string;
      const limits = m[2] !== undefined ? { min: Number(m[2]), max: Number(m[3]) } : /least|less/.test(m[4]) ? { min: Number(m[5]) } : { max: Number(m[5]) };
      add(m, dimension, limits);
    }
    return found;
  }

  /** The record that holds a field, or the record the sentence is about, which then gains it. */
  holderOf(name: string, at: number, type: FieldType): ReadEntity | undefined {
    const holder = this.ctx.entities.find((e) => e.fields.some((f) => f.name === name)) ?? this.ctx.entities.find((e) => measureOf(e, name) !== undefined);
    if (holder) return holder;
    const subject = this.subjectBefore(at).entity ?? this.nearestBefore(at);
    if (subject) this.field(subject, name, type);
    return subject;
  }

  /** "an abstract of no more than 250 words": a limit on the length of a text. */
  lengths(): Found[] {
    const re = new RegExp(`\\b((?:[a-z]+\\s+)?[a-z]+)\\s+(?:of|is|must be|has|with)\\s+(?:at most|no more than|not more than|up to|a maximum of|maximum|at least|a minimum of)\\s+(\\d+)\\s+(words|characters)\\b`, 'g');
    const found: Found[] = [];
    for (const m of this.text.matchAll(re)) {
      const phrase = m[1].split(' ').filter((w) => !ARTICLES.has(w)).join(' ');
      // "an essay must be at most 2000 words": of a record, the length is its text's.
      const record = this.entityOf(phrase);
      const text = record?.fields.find((f) => f.type === 'string' && TEXT_FIELDS.has(f.name))?.name;
      const name = record ? text : camelCase(phrase);
      if (!name) continue;
      const holder = record ?? this.holderOf(name, m.index ?? 0, 'string');
      if (!holder) continue;
      const atLeast = /at least|minimum/.test(m[0]);
      found.push({
        rule: { kind: 'range', entity: holder.name, field: this.field(holder, name, 'string'), ...(atLeast ? { min: Number(m[2]) } : { max: Number(m[2]) }), measure: m[3] as 'words' | 'characters' },
        span: [m.index ?? 0, (m.index ?? 0) + m[0].length],
      });
    }
    return found;
  }

  /**
   * The number field a range is about, and where the text names it: a number noun just before it, the one a verb
   * before it implies ("mark … from 0 to 20"), or the subject of "… must be" ("the mark must be from 0 to 20").
   */
  numberFieldBefore(at: number): { name: string; at: number } | undefined {
    const words = (this.text.slice(0, at).match(/[a-z]+/g) ?? []).slice(-6).reverse();
    const named = (name: string, word: string) => ({ name, at: Math.max(0, this.text.lastIndexOf(word, at)) });
    for (const [i, w] of words.entries()) {
      // "rate each photo from 1 to 5" is a verb; "an hourly rate between 15 and 80" a noun, after an article or an
      // adjective, and names its own field unless it is the field the verb fills ("a grade between 0 and 20").
      const noun = ARTICLES.has(words[i + 1] ?? '') || /ly$/.test(words[i + 1] ?? '');
      const verbField = VERB_FIELDS.get(w) ?? VERB_FIELDS.get(w.replace(/s$/, ''));
      if (verbField?.type === 'number' && (!noun || verbField.name === w)) return named(verbField.name, w);
      // "a number of servings between 8 and 60": the servings are what is bounded, as the field finder names them.
      if (COUNTING_HEADS.has(w) && words[i - 1] === 'of' && words[i - 2]) return named(camelCase(pluralize.plural(singular(words[i - 2]))), w);
      // "the moisture level", where a record keeps one, is that detail, not a level of its own.
      const compound = words[i + 1] && !ARTICLES.has(words[i + 1]) ? camelCase(`${words[i + 1]} ${singular(w)}`) : undefined;
      const kept = compound !== undefined && this.ctx.entities.some((e) => e.fields.some((f) => f.name === compound));
      if (NUMBER_NOUNS.has(w) || NUMBER_NOUNS.has(singular(w))) return kept ? named(compound, words[i + 1]) : named(camelCase(singular(w)), w);
      const modifier = words[i + 1] && !ARTICLES.has(words[i + 1]) ? `${words[i + 1]} ` : '';
      // "the model year must be from 1950 to 2027", as the field finder names a year.
      if (w === 'year') return named(camelCase(`${modifier}year`), words[i + 1] && modifier ? words[i + 1] : w);
      // "the moisture level must be between …", "moisture must lie between …": the subject before a modal.
      const subject = i === 2 && /^(?:be|lie|fall|stay|remain)$/.test(words[0]) && MODALS.has(words[1]) && !this.entityOf(w) && !this.isPerson(w) && !ARTICLES.has(w);
      if (subject) return kept ? named(compound, words[i + 1]) : named(camelCase(singular(w)), w);
    }
    // "a campaign with a funding goal between 500 and 50000": a detail named with an article right before its bounds.
    const [head, before, first] = words;
    const plain = (w: string | undefined): w is string =>
      w !== undefined && !ARTICLES.has(w) && !TIME_NOUNS.has(singular(w)) && !this.entityOf(w) && !this.isPerson(w) && !isKnownVerb(w) && !MODALS.has(w);
    if (plain(head) && ARTICLES.has(before ?? '')) return named(camelCase(singular(head)), head);
    if (plain(head) && plain(before) && ARTICLES.has(first ?? '')) return named(camelCase(`${before} ${singular(head)}`), before);
    return undefined;
  }

  /** "a mark from 0 to 20", "grade it between 1 and 6", "a deposit of at most 300". */
  ranges(): Found[] {
    const found: Found[] = [];
    // "any whole number of packets from 2 upward" is a least value too.
    const re = new RegExp(`\\b(?:from|between)\\s+${N}\\s+(?:to|and)\\s+${N}\\b|\\b(?:of|is|be|costs?|and)\\s+(at most|no more than|at least|no less than)\\s+${N}\\b|\\bfrom\\s+${N}\\s+(?:upwards?|onwards?|and (?:up|above|over))\\b`, 'g');
    for (const m of this.text.matchAll(re)) {
      // "with … and between 2 and 8 free places": a count a record keeps of what is named after the bound.
      const countedAfter = m[1] !== undefined ? /^\s+(?:[a-z]+\s+)?([a-z]+s)\b/.exec(this.text.slice((m.index ?? 0) + m[0].length)) : null;
      const counter = countedAfter ? this.ctx.entities.find((e) => e.fields.some((f) => f.name === camelCase(countedAfter[1]))) : undefined;
      if (countedAfter && counter && Number(m[1]) <= Number(m[2])) {
        const field = this.field(counter, camelCase(countedAfter[1]), 'number');
        const kept = counter.fields.find((f) => f.name === field);
        if (kept) kept.type = 'number';
        const end = (m.index ?? 0) + m[0].length + countedAfter[0].length;
        found.push({ rule: { kind: 'range', entity: counter.name, field, min: Number(m[1]), max: Number(m[2]), measure: 'value' }, span: [m.index ?? 0, end] });
        continue;
      }
      // The word after the number says what is counted: a time, a person or a record is not a value of a field.
      const next = /^\s+([a-z]+)/.exec(this.text.slice((m.index ?? 0) + m[0].length))?.[1] ?? '';
      if (next && (TIME_NOUNS.has(singular(next)) || this.isPerson(next) || next === 'people' || this.entityOf(next) || TEXT_UNITS.has(singular(next)))) continue;
      if (/:/.test(this.text.slice((m.index ?? 0), (m.index ?? 0) + m[0].length + 1))) continue;
      const at = m.index ?? 0;
      // The number is named before the bound, and may be the verb that opened it ("costs at most 200").
      const named = this.numberFieldBefore(at + m[0].search(/\b(?:from|between|at|no)\b/));
      if (!named) continue;
      const { name } = named;
      const holder = this.holderOf(name, at, 'number');
      if (!holder) continue;
      const min = m[1] !== undefined ? Number(m[1]) : m[5] !== undefined ? Number(m[5]) : /least|less/.test(m[3] ?? '') ? Number(m[4]) : undefined;
      const max = m[2] !== undefined ? Number(m[2]) : /most|more/.test(m[3] ?? '') ? Number(m[4]) : undefined;
      if (min !== undefined && max !== undefined && min > max) continue;
      // A detail bounded by numbers holds a number, whatever its name suggested ("a mark").
      const field = this.field(holder, name, 'number');
      const kept = holder.fields.find((f) => f.name === field);
      if (kept && kept.type === 'string') kept.type = 'number';
      const start = Math.max(this.clauseStart(at), Math.min(named.at, at));
      // "between 14 and 20 percent": the unit is the bound's.
      const unit = /^\s+percent\b/.exec(this.text.slice(at + m[0].length))?.[0].length ?? 0;
      found.push({ rule: { kind: 'range', entity: holder.name, field, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}), measure: 'value' }, span: [start, at + m[0].length + unit] });
    }
    return found;
  }

  /** "a discount of 5, 15 or 25 percent", "tents sleep 1, 3 or 5 people", "pick easy, steep or rocky trails". */
  choices(): Found[] {
    const found: Found[] = [];
    const item = '(?:\\d+(?:\\.\\d+)?|[a-z]{1,3}\\d+|[a-z]+(?:-[a-z]+)*)';
    const list = `(${item}(?:,\\s*${item})*,?\\s+or\\s+${item})`;
    const ofList = new RegExp(`\\b((?:[a-z]+\\s+)?[a-z]+)\\s+of\\s+${list}(\\s+percent)?`, 'g');
    for (const m of this.text.matchAll(ofList)) {
      // "a pet's species is one of dog, cat or bird" is said with a copula, read below; "is one" is no detail.
      if (/(?:^|\s)(?:is|are|be|one)$/.test(m[1])) continue;
      const values = splitList(m[2]);
      if (!values || values.some((v) => typeof v === 'string' && (this.entityOf(v) || infinitiveOf(v)))) continue;
      const name = camelCase(m[1].split(' ').filter((w) => !ARTICLES.has(w)).join(' '));
      if (!name) continue;
      const holder = this.holderOf(name, m.index ?? 0, typeof values[0] === 'number' ? 'number' : 'string');
      if (!holder) continue;
      const field = this.field(holder, name, typeof values[0] === 'number' ? 'number' : 'string', values);
      found.push({ rule: { kind: 'oneOf', entity: holder.name, field, values }, span: [m.index ?? 0, (m.index ?? 0) + m[0].length] });
    }
    // "grade each proposal a, b or c", "rate every dish low, medium or high": the words the judgement takes.
    const judged = new RegExp(`\\b([a-z]+)\\s+(?:(?:each|every|the|an?|all|their)\\s+)?([a-z]+)\\s+(?:as\\s+)?${list}(?=\\s*(?:[,;.]|$|\\s+(?:so|and|to|when|if|after)\\b))`, 'g');
    for (const m of this.text.matchAll(judged)) {
      // "a reviewer grades each proposal": the judging verbs take a plain "s" in the third person.
      const judging = [m[1], m[1].replace(/s$/, '')].find((w) => JUDGING_VERBS.has(w));
      const verb = judging && VERB_FIELDS.get(judging);
      const record = this.entityOf(m[2]);
      const values = splitList(m[3]);
      if (!verb || !record || !values || values.some((v) => typeof v === 'number')) continue;
      const field = this.field(record, verb.name, 'string', values);
      found.push({ rule: { kind: 'oneOf', entity: record.name, field, values }, span: [m.index ?? 0, (m.index ?? 0) + m[0].length] });
    }
    // "a game ends as a win, a loss or a draw": what a thing ends as is its result, one of the words.
    const articled = '(?:an?\\s+)?[a-z]+';
    const ending = new RegExp(`\\b([a-z]+)\\s+(?:ends?|finish(?:es)?|concludes?)\\s+(?:as|in)\\s+(?:either\\s+)?(${articled}(?:,\\s*${articled})*,?\\s+or\\s+${articled})`, 'g');
    for (const m of this.text.matchAll(ending)) {
      const record = this.entityOf(m[1]);
      const values = splitList(m[2].replace(/\b(?:an?)\s+/g, ''));
      if (!record || !values || values.some((v) => typeof v === 'number' || infinitiveOf(v))) continue;
      const field = this.field(record, 'result', 'string', values);
      found.push({ rule: { kind: 'oneOf', entity: record.name, field, values }, span: [m.index ?? 0, (m.index ?? 0) + m[0].length] });
    }
    // "each craft is a single kayak, a double kayak or a canoe": what a record is, said with articles, is its type.
    // Each kind has its article, and no word of a kind is "or" or an article: a list matches one way only.
    const piece = 'an?\\s+[a-z]+(?:[\\s-](?!or\\b|an?\\b)[a-z]+){0,2}';
    const kinds = new RegExp(`\\b([a-z]+)\\s+(?:is|are)\\s+(?:either\\s+)?(${piece}(?:,\\s*${piece})*,?\\s+or\\s+${piece})(?=\\s*(?:[,;.]|$))`, 'g');
    for (const m of this.text.matchAll(kinds)) {
      const record = this.entityOf(m[1]);
      // "a ticket is either a foot ticket or a car ticket": the kinds are "foot" and "car".
      const own = new RegExp(`\\s+(?:${escapeRegExp(m[1])}|${escapeRegExp(singular(m[1]))})(?=,|\\s+or\\b|$)`, 'g');
      const values = splitList(m[2].replace(/(^|,\s*|\bor\s+)an?\s+/g, '$1').replace(own, ''));
      if (!record || !values || values.some((v) => typeof v === 'number' || infinitiveOf(v.split(/[\s-]/)[0]))) continue;
      const field = this.field(record, kindField(record), 'string', values);
      found.push({ rule: { kind: 'oneOf', entity: record.name, field, values }, span: [m.index ?? 0, (m.index ?? 0) + m[0].length] });
    }
    const verbList = new RegExp(`\\b([a-z]+)\\s+${list}\\s+([a-z]+)`, 'g');
    for (const m of this.text.matchAll(verbList)) {
      if (found.some((f) => f.span[0] <= (m.index ?? 0) && (m.index ?? 0) < f.span[1])) continue;
      const values = splitList(m[2]);
      // "a lesson lasts 1 or 2 hours": how long it is, in the unit named, is one of the numbers.
      const lasting = /^(?:lasts?|takes?|runs?)$/.test(m[1]) && values?.every((v) => typeof v === 'number') && SPAN_UNITS[singular(m[3])] !== undefined;
      const lasted = lasting ? this.subjectBefore(m.index ?? 0).entity : undefined;
      if (lasted && values) {
        const field = this.field(lasted, camelCase(pluralize.plural(singular(m[3]))), 'number', values);
        found.push({ rule: { kind: 'oneOf', entity: lasted.name, field, values }, span: [this.clauseStart(m.index ?? 0), (m.index ?? 0) + m[0].length] });
        continue;
      }
      // "in the morning or evening" says when, not which kind; "two or more courses" says how many.
      const timeWords = [m[3], ...(values ?? [])].some((v) => typeof v === 'string' && (TIME_NOUNS.has(singular(v)) || COUNT_WORDS.has(v) || NUMBER_WORDS[v] !== undefined));
      // "resolve them or close them" lists acts, not values.
      // "approves or declines requests": said of someone, the verbs are in their third person.
      const acts = values?.some((v) => typeof v === 'string' && (nlp(v).has('#Pronoun') || isKnownVerb(v) || isKnownVerb(v.replace(/e?s$/, '')) || isKnownVerb(v.replace(/s$/, ''))));
      // "graded a or b can be accepted": a modal after the list opens the clause's verb; it names no kind.
      if (!values || timeWords || ARTICLES.has(m[3]) || MODALS.has(m[3]) || acts) continue;
      const numeric = typeof values[0] === 'number';
      const noun = m[3];
      // "costs 30, 45 or 60 depending on size" is a tariff, not the values of a cost.
      if (numeric && (noun === 'depending' || /^(?:costs?|pays?)$/.test(m[1]))) continue;
      const nounRecord = this.entityOf(noun);
      let holder: ReadEntity | undefined;
      let name: string;
      if (numeric) {
        // "tents sleep 1, 3 or 5 people": the verb names what the number counts.
        holder = this.subjectBefore(m.index ?? 0).entity;
        name = camelCase(pluralize.plural(m[1].replace(/s$/, '')));
        if (!holder || ['be', 'is', 'are', 'have', 'has'].includes(m[1])) continue;
      } else {
        if (values.some((v) => this.entityOf(String(v)) || infinitiveOf(String(v)))) continue;
        // "book easy or steep trails": the trail's kind; when trails are not kept, the kind of trail a record has.
        // "order pine or spruce planks": when the planks are not kept, the order the verb makes holds their kind.
        const made = [m[1], m[1].replace(/s$/, '')].map((w) => RECORDING_VERBS.get(w)).find((r) => r !== undefined);
        holder = nounRecord ?? (made ? this.entityOf(made) : undefined) ?? this.nearestBefore(m.index ?? 0);
        name = nounRecord ? 'type' : camelCase(`${singular(noun)} type`);
        if (!holder) continue;
      }
      const field = this.field(holder, name, numeric ? 'number' : 'string', values);
      found.push({ rule: { kind: 'oneOf', entity: holder.name, field, values }, span: [(m.index ?? 0) + m[1].length, (m.index ?? 0) + m[0].length] });
    }
    // "priority can be low, medium or high", "categories are travel, meals or equipment": the values a detail of a record
    // takes, even where a value or the detail was read as a record of its own (the story writer then drops it).
    // "each desk has a zone: quiet, phone or team" says the same with a colon.
    // A value may be a word and a number ("under 8, under 10 or under 12"), or a code ("a4 or a3").
    const value = `(?:[a-z]+\\s+\\d+|[a-z]+\\d+|${item})`;
    const valueList = `(${value}(?:,\\s*${value})*,?\\s+or\\s+${value})`;
    // Numbers may be followed by their unit ("5, 10 or 21 km").
    const copula = new RegExp(`\\b((?:[a-z]+\\s+)?[a-z]+)(?:\\s+(?:is|are|can be|may be|must be|should be)\\s+|\\s*:\\s*)(?:either\\s+|one of\\s+)?${valueList}(\\s+[a-z]+)?\\s*[.;]?\\s*$`);
    const said = copula.exec(this.text);
    const listed = said && splitList(said[2]);
    const values = listed && (said?.[3] === undefined || listed.every((v) => typeof v === 'number')) ? listed : null;
    // "a ticket's priority" leaves the "s" of the possessive before the detail.
    const words = said ? said[1].split(' ').filter((w) => !ARTICLES.has(w) && w !== 's') : [];
    // "the floral source is …" speaks of the source a record holds, where it holds no floral source.
    const held = (name: string): boolean => this.ctx.entities.some((e) => e.fields.some((f) => f.name === name || f.name === `${name}Id`));
    const whole = camelCase(singular(words.join(' ')));
    const last = camelCase(singular(words[words.length - 1] ?? ''));
    const detail = said ? (!held(whole) && words.length > 1 && held(last) ? last : whole) : '';
    // "can be approved or rejected" lists states; "a level: beginner, intermediate or advanced" names the words a
    // detail takes, participles or not, unless the detail is a state.
    const named = said !== null && /:/.test(said[0]) && !STATE_NOUNS.has(singular(detail));
    // "rapeseed" spells like a participle of no verb there is.
    const participles = values?.filter((v) => typeof v === 'string' && nlp(`to ${infinitiveOf(v) ?? ''}`).verbs().length > 0).length ?? 0;
    // "each stall is indoor, outdoor or covered": words that are not all states say what kind a record is.
    const kindWords = said !== null && values !== null && /^(?:each|every|an?|any)\s/.test(said[1]) && this.entityOf(detail) !== undefined && participles < values.length;
    if (said && values && (named || participles === 0 || kindWords)) {
      // "each ticket's priority is low, normal or urgent" names its holder before the detail.
      const possessor = new RegExp(`([a-z]+)'s\\s+${escapeRegExp(said[1].split(' ').pop() ?? '')}\\b`).exec(this.text);
      // "each craft is single, double or triple": what any one record is, is its type.
      const itself = !possessor && /^(?:each|every|an?|any)\s/.test(said[1]) ? this.entityOf(detail) : undefined;
      const holder =
        itself ??
        this.ctx.entities.find((e) => e.fields.some((f) => f.name === detail || f.name === `${detail}Id`)) ??
        (possessor ? this.entityOf(possessor[1]) : undefined) ??
        (/:/.test(said[0]) ? (this.subjectBefore(said.index).entity ?? this.nearestBefore(said.index) ?? this.namedEarlier()) : undefined);
      const reference = holder?.fields.find((f) => f.name === `${detail}Id`);
      // A detail read as a reference to a record of its own holds one of the words instead.
      if (reference) Object.assign(reference, { name: detail, type: 'string' });
      if (holder) {
        const named = itself ? kindField(itself) : detail;
        const field = this.field(holder, named, typeof values[0] === 'number' ? 'number' : 'string', values);
        found.push({ rule: { kind: 'oneOf', entity: holder.name, field, values }, span: [said.index, said.index + said[0].length] });
      }
    }
    // "The services are bath, full groom and nail trim.", "Materials: plywood, acrylic, leather.": all the words a
    // detail some record keeps can take.
    const entry = '[a-z]+(?:[\\s-][a-z]+)?';
    const all =
      new RegExp(`^(?:the\\s+)?((?:[a-z]+\\s+)?[a-z]+s)\\s+(?:are|include)\\s+(${entry}(?:,\\s*${entry})*,?\\s+and\\s+${entry})\\s*\\.?$`).exec(this.text) ??
      new RegExp(`^(?:the\\s+)?((?:[a-z]+\\s+)?[a-z]+s)\\s*:\\s*(${entry}(?:,\\s*${entry}){2,}(?:,?\\s+(?:and|or)\\s+${entry})?)\\s*\\.?$`).exec(this.text);
    const kept = all ? camelCase(singular(all[1])) : '';
    const keeper = all ? this.ctx.entities.find((e) => e.fields.some((f) => f.name === kept || f.name === `${kept}Id`)) : undefined;
    const entries = all ? all[2].split(/\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+/).filter(Boolean) : [];
    if (all && keeper && entries.length >= 2 && !entries.some((v) => this.entityOf(v) === keeper)) {
      const reference = keeper.fields.find((f) => f.name === `${kept}Id`);
      if (reference) Object.assign(reference, { name: kept, type: 'string' });
      found.push({ rule: { kind: 'oneOf', entity: keeper.name, field: this.field(keeper, kept, 'string', entries), values: entries }, span: [0, all[0].length] });
    }
    return found;
  }

  /** "entries with a mark of 15 or higher are medalled", "a rider who collects 500 miles becomes silver". */
  thresholds(): Found[] {
    const found: Found[] = [];
    const ofN = new RegExp(`\\b([a-z]+)\\s+of\\s+${N}\\s+or\\s+(more|higher|above|over|greater|less|lower|below|fewer)\\b[^.;]*?\\b(?:is|are|get|gets|become|becomes|will be|count as|counts as)\\s+(?:marked\\s+)?(?:as\\s+)?(?:an?\\s+)?([a-z]+)`, 'g');
    const reaches = new RegExp(`\\b(?:reaches|reach|earns|earn|scores|has|have|gets|collects)\\s+${N}\\s+([a-z]+)[^.;]*?\\b(?:becomes|become|is|are|gets|get)\\s+(?:an?\\s+)?([a-z]+)`, 'g');
    for (const m of this.text.matchAll(ofN)) {
      const name = camelCase(singular(m[1]));
      const holder = this.nearestBefore(m.index ?? 0) ?? this.holderOf(name, m.index ?? 0, 'number');
      if (!holder || !name) continue;
      found.push(this.thresholdRule(holder, name, Number(m[2]), UPWARD.test(m[3]), m[4], m));
    }
    // "a plant whose moisture is 20 or less is marked thirsty": the detail is named after "whose".
    const whose = new RegExp(`\\b([a-z]+)\\s+whose\\s+((?:[a-z]+\\s+)?[a-z]+)\\s+(?:is|are)\\s+${N}\\s+or\\s+(more|higher|above|over|greater|less|lower|below|fewer)\\s+(?:is|are|gets|becomes|counts as)\\s+(?:marked\\s+|flagged\\s+)?(?:as\\s+)?(?:an?\\s+)?([a-z]+)`, 'g');
    for (const m of this.text.matchAll(whose)) {
      const holder = this.entityOf(m[1]);
      if (!holder) continue;
      const words = m[2].split(' ');
      const name = [camelCase(m[2]), camelCase(words[words.length - 1])].find((n) => holder.fields.some((f) => f.name === n)) ?? camelCase(m[2]);
      found.push(this.thresholdRule(holder, name, Number(m[3]), UPWARD.test(m[4]), m[5], m));
    }
    // "a systolic value above 180 is flagged as urgent", "orders over 100 are marked priority": the bound is not included.
    const beyond = new RegExp(`\\b([a-z]+)(?:\\s+([a-z]+))?\\s+(above|over|more than|higher than|greater than|below|under|less than|lower than)\\s+${N}(?:\\s+[a-z]+)?\\s+(?:is|are)\\s+(?:flagged|marked)\\s+(?:as\\s+)?(?:an?\\s+)?([a-z]+)`, 'g');
    for (const m of this.text.matchAll(beyond)) {
      const words = [m[1], m[2]].filter((w): w is string => w !== undefined && !ARTICLES.has(w));
      const holder = this.nearestBefore(m.index ?? 0) ?? this.holderOf(camelCase(singular(words[words.length - 1] ?? '')), m.index ?? 0, 'number');
      if (!holder || words.length === 0) continue;
      // The detail named: both words ("systolic value"), the first, or the last, whichever the record has.
      const names = [camelCase(words.join(' ')), ...words.map((w) => camelCase(singular(w)))];
      const kept = names.find((n) => holder.fields.some((f) => f.name === n && f.type !== 'id'));
      const name = kept ?? names[names.length - 1];
      if (name === holder.name && !holder.fields.some((f) => f.name === 'value')) continue;
      const atLeast = UPWARD.test(m[3]);
      const rule = this.thresholdRule(holder, name, Number(m[4]), atLeast, m[5], m);
      found.push({ ...rule, rule: { ...(rule.rule as Extract<Rule, { kind: 'threshold' }>), strict: true } });
    }
    for (const m of this.text.matchAll(reaches)) {
      const subject = this.subjectBefore(m.index ?? 0);
      const holder = subject.entity ?? (subject.person ? this.personRecord(subject.person) : undefined);
      if (!holder) continue;
      found.push(this.thresholdRule(holder, camelCase(m[2]), Number(m[1]), true, m[3], m));
    }
    return found;
  }

  private thresholdRule(holder: ReadEntity, name: string, at: number, atLeast: boolean, flagWord: string, m: RegExpMatchArray): Found {
    const field = this.field(holder, name, 'number');
    // A detail compared with a number holds a number, whatever its name suggested.
    const kept = holder.fields.find((f) => f.name === field);
    if (kept && kept.type === 'string') kept.type = 'number';
    const flag = this.field(holder, camelCase(flagWord), 'boolean');
    return { rule: { kind: 'threshold', entity: holder.name, field, at, atLeast, flag }, span: [m.index ?? 0, (m.index ?? 0) + m[0].length] };
  }

  /** The records that run between two dates of their own. */
  private spanning(): ReadEntity[] {
    return this.ctx.entities.filter((e) => datePair(e) !== undefined);
  }

  /** The two dates a span runs between: as the text names them ("start and end date"), the record's own, or new ones. */
  private spanFields(record: ReadEntity): [string, string] {
    const named = /\b([a-z]+(?:-[a-z]+)?) and ([a-z]+(?:-[a-z]+)?) (?:date|dates|time|times)\b/.exec(this.ctx.text);
    if (named) return [this.field(record, camelCase(`${named[1]} date`), 'date'), this.field(record, camelCase(`${named[2]} date`), 'date')];
    const dates = record.fields.filter((f) => f.type === 'date').map((f) => f.name);
    if (dates.length >= 2) return [dates[0], dates[1]];
    return [this.field(record, 'startDate', 'date'), this.field(record, 'endDate', 'date')];
  }

  /** "a cabin cannot be let to two guests on overlapping nights": no two records of one thing whose dates overlap. */
  overlaps(): Found[] {
    const m = /\boverlap\w*(?:\s+[a-z]+)?/.exec(this.text);
    if (!m) return [];
    // "a vet cannot have 2 appointments that overlap": no two of one vet's.
    const held = new RegExp(`\\b([a-z]+)\\s+${NEGATION}\\s+(?:have|hold|take)\\s+2\\s+([a-z]+)\\s+(?:that|which)\\s+overlap`).exec(this.text);
    const made = this.recordOfVerb(this.verbBefore(m.index));
    const named = this.subjectBefore(m.index).entity;
    const record = (held ? this.entityOf(held[2]) : undefined) ?? made ?? named;
    if (!record) return [];
    // "bookings cannot overlap for the same room": the record named after "the same" is what they are counted by.
    // "two bookings of the same bay cannot overlap" says it before.
    const sameRe = /\b(?:on|for|of|at|in|with)\s+the\s+same\s+([a-z]+(?:\s+[a-z]+)?)/;
    const same = sameRe.exec(this.text.slice(m.index)) ?? sameRe.exec(this.text);
    const shared = same ? (this.entityOf(same[1]) ?? this.entityOf(same[1].split(' ')[0])) : undefined;
    const holder = held ? this.holderName(held[1]) : undefined;
    const by = shared && shared !== record ? shared.name : holder && holder !== record.name ? holder : named && named !== record ? named.name : undefined;
    const per = by ? [this.field(record, `${by}Id`, 'id')] : [];
    const [start, end] = this.spanFields(record);
    const active = this.ctx.lifecycles.some((l) => l.entity === record);
    return [{ rule: { kind: 'overlap', entity: record.name, per, start, end, active }, span: [0, m.index + m[0].length] }];
  }

  /** The record a timing phrase is about: the one a verb before it makes ("borrow"), else the clause's subject. */
  private timedRecord(at: number): ReadEntity | undefined {
    return this.recordOfVerb(this.verbBefore(at)) ?? this.subjectBefore(at).entity ?? this.nearestBefore(at);
  }

  /**
   * "borrow … for up to 3 weeks", "a hire lasts at most 10 days": the longest a record may run, from its date to the
   * date it is due back (when the text speaks of lateness) or ends; "lasts between 30 and 90 minutes" the shortest too.
   */
  durations(): Found[] {
    const found: Found[] = [];
    const unit = '(minute|hour|day|night|week)s?';
    const anyUnit = '(?:minute|hour|day|night|week)s?';
    // "a stay is at least 2 nights and at most 14 nights" says the same with "is"; "for 1 to 5 nights" with "to".
    const re = new RegExp(
      `\\b(for|lasts?|runs?|is|are|be|(?:not|never) be|is not|are not)\\s+(?:(up to|at most|no more than|not more than|a maximum of|maximum|no longer than|longer than)\\s+|(?:between\\s+|from\\s+|(?=\\d+\\s+(?:${anyUnit}\\s+)?to\\s))(\\d+)\\s+(?:${unit}\\s+)?(?:and|to)\\s+|at least\\s+(\\d+)\\s+${unit}\\s+and\\s+(?:at most|no more than|up to)\\s+)?(\\d+)\\s+${unit}\\b`,
      'g',
    );
    for (const m of this.text.matchAll(re)) {
      const [, opener, bound, between, betweenUnit, atLeast, atLeastUnit, most, mostUnit] = m;
      const least = between ?? atLeast;
      const leastUnit = betweenUnit ?? atLeastUnit;
      const at = m.index ?? 0;
      // "may not be longer than 8 hours" bounds it; "must be longer than 2 hours" would be a least, read nowhere yet.
      const denied = /\bnot\b|\bnever\b/.test(opener);
      // "in the last 30 days" names a time, not how long something lasts.
      if (/^last/.test(opener) && /\b(?:the|its|their|this)\s+$/.test(this.text.slice(Math.max(0, at - 8), at))) continue;
      if ((bound === 'longer than') !== denied) continue;
      const copular = ['is', 'are', 'be'].includes(opener) || denied;
      // "borrow an e-book for 21 days" bounds what a recording verb makes; "for 2 hours" said of anything else may not,
      // nor "is 3 days" unless bounded.
      const plain = bound === undefined && least === undefined;
      if (plain && (copular || (opener === 'for' && !this.recordOfVerb(this.verbBefore(at))))) continue;
      // "cannot book for 7 days" bars someone for a while; it bounds no booking.
      if (opener === 'for' && new RegExp(`\\b(?:${MODAL_NEGATION}|not)\\s+[a-z]+\\s*$`).test(this.text.slice(0, at))) continue;
      // A span said of a word the text keeps no record of ("a stay") is the one record that runs between two dates.
      const spanning = this.spanning();
      const record = this.timedRecord(at) ?? (spanning.length === 1 ? spanning[0] : undefined);
      // Said with "is", the length is a span only of a record that runs between two dates ("an episode is between 5
      // and 180 minutes long" is a number of minutes).
      if (!record || (copular && !spanning.includes(record))) continue;
      // "overtime requests that state the hours … for between 1 and 4 hours": the record counts its length itself.
      const counted = countField(record, mostUnit);
      if (counted && (leastUnit === undefined || leastUnit === mostUnit)) {
        const rule: Rule = { kind: 'range', entity: record.name, field: counted.name, ...(least !== undefined ? { min: Number(least) } : {}), max: Number(most), measure: 'value' };
        found.push({ rule, span: [at, at + m[0].length] });
        continue;
      }
      // "between 30 and 90 minutes": the first number counts in the second's unit unless it names its own.
      const shortest = least !== undefined ? { amount: Number(least), unit: SPAN_UNITS[leastUnit ?? mostUnit] } : undefined;
      if (shortest && shortest.amount * UNIT_MS[shortest.unit] >= Number(most) * UNIT_MS[SPAN_UNITS[mostUnit]]) continue;
      const dates = record.fields.filter((f) => f.type === 'date').map((f) => f.name);
      // A start and an end the record already has (an overlap rule made them) are the span, whatever comes first.
      const pair = datePair(record);
      // A date named as the start is the start; its end is then one named so, never some other date of the record.
      const startNamed = dates.find((n) => START_NAMES.test(n));
      const start = pair?.[0] ?? startNamed ?? dates[0] ?? this.field(record, 'startDate', 'date');
      // A record that already runs to an end ends there; "a late-cancellation fee" speaks of no lateness in giving back.
      const due = !pair && /\b(?:late(?![- ]cancel)|overdue|due)\b/.test(this.ctx.text);
      const other = startNamed ? undefined : dates.find((f) => f !== start);
      const end = due ? this.field(record, 'dueDate', 'date') : (pair?.[1] ?? other ?? this.field(record, 'endDate', 'date'));
      const rule: Rule = { kind: 'duration', entity: record.name, start, end, amount: Number(most), unit: SPAN_UNITS[mostUnit], ...(shortest ? { least: shortest } : {}) };
      // "… at least 1 hour and at most 3 days long": the modal before and the measure word after are the rule's too.
      const modal = new RegExp(`\\b${OBLIGATION}\\s+$`).exec(this.text.slice(0, at));
      const long = /^\s+(?:long|in length)\b/.exec(this.text.slice(at + m[0].length));
      found.push({ rule, span: [modal ? at - modal[0].length : at, at + m[0].length + (long ? long[0].length : 0)] });
    }
    return found;
  }

  /**
   * "from 09:00 to 17:30", "between 8 am and 6 pm", with the length of what is booked ("in 40-minute slots", "for 2
   * hours") and the steps it starts on ("on the hour", "every 15 minutes"): the hours a record's date keeps.
   */
  clocks(): Found[] {
    const found: Found[] = [];
    const time = '(\\d{1,2})(?:[:.](\\d{2}))?\\s*(am|pm)?';
    const re = new RegExp(`\\b(?:from|between)\\s+${time}\\s+(?:to|and|until|till)\\s+${time}\\b`, 'g');
    for (const m of this.text.matchAll(re)) {
      // "from 2 to 6 people" counts; a time of day has minutes or a half of the day.
      if (!(m[2] || m[3]) || !(m[5] || m[6])) continue;
      const from = clockTime(m[1], m[2], m[3]);
      const to = clockTime(m[4], m[5], m[6]);
      const at = m.index ?? 0;
      const record = this.timedRecord(at);
      if (!from || !to || from >= to || !record) continue;
      // "can only be booked between …": the "only" is this rule's.
      const only = /\bonly\s+(?:be\s+)?[a-z]+\s+$/.exec(this.text.slice(0, at));
      const spans: Span[] = [[only ? only.index : at, at + m[0].length]];
      const slot = /\b(\d+)\s+(minute|hour)\s+(?:slots?|steps?|sessions?|blocks?)\b/.exec(this.text);
      const lasting = /\bfor\s+(\d+)\s+(minute|hour)s?\b/.exec(this.text);
      const every = /\b(?:every|in steps of)\s+(\d+)\s+minutes?\b/.exec(this.text);
      const onThe = /\bon the (hour|half hour)(?: or (?:the )?half hour)?\b/.exec(this.text);
      const minutes = (n: string, unit: string): number => Number(n) * (unit === 'hour' ? 60 : 1);
      let length: number | undefined;
      let step: number | undefined;
      if (slot) {
        length = minutes(slot[1], slot[2]);
        step = length;
        spans.push([slot.index, slot.index + slot[0].length]);
      } else if (lasting) {
        length = minutes(lasting[1], lasting[2]);
        spans.push([lasting.index, lasting.index + lasting[0].length]);
      }
      if (every) {
        step = Number(every[1]);
        spans.push([every.index, every.index + every[0].length]);
      } else if (onThe) {
        step = onThe[0].includes('half') ? 30 : 60;
        spans.push([onThe.index, onThe.index + onThe[0].length]);
      }
      if (length !== undefined && minutesOfDay(from) + length > minutesOfDay(to)) continue;
      const rule: Rule = { kind: 'clock', entity: record.name, field: this.dateOf(record), from, to, ...(step ? { step } : {}), ...(length ? { length } : {}) };
      found.push(...spans.map((span) => ({ rule, span })));
    }
    return found;
  }

  /** The date a deadline is measured from: the record's own date, else a start it gains. */
  private dateOf(record: ReadEntity): string {
    return record.fields.find((f) => f.type === 'date')?.name ?? this.field(record, 'startTime', 'date');
  }

  /**
   * "withdraw up to 2 days before", "sign-up closes 6 hours before the race", "reserve no more than 30 days
   * ahead": what may be done, to which record, until when. The verb before the deadline says what: an action of a
   * record's lifecycle, a verb that makes a record, or a verb of closing, which closes the making of its subject.
   */
  windows(): Found[] {
    const found: Found[] = [];
    const re = /\b(?:(up to|until|no later than|at the latest|at least|at most|no more than)\s+)?(\d+)\s+(minute|hour|day|week)s?\s+(before|ahead|in advance)\b/g;
    for (const m of this.text.matchAll(re)) {
      const at = m.index ?? 0;
      const { clause, target } = this.deadlineTarget(at);
      if (!target) continue;
      // "withdraw an offer until 12 hours before a swap closes": the time is another record's, which the one acted on
      // only points at; asked, not built on a date of its own.
      const other = /^\s+(?:the|its|their)\s+([a-z]+)\s+(?:ends|closes|finishes|is over)\b/.exec(this.text.slice(at + m[0].length));
      const otherRecord = other ? this.entityOf(other[1]) : undefined;
      if (otherRecord && otherRecord !== target.record) continue;
      // "entries open 10 days before the race": what opens then cannot be done earlier, as "up to 10 days ahead" says.
      const opens = /\b(?:open|opens|start|starts|begin|begins)\s+$/.test(this.text.slice(Math.max(0, at - 12), at));
      const ahead = opens || (m[4] !== 'before' && !/at least|no later than|until/.test(m[1] ?? ''));
      // "…; later cancellations count as forfeits": past the deadline the action still happens, to another status.
      const after = this.text.slice(at + m[0].length);
      const outcome = target.action === 'create' || ahead ? null : /^[;,]?\s*(?:and\s+)?later\s+(?:ones\s+|[a-z]+\s+)?(?:are|is)\s+(?:marked|counted|recorded|treated|logged)\s+as\s+(?:an?\s+)?([a-z]+(?:-[a-z]+)?)/.exec(after);
      // "a refund is free until 2 days before; later ones are charged 10": past the deadline the action is
      // charged, not refused: asked, not built as a refusal.
      // So is "hand back a pass until 2 days ahead for a full refund": what happens later is a matter of money too.
      const charged =
        /\bfree\b/.test(clause) ||
        /^[^.;]*[;,]\s*(?:and\s+)?(?:later|after that|afterwards)\b[^.;]*?\b(?:costs?|charged?|fees?|pays?|deposits?|refund\w*)\b/.test(after) ||
        /^[^.;]*?\b(?:for|with)\s+(?:an?\s+)?(?:full\s+|partial\s+)?refund\b/.test(after);
      // "lessons cancelled less than 24 hours before are charged in full" says what happens to a late act, which still
      // happens: only where the sentence refuses it ("cannot", "is refused") is it a deadline.
      const said = this.text.slice(Math.max(0, at - 32), at);
      // "renewed only in the last 30 days before it expires": allowed from that time on, not until it.
      const lastDays = /\bonly\s+(?:in|within|during)\s+the\s+(?:last|final)\s+$/.test(said);
      const late = !lastDays && /\b(?:(?:less|fewer)\s+than|(?:within|inside)(?:\s+the\s+(?:last|final))?)\s+$/.test(said);
      if (charged || (late && !LATE_REFUSAL.test(this.text))) continue;
      // "before it expires", "before its end": the record's end, which it must have; else asked.
      const ending = /^\s+(?:it|its|the\s+[a-z]+)\s+(?:expires|ends|runs out|end|expiry)\b/.test(after);
      const end = ending ? (datePair(target.record)?.[1] ?? target.record.fields.find((f) => f.type === 'date' && /end|expir/i.test(f.name))?.name) : undefined;
      if (ending && !end) continue;
      const rule: Rule = {
        kind: 'window',
        entity: target.record.name,
        action: target.action,
        field: end ?? this.dateOf(target.record),
        amount: Number(m[2]),
        unit: `${m[3]}s` as TimeUnit,
        side: ahead || lastDays ? 'ahead' : 'before',
        ...(outcome ? { late: singular(outcome[1]) } : {}),
      };
      found.push({ rule, span: [at - clause.length, at + m[0].length + (outcome ? outcome.index + outcome[0].length : 0)] });
    }
    // "claims must be submitted within 30 days of the expense date", "returns are accepted up to 10 days after delivery".
    const after = /\b(within|no later than|up to|at most|not more than)\s+(\d+)\s+(minute|hour|day|week)s?\s+(of|after|from)\s+(?:(?:the|its|their|an?)\s+)?((?:[a-z]+\s+)?[a-z]+)/g;
    for (const hit of this.text.matchAll(after)) {
      const at = hit.index ?? 0;
      const [, bound, amount, unit, preposition, since] = hit;
      const m = [hit[0], amount, unit, since] as const;
      // "at most 12 hours of cover a week" is an amount of something, not a time after a date.
      if (preposition === 'of' && bound !== 'within' && !TIME_NOUNS.has(singular(since.split(' ').pop() ?? ''))) continue;
      const { clause, target } = this.deadlineTarget(at);
      // "a booking nobody checks in to within 15 minutes of its start": what happens when nobody acts is no deadline;
      // "urgent tickets must be resolved within 4 hours" holds for some records only: asked, not built for all.
      const qualified = new RegExp(`\\b(?!(?:${[...ARTICLES].join('|')})\\b)[a-z]+\\s+${escapeRegExp(pluralize.plural(target?.record.key ?? '-'))}\\b`).test(clause);
      if (!target || qualified || /\b(?:nobody|no one|not)\b/.test(clause)) continue;
      const named = target.record.fields.find((f) => f.type === 'date' && f.name === camelCase(m[3]));
      const field = named?.name ?? (TIME_NOUNS.has(singular(m[3].split(' ').pop() ?? '')) ? this.field(target.record, camelCase(m[3]), 'date') : this.dateOf(target.record));
      const rule: Rule = { kind: 'window', entity: target.record.name, action: target.action, field, amount: Number(m[1]), unit: `${m[2]}s` as TimeUnit, side: 'after' };
      found.push({ rule, span: [at - clause.length, at + m[0].length] });
    }
    return found;
  }

  /** The record and the action a deadline before a position is about: the verb before it in its clause says which. */
  private deadlineTarget(at: number): { clause: string; target?: { record: ReadEntity; action: string } } {
    const clause = this.text.slice(0, at).split(/[;:]|,\s+(?:and|but)\b/).pop() ?? '';
    const verbs = (clause.match(WORDS) ?? []).reverse();
    for (const [i, word] of verbs.entries()) {
      // "cancel a request up to …": after an article the word is a noun, whatever verb it could be.
      if (ARTICLES.has(verbs[i + 1] ?? '')) continue;
      const verb = RECORDING_VERBS.has(word) ? word : (infinitiveOf(word) ?? word.replace(/e?s$/, ''));
      const life = this.ctx.lifecycles.find((l) => l.actions.some((a) => a.verb === verb));
      if (life) return { clause, target: { record: life.entity, action: verb } };
      // "Orders can be changed until 24 hours before": a deadline on changing a record, which no action of it keeps;
      // the noun before it is no verb that makes one.
      if (storeOperationOf(word)) return { clause };
      const made = this.recordOfVerb(verb);
      if (made) return { clause, target: { record: made, action: 'create' } };
      if (/^(open|opens|opened|close|closes|closed|end|ends|stop|stops|made|placed|submitted|requested|filed|lodged|reported)$/.test(word)) {
        const subject = this.subjectBefore(at - clause.length + clause.indexOf(word)).entity;
        if (subject) return { clause, target: { record: subject, action: 'create' } };
      }
    }
    return { clause };
  }

  /**
   * "a stall costs 12 per day", "each job quoted at 0.1 per line with a minimum charge of 20", "a pass is 30 a month,
   * or 18 for pensioners": a price the store computes for the record named before it. A late charge, a share of
   * another amount ("percent") or a price per value of a field ("8, 10 or 12 depending on size") is not one.
   */
  prices(): Found[] {
    const found: Found[] = [];
    const re = new RegExp(`\\b${MONEY_VERB}\\s+(?:(?:an?|the)\\s+)?(?:((?:[a-z]+(?:-[a-z]+)?\\s+)?)([a-z]+)\\s+of\\s+)?${N}${CURRENCY}`, 'g');
    let firstPriced: string | undefined;
    for (const m of this.text.matchAll(re)) {
      const at = m.index ?? 0;
      // "platters cost 6 per person and coffee costs 2 per person": the second price is of something no record keeps.
      const pricedWord = /([a-z]+)\s*$/.exec(this.text.slice(0, at))?.[1];
      firstPriced ??= pricedWord;
      if (pricedWord !== firstPriced && pricedWord !== undefined && !this.entityOf(pricedWord) && /^costs?\b/.test(m[0])) continue;
      const clause = this.text.slice(this.clauseStart(at), at);
      // "bikes not collected within a week cost 2 per day", "riders under 12 pay 3", "a second permit costs 80": a
      // charge under a condition, or for one of a series ("a first visit costs 60").
      if (/\b(?:late|not|no|within|after|before|if|when|unless|without|over|under|more|less|first|second|third|fourth|fifth|additional|extra|further|subsequent)\b/.test(clause) || (m[3] && !PRICE_NOUNS.has(m[3]))) continue;
      let end = at + m[0].length;
      let rest = this.text.slice(end);
      // "80 for dogs and 50 for cats" is a tariff, and so is "a car ticket costs 45 and a foot ticket 12".
      if (/^(?:\s+percent|,\s*\d|\s+or\s+\d)/.test(rest) || new RegExp(`^\\s+for\\s+[a-z\\s]+?(?:,|\\band)\\s+${N}\\s`).test(rest)) continue;
      if (ANOTHER_KIND.test(rest)) continue;
      // "per day", "per started hour", "per started 30 minutes".
      const per = new RegExp(`^\\s+${PER}\\s+(?:started\\s+)?(?:(\\d+)\\s+)?([a-z]+)`).exec(rest);
      if (m[1] && !per) continue;
      // "2 per 100 words" counts in blocks only time is kept in here: left open rather than priced per word.
      if (per?.[1] !== undefined && !SPAN_UNITS[singular(per[2])]) continue;
      if (per) {
        end += per[0].length;
        rest = this.text.slice(end);
        // "staff permits cost 120 a year and student permits 60": a price by kind, said after the period too.
        if (ANOTHER_KIND.test(rest)) continue;
        // "0.10 per page for A4 and 0.20 per page for A3" is a tariff by unit: one amount alone would be wrong for the rest.
        if (new RegExp(`^\\s+for\\s+[a-z0-9\\s]+?(?:,|\\band)\\s+${N}`).test(rest)) continue;
      }
      if (!/^(?:\s*$|\s*[,;.]|\s+(?:for|with|or|and|plus|in|if|when|on|to|but)\b)/.test(rest)) continue;
      // "a night costs 85": the unit of time named is what the record that runs between two dates is priced per.
      const unitBefore = /\b(?:an?|each|every|one|per)\s+([a-z]+)\s*$/.exec(this.text.slice(this.clauseStart(at), at));
      const spanning = this.spanning();
      const perUnit = !per && unitBefore && SPAN_UNITS[unitBefore[1]] && spanning.length === 1 ? unitBefore[1] : undefined;
      // "a course has at most 8 children and costs 90": a second verb of the clause's subject prices the subject.
      const sharedSubject = /\band\s*$/.test(this.text.slice(this.clauseStart(at), at)) ? this.subjectBefore(at).entity : undefined;
      // "the rate is 12 per hour" names no record: a price per unit of time is the one record that runs between two dates.
      // So is the one that counts that unit ("rent a kayak for a number of hours").
      const ratedNoun = !perUnit && per?.[1] === undefined && per && new RegExp(`^\\W*(?:the\\s+)?(?:${[...PRICE_NOUNS].join('|')})\\s*$`).test(clause);
      const counting = ratedNoun ? this.ctx.entities.filter((e) => countField(e, singular(per[2])) !== undefined) : [];
      const rated = !ratedNoun ? undefined : counting.length === 1 ? counting[0] : SPAN_UNITS[singular(per[2])] && spanning.length === 1 ? spanning[0] : undefined;
      const spanned = perUnit ? spanning[0] : rated;
      const named = spanned ? { entity: spanned, at: this.clauseStart(at) } : sharedSubject ? { entity: sharedSubject, at: this.clauseStart(at) } : (this.entityInClauseBefore(at) ?? this.actCounting(clause, per?.[1] === undefined ? per?.[2] : undefined, this.clauseStart(at)));
      if (!named) continue;
      const record = this.spanHolder(this.countHolder(named.entity, per?.[1] === undefined ? per?.[2] : undefined), per?.[2] ?? perUnit);
      const minimum = /^[^.;]*?\bminimum(?:\s+(?:charge|price|fee|amount))?\s+of\s+(\d+(?:\.\d+)?)/.exec(rest);
      if (minimum) end += minimum[0].length;
      const afterMinimum = this.text.slice(end);
      const reduced = new RegExp(`^,?\\s+or\\s+${N}${CURRENCY}(?:\\s+${PER}\\s+[a-z]+)?\\s+for\\s+(?:(?:an?|the|all)\\s+)?([a-z]+)(?:\\s+(?:with|holding|who have|that have)\\s+(?:an?|the)\\s+((?:[a-z]+\\s+)?[a-z]+))?`).exec(afterMinimum);
      if (reduced) end += reduced[0].length;
      const field = this.field(record, m[3] ? camelCase(`${m[2] ?? ''}${m[3]}`) : 'price', 'number');
      const basis = this.priceBasis(record, per?.[2] ?? perUnit, per?.[1] !== undefined ? Number(per[1]) : undefined);
      const flag = reduced ? this.field(record, camelCase(reduced[3] ?? singular(reduced[2])), 'boolean') : undefined;
      const rule: Rule = {
        kind: 'price',
        entity: record.name,
        field,
        amount: Number(m[4]),
        basis,
        ...(minimum ? { minimum: Number(minimum[1]) } : {}),
        ...(reduced && flag ? { reduced: { amount: Number(reduced[1]), flag } } : {}),
      };
      found.push({ rule, span: [named.at, end] });
    }
    return found;
  }

  /**
   * "a bath costs 30, 45 or 60 depending on size" (the sizes listed elsewhere, in the same order), "the fee is 80 for
   * dogs and 50 for cats": an amount for each word of a detail, which the store looks up.
   */
  tariffs(): Found[] {
    const found: Found[] = [];
    const amount = `${N}${CURRENCY}`;
    const depending = new RegExp(`\\b(?:costs?|pays?|is|are)\\s+(${amount}(?:,\\s*${amount})*,?\\s+(?:or|and)\\s+${amount})\\s+depending on\\s+(?:(?:its|the|their)\\s+)?([a-z]+)`);
    const a = depending.exec(this.text);
    if (a) {
      const amounts = (a[1].match(/\d+(?:\.\d+)?/g) ?? []).map(Number);
      const detail = camelCase(singular(a[a.length - 1]));
      // The words, in order, from the list of as many words the text gives for that detail or for what has it.
      const lists = [...this.ctx.text.matchAll(/\b([a-z]+)\s+(?:are|is|of|can be|come in)\s+([a-z]+(?:,\s*[a-z]+)*,?\s+or\s+[a-z]+)\b/g)];
      const list = lists.map((l) => ({ owner: l[1], values: splitList(l[2]) })).find((l) => l.values?.length === amounts.length && l.values.every((v) => typeof v === 'string' && !infinitiveOf(v)));
      const named = this.entityInClauseBefore(a.index)?.entity;
      const holder = this.ctx.entities.find((e) => e.fields.some((f) => f.name === detail)) ?? (named && named.key !== singular(a[a.length - 1]) ? named : undefined) ?? (list && this.entityOf(list.owner));
      if (list?.values && holder) {
        const by = this.field(holder, detail, 'string', list.values);
        const field = this.field(holder, 'price', 'number');
        const values = list.values.map(String);
        found.push({ rule: { kind: 'tariff', entity: holder.name, field, by, amounts: values.map((value, i) => ({ value, amount: amounts[i] })) }, span: [this.clauseStart(a.index), a.index + a[0].length] });
      }
    }
    // "40 for small dogs, 55 for medium": the kind may name what it is a kind of, once.
    const kind = '(?:an?\\s+)?[a-z]+(?:\\s+[a-z]+s)?';
    const pairs = new RegExp(`\\b(?:costs?|pays?|is|are)\\s+(${amount}\\s+for\\s+${kind}(?:(?:,|,?\\s+and)\\s+${amount}\\s+for\\s+${kind})+)`);
    const b = pairs.exec(this.text);
    if (b) {
      const items = [...b[1].matchAll(new RegExp(`${N}${CURRENCY}\\s+for\\s+(?:an?\\s+)?([a-z]+)`, 'g'))].map((x) => ({ value: singular(x[2]), amount: Number(x[1]) }));
      const holder = this.entityInClauseBefore(b.index)?.entity ?? this.subjectBefore(b.index).entity;
      if (holder && items.length >= 2 && !items.some((x) => this.entityOf(x.value) === holder)) {
        found.push(this.kindPrices(holder, items, [this.clauseStart(b.index), b.index + b[0].length]));
      }
    }
    found.push(...this.kindTariff());
    return found;
  }

  /** "A car ticket costs 45 and a foot ticket 12": the word before the record's name is its type, and each has a price. */
  kindTariff(): Found[] {
    const first = new RegExp(`\\b(?:an?|the|each|every)\\s+([a-z]+)\\s+([a-z]+)\\s+costs?\\s+${N}${CURRENCY}`).exec(this.text);
    const holder = first ? this.entityOf(first[2]) : undefined;
    if (!first || !holder || holder.key !== singular(first[2])) return [];
    const kinds = [...this.text.slice(first.index).matchAll(new RegExp(`\\b(?:an?|the|each|every)\\s+([a-z]+)\\s+${first[2]}\\s+(?:costs?\\s+)?${N}${CURRENCY}`, 'g'))];
    const items = kinds.map((k) => ({ value: k[1], amount: Number(k[2]) }));
    if (items.length < 2 || items.some((x) => this.entityOf(x.value) || infinitiveOf(x.value)) || new Set(items.map((x) => x.value)).size < items.length) return [];
    const last = kinds[kinds.length - 1];
    return [this.kindPrices(holder, items, [first.index, first.index + (last.index ?? 0) + last[0].length])];
  }

  /** A price for each kind of a record, by the detail that sorts them: one the record already has for it, else its type. */
  private kindPrices(holder: ReadEntity, amounts: { value: string; amount: number }[], span: Span): Found {
    const sorting = holder.fields.find((f) => f.type === 'string' && CATEGORY_FIELDS.has(f.name))?.name ?? 'type';
    const by = this.field(holder, sorting, 'string', amounts.map((x) => x.value));
    const field = this.field(holder, 'price', 'number');
    return { rule: { kind: 'tariff', entity: holder.name, field, by, amounts }, span };
  }

  /**
   * "a 10 percent discount", "a deposit of 25 percent of the price", "members get 5 percent off every order": a share of
   * another amount of the record that the store computes, for the records or people the text names ("for pupils", "for
   * coats with a lining") as a flag. A share under a condition of time or amount, or of a computed price, stays open.
   */
  shares(): Found[] {
    const found: Found[] = [];
    const nouns = '(discount|surcharge|fee|charge|deposit|tax|tip|commission|levy|vat|service charge|booking fee)';
    const patterns = [new RegExp(`\\b${N}\\s+percent\\s+((?:[a-z]+\\s+)?${nouns})\\b`, 'g'), new RegExp(`\\b${nouns}\\s+of\\s+${N}\\s+percent\\b`, 'g')];
    for (const [i, re] of patterns.entries()) {
      for (const m of this.text.matchAll(re)) {
        const at = m.index ?? 0;
        const [percent, noun] = i === 0 ? [m[1], m[2]] : [m[2], m[1]];
        const clause = this.text.slice(this.clauseStart(at), at);
        let end = at + m[0].length;
        const rest = this.text.slice(end);
        if (/\b(?:late|after|before|if|when|unless|within|over|under|more|less|once)\b/.test(clause + rest.split(/[.;]/)[0])) continue;
        const base = /^\s+of\s+(?:the|its|their)\s+([a-z]+)/.exec(rest);
        if (base) end += base[0].length;
        const subject = this.subjectBefore(at);
        const onWhat = /^\s+(?:on|for)\s+(?:each|every|an?|the|all)?\s*([a-z]+)/.exec(this.text.slice(end));
        const record = (subject.person ? this.entityOf(onWhat?.[1] ?? '') : undefined) ?? subject.entity ?? this.entityInClauseBefore(at)?.entity;
        if (!record) continue;
        const money = ['price', 'amount', 'total', 'cost', 'fare', 'rent', 'subtotal', 'value'];
        const of = base ? camelCase(base[1]) : (record.fields.find((f) => money.includes(f.name))?.name ?? 'price');
        const forWhom = new RegExp('^\\s+for\\s+(?:(?:an?|the|all)\\s+)?([a-z]+(?:\\s+(?!with\\b|holding\\b|who\\b|that\\b)[a-z]+)?)(?:\\s+(?:with|holding|who have|that have)\\s+(?:an?\\s+)?([a-z]+(?:\\s+[a-z]+)?))?').exec(this.text.slice(end));
        let flagWord: string | undefined = subject.person;
        if (forWhom && this.entityOf(forWhom[1]) !== record) {
          const who = forWhom[1].split(' ');
          flagWord = forWhom[2] ?? [...who.slice(0, -1), singular(who[who.length - 1])].join(' ');
          end += forWhom[0].length;
        }
        const field = this.field(record, camelCase(noun), 'number');
        const base_ = this.field(record, of, 'number');
        if (field === base_) continue;
        const flag = flagWord ? this.field(record, camelCase(flagWord), 'boolean') : undefined;
        const rule: Rule = { kind: 'share', entity: record.name, field, percent: Number(percent), of: base_, ...(flag ? { flag } : {}) };
        found.push({ rule, span: [Math.min(at, this.clauseStart(at)), end] });
      }
    }
    return found;
  }

  /** What an amount is counted by: the record, the started units of time between its dates, or a count it holds. */
  private priceBasis(record: ReadEntity, unit: string | undefined, every?: number): PriceBasis {
    if (!unit) return { of: 'record' };
    const spanUnit = SPAN_UNITS[singular(unit)];
    // "rent a kayak for a number of hours … 12 per hour": a record that counts the hours is priced by its count.
    const counted = countField(record, unit);
    if (spanUnit && counted && !datePair(record)) return { of: 'count', field: counted.name };
    if (spanUnit) {
      const [start, end] = this.spanFields(record);
      return { of: 'span', unit: spanUnit, ...(every !== undefined && every > 1 ? { every } : {}), start, end };
    }
    if (PERIODS.test(unit) || this.entityOf(unit) === record) return { of: 'record' };
    const held = countField(record, unit);
    return { of: 'count', field: held?.name ?? this.field(record, camelCase(`${singular(unit)} count`), 'number') };
  }

  /**
   * The record a price per unit of time is charged on: "using a car costs 6 per hour" where reservations of a car run
   * between two dates prices the reservation; a record that runs between dates itself, or nothing that does, keeps it.
   */
  private spanHolder(record: ReadEntity, unit: string | undefined): ReadEntity {
    if (!unit || !SPAN_UNITS[singular(unit)]) return record;
    if (datePair(record)) return record;
    return this.pointingAt(record, this.spanning())[0] ?? record;
  }

  /**
   * "Printing costs 0.10 per page": an act said as a gerund, priced per a unit, prices the one record that counts that
   * unit (the print job's pages).
   */
  private actCounting(subject: string, unit: string | undefined, at: number): { entity: ReadEntity; at: number } | undefined {
    if (!unit || !/^\W*(?:the\s+)?[a-z]+ing\s*$/.test(subject)) return undefined;
    const counting = this.ctx.entities.filter((e) => countField(e, unit) !== undefined);
    return counting.length === 1 ? { entity: counting[0], at } : undefined;
  }

  /**
   * The record a price per unit is charged on: "a cake costs 3 per serving" where the servings are counted on the
   * order of a cake prices the order; a record that counts the units itself, or nothing that does, keeps it.
   */
  private countHolder(record: ReadEntity, unit: string | undefined): ReadEntity {
    if (!unit || SPAN_UNITS[singular(unit)] || PERIODS.test(unit)) return record;
    const counts = (e: ReadEntity): boolean => countField(e, unit) !== undefined;
    if (counts(record)) return record;
    return this.pointingAt(record).find(counts) ?? record;
  }

  /** The action that ends a running record ("return"): one that leads to a status no action starts from. */
  private endingOf(record: ReadEntity, clause: string): string | undefined {
    const life = this.ctx.lifecycles.find((l) => l.entity === record);
    if (!life) return undefined;
    const active = new Set(life.actions.flatMap((a) => a.from));
    const ending = life.actions.filter((a) => !active.has(a.to));
    const named = ending.find((a) => new RegExp(`\\b${a.verb.split(' ')[0]}`).test(clause));
    return (named ?? ending[0])?.verb;
  }

  /**
   * "each day a kit is late costs 2", "a late return costs 1.20 per day": a charge, when a running record is ended,
   * for every started unit of time past its due date. It is kept by the record that is returned: the one named, or
   * the one that holds it for someone ("a loan" of "a kit").
   */
  lateFees(): Found[] {
    const found: Found[] = [];
    for (const clause of this.text.matchAll(/(?:[^;,]|,(?!\s+(?:and|but|while|whereas)\b))+/g)) {
      const text = clause[0];
      if (!/\blate\b/.test(text)) continue;
      const amount = new RegExp(`\\b(?:costs?|pays?|charged(?:\\s+at)?|(?:fee|charge|fine)\\s+of)\\s+${N}${CURRENCY}((?:\\s+${PER}\\s+[a-z]+)*)`).exec(text);
      if (!amount || /^\s+percent/.test(text.slice((amount.index ?? 0) + amount[0].length))) continue;
      const pers = [...amount[2].matchAll(new RegExp(`\\b${PER}\\s+([a-z]+)`, 'g'))].map((x) => x[1]);
      const each = /\b(?:each|every|per)\s+(minute|hour|day|week)\b/.exec(text);
      const unitWord = pers.find((w) => SPAN_UNITS[singular(w)]) ?? each?.[1];
      const unit = unitWord ? SPAN_UNITS[singular(unitWord)] : undefined;
      if (!unit) continue;
      const named = (text.match(WORDS) ?? []).map((w) => this.entityOf(w)).filter((e): e is ReadEntity => e !== undefined);
      // "a late return costs 1 per day" names no record, only the act that ends one: the records that end by it.
      const ended = named.length > 0 ? [] : this.ctx.lifecycles.filter((l) => l.actions.some((a) => new RegExp(`\\b${a.verb.split(' ')[0]}s?\\b`).test(text))).map((l) => l.entity);
      const candidates = [...named, ...ended].flatMap((e) => [e, ...this.pointingAt(e)]);
      const record = candidates.find((e) => this.endingOf(e, text));
      const action = record && this.endingOf(record, text);
      // Whatever else the amount is counted by must be the record itself or what it holds ("per tool" of a tool's loan).
      const others = pers.filter((w) => !SPAN_UNITS[singular(w)]);
      if (!record || !action || others.some((w) => !candidates.includes(this.entityOf(w) as ReadEntity))) continue;
      const due = record.fields.find((f) => f.type === 'date' && /due|return|end|until|back/i.test(f.name))?.name ?? this.field(record, 'dueDate', 'date');
      const rule: Rule = { kind: 'lateFee', entity: record.name, action, due, field: this.field(record, 'lateFee', 'number'), amount: Number(amount[1]), unit };
      found.push({ rule, span: [clause.index ?? 0, (clause.index ?? 0) + text.length] });
    }
    return found;
  }

  /** "only wardens may close a case", "clerks may read files, but only judges can change them": who may do an operation. */
  roles(): Found[] {
    const found: Found[] = [];
    const role = '(?:[a-z]+\\s+)?[a-z]+';
    // A modal or a conjunction ends a person named: "only the officer can …" is no officer called "can".
    const person = '(?:(?!(?:may|can|are|is|and|or)\\b)[a-z]+\\s+)?(?!(?:may|can|are|is|and|or)\\b)[a-z]+';
    const holders = `((?:the\\s+)?${person}(?:\\s*(?:,|\\bor\\b|\\band\\b)\\s*(?:the\\s+)?${person})*)`;
    const object = `(?:(?:an?|the|their|its|any|all|these|this|each|every)\\s+)?(${role})`;
    // "only the community manager can add desks": the one holder of a role; "only the tenant who reported it" is no role.
    // "only the scheduler assigns trips" says it with no modal.
    // "only staff may start printing a job" grants the printing.
    const re = new RegExp(`\\bonly\\s+${holders}\\s*,?\\s+(?:(?:may|can|are allowed to|is allowed to)\\s+)?(?:(?:start|begin)\\s+)?([a-z]+)(?:\\s+(${PARTICLES}))?\\s+${object}`, 'g');
    for (const m of this.text.matchAll(re)) {
      const begun = /\b(?:start|begin)\s+[a-z]+ing$/.test(this.text.slice(0, (m.index ?? 0) + m[0].indexOf(m[2]) + m[2].length)) ? infinitiveOfGerund(m[2]) : undefined;
      const verb = MODALS.has(m[2]) ? undefined : (begun ?? (m[2].endsWith('s') && !isKnownVerb(m[2]) ? (infinitiveOf(m[2]) ?? m[2].replace(/e?s$/, '')) : m[2]));
      const rule = verb && this.roleRule(m[1], verb, m[3], m[4], m.index ?? 0);
      if (rule) found.push({ rule, span: [m.index ?? 0, (m.index ?? 0) + m[0].length] });
    }
    // "writing off a bottle is reserved for the sommelier": the act is said first, as a gerund.
    const reserved = new RegExp(`\\b([a-z]+ing)(?:\\s+(${PARTICLES}))?\\s+${object}\\s+(?:is|are)\\s+(?:only\\s+)?reserved\\s+for\\s+${holders}`, 'g');
    for (const m of this.text.matchAll(reserved)) {
      const verb = nlp(m[1]).verbs().toInfinitive().text().trim();
      const rule = verb && this.roleRule(m[4], verb, m[2], m[3], m.index ?? 0);
      if (rule) found.push({ rule, span: [m.index ?? 0, (m.index ?? 0) + m[0].length] });
    }
    return found;
  }

  /** The rule that only the people named may do an act to a record, when the people are people and the act is known. */
  private roleRule(holders: string, verbHead: string, particle: string | undefined, objectText: string, at: number): Rule | undefined {
    const phrases = holders.split(/\s*,\s*|\s+or\s+|\s+and\s+/).filter(Boolean);
    // "only a clerk may …" names the role without its article.
    const words = phrases.map((p) => p.split(' ').filter((w) => !ARTICLES.has(w)));
    if (words.length === 0 || words.some((w) => w.length === 0)) return undefined;
    const heads = words.map((w) => w[w.length - 1]);
    // A plural noun that names no record is a kind of person too ("only judges may …"), and so is a word for a person
    // ("the sommelier") that names no record.
    const unkept = (h: string): boolean => !this.entityOf(h) && !TIME_NOUNS.has(singular(h));
    const person = (h: string): boolean => this.isPerson(h) || (unkept(h) && ((/s$/.test(h) && singular(h) !== h) || PERSON_SUFFIX.test(singular(h))));
    if (!heads.every(person)) return undefined;
    const roles = words.map((w) => [...w.slice(0, -1), singular(w[w.length - 1])].join(' '));
    const object = objectText.split(' ');
    const named = /^(?:them|it|those|these)$/.test(object[0]) ? this.nearestBefore(at) : this.entityOf(objectText);
    const verb = [verbHead, ...(particle ? [particle] : [])].join(' ');
    const life = named && this.ctx.lifecycles.find((l) => l.entity === named);
    // "write off a bottle" deletes it, whatever its head verb makes alone.
    const removes = particle !== undefined && verbClass(verb) === 'remove';
    const made = removes ? undefined : this.recordOfVerb(verbHead);
    let target: { entity: ReadEntity; operation: string } | undefined;
    if (named && life?.actions.some((a) => a.verb === verb)) target = { entity: named, operation: verb };
    else if (made) target = { entity: made, operation: 'create' };
    else if (named && removes) target = { entity: named, operation: 'remove' };
    else if (named && OPERATION_VERBS.has(verbHead)) target = { entity: named, operation: OPERATION_VERBS.get(verbHead) as string };
    if (!target) return undefined;
    return { kind: 'role', entity: target.entity.name, operation: target.operation, roles };
  }

  /**
   * "A kiln under repair cannot be booked", "a bike that is out of order cannot be hired": a record in a state may not be
   * what the verb's record (the reservation, the hire) points at. The state is the record's plain status, which whoever
   * keeps the record sets, or one its own actions reach ("staff mark a bike as broken; a broken bike cannot be hired"):
   * only then is a word before the record ("a broken bike") read as a state rather than a kind of it.
   */
  blocks(): Found[] {
    const end = `(?:\\s+${PARTICLES})?(?=\\s*(?:[,;.]|$|\\s+(?:and|or|but)\\b))`;
    const refused = `\\s+${NEGATION}\\s+be\\s+([a-z]+)${end}`;
    const shapes = [
      { re: new RegExp(`\\b([a-z]+)\\s+((?:in|under|on|out of)\\s+[a-z]+)${refused}`, 'g'), said: 1, state: 2, reachedOnly: false },
      { re: new RegExp(`\\b([a-z]+)\\s+(?:that|which)\\s+(?:is|are)\\s+((?:(?:in|under|on|out of)\\s+)?[a-z]+)${refused}`, 'g'), said: 1, state: 2, reachedOnly: false },
      { re: new RegExp(`\\b([a-z]+)\\s+([a-z]+)${refused}`, 'g'), said: 2, state: 1, reachedOnly: true },
      // "an out-of-order bay", "an under-repair kiln": a state said as one word before the record.
      { re: new RegExp(`\\b((?:in|under|on|out-of)-[a-z]+)\\s+([a-z]+)${refused}`, 'g'), said: 2, state: 1, reachedOnly: false },
    ];
    const found: Found[] = [];
    for (const shape of shapes) {
      for (const m of this.text.matchAll(shape.re)) {
        const said = m[shape.said];
        const done = m[3];
        const holder = this.entityOf(said);
        const made = this.recordOfVerb(infinitiveOf(done) ?? done);
        if (!holder || !made || made === holder) continue;
        const actions = this.ctx.lifecycles.find((l) => l.entity === holder)?.actions ?? [];
        const saidState = m[shape.state].replace(/-/g, ' ');
        const reached = actions.find((a) => a.to.toLowerCase() === saidState);
        if (actions.length > 0 ? !reached : shape.reachedOnly) continue;
        const state = reached?.to ?? saidState;
        // "courts on weekends", "on holidays" are times, not states (a state is one: "on loan", "under repair"); "a boat
        // that is booked" is the state its booking makes.
        const lastWord = state.split(' ').pop() ?? '';
        const last = singular(lastWord);
        if (TIME_NOUNS.has(last) || NON_RECORD_NOUNS.has(last) || last !== lastWord || this.recordOfVerb(infinitiveOf(last) ?? '') !== undefined) continue;
        const ref = this.field(made, `${holder.name}Id`, 'id');
        this.field(holder, 'status', 'string');
        // "in service", "under repair" are values of the status: no detail of the kiln, no record of repairs.
        const stateWord = camelCase(lastWord);
        holder.fields.splice(0, holder.fields.length, ...holder.fields.filter((f) => f.name !== stateWord));
        const named = this.ctx.entities.findIndex((e) => e.name === stateWord && this.pointingAt(e).length === 0);
        if (named >= 0) this.ctx.entities.splice(named, 1);
        found.push({ rule: { kind: 'blocked', entity: made.name, holder: holder.name, ref, state }, span: [m.index ?? 0, (m.index ?? 0) + m[0].length] });
      }
    }
    return found;
  }

  /** "a settled claim cannot be withdrawn": an action refused in a state of the record's lifecycle. */
  forbids(): Found[] {
    // Each shape names the record, the state and the participle of what is refused, in its own order.
    const shapes: { re: RegExp; record: number; state: number; done: number }[] = [
      // "a signup can be cancelled until it is confirmed": once confirmed, it cannot be cancelled.
      { re: /\b([a-z]+(?:\s+[a-z]+)?)\s+(?:can|may)\s+(?:only\s+)?be\s+([a-z]+)\s+(?:until|before)\s+(?:it|they)\s+(?:is|are|has been|have been)\s+([a-z]+)/g, record: 1, state: 3, done: 2 },
      // "a booking that is checked in cannot be cancelled".
      {
        re: new RegExp(`\\b([a-z]+(?:-[a-z]+)*)\\s+(?:that|which)\\s+(?:is|are|has been|have been)\\s+([a-z]+(?:\\s+(?:in|out|up|off|back))?)\\s+${NEGATION}\\s+be\\s+([a-z]+)`, 'g'),
        record: 1,
        state: 2,
        done: 3,
      },
      // "a shipped parcel cannot be recalled" refuses an action; "a confirmed order cannot be edited" a change.
      { re: new RegExp(`\\b(?:(?:an?|the|any)\\s+)?([a-z]+)\\s+([a-z]+(?:\\s+[a-z]+)?)\\s+${NEGATION}\\s+be\\s+([a-z]+)`, 'g'), record: 2, state: 1, done: 3 },
    ];
    const found: Found[] = [];
    for (const shape of shapes) {
      for (const m of this.text.matchAll(shape.re)) {
        const named = m[shape.record];
        const entity = this.entityOf(named) ?? this.entityOf(named.split(' ').pop() ?? '');
        const life = entity && this.ctx.lifecycles.find((l) => l.entity === entity);
        const done = m[shape.done];
        // "done" is the state that completing reaches ("mark it done").
        const state = m[shape.state] === 'done' && !life?.statuses.includes('done') ? 'completed' : m[shape.state];
        const action = life?.actions.find((a) => a.to === done)?.verb ?? storeOperationOf(done);
        if (!entity || !life || !action || !life.statuses.includes(state)) continue;
        found.push({ rule: { kind: 'forbid', entity: entity.name, action, state, participle: done }, span: [m.index ?? 0, (m.index ?? 0) + m[0].length] });
      }
    }
    // "a customer may cancel a job only while it is still queued": the act is refused in every other state it leaves.
    const onlyWhile = /\b(?:can|may)\s+(only\s+)?([a-z]+)\s+(?:(?:an?|the|their|its|his|her)\s+)?([a-z]+)\s+(only\s+)?(?:while|when|as long as)\s+(?:it|they)\s+(?:is|are)\s+(still\s+)?([a-z]+(?:\s+(?:in|out|up|off|back))?)/g;
    for (const m of this.text.matchAll(onlyWhile)) {
      if (!m[1] && !m[4] && !m[5]) continue;
      const entity = this.entityOf(m[3]);
      const life = entity && this.ctx.lifecycles.find((l) => l.entity === entity);
      const act = life?.actions.find((a) => a.verb === m[2] || a.verb === infinitiveOf(m[2]) || a.verb.split(' ')[0] === m[2]);
      if (!entity || !life || !act || !act.from.includes(m[6])) continue;
      for (const state of act.from.filter((f) => f !== m[6])) {
        found.push({ rule: { kind: 'forbid', entity: entity.name, action: act.verb, state, participle: act.to }, span: [m.index ?? 0, (m.index ?? 0) + m[0].length] });
      }
    }
    return found;
  }
}

/** The start and the end date a record runs between, if it has both. */
const datePair = (e: ReadEntity): [string, string] | undefined => startAndEnd(e.fields.filter((f) => f.type === 'date').map((f) => f.name));

/** The verbs by which a place has room for people, as an alternation of their forms ("seats", "sleep"). */
const ROOM_FORMS = [...ROOM_VERBS].map((v) => `${v}s?`).join('|');

/** Verbs by which a record has room for some ("a class has 20 places", "a cabin sleeps 4"); "a tour visits 5 places" has none. */
const HOLDS_ROOM = /\b(?:has|have|holds?|offers?|seats?|sleeps?|provides?)\b/;

/** The kinds of verb that move a record to a new state ("approve", "cancel"), not those that make or describe it. */
const STATE_CHANGES = new Set(['update', 'remove']);

/** Words of quantity ("two or more"): a closed class of English, no kinds of thing. */
const COUNT_WORDS = new Set(['more', 'less', 'fewer', 'most', 'least', 'several', 'many', 'few']);

/** Names of a date that starts a span. */
const START_NAMES = /^(?:start|begin|from|arriv|checkIn|pickUp)/i;

/** The date fields named as a span's start and end ("startDate", "endDate"; "arrivalDate", "departureDate"), if both are there. */
function startAndEnd(dates: readonly string[]): [string, string] | undefined {
  const start = dates.find((n) => START_NAMES.test(n));
  const end = dates.find((n) => /^(?:end|until|depart|checkOut|dropOff)/i.test(n));
  return start && end ? [start, end] : undefined;
}

/** "9", "30", "pm" → "21:30"; undefined for a time no clock shows. */
function clockTime(hour: string, minute: string | undefined, half: string | undefined): string | undefined {
  let h = Number(hour);
  if (half === 'pm' && h < 12) h += 12;
  if (half === 'am' && h === 12) h = 0;
  const m = Number(minute ?? 0);
  if (h > 23 || m > 59) return undefined;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

function splitList(text: string): (string | number)[] | undefined {
  const parts = text.split(/\s*,\s*(?:or\s+)?|\s+or\s+/).map((p) => p.trim()).filter(Boolean);
  if (parts.length < 2) return undefined;
  const numeric = parts.every((p) => /^\d+(?:\.\d+)?$/.test(p));
  if (!numeric && parts.some((p) => /^\d/.test(p))) return undefined;
  // A letter ("grade A, B or C") or a code of letters and digits ("A4", "B12") is written in capitals, whatever case the
  // sentence was read in.
  return numeric ? parts.map(Number) : parts.map((p) => (/^[a-z]$|^[a-z]{1,3}\d+$/.test(p) ? p.toUpperCase() : p));
}

/** Reads one sentence's rules; the records in the context gain the fields those rules need. */
export function readSentenceRules(sentence: string, ctx: RuleContext): SentenceRules {
  const text = normalise(sentence);
  const reader = new Reader(ctx, text);
  const found = [...reader.ages(), ...reader.measures(), ...reader.lengths(), ...reader.limits(), ...reader.onlyOnce(), ...reader.intervals(), ...reader.choices(), ...reader.thresholds(), ...reader.ranges(), ...reader.forbids(), ...reader.blocks(), ...reader.overlaps(), ...reader.windows(), ...reader.durations(), ...reader.clocks(), ...reader.requireds(), ...reader.comparisons(), ...reader.uniques(), ...reader.capacities(), ...reader.shares(), ...reader.groupSizes(), ...reader.standings(), ...reader.prices(), ...reader.tariffs(), ...reader.lateFees(), ...reader.roles()];
  const rules: Rule[] = [];
  for (const f of found) if (!rules.some((r) => sameRule(r, f.rule))) rules.push(f.rule);
  // "request" and "interest" end like "highest" but decide nothing: only a real superlative is a signal.
  // "each locker has a number and a monthly fee" names a detail a record holds, not an amount a rule charges.
  const holdsFee = !/\d/.test(text) && /\b(?:has|have|with|holds?)\b[^.;]*\bfees?\b/.test(text);
  const signals = [...text.matchAll(SIGNALS)]
    .filter((m) => !/^[a-z]+est$/.test(m[0]) || /^(most|least)$/.test(m[0]) || nlp(m[0]).has('#Superlative'))
    .filter((m) => !(holdsFee && /^fees?$/.test(m[0])))
    .map((m) => m.index ?? 0);
  // "a job moves from queued to printing, and never back": a route the lifecycle follows is read to the clause's end.
  const route = builtRoute(text, ctx.lifecycles);
  const routed: [number, number] | undefined = route ? [route.at, route.at + (text.slice(route.at).search(/[;.]|$/) as number)] : undefined;
  // "hirers book one craft": one of a thing another record points at is what pointing at it means.
  const single = [...text.matchAll(/\b1 ([a-z]+)\b/g)].filter((m) => {
    const one = reader.entityOf(m[1]);
    return one !== undefined && ctx.entities.some((e) => e.fields.some((f) => f.name === `${one.name}Id`));
  }).map((m) => m.index ?? 0);
  // "the moisture reading in percent" says the unit a detail is kept in, no amount a rule sets.
  const units = [...text.matchAll(/\bin (percent)\b/g)].map((m) => (m.index ?? 0) + 3);
  const covered = (at: number): boolean =>
    found.some((f) => f.span[0] <= at && at < f.span[1]) || (routed !== undefined && routed[0] <= at && at < routed[1]) || single.includes(at) || units.includes(at);
  // "writing off a bottle is reserved for the sommelier" says who may, with no word that signals it.
  const grants = found.some((f) => f.rule.kind === 'role');
  return { rules, isRule: signals.length > 0 || grants, understood: signals.every(covered) };
}
