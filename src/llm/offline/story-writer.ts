import pluralize from 'pluralize';
import type { UserStory } from '../../domain/agents/analyst';
import { type Clause, type NounPhrase, describesDetails } from './clause-reader';
import { entityKeyOf } from './entity-finder';
import { fieldsOfPhrase } from './field-finder';
import { conflictingRanges, findContradictions, restatedRules, ruleWords } from './contradiction-finder';
import { AGGREGATE_NOUNS, HOLDING_RECORDS, isKnownVerb, JUDGING_VERBS, MODAL_NEGATION, PERSON_NOUNS, POSSESSION_VERBS, PREPOSITIONAL_MAKERS, PRICE_NOUNS, RECORDING_NOUNS, RECORDING_VERBS, RELATION_VERBS, ROOM_VERBS, STATING_VERBS, STATUS_VERBS, STORE_OPERATION_VERBS, VERB_FIELDS, type VerbClass, verbClass, WAITING_LIST } from './lexicon';
import { type Lifecycle, readLifecycles } from './lifecycle-reader';
import { DEFAULT_ACTOR, camelCase, capitalize, escapeRegExp, listWords, peopleWord, spokenName, withArticle } from './naming';
import type { ReadEntity, Reading } from './requirements-reader';
import { type Rule, sameRule, storeOperationOf, wordRule } from './rule';
import { normalise, readSentenceRules } from './rule-reader';
import { sentenceText } from './sentence-text';
import { ROUTE_VERBS, builtRoute, statusRoute } from './status-route';
import { DETAILING_PARTICIPLES } from './tokens';
import { participleOf } from './verb-forms';

export type StoryKind = VerbClass | 'report';

export interface StoryDraft {
  /** The clause as written, for a criterion that can only be checked by a person. */
  text: string;
  /** The sentence it was read from; a story added for other stories' sake has none. */
  sentence?: number;
  /** A person acts, or the records are acted on ("invoices can be cancelled"), rather than something just happening. */
  acted: boolean;
  title: string;
  actor: string;
  want: string;
  reason?: string;
  kind: StoryKind;
  verbs: string[];
  entities: ReadEntity[];
  /** Fields the clause names, which an update story changes. */
  fields: string[];
  /** Added because other stories need its records, not read from the text. */
  supporting?: boolean;
  /** Said of something neither kept nor a person: the business or the product ("a shelter handles adoptions"). */
  aboutBusiness?: boolean;
  /** Its verbs are the states a record is set to ("mark bookings as attended"): each an action on the record. */
  setsState?: boolean;
  /** The detail of a record its object names ("record the result of each match"). */
  detail?: string;
  /** A record says what it holds ("a game records the players"): its details, no act. */
  describes?: boolean;
  /** The act whose state this one's follows ("mark it printed, then collected"). */
  after?: string;
}

export interface StoryPlan {
  stories: UserStory[];
  /** What each story was made from, in the same order. */
  drafts: StoryDraft[];
  /** The rules the stories state in a shape the developer implements. */
  rules: Rule[];
  lifecycles: Lifecycle[];
  /** Sentences that limit, forbid, price or time something the team could not turn into code: open, said so. */
  openRules: string[];
  /** Pairs of sentences that cannot both hold. */
  contradictions: [string, string][];
  /** The share of the text's sentences that became stories or implemented rules. */
  understood: number;
  /** Clauses read as rules of another story ("a booking costs 25"): read, though no story of their own. */
  merged: number;
}

/** Verbs of holding: a closed class of English whose subject owns the object rather than acting on it. */
const HOLDING_VERBS: ReadonlySet<string> = new Set([...POSSESSION_VERBS, 'own', 'keep']);
/** Verbs that say what a record is, has or costs rather than what someone does ("a booking costs 25", "seats 40"). */
const STATIVE_VERBS: ReadonlySet<string> = new Set([...HOLDING_VERBS, ...STATING_VERBS, ...ROOM_VERBS]);
const OBJECT_PRONOUNS = /\b(them|it)\b/i;
const MAX_TITLE_WORDS = 10;

const plural = (e: ReadEntity): string => pluralize.plural(spokenName(e.name));
const spoken = (e: ReadEntity): string => spokenName(e.name);
const dataFields = (e: ReadEntity) => e.fields.filter((f) => f.name !== 'id');

function shortTitle(text: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  // Too long, it ends before the last phrase it would cut in two ("… with a rating", not "… a rating from 1 to").
  // A list it would cut ends it at the list's first item ("have a title, a link and a short description").
  const listStart = words.findIndex((w, i) => i >= 2 && w.endsWith(',') && !/^\d/.test(w)) + 1;
  const list = listStart > 0 && listStart <= MAX_TITLE_WORDS ? listStart : undefined;
  const cut = words.length <= MAX_TITLE_WORDS ? words.length : (list ?? lastPhraseStart(words.slice(0, MAX_TITLE_WORDS + 1)) ?? MAX_TITLE_WORDS);
  // Nor does it end on a word that joins it to what was cut ("… with a name and", "… 1 percent of"), or on the
  // "only" of a condition the clause left behind ("approve a request only if …").
  const joining = cut < words.length ? '|of|for|with|to|at|in|on|by|from|than' : '';
  // Nor on a verb or a word that opens what a clause split off ("… its capacity is", "… a mooring whose"); cut short, nor
  // on a modal or a determiner ("review each will" ends on a noun).
  const opening = `|is|are|was|were|be|whose|which|who|its|their${cut < words.length ? '|can|may|must|will|that|each|every|any' : ''}`;
  const title = words.slice(0, cut).join(' ').replace(new RegExp(`(?:[\\s,;:]+(?:and|or|but|nor|a|an|the|only${opening}${joining})\\b)+[\\s,;:]*$|[\\s,;:]+$`, 'i'), '');
  // A relative clause the title cuts short is left out whole ("on a mooring whose maximum length …").
  const kept = title.split(' ');
  const relative = kept.findIndex((w, i) => i >= 2 && /^(?:whose|which|who)$/i.test(w));
  return capitalize(relative > 0 && kept.length < words.length ? kept.slice(0, relative).join(' ') : title);
}

/** Prepositions that open a phrase a title may end before: a closed class of English ("of" binds to the word before it). */
const PHRASE_OPENERS = new Set(['with', 'for', 'from', 'to', 'at', 'in', 'on', 'by', 'between', 'within', 'after', 'before', 'during', 'per']);

/** Where the last phrase of these words starts, past the first two words and not inside "1 to 4"; undefined if none does. */
function lastPhraseStart(words: readonly string[]): number | undefined {
  for (let i = words.length - 1; i >= 2; i -= 1) {
    if (PHRASE_OPENERS.has(words[i].toLowerCase()) && !/^\d/.test(words[i - 1])) return i;
  }
  return undefined;
}

/** "look up" + "them" reads "look them up". */
function actOn(verbs: string[], object: string): string {
  return verbs.map((v) => (v.includes(' ') ? v.replace(' ', ` ${object} `) : `${v} ${object}`)).join(' or ');
}

interface ClauseTargets {
  /** Entities the clause names itself. */
  own: ReadEntity[];
  /** What the story is about: its own entities, else the owner of the details it names, else the last story's. */
  entities: ReadEntity[];
  /** Fields the clause names ("charge by the minute" names the rate per minute). */
  fields: string[];
}

function targetsOf(reading: Reading, clauseIndex: number, inherited: ReadEntity | undefined, theirs?: ReadEntity): ClauseTargets {
  const byKey = new Map(reading.entities.map((e) => [e.key, e]));
  const keys = new Set(byKey.keys());
  const acting = new Set(['subject', 'object', 'item', 'record', 'report']);
  const here = reading.mentions.filter((m) => m.clause === clauseIndex);
  const mentions = here.filter((m) => m.key && acting.has(m.role) && byKey.has(m.key));
  const ordered = [...mentions.filter((m) => m.role === 'record'), ...mentions.filter((m) => m.role !== 'record')];
  const own = [...new Set(ordered.map((m) => byKey.get(m.key as string) as ReadEntity))];
  const details = here.filter((m) => m.role === 'attribute' && m.np);
  const fields = details.flatMap((m) => fieldsOfPhrase(m.np as NounPhrase, keys).map((f) => f.name));
  const owners = [...new Set(details.map((m) => (m.owner ? byKey.get(m.owner) : undefined)))].filter(
    (e): e is ReadEntity => e !== undefined && e.fields.some((f) => fields.includes(f.name)),
  );
  // What the people acting made is what their act with no object is done to, before the owner of a time it names.
  const entities = own.length > 0 ? own : theirs ? [theirs] : owners.length > 0 ? owners : inherited ? [inherited] : [];
  return { own, entities, fields };
}

/** "record the result of each match": the clause's object is a detail of a record it names after "of", if it is one. */
function detailOfRecord(clause: Clause): string | undefined {
  const object = clause.phrases.find((np) => !np.preposition);
  if (!object?.of || entityKeyOf({ ...object, of: undefined }) !== undefined || entityKeyOf(object.of) === undefined) return undefined;
  return camelCase(object.nouns.map((t) => t.root).join(' '));
}

/** Verbs that link a subject to what it is or turns into ("becomes gold"): a closed class of English; no act on a record. */
const LINKING_VERBS = new Set(['be', 'become', 'remain', 'stay', 'seem', 'appear', 'turn', 'grow', 'get', 'go', 'come']);

/** Verbs too light to name a step of their own ("a therapist can do 6 treatments a day"): a closed class of English. */
const LIGHT_VERBS = new Set(['do', 'get', 'make', 'take', 'give', 'go', 'see', 'put']);

/**
 * "The pharmacist prepares the order, then marks it ready": a verb this vocabulary does not know, done by someone to the
 * one record a story before made (named as that one) or to a record the text moves through states, moves it to a state
 * of that verb. "Students take quizzes", "volunteers work shifts" act on records without changing them: no step.
 */
function movesMadeRecord(clause: Clause, own: readonly ReadEntity[], made: ReadonlySet<ReadEntity>, living: ReadonlySet<ReadEntity>): boolean {
  const verb = clause.verbs[0] ?? '';
  const known = isKnownVerb(verb.split(' ')[0]) || LINKING_VERBS.has(verb) || LIGHT_VERBS.has(verb) || RECORDING_VERBS.has(verb) || PREPOSITIONAL_MAKERS.has(verb) || JUDGING_VERBS.has(verb) || POSSESSION_VERBS.has(verb);
  const thatOne = clause.pronounObject || /^(?:the|this|that|its|their|his|her)\s+[a-z-]+(?<!s)\b/i.test(clause.rest.trim());
  const record = own[0];
  // "A creator may not back their own campaign" refuses the act; it moves nothing.
  const refused = PROHIBITION.test(clause.text);
  return !known && !refused && clause.actor !== undefined && !clause.passive && record !== undefined && made.has(record) && (thatOne || living.has(record));
}

/**
 * The records some clause moves between states: with a verb of changing state ("approve", "cancel", "mark"), or with a
 * verb whose participle the text names the record by ("waiters sell bottles; a sold bottle …").
 */
function livingRecords(reading: Reading): Set<ReadEntity> {
  const byKey = new Map(reading.entities.map((e) => [e.key, e]));
  const text = reading.sentences.map(sentenceText).join(' ').toLowerCase();
  const statedIn = (key: string, verb: string): boolean => {
    const state = escapeRegExp(participleOf(verb));
    const noun = `${escapeRegExp(key)}s?`;
    return new RegExp(`\\b${state}\\s+${noun}\\b|\\b${noun}\\s+(?:that|which)?\\s*(?:is|are|has been|have been)\\s+${state}\\b`).test(text);
  };
  return new Set(
    reading.mentions
      .filter((m) => m.key && reading.clauses[m.clause]?.verbs.some((v) => STATUS_VERBS.has(v.split(' ')[0]) || statedIn(m.key as string, v)))
      .map((m) => byKey.get(m.key as string))
      .filter((e): e is ReadEntity => e !== undefined),
  );
}

function draftOf(clause: Clause, { own, entities, fields }: ClauseTargets, previous: ReadEntity | undefined, made: ReadonlySet<ReadEntity>, living: ReadonlySet<ReadEntity>): StoryDraft {
  const moves = movesMadeRecord(clause, own, made, living);
  const conditions = clause.conditions.length > 0 ? ` ${clause.conditions.join(', ')}` : '';
  const base = {
    text: clause.text,
    sentence: clause.sentence,
    acted: clause.actor !== undefined || clause.passive,
    setsState: clause.setsState || moves,
    detail: detailOfRecord(clause),
    describes: describesDetails(clause),
    after: clause.after,
    // The business that opens a text is read as no subject at all ("A ferry company handles crossings").
    aboutBusiness: clause.actor === undefined && !clause.passive && (clause.subject === undefined || !own.some((e) => e.key === entityKeyOf(clause.subject as NounPhrase))),
    // "a tenant may have 2 parking permits": what a person holds is a relation, not something that person makes.
    actor: clause.actor !== undefined && !clause.verbs.every((v) => HOLDING_VERBS.has(v)) ? clause.actor : DEFAULT_ACTOR,
    reason: clause.purpose,
    verbs: clause.verbs,
    entities,
    fields,
  };
  if (clause.kind === 'item') {
    const report = clause.phrases[0] !== undefined && AGGREGATE_NOUNS.has(clause.phrases[0].head.root);
    return {
      ...base,
      title: shortTitle(clause.text),
      want: `${report ? 'to see' : 'to manage'} ${clause.text}${conditions}`,
      kind: report ? 'report' : 'create',
    };
  }
  // "mark damaged items as broken" is said with "mark", though its act is breaking them.
  // "the crew marks a pickup done" asks to mark it.
  const verbs = clause.setsState && clause.verbText ? clause.verbText.replace(/^([a-z]+)s\b/, (said, stem: string) => (isKnownVerb(stem) ? stem : said)) : clause.verbs.join(' or ');
  const target = entities[0];
  // "tag friends in them": with an object of its own, the pronoun stands for what came before.
  const referent = own.length > 0 ? previous : target;
  const rest = referent ? clause.rest.replace(OBJECT_PRONOUNS, `the ${plural(referent)}`) : clause.rest;
  const verbKind = verbClass(clause.verbs[0] ?? '');
  // "riders review the trips they took": acting on something already kept changes it.
  // "sellers list bikes with a price", "list packets, stating the variety": putting something up with its details makes it.
  const detailed = /\bwith\s+an?\b/i.test(clause.rest) || clause.rest.split(/[\s,]+/).some((w) => DETAILING_PARTICIPLES.has(w.toLowerCase()));
  const listing = verbKind === 'view' && clause.verbs[0] === 'list' && detailed;
  // "judges score each photo": judging a record sets its score, it makes no record.
  const judging = JUDGING_VERBS.has(clause.verbs[0] ?? '') && own.length > 0;
  const kind: StoryKind = clause.setsState || moves || judging || (own.length === 0 && verbKind === 'create') ? 'update' : listing ? 'create' : verbKind;
  const tidy = (text: string): string => text.replace(/\s+/g, ' ').trim();
  if (clause.subject && target) {
    // "parcels can be returned …", "parcels go through …": the records are the subject, not the person.
    const verbPhrase = clause.passive ? `be ${clause.verbText.split(' ').pop() ?? verbs}` : verbs;
    const subject = pluralize.plural(spokenName(clause.subject.nouns.map((t) => t.root).join(' ')));
    return {
      ...base,
      title: shortTitle(clause.passive ? `${verbs} ${subject} ${rest}` : `${subject} ${verbs} ${rest}`),
      want: tidy(`${subject} to ${verbPhrase} ${rest}${conditions}`),
      kind,
    };
  }
  return { ...base, title: shortTitle(`${verbs} ${rest}`), want: tidy(`to ${verbs} ${rest}${conditions}`), kind };
}

/** Why a person wants this: the next person who works on the same records, or what the kind of story gives. */
function reasonFor(draft: StoryDraft, later: StoryDraft[]): string {
  if (draft.reason) return draft.reason;
  const target = draft.entities[0];
  if (!target) return 'the team knows what to build';
  const next = later.find((d) => d.entities.includes(target) && d.actor !== draft.actor && d.actor !== DEFAULT_ACTOR && d.verbs.length > 0);
  if (draft.kind === 'create' && next) return `${peopleWord(next.actor)} can ${actOn(next.verbs, 'them')}`;
  switch (draft.kind) {
    case 'create':
      return `every ${spoken(target)} is kept in one place and nothing is lost`;
    case 'view':
      return `I can find the ${plural(target)} I need without asking anyone`;
    case 'update':
      return `every ${spoken(target)} shows where it stands`;
    case 'remove':
      return `${plural(target)} that are no longer wanted do not get in the way`;
    case 'report':
      return 'decisions rest on up-to-date figures';
  }
}

function priorityOf(kind: StoryKind, firstForEntity: boolean): UserStory['priority'] {
  if (kind === 'create' && firstForEntity) return 'must';
  if (kind === 'remove' || kind === 'report') return 'could';
  return kind === 'create' || kind === 'view' ? 'must' : 'should';
}

/** The field an update story changes: the one its verb implies, one the clause names, the status, or a detail. */
function changedField(draft: Pick<StoryDraft, 'fields' | 'verbs'>, e: ReadEntity): string {
  const names = dataFields(e).map((f) => f.name);
  const named = draft.fields.find((n) => names.includes(n));
  const implied = draft.verbs.map((v) => VERB_FIELDS.get(v)?.name).find((n) => n !== undefined && names.includes(n));
  // "Mark tickets" changes where a ticket stands; "edit orders" changes what was ordered.
  const editing = draft.verbs.length > 0 && draft.verbs.every((v) => STORE_OPERATION_VERBS.get(v) === 'update');
  const status = names.includes('status') && !editing ? 'status' : undefined;
  return spokenName(implied ?? named ?? status ?? names.find((n) => n !== 'status' && n !== names[0]) ?? names[0] ?? 'name');
}

/** "A manager", "Anyone": how a criterion names the person acting. */
function actorPhrase(actor: string): string {
  return capitalize(/^(any|every|some)(one|body)$/.test(actor) ? actor : withArticle(actor));
}

function criteriaTexts(draft: StoryDraft, e: ReadEntity, first: boolean): string[] {
  const actor = actorPhrase(draft.actor);
  const fields = dataFields(e);
  const required = spokenName(fields[0]?.name ?? 'name');
  // Where a record moves through states, its status is the store's to set, not a detail given when making it.
  const given = fields.filter((f) => f.name !== 'status');
  const described = listWords((given.length > 0 ? given : fields).slice(0, 3).map((f) => spokenName(f.name)));
  const create = `${actor} can create ${withArticle(spoken(e))} with ${described}; it is stored and returned with an id`;
  const reject = `Creating ${withArticle(spoken(e))} without ${withArticle(required)} is refused with a validation error`;
  const list = `Listing ${plural(e)} returns every ${spoken(e)} that was created`;
  const get = `${capitalize(withArticle(spoken(e)))} can be fetched by its id, and an unknown id gives a not-found error`;
  switch (draft.kind) {
    case 'create':
      return first ? [create, reject, list] : [create, reject];
    case 'view':
      return [list, get];
    case 'update': {
      // "edit or remove screenings" asks for both: a change, and a removal of its own.
      const removing = draft.verbs.filter((v) => STORE_OPERATION_VERBS.get(v) === 'remove');
      const changing = draft.verbs.filter((v) => !removing.includes(v));
      const how = changing.some((v) => v !== 'change') ? ` (${changing.join(' or ')})` : '';
      return [
        ...(changing.length > 0 ? [`${actor} can change ${withArticle(spoken(e))}'s ${changedField({ ...draft, verbs: changing }, e)}${how} and the change is kept`] : []),
        ...removing.slice(0, 1).map((v) => `${actor} can ${v} ${withArticle(spoken(e))}, after which it is no longer listed`),
      ];
    }
    case 'remove':
      return [`${actor} can ${draft.verbs[0] ?? 'remove'} ${withArticle(spoken(e))}, after which it is no longer listed`];
    case 'report':
      return [list];
  }
}

/** A story that exists only because others need its records ("guests search rooms" needs someone to add rooms). */
function supportingDraft(e: ReadEntity, users: StoryDraft[]): StoryDraft {
  const uses = [...new Set(users.flatMap((d) => d.verbs))];
  const who = [...new Set(users.map((d) => d.actor))].filter((a) => a !== DEFAULT_ACTOR);
  const fields = listWords(dataFields(e).slice(0, 3).map((f) => spokenName(f.name)));
  return {
    text: `add ${plural(e)}`,
    title: `Add ${plural(e)}`,
    actor: 'administrator',
    want: `to add ${plural(e)} with ${fields}`,
    reason:
      uses.length > 0
        ? `${who.length > 0 ? listWords(who.map(peopleWord)) : 'people'} have ${plural(e)} to ${listWords(uses)}`
        : `there are ${plural(e)} to work with`,
    kind: 'create',
    verbs: ['add'],
    entities: [e],
    fields: [],
    supporting: true,
    acted: true,
  };
}

/** The rules of every sentence, and the sentences whose limits or prohibitions did not all become one. */
function readRules(reading: Reading, lifecycles: readonly Lifecycle[]): { bySentence: Rule[][]; open: number[] } {
  const people = new Set([...PERSON_NOUNS, ...reading.actors, ...reading.people].map((p) => pluralize.singular(p)));
  const ctx = { entities: reading.entities, people, lifecycles, text: normalise(reading.sentences.map(sentenceText).join(' ')) };
  const bySentence: Rule[][] = [];
  const open: number[] = [];
  // "A guesthouse with six rooms." opening a text says what the business is, not a rule on it.
  const verbless = opensVerbless(reading);
  reading.sentences.forEach((sentence, i) => {
    const found = readSentenceRules(sentenceText(sentence), ctx);
    bySentence.push(found.rules);
    if (found.isRule && !found.understood && !(i === 0 && verbless && found.rules.length === 0)) open.push(i);
  });
  return { bySentence, open };
}

/** The text's first sentence does nothing: no clause of it acts or sets a condition ("A guesthouse with six rooms."). */
const opensVerbless = (reading: Reading): boolean =>
  !reading.clauses.some((c) => c.sentence === 0 && (c.kind === 'action' || c.kind === 'condition')) || compoundTitle(reading);

/**
 * "School fete raffle.": a plain form of a verb right after one thing in the singular, with no article or modal, makes
 * no clause ("a school fetes", "schools fete" would); the line is a name made of nouns.
 */
function compoundTitle(reading: Reading): boolean {
  const tokens = reading.sentences[0]?.tokens.filter((t) => /[a-z0-9]/.test(t.lower)) ?? [];
  if (tokens.length === 0 || tokens.length > TITLE_WORDS || tokens[tokens.length - 1].pos !== 'noun') return false;
  if (tokens.some((t) => !['noun', 'verb', 'adj'].includes(t.pos))) return false;
  return tokens.every((t, i) => t.pos !== 'verb' || (i > 0 && tokens[i - 1].pos === 'noun' && !tokens[i - 1].plural && !PERSON_NOUNS.has(tokens[i - 1].root) && !/(?:s|ed)$/.test(t.lower)));
}

/** The most words a title line over a text has ("IT support desk."); a longer first line without a verb says more. */
const TITLE_WORDS = 6;

/**
 * "Organisers schedule matches … referees record the result of each match": writing a detail of a record someone made
 * before changes that record. Where nobody did ("log the hour of each delivery"), recording makes it.
 */
function writeDetails(drafts: StoryDraft[]): void {
  for (const d of drafts) {
    const before = (x: StoryDraft): boolean => x.sentence !== undefined && d.sentence !== undefined && x.sentence < d.sentence;
    const made = d.detail !== undefined && d.kind === 'create' && drafts.some((x) => before(x) && x.kind === 'create' && x.acted && x.entities[0] === d.entities[0]);
    if (!made) continue;
    d.kind = 'update';
    d.fields = [...d.fields, d.detail as string];
  }
}

/**
 * "Readers borrow e-books … readers return an e-book": returning ends the loan the borrowing made, not the e-book.
 * An act that ends or extends a relation moves to the record a recording verb made of the thing it names.
 */
function relateActs(reading: Reading, drafts: StoryDraft[]): void {
  for (const d of drafts) {
    const thing = d.entities[0];
    if (!thing || d.kind === 'create' || !d.verbs.some((v) => RELATION_VERBS.has(v) || RELATION_VERBS.has(v.split(' ')[0]))) continue;
    // The record points at the thing, or names the person who made it ("staff check campers in": the camper's booking).
    const relation = reading.entities.find((e) => e !== thing && HOLDING_RECORDS.has(e.key) && e.fields.some((f) => f.name === `${thing.name}Id` || f.name === thing.name));
    if (relation) d.entities = [relation, ...d.entities];
  }
}

/**
 * "Categories are travel, meals or equipment", "garments are shirts or coats; a job costs 8 or 20 depending on the
 * garment": a detail that takes one of some words, and the words, are no records, nor is a number a capacity counts,
 * though the clauses that named them made them so; nobody makes them. They leave the reading and its stories.
 */
function dropEnumerated(reading: Reading, drafts: StoryDraft[], rules: readonly Rule[]): void {
  const listed = (r: Rule): { field: string; values: readonly (string | number)[] } | undefined =>
    r.kind === 'oneOf' ? { field: r.field, values: r.values } : r.kind === 'tariff' ? { field: r.by, values: r.amounts.map((a) => a.value) } : undefined;
  const words = new Set(
    rules.flatMap((r) => {
      const list = listed(r);
      // "than it has licences": a count a capacity reads is no record either.
      if (r.kind === 'capacity') return [pluralize.singular(r.field)];
      // "a single kayak or a canoe": a value of a few words is a kind of the thing its last word names.
      const words = list?.values.filter((v): v is string => typeof v === 'string').flatMap((v) => [v, v.split(/[\s-]/).pop() as string]) ?? [];
      return list ? [list.field, ...words.map((v) => pluralize.singular(v))] : [];
    }),
  );
  const made = (e: ReadEntity): boolean => drafts.some((d) => d.acted && d.kind === 'create' && d.entities[0] === e);
  const dropped = reading.entities.filter((e) => (words.has(e.key) || words.has(e.name)) && !made(e) && !rules.some((r) => r.entity === e.name));
  if (dropped.length === 0) return;
  reading.entities.splice(0, reading.entities.length, ...reading.entities.filter((e) => !dropped.includes(e)));
  // What pointed at a dropped record holds its word instead.
  for (const e of reading.entities) {
    for (const d of dropped) {
      const reference = e.fields.findIndex((f) => f.name === `${d.name}Id`);
      if (reference < 0) continue;
      if (e.fields.some((f) => f.name === d.name)) e.fields.splice(reference, 1);
      else e.fields[reference] = { name: d.name, type: 'string' };
    }
  }
  const kept = drafts.filter((d) => d.entities.length === 0 || d.entities.some((e) => !dropped.includes(e)));
  for (const d of kept) d.entities = d.entities.filter((e) => !dropped.includes(e));
  drafts.splice(0, drafts.length, ...kept);
}

/**
 * Two rules that cannot both hold, as a person is shown them: the two sentences that say them, or where one sentence
 * says both, the rules in the words of the criteria.
 */
function clashSaid(reading: Reading, bySentence: readonly Rule[][], a: Rule, b: Rule): [string, string] {
  const [i, j] = [a, b].map((r) => bySentence.findIndex((rules) => rules.includes(r)));
  const said = (k: number): string => sentenceText(reading.sentences[k]).replace(/[.!?]+$/, '');
  return i >= 0 && j >= 0 && i !== j ? [said(i), said(j)] : [ruleWords(a), ruleWords(b)];
}

/** A forbidden state is no longer a state the action starts from; an action that starts from nowhere is dropped. */
function actionRules(lifecycles: readonly Lifecycle[], forbids: readonly Rule[]): Rule[] {
  return lifecycles.flatMap((l) =>
    l.actions.flatMap((a): Rule[] => {
      const refused = forbids.filter((f) => f.kind === 'forbid' && f.entity === l.entity.name && f.action === a.verb).map((f) => (f.kind === 'forbid' ? f.state : ''));
      const from = a.from.filter((s) => !refused.includes(s));
      return from.length > 0 ? [{ kind: 'action', entity: l.entity.name, action: a.verb, from, to: a.to, actor: a.actor }] : [];
    }),
  );
}

/**
 * "tastings have a capacity", "hikes of 12 places": a record that says how many it holds takes no more
 * of the records that point at it (bookings of a class) than that, whether or not the text spells the rule out. The
 * rule goes to the story that makes those records; while they have a lifecycle, only unfinished ones take a place.
 */
function capacityRules(entities: readonly ReadEntity[], drafts: readonly StoryDraft[], lifecycles: readonly Lifecycle[]): { rule: Rule; story: number }[] {
  return entities.flatMap((holder) => {
    const field = holder.fields.find((f) => f.type === 'number' && CAPACITY_FIELDS.has(f.name))?.name;
    if (!field) return [];
    return entities.flatMap((e) => {
      const ref = e.fields.find((f) => f.name === `${holder.name}Id`)?.name;
      const story = drafts.findIndex((d) => d.kind === 'create' && d.entities[0] === e && !d.supporting);
      // Records for a time of their own ("reservations of a room from a start to an end") share the room over time:
      // how many are there at once is another rule, not a count of all of them ever made.
      const spans = e.fields.filter((f) => f.type === 'date').length >= 2;
      if (e === holder || !ref || story < 0 || spans) return [];
      const active = lifecycles.some((l) => l.entity === e);
      return [{ rule: { kind: 'capacity', entity: e.name, holder: holder.name, ref, field, active } as const, story }];
    });
  });
}

/** Names of a record's number that say how many it holds: general vocabulary, documented here. */
const CAPACITY_FIELDS = new Set(['capacity', 'places', 'seats', 'spots', 'spaces']);

/** A record's name in the singular or the plural, as a regular-expression alternation. */
const nameAlternation = (e: ReadEntity): string => [...new Set([spokenName(e.name), pluralize.plural(spokenName(e.name))])].map(escapeRegExp).join('|');

/** The text names the record. */
const names = (text: string, e: ReadEntity): boolean => new RegExp(`\\b(?:${nameAlternation(e)})\\b`, 'i').test(text);

/**
 * The clause makes the record it names besides the one its verb makes: the actor's own ("register their hives";
 * possessive determiners are a closed class), or the direct object of a verb that otherwise makes a record with a
 * preposition ("register each costume" records costumes; "register for a race" makes a registration).
 */
function ownThing(d: StoryDraft, e: ReadEntity): boolean {
  const named = `(?:[a-z-]+\\s+)?(?:${nameAlternation(e)})\\b`;
  const theirs = new RegExp(`\\b(?:their|his|her|its|our|my|your)\\s+${named}`, 'i').test(d.text);
  const direct = `(?:each|every|an?|the|all)?\\s*(?!(?:for|in|to|at|on|with|from|of|by)\\b)${named}`;
  const object = d.verbs.some((v) => PREPOSITIONAL_MAKERS.has(v) && new RegExp(`\\b${v}(?:s|ed|ing)?\\s+${direct}`, 'i').test(d.text));
  return theirs || object;
}

/** Negations, closed classes of English: a clause with one refuses an action rather than asking for it. */
const PROHIBITION = new RegExp(`\\b(?:${MODAL_NEGATION}|mustn't|never|do not|does not|don't|doesn't|nobody|no one)\\b`, 'i');
/**
 * Words that put a condition on a clause or qualify its object (closed classes of English: conjunctions, prepositions,
 * relative words), and numbers ("a diver with 2 missed dives").
 */
const CONDITIONED = /\b(?:without|unless|before|after|until|more than|less than|fewer than|within|outside|once|if|when|while|twice|again|from|with|of|for|at|on|by|that|which|who|whose|whom|where|own|other|another|\d+)\b/i;
/** A refusal said of no one: nobody is left to do it. */
const NO_ONE = /^\s*(?:nobody|no one)\b/i;

/**
 * "Members over 65 pay a fee of 3 a month" says what something costs, as "costs 3" would: nobody acts by it. Nor
 * does "collecting a parcel early costs 2": what it prices is the act it names, a rule of that act's story.
 */
const statesCharge = (clause: Clause, reading: Reading): boolean =>
  clause.verbs.length === 1 && ((clause.verbs[0] === 'pay' && paysAmount(clause)) || (clause.verbs[0] === 'cost' && pricesAct(clause, reading)));

/** "Collecting a parcel early costs 2", "a late return costs 1 per day": the subject is an act, not a record kept. */
function pricesAct(clause: Clause, reading: Reading): boolean {
  if (/^\w+ing\b/i.test(clause.text)) return true;
  const key = clause.subject ? entityKeyOf(clause.subject) : undefined;
  return clause.subject !== undefined && !reading.entities.some((e) => e.key === key) && !clause.subject.head.plural;
}

/**
 * A change of a record by a verb this vocabulary does not know ("call", "owe", "earn"), or one the record does of
 * itself ("bookings close", "tickets move through …"): its criterion would claim the verb while a test changes a field.
 */
function unknownChange(d: StoryDraft): boolean {
  if (d.kind !== 'update' || d.setsState) return false;
  return !d.acted || unknownVerbs(d) || namesNoField(d);
}

/**
 * "Captains enter match results", said where results are no detail of the team: a change by a verb that makes or
 * looks (not one that changes) names none of the record's fields, and its test would change some other one.
 */
function namesNoField(d: StoryDraft): boolean {
  const e = d.entities[0];
  if (!e || d.verbs.some((v) => verbClass(v) === 'update' || verbClass(v) === 'remove' || JUDGING_VERBS.has(v) || VERB_FIELDS.has(v))) return false;
  const names = dataFields(e).map((f) => f.name);
  return !d.fields.some((n) => names.includes(n));
}

/**
 * "Gift a booking": a verb this vocabulary does not know, said of a record another story makes, makes none of it; a
 * second story making it would claim what the text does not say.
 */
function unknownMaking(d: StoryDraft, kept: readonly StoryDraft[], people: readonly string[]): boolean {
  const e = d.entities[0];
  if (d.kind !== 'create' || e === undefined || !unknownVerbs(d)) return false;
  // Nor does "swap volunteers between shifts" make volunteers: the people a text names are no records its verbs make.
  return kept.some((x) => x.kind === 'create' && x.acted && x.entities[0] === e) || people.includes(e.key);
}

/** Every verb of the story is one this vocabulary does not know ("gift a booking to a friend"). */
const unknownVerbs = (d: StoryDraft): boolean =>
  d.verbs.length > 0 && d.verbs.every((v) => verbClass(v) === 'create' && !isKnownVerb(v.split(' ')[0]) && !JUDGING_VERBS.has(v) && !VERB_FIELDS.has(v));

/** "pay a fee of 3", "pay 5 per visit", "pay half", "pay the reduced price": an amount, not a record paid off. */
function paysAmount(clause: Clause): boolean {
  const object = clause.phrases[0];
  // "pay what they want", "pay as much as they like".
  if (/^\s*(?:\d|what\b|whatever\b|as much\b)/.test(clause.rest) || (object !== undefined && SHARE_WORDS.has(object.head.lower))) return true;
  // "guests pay a nightly rate": a price is paid, not a record paid off.
  return object !== undefined && PRICE_NOUNS.has(object.head.root);
}

/** Words for a part or a multiple of an amount ("pay half"): a closed class of English. */
const SHARE_WORDS = new Set(['half', 'third', 'quarter', 'double', 'twice', 'nothing']);

/** The story each sentence's rules go to: the first one read from it, else the nearest one before it. */
function storyOfSentence(drafts: readonly StoryDraft[], sentence: number): number {
  const own = drafts.findIndex((d) => d.sentence === sentence);
  if (own >= 0) return own;
  let best = 0;
  drafts.forEach((d, i) => {
    if (d.sentence !== undefined && d.sentence < sentence) best = i;
  });
  return best;
}

/**
 * One story per clause of the requirements (a feature, an action, a report), with criteria worded so that each
 * names its entity and what it asks of it; entities nobody creates get a story that adds them. The rules of each
 * sentence go to its first story, worded so the developer implements them; a sentence whose limits could not all
 * be read is kept as it was written, as a rule left open.
 */
/**
 * `amendmentsFrom`: the first sentence said after the requirements (a change asked for, a person's answer); a rule
 * said again from there replaces the earlier one.
 */
export function planStories(reading: Reading, amendmentsFrom = reading.sentences.length): StoryPlan {
  const drafts: StoryDraft[] = [];
  const made = new Set<ReadEntity>();
  const living = livingRecords(reading);
  let inherited: ReadEntity | undefined;
  // "When a class is full, members go on a waitlist and move up": from the waiting list on, the
  // sentence is a rule, asked about.
  const waitingFrom = new Map<number, number>();
  reading.clauses.forEach((c, ci) => {
    if (WAITING_LIST.test(c.text) && !waitingFrom.has(c.sentence)) waitingFrom.set(c.sentence, ci);
  });
  reading.clauses.forEach((clause, ci) => {
    if (clause.kind === 'condition' || statesCharge(clause, reading) || ci >= (waitingFrom.get(clause.sentence) ?? Infinity)) return;
    // "Guests book rooms … guests may withdraw a week ahead": an act with no object of its own is done to what
    // the same people made last.
    // "Passengers request seats …; a passenger can cancel": a thing requested is what the act is done to too.
    const theirs =
      clause.actor !== undefined
        ? [...drafts].reverse().find((d) => d.actor === clause.actor && d.kind === 'create' && (RECORDING_NOUNS.has(d.entities[0]?.key ?? '') || d.verbs.some((v) => RECORDING_VERBS.has(v))))
        : undefined;
    const read = targetsOf(reading, ci, inherited, theirs?.entities[0]);
    // The people acting are kept too ("receptionists check visitors in"): naming them is no object of their own.
    const aboutSelf = (es: readonly ReadEntity[]): boolean => es.length > 0 && es.every((e) => e.key === clause.actor);
    const selfOnly = theirs !== undefined && aboutSelf(read.own.length > 0 ? read.own : read.entities);
    const targets = selfOnly ? { ...read, own: [], entities: [theirs.entities[0] as ReadEntity] } : read;
    // "- Lessons last an hour" makes no story, but the bullets after it speak of lessons.
    if (clause.kind === 'heading') {
      inherited = targets.own[0] ?? inherited;
      return;
    }
    const draft = draftOf(clause, targets, inherited, made, living);
    drafts.push(draft);
    if (draft.kind === 'create' && draft.entities[0]) made.add(draft.entities[0]);
    inherited = targets.entities[0] ?? inherited;
  });
  // "A city runs a bike scheme", "a shelter handles adoptions": an opening line in which no person acts says what the
  // product is; it asks to change or see nothing, though what it names may be kept.
  // "IT support desk." over the text is its title: what only the title names is the product, not a record.
  const titled = reading.sentences.length > 1 && reading.sentences[0].tokens.length <= TITLE_WORDS && opensVerbless(reading);
  const namedLater = (e: ReadEntity): boolean => reading.mentions.some((m) => m.key === e.key && (reading.clauses[m.clause]?.sentence ?? 0) > 0);
  const title = titled ? reading.entities.filter((e) => !namedLater(e)) : [];
  const opening = drafts.filter(
    (d) =>
      d.sentence === 0 &&
      ((!d.acted && (d.entities.length === 0 || (d.aboutBusiness && (d.kind === 'update' || d.kind === 'view')))) ||
        (d.entities.length > 0 && d.entities.every((e) => title.includes(e))) ||
        // "Garden tool sharing between neighbours." over a text in which neighbours list their tools: no story of its own.
        (titled && !d.acted && d.entities.length > 0 && drafts.some((x) => x !== d && x.acted && x.entities[0] === d.entities[0]))),
  );
  if (opening.length < drafts.length) drafts.splice(0, drafts.length, ...drafts.filter((d) => !opening.includes(d)));
  if (title.length > 0 && opening.length > 0) reading.entities.splice(0, reading.entities.length, ...reading.entities.filter((e) => !title.includes(e)));
  relateActs(reading, drafts);
  writeDetails(drafts);
  // "Entries are never refunded" refuses the act outright: it is no step of the record's life. ("A done pickup cannot
  // be cancelled" refuses it in one state only.)
  const refusedOutright = (d: StoryDraft): boolean => /\bnever\b/i.test(d.text) && !CONDITIONED.test(d.text);
  const lifecycles = readLifecycles(reading, drafts.filter((d) => !refusedOutright(d)));
  // Records the rules need ("a pilot has to be 30 or older") are added while the rules are read.
  const { bySentence, open } = readRules(reading, lifecycles);
  dropEnumerated(reading, drafts, bySentence.flat());
  const restated = restatedRules(bySentence, amendmentsFrom);
  // "A member may book at most 2 classes a week", "a completed repair cannot be cancelled": a sentence that states a
  // rule about an action the text asks for elsewhere is a rule of that story, not a second story of the same action.
  // A refusal may come before the action it refuses; a limit follows what it limits. A rule a change restates goes to
  // the story the earlier rule was on, so that story keeps its id and the rule its own as its next version.
  const rulesOf = new Map<number, StoryDraft>();
  const kept: StoryDraft[] = [];
  /** Clauses read as rules of another story: read, though no story of their own. */
  let merged = 0;
  /** A sentence whose rules were not read, and not asked about yet, is asked about. */
  const ask = (sentence: number | undefined): void => {
    if (sentence !== undefined && (bySentence[sentence]?.length ?? 0) === 0 && !open.includes(sentence)) open.push(sentence);
  };
  for (const d of drafts) {
    // "A job moves from queued to printing, and never goes back": the route is the record's lifecycle, built as its
    // actions; moving along it is no act of its own.
    const followed = d.sentence !== undefined && builtRoute(sentenceText(reading.sentences[d.sentence]), lifecycles) !== undefined;
    if (followed && (statusRoute(d.text) || d.verbs.every((v) => ROUTE_VERBS.has(v.split(' ')[0])))) {
      merged += 1;
      continue;
    }
    const refuses = PROHIBITION.test(d.text);
    const states = d.sentence !== undefined && ((bySentence[d.sentence]?.length ?? 0) > 0 || open.includes(d.sentence) || refuses);
    // "An animal can have only one approved application", "a cake costs 3", "a photo scoring 8 or more is shortlisted"
    // do nothing of their own: they limit, price or mark what the story making the records makes, when the records are
    // someone's to add already ("a dock holds 20 bikes" may be all the text says of docks). Nobody shortlists: the
    // state is the rule's, not an action of the record's life.
    const makes = (x: StoryDraft, e: ReadEntity | undefined): boolean => x.kind === 'create' && x.acted && e !== undefined && x.entities[0] === e;
    const ruled = d.sentence !== undefined && (bySentence[d.sentence]?.length ?? 0) > 0;
    const unacted = ruled && d.actor === DEFAULT_ACTOR && d.kind === 'create' && !lifecycles.some((l) => l.actions.some((a) => d.verbs.includes(a.verb)));
    const having = (unacted || (d.verbs.length > 0 && d.verbs.every((v) => STATIVE_VERBS.has(v)))) && kept.some((x) => makes(x, d.entities[0]));
    // "A game records the players": said by a record another story makes, what it records are that story's details.
    const described = d.describes === true && !d.acted && kept.some((x) => makes(x, d.entities[0]));
    // "Waiters sell bottles; a sold bottle cannot be sold again": a refusal may follow its action in one sentence.
    const same = (x: StoryDraft) =>
      x !== d &&
      (x.sentence !== d.sentence || (refuses && !PROHIBITION.test(x.text))) &&
      ((x.entities[0] === d.entities[0] && x.verbs.some((v) => d.verbs.includes(v))) || (having && makes(x, x.entities[0]) && (x.entities[0] === d.entities[0] || names(d.text, x.entities[0] as ReadEntity))));
    const asked = states ? (kept.find(same) ?? (refuses ? drafts.find((x) => same(x) && !PROHIBITION.test(x.text)) : undefined)) : undefined;
    if (asked && d.sentence !== undefined && !rulesOf.has(d.sentence)) {
      rulesOf.set(d.sentence, asked);
      merged += 1;
    }
    // "Visitors cannot edit recipes", "nobody may delete a recipe": a refusal with no condition asks for nobody to do
    // it, so it is no story of doing it; what it says is a rule, asked about when it is not one the team builds.
    // With a condition or a qualified object ("cannot hire a kayak without a licence", "cannot judge an entry of their
    // own club") it still says the action exists, for someone.
    // A refused act by a verb this vocabulary does not know ("may not back their own campaign") names nothing it
    // could build for anyone else: asked.
    else if (refuses && (NO_ONE.test(d.text) || !CONDITIONED.test(d.text) || d.verbs.every((v) => !isKnownVerb(v.split(' ')[0]) && !STATIVE_VERBS.has(v))) && d.sentence !== undefined) {
      ask(d.sentence);
    } else if (described) {
      merged += 1;
    } else if (unknownChange(d) || unknownMaking(d, kept, reading.actors)) {
      // "Groups of 10 must phone the office instead", "bookings close 15 minutes before": no change of a
      // field the team could claim to build. What an act by an unknown verb means is asked, unless its sentence's rules
      // say it or it is the making said again ("an order can be placed"); what a record does of itself is its
      // statuses' or its deadlines' business, read elsewhere.
      const again = kept.some((x) => x.kind === 'create' && x.entities[0] === d.entities[0] && x.verbs.some((v) => d.verbs.includes(v)));
      // "Orders are packed, then shipped": acts the record's statuses already name are built as its actions.
      const acts = lifecycles.some((l) => l.actions.some((a) => d.verbs.includes(a.verb)));
      if (d.acted && !again && !acts) ask(d.sentence);
    } else kept.push(d);
  }
  open.sort((a, b) => a - b);
  // "The top 3 win prizes", "a team they mentor": what only sentences the team asks about name, and nobody acts on, is
  // no record yet and no story of its own; the sentence stays a question.
  const askedOnly = (e: ReadEntity): boolean =>
    reading.mentions.filter((m) => m.key === e.key).every((m) => open.includes(reading.clauses[m.clause]?.sentence ?? -1)) &&
    !kept.some((d) => d.acted && d.entities.includes(e)) &&
    !reading.entities.some((o) => o !== e && o.fields.some((f) => f.name === `${e.name}Id`)) &&
    !bySentence.flat().some((r) => r.entity === e.name || ('holder' in r && r.holder === e.name));
  const unbuilt = new Set(reading.entities.filter(askedOnly));
  // A text whose every record is in question still needs one to build on once a person answers.
  if (unbuilt.size > 0 && unbuilt.size < reading.entities.length) {
    reading.entities.splice(0, reading.entities.length, ...reading.entities.filter((e) => !unbuilt.has(e)));
    for (const d of kept) d.entities = d.entities.filter((e) => !unbuilt.has(e));
  }
  drafts.splice(0, drafts.length, ...kept.filter((d) => d.entities.length > 0 || !open.includes(d.sentence ?? -1)));
  // "Members RSVP yes or no": a sentence past the opening that left no story, no rule, no action and no question, and
  // names no record (whose details it may give), would be dropped without a word; it is asked instead.
  const keys = new Set(reading.entities.map((e) => e.key));
  const actionVerbs = new Set(lifecycles.flatMap((l) => l.actions.map((a) => a.verb)));
  reading.sentences.forEach((sentence, i) => {
    const clauses = reading.clauses.filter((c) => c.sentence === i);
    const text = sentenceText(sentence).toLowerCase();
    const names = [...keys].some((k) => new RegExp(`\\b(?:${escapeRegExp(k)}|${escapeRegExp(pluralize.plural(k))})\\b`).test(text));
    const acts = clauses.some((c) => c.verbs.some((v) => actionVerbs.has(v)));
    // A sentence past the opening read with no verb at all ("Backers pledge an amount …" where the tagger found none)
    // gives no details by naming a record: it is asked.
    const verbless = clauses.length > 0 && clauses.every((c) => c.kind === 'heading' && c.verbs.length === 0);
    // "Status goes draft -> sent -> paid" names no record, but the lifecycle it gives is built.
    const routed = builtRoute(text, lifecycles) !== undefined;
    const told = drafts.some((d) => d.sentence === i) || rulesOf.has(i) || (bySentence[i]?.length ?? 0) > 0 || open.includes(i) || (names && !verbless) || acts || routed;
    if (i > 0 && !told && sentence.tokens.length >= 3) open.push(i);
  });
  open.sort((a, b) => a - b);
  for (const l of lifecycles) {
    if (!l.entity.fields.some((f) => f.name === 'status')) l.entity.fields.push({ name: 'status', type: 'string' });
  }
  for (const e of reading.entities) {
    const users = drafts.filter((d) => d.entities.includes(e));
    // "anglers apply for a permit" makes an application; the permit is someone else's to give.
    if (!users.some((d) => d.kind === 'create' && (d.entities[0] === e || ownThing(d, e)))) drafts.push(supportingDraft(e, users));
  }
  const forbids = bySentence.flat().filter((r) => r.kind === 'forbid');
  const actions = actionRules(lifecycles, forbids);
  // A state rule holds only where its action exists ("a settled claim cannot be withdrawn" needs "withdraw"); a change
  // or a removal of any record is always there to refuse.
  const holds = (rule: Rule): boolean =>
    rule.kind !== 'forbid' ||
    storeOperationOf(rule.participle) !== undefined ||
    actions.some((a) => a.kind === 'action' && a.entity === rule.entity && a.action === rule.action);

  const extra = new Map<number, string[]>();
  const place = (story: number, text: string): void => {
    if (drafts.length > 0) extra.set(story, [...(extra.get(story) ?? []), text]);
  };
  const actionOf = (d: StoryDraft, verb: string): Rule | undefined =>
    actions.find((a) => a.kind === 'action' && a.entity === d.entities[0]?.name && a.action === verb);
  const placedActions = new Set<Rule>();
  drafts.forEach((d, i) => {
    for (const verb of d.verbs) {
      const action = actionOf(d, verb);
      if (!action) continue;
      placedActions.add(action);
      place(i, wordRule(action));
    }
  });
  for (const action of actions.filter((a) => !placedActions.has(a))) {
    place(Math.max(0, drafts.findIndex((d) => d.entities[0]?.name === action.entity)), wordRule(action));
  }
  const stated: Rule[] = [...actions];
  // Rules that leave nothing allowed, or set one thing twice, are asked about, not built; a later amendment replaces.
  const conflicts = [...conflictingRanges(bySentence.flat().filter((r) => !restated.replaced.has(r))), ...restated.clashes];
  const conflicted = new Set<Rule>([...conflicts.flat(), ...restated.replaced]);
  /** A rule is worded once, on the first story that states it. */
  const state = (story: number, rule: Rule): void => {
    if (stated.some((r) => sameRule(r, rule))) return;
    stated.push(rule);
    place(story, wordRule(rule));
  };
  bySentence.forEach((rules, si) => {
    const asked = rulesOf.get(si);
    // The story a sentence's rules were given to may itself have been folded into another since.
    const story = asked && drafts.includes(asked) ? drafts.indexOf(asked) : storyOfSentence(drafts, si);
    for (const rule of rules.filter((r) => holds(r) && !conflicted.has(r))) state(story, rule);
    if (open.includes(si)) place(story, `Rule: ${sentenceText(reading.sentences[si]).replace(/[.;:]$/, '')}`);
  });
  for (const { rule, story } of capacityRules(reading.entities, drafts, lifecycles)) state(story, rule);

  const created = new Set<ReadEntity>();
  const stories = drafts.map((draft, i): UserStory => {
    const id = `S${i + 1}`;
    const texts: string[] = [];
    let firstForEntity = false;
    const acts = draft.verbs.some((v) => actionOf(draft, v));
    for (const e of draft.entities.slice(0, 3)) {
      // "members book classes" makes a booking of a class someone else adds: the class is referred to, not made here.
      // "owners register their vehicles" makes the vehicles too: what is theirs, they add.
      const referred = draft.kind === 'create' && e !== draft.entities[0] && !ownThing(draft, e);
      const first = draft.kind === 'create' && !referred && !created.has(e);
      if (first) {
        created.add(e);
        firstForEntity = true;
      }
      if (!acts && !referred) texts.push(...criteriaTexts(draft, e, first));
    }
    texts.push(...(extra.get(i) ?? []));
    if (texts.length === 0) texts.push(`Rule: ${draft.text}`);
    return {
      id,
      title: draft.title,
      as_a: draft.actor,
      i_want: draft.want,
      so_that: reasonFor(draft, drafts.slice(i + 1)),
      priority: priorityOf(draft.kind, firstForEntity),
      acceptance_criteria: texts.map((text, j) => ({ id: `${id}.AC${j + 1}`, text })),
    };
  });
  // What was understood: each story read from the text (or read into another) and each rule turned into code, against
  // each rule left open.
  const read = drafts.filter((d) => !d.supporting).length + merged + stated.filter((r) => r.kind !== 'action').length;
  const understood = read + open.length === 0 ? 0 : read / (read + open.length);
  return {
    stories,
    drafts,
    rules: stated,
    lifecycles,
    openRules: open.map((i) => sentenceText(reading.sentences[i])),
    contradictions: [...findContradictions(reading.sentences.map(sentenceText)), ...conflicts.map(([a, b]) => clashSaid(reading, bySentence, a, b))],
    understood,
    merged,
  };
}
