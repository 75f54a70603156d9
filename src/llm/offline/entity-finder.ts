import nlp from 'compromise';
import { type Clause, type NounPhrase, describesDetails, isPersonPhrase } from './clause-reader';
import {
  AGGREGATE_NOUNS,
  CAPABILITY_NOUNS,
  CHANGING_VERBS,
  CODE_NOUNS,
  COLLECTIVE_NOUNS,
  COUNTING_HEADS,
  GENERIC_NOUNS,
  HOLDING_RECORDS,
  MEASURE_ENTITIES,
  MONEY_ENTITIES,
  NON_RECORD_NOUNS,
  NUMBER_NOUNS,
  OBJECT_KEEPING_VERBS,
  OCCURRENCE_VERBS,
  PARTITIVE_NOUNS,
  POSSESSION_VERBS,
  PREPOSITIONAL_MAKERS,
  PRODUCT_NOUNS,
  RECORD_SYNONYMS,
  RECORDING_NOUNS,
  RECORDING_VERBS,
  ROOM_NOUNS,
  STATE_NOUNS,
  TEXT_UNITS,
  TIME_NOUNS,
  isKnownVerb,
  verbClass,
  WAITING_LIST,
} from './lexicon';
import { statusRoute } from './status-route';
import { namesActOf } from './verb-forms';

/** How a noun phrase takes part in its clause; the role decides whether it is a record or a detail of one. */
export type MentionRole = 'subject' | 'object' | 'item' | 'record' | 'attribute' | 'oblique' | 'heading' | 'report';

export interface Mention {
  clause: number;
  role: MentionRole;
  /** The entity this phrase may name, when it can name one at all. */
  key?: string;
  np?: NounPhrase;
  /** For attributes: the entity key they describe. */
  owner?: string;
}

/** Heads too weak to name a thing alone: "account type", "agenda item" keep their modifier. */
const WEAK_HEADS = new Set(['type', 'kind', 'item', 'line', 'entry', 'detail', 'option', 'category', 'level', 'plan', 'record']);
/** Verbs whose object is a detail of the thing being worked on ("choose material and colour" for a print job). */
const DETAIL_VERBS = new Set(['choose', 'select', 'pick', 'specify', 'enter', 'set', 'provide', 'fill', 'add']);
/** A report names what it counts but does not make it a record: the count could come from elsewhere. */
const ROLE_SCORE: Record<MentionRole, number> = {
  subject: 2,
  object: 2,
  item: 2,
  record: 2,
  attribute: 0,
  oblique: 1,
  heading: 1,
  report: 1,
};

const isDetailNoun = (root: string): boolean =>
  TIME_NOUNS.has(root) || NUMBER_NOUNS.has(root) || STATE_NOUNS.has(root) || GENERIC_NOUNS.has(root) || NON_RECORD_NOUNS.has(root);

/**
 * The entity a phrase may name: its head, singular, unless the head is a capability ("film catalog" → film),
 * a derived figure ("a summary of visits" → visit), or a detail such as a date, a number or a status.
 */
export function entityKeyOf(np: NounPhrase, namesProduct = false): string | undefined {
  // Names ("Stripe", "London") are not kinds of record, nor idioms ("on file", "pay by card").
  if (np.head.proper || np.bare) return undefined;
  const roots = np.nouns.map((t) => t.root).filter((r) => /[a-z]/.test(r));
  const head = roots[roots.length - 1];
  // A waiting list orders people for a place: a rule of the places, asked about, not a record. A single letter ("A, B
  // or C") is a value, a grade or a mark, never a kind of record.
  // "Each other", "one another" are pronouns.
  if (!head || head.length < 2 || WAITING_LIST.test(roots.join(' ')) || /^(?:other|another)$/.test(head)) return undefined;
  if (PARTITIVE_NOUNS.has(head) && np.of) return entityKeyOf(np.of);
  // "Skating is allowed after 6", "pay for parking": a gerund alone, with no determiner, is an activity, not a thing kept.
  if (np.nouns.length === 1 && !np.determined && !np.head.plural && np.adjectives.length === 0 && !np.possessor && nlp(np.head.lower).has('#Gerund')) return undefined;
  const container = namesProduct ? PRODUCT_NOUNS.has(head) : GENERIC_NOUNS.has(head);
  if (AGGREGATE_NOUNS.has(head) || CAPABILITY_NOUNS.has(head) || container) {
    if (np.of) return entityKeyOf(np.of);
    // A gerund before the head says what the list is for ("a queueing list"), not what it holds.
    const gerunds = new Set(np.nouns.filter((t) => t.gerund || /ing$/.test(t.lower)).map((t) => t.root));
    const modifier = [...roots.slice(0, -1)].reverse().find((r) => !isDetailNoun(r) && !CAPABILITY_NOUNS.has(r) && !gerunds.has(r));
    if (modifier) return AGGREGATE_NOUNS.has(modifier) ? undefined : modifier;
    // With nothing else to hold, the list for an activity is itself what is kept: "shopping lists", "packing lists".
    const purpose = roots[roots.length - 2];
    return purpose && gerunds.has(purpose) && CAPABILITY_NOUNS.has(head) && np.head.plural && !namesProduct ? `${purpose} ${head}` : undefined;
  }
  // "the date of each weigh-in": the date is a detail of the weigh-in, which is what is kept; "a number of licences"
  // counts them, it keeps none.
  if (isDetailNoun(head)) return np.of && !np.of.head.proper && !COUNTING_HEADS.has(head) ? entityKeyOf(np.of) : undefined;
  const modifier = roots[roots.length - 2];
  if (WEAK_HEADS.has(head) && modifier && !isDetailNoun(modifier)) return `${modifier} ${head}`;
  // "my sign-up" is the signup a volunteer made by signing up: one record, however it is spelt.
  const joined = head.replace(/[- ]/g, '');
  return RECORDING_NOUNS.has(joined) ? joined : head;
}

/**
 * "late withdrawals count as forfeits", "a late return": the act of changing another record is an event in
 * that record's life. Sums of money and measures keep their own records ("a refund", "a grade").
 */
const isActNoun = (key: string): boolean =>
  !MONEY_ENTITIES.has(key) && !MEASURE_ENTITIES.has(key) && CHANGING_VERBS.some((verb) => namesActOf(key, verb));

const isReport = (np: NounPhrase): boolean => AGGREGATE_NOUNS.has(np.head.root);

/** Prepositions after which a booking verb names what is booked ("enrol in", "sign up for", "book onto"): a closed class. */
const BOOKED_PREPOSITIONS = new Set(['in', 'into', 'on', 'onto', 'for']);

/** Prepositions that give what a thing comes with: a closed class. */
const DETAIL_PREPOSITIONS = new Set(['with', 'including', 'containing']);

function roleOfPhrase(np: NounPhrase): MentionRole {
  // "orders with a word count": a count a record comes with is a detail of it, no report.
  if (isReport(np) && !DETAIL_PREPOSITIONS.has(np.preposition ?? '')) return 'report';
  if (!np.preposition) return 'object';
  // "mark a booking as no-show": what follows "as" is a state or a role, not a record.
  if (['by', 'per', 'as'].includes(np.preposition) || DETAIL_PREPOSITIONS.has(np.preposition)) return 'attribute';
  return 'oblique';
}

/** The nouns the text itself uses for things ("Court reservations", "orders are placed"). */
function namedNouns(clauses: Clause[]): Set<string> {
  return new Set(
    clauses
      .flatMap((c) => [...c.phrases, ...(c.subject ? [c.subject] : [])].map((np) => entityKeyOf(np, c.kind === 'heading')))
      .filter((k): k is string => k !== undefined),
  );
}

/** "book a court" makes a booking, or a reservation in a text that calls them so; none for "buy a ticket" alone. */
function recordOf(verb: string, named: ReadonlySet<string>): string | undefined {
  const noun = RECORDING_VERBS.get(verb) as string;
  if (OBJECT_KEEPING_VERBS.has(verb) && !named.has(noun)) return undefined;
  const group = RECORD_SYNONYMS.find((g) => g.has(noun));
  return [...named].find((k) => group?.has(k)) ?? noun;
}

/**
 * "Book lessons with an instructor", "schedule sessions with a tutor": a thing booked with a person is the appointment
 * itself, which booking makes; wherever the text books it again, no booking of it is kept besides.
 */
function appointmentsIn(clauses: readonly Clause[]): Set<string> {
  const keys = clauses.flatMap((clause) => {
    if (clause.kind !== 'action' || !clause.verbs.some((v) => RECORDING_VERBS.has(v))) return [];
    const at = clause.phrases.findIndex((np) => !np.preposition);
    const object = clause.phrases[at];
    const by = clause.phrases[at + 1];
    const key = object && !isPersonPhrase(object) ? entityKeyOf(object) : undefined;
    return key && by?.preposition === 'with' && isPersonPhrase(by) ? [key] : [];
  });
  return new Set(keys);
}

/** Verbs by which people put themselves on record when they register for nothing ("players sign up with an email"): a closed class. */
const SELF_REGISTERING_VERBS = new Set(['register', 'sign up']);

/** Determiners before a direct object: a closed class of English. */
const DETERMINERS = '(?:each|every|an?|the|all|their|his|her|its|our|my|your|new)';

/** The verb takes a thing as its direct object ("register vehicles", "register their hives"), not a preposition. */
function recordsObject(clause: Clause, verb: string): boolean {
  const [head, particle] = verb.split(' ');
  // "register at most 5 pets" counts what it registers.
  const count = '(?:(?:at most|up to|no more than|at least)\\s+)?(?:\\d+\\s+)?';
  const after = new RegExp(`\\b${head}[a-z]*${particle ? `\\s+${particle}` : ''}\\s+(?:${DETERMINERS}\\s+)?${count}([a-z-]+)`, 'i').exec(clause.text)?.[1]?.toLowerCase();
  // "register teams": a group of people registered is a record; "register their children" signs the children up, unless
  // it is for nothing and with details of theirs ("register referees with their name and grade"): then they are kept.
  const described = clause.phrases.some((np) => np.preposition === 'with') && !clause.phrases.some((np) => BOOKED_PREPOSITIONS.has(np.preposition ?? ''));
  const thing = (np: NounPhrase): boolean => !isPersonPhrase(np) || COLLECTIVE_NOUNS.has(np.head.root) || described;
  return after !== undefined && clause.phrases.some((np) => !np.preposition && thing(np) && np.nouns.some((t) => t.lower === after) && entityKeyOf(np) !== undefined);
}

/** Lists what each clause mentions, and in which role, so that entities and their fields can be told apart. */
export function findMentions(clauses: Clause[]): Mention[] {
  const mentions: Mention[] = [];
  const records = namedNouns(clauses);
  // Named as a thing, not only as someone's detail ("name the guests … a guest's name" keeps no names).
  const asThing = (k: string): boolean => clauses.some((c) => c.phrases.some((np) => !np.possessor && entityKeyOf(np) === k));
  /** The record the text names, as a thing, for the act of one of the clause's verbs ("challenge", "entry"). */
  const actRecord = (clause: Clause): string | undefined =>
    clause.verbs.map((v) => [...records].find((k) => namesActOf(k, v) && asThing(k))).find((k) => k !== undefined);
  const appointments = appointmentsIn(clauses);
  let focus: string | undefined;
  const topics = new Map<number, string>();
  clauses.forEach((clause, ci) => {
    const describes = describesDetails(clause);
    const possession = describes || clause.verbs.some((v) => POSSESSION_VERBS.has(v));
    const creating = clause.kind === 'action' && !clause.passive && clause.verbs.some((v) => verbClass(v) === 'create');
    // An act noun is a record only where the text makes it or gives it details ("file an appeal", "returns have a reason"),
    // with a verb known to make things ("skip approval" makes none).
    const makes = creating && clause.verbs.some((v) => isKnownVerb(v.split(' ')[0]));
    const madeHere = (role: MentionRole): boolean =>
      (role === 'object' && makes) || (role === 'subject' && possession) || role === 'heading' || role === 'item';
    const add = (role: MentionRole, np: NounPhrase, owner?: string): void => {
      const said = entityKeyOf(np, clause.kind === 'heading');
      // "record the return of a kayak": the act is an event in the kayak's life, which is what is kept.
      const key = said && np.of && isActNoun(said) ? (entityKeyOf(np.of) ?? said) : said;
      mentions.push({ clause: ci, role, key: key && isActNoun(key) && !madeHere(role) ? undefined : key, np, owner });
    };
    if (clause.kind === 'heading') {
      // "Court reservations" names records; "a museum archive system" only hints at them.
      const product = clause.phrases[0];
      const names = product && product.head.plural && !PRODUCT_NOUNS.has(product.head.root);
      if (product) add(names ? 'object' : 'heading', product);
      // "- Lessons last an hour": the bullets after it speak of them.
      const key = names && product ? entityKeyOf(product) : undefined;
      if (key) focus = key;
      return;
    }
    if (clause.kind === 'condition') {
      // "when an inspection is overdue" tells about the inspection; it does not make the inspection a feature.
      for (const np of [...(clause.subject ? [clause.subject] : []), ...clause.phrases]) add('oblique', np, focus);
      return;
    }
    // "a job moves from queued to printing to ready": the words on the route are its states, no things.
    if (statusRoute(clause.text)) {
      if (clause.subject) add('subject', clause.subject);
      return;
    }
    const own: string[] = [];
    // "choose material and colour" details what the sentence is about ("customers upload models").
    const topic = topics.get(clause.sentence);
    const anchor = (): string | undefined => own[own.length - 1] ?? focus;
    const recording = clause.kind === 'action' && clause.verbs.some((v) => RECORDING_VERBS.has(v));
    const detailing = topic !== undefined && clause.verbs.some((v) => DETAIL_VERBS.has(v));
    // "the same registration may never appear twice", "moisture must lie between 14 and 20": what only occurs somewhere
    // or sits in a range is a detail named elsewhere, neither a record nor a new detail of whatever came before.
    const occurs = clause.verbs.length > 0 && clause.verbs.every((v) => OCCURRENCE_VERBS.has(v));
    if (clause.subject && !occurs) {
      add(clause.passive ? 'object' : 'subject', clause.subject);
      const key = entityKeyOf(clause.subject);
      if (key) own.push(key);
    }
    // "Teams register with a name": registering nothing and for nothing, with details of their own, the people sign
    // themselves up as records ("students apply with their grades" makes an application all the same).
    const group = clause.subject !== undefined && COLLECTIVE_NOUNS.has(clause.subject.head.root);
    const person = clause.actor !== undefined && !clause.actor.includes(' ');
    const selfMade = clause.kind === 'action' && !clause.passive && (person || group) && clause.verbs.some((v) => SELF_REGISTERING_VERBS.has(v));
    const signsSelfUp = selfMade && clause.phrases.some((np) => np.preposition === 'with') && !clause.phrases.some((np) => !np.preposition || BOOKED_PREPOSITIONS.has(np.preposition));
    if (signsSelfUp && person) {
      mentions.push({ clause: ci, role: 'record', key: clause.actor });
      own.push(clause.actor as string);
    }
    // "players book a court": the booking is a record of its own that points at the court.
    const verb = clause.verbs.find((v) => RECORDING_VERBS.has(v));
    // "register vehicles" records the vehicles; "register for a race" makes a registration.
    const object = clause.phrases.find((np) => !np.preposition);
    const appointment = object !== undefined && appointments.has(entityKeyOf(object) ?? '');
    const recorded = verb && clause.kind === 'action' && !signsSelfUp && !appointment && !(PREPOSITIONAL_MAKERS.has(verb) && recordsObject(clause, verb)) ? recordOf(verb, records) : undefined;
    // "Runners enter online with their name and gender … 800 entries": acting on nothing, with details, a person makes
    // the record the text names for the act, and the details are its.
    const withDetails = clause.phrases.some((np) => np.preposition === 'with') && !clause.phrases.some((np) => !np.preposition);
    const selfAct = clause.kind === 'action' && !clause.passive && clause.actor !== undefined && !recorded && !signsSelfUp && withDetails ? actRecord(clause) : undefined;
    if (selfAct) {
      mentions.push({ clause: ci, role: 'record', key: selfAct });
      own.push(selfAct);
    }
    clause.phrases.forEach((np, i) => {
      // "rent a kayak for a number of hours": how long or how many is said of the rental the verb makes.
      if (recorded && np.preposition === 'for' && entityKeyOf(np) === undefined) return add('attribute', np, recorded);
      // "catalogue each score with its composer": a thing described by details of its own is a record, not a number.
      const described = !np.preposition && NUMBER_NOUNS.has(np.head.root) && clause.phrases[i + 1]?.preposition === 'with';
      const key = described ? np.head.root : entityKeyOf(np);
      const role = clause.kind === 'item' && i === 0 && !isReport(np) ? 'item' : roleOfPhrase(np);
      // "an order records the client and the word count": a count a record holds is a detail of it, no report.
      if (possession && (role === 'object' || role === 'report') && clause.subject) return add('attribute', np, entityKeyOf(clause.subject));
      if (detailing && role === 'object' && !isPersonPhrase(np)) return add('attribute', np, topic);
      // "a claim's status", "an adult's name": one detail of its owner ("a member's loans" may be records).
      if (np.possessor && (key === undefined || !np.head.plural)) return add('attribute', np, entityKeyOf(np.possessor));
      if (role === 'attribute' || (role === 'oblique' && key === undefined)) return add('attribute', np, anchor());
      if (isPersonPhrase(np) && role !== 'object') return add('oblique', np, anchor());
      // "seats 6 people": a number of people is a size, not people kept on record; "2000 words" is a length.
      const counted = np.adjectives.some((a) => /^\d/.test(a));
      if (counted && TEXT_UNITS.has(np.head.root)) return;
      if (counted && isPersonPhrase(np)) return add('attribute', np, anchor());
      // "between 2 and 8 free places", "more guests than berths": a count of places, or what a number is compared to.
      if ((ROOM_NOUNS.has(np.head.root) && np.adjectives.some((a) => /^\d/.test(a))) || np.preposition === 'than') return add('attribute', np, anchor());
      // "enroll in workshops", "sign up for tours": what is booked is named after a preposition, when nothing is
      // booked directly ("borrow tools from a shelf" names where they come from).
      // "request a place on a trip": a place taken in something is no thing of its own; what it is in is what is booked.
      const place = (p: NounPhrase): boolean => recording && !p.preposition && ROOM_NOUNS.has(p.head.root) && !p.head.plural;
      if (place(np) && BOOKED_PREPOSITIONS.has(clause.phrases[i + 1]?.preposition ?? '')) return add('attribute', np, entityKeyOf(clause.phrases[i + 1]));
      const booked = !clause.phrases.slice(0, i).some((p) => roleOfPhrase(p) === 'object' && !place(p)) && BOOKED_PREPOSITIONS.has(np.preposition ?? '');
      if (recording && role === 'oblique' && key && booked) {
        add('object', np);
        own.push(key);
        return;
      }
      if (described && key) {
        mentions.push({ clause: ci, role, key, np });
        own.push(key);
        return;
      }
      add(role, np);
      // A report's subject anchors the details after it ("a count of visitors per branch").
      if (key && (role === 'object' || role === 'item' || role === 'report')) own.push(key);
    });
    // "customers drop off bikes for repair", "owners bring dogs in for grooming": a bare act after "for" is a record of
    // that act, about the things brought (an act of changing a record, "for approval", is that record's step).
    const act = clause.kind === 'action' && !clause.passive ? clause.phrases.find((np) => np.preposition === 'for' && np.bare && np.nouns.length === 1) : undefined;
    const acted = act && own.length > 0 && !isActNoun(act.head.root) && nlp(act.head.root).has('#Verb') ? act.head.root : undefined;
    if (acted) {
      mentions.push({ clause: ci, role: 'record', key: acted, np: act });
      own.push(acted);
    }
    if (clause.pronounObject && own.length === 0 && focus) {
      mentions.push({ clause: ci, role: 'object', key: focus });
      own.push(focus);
    }
    if (recorded) {
      mentions.push({ clause: ci, role: 'record', key: recorded });
      own.push(recorded);
    }
    // "players challenge other players … in only one open challenge": an act done to a person, which the text also names
    // as a thing, is a record of its own between the two.
    const toPerson = clause.kind === 'action' && !clause.passive && clause.actor !== undefined && !recorded && object !== undefined && (isPersonPhrase(object) || object.head.root === clause.actor);
    const personAct = toPerson ? actRecord(clause) : undefined;
    if (personAct) {
      mentions.push({ clause: ci, role: 'record', key: personAct });
      own.push(personAct);
    }
    if (own.length > 0) {
      focus = own[own.length - 1];
      if (!topics.has(clause.sentence)) topics.set(clause.sentence, own[0]);
    }
  });
  // "order pine or spruce planks … pine costs 40": a kind listed of a thing is a value of it wherever it is named.
  const kinds = new Set(clauses.flatMap((c) => c.phrases).filter((np) => np.kind).map((np) => np.nouns[0].root));
  const asked = askedFor(clauses, records);
  // "pass codes are unique": a code or a number named after a record is that record's detail.
  const codeOf = (np: NounPhrase | undefined): string | undefined => {
    const modifier = np && np.nouns.length === 2 && CODE_NOUNS.has(np.head.root) ? np.nouns[0].root : undefined;
    return modifier && records.has(modifier) ? modifier : undefined;
  };
  const valued = mentions.map((m): Mention => {
    if (m.key && kinds.has(m.key)) return { ...m, key: undefined };
    const owner = codeOf(m.np);
    return owner ? { ...m, role: 'attribute', key: undefined, owner } : m;
  });
  const named = valued.map((m) => (m.key && asked.has(m.key) ? { ...m, key: asked.get(m.key) } : m));
  return withActsAsTheirRecords(clauses, named);
}

/**
 * "Nurses request leave", "cleaners request cover": what is asked for with no determiner is no thing of its own but
 * what the request is about; wherever the text names it again ("approved leave is paid"), it speaks of the request.
 */
function askedFor(clauses: readonly Clause[], named: ReadonlySet<string>): Map<string, string> {
  const asked = new Map<string, string>();
  for (const clause of clauses) {
    const verb = clause.verbs.find((v) => RECORDING_VERBS.has(v) && !HOLDING_RECORDS.has(RECORDING_VERBS.get(v) as string));
    const object = clause.phrases.find((np) => !np.preposition);
    if (clause.kind !== 'action' || clause.passive || !verb || !object || isPersonPhrase(object)) continue;
    const bare = !object.determined && object.nouns.length === 1 && !object.head.plural && object.adjectives.length === 0 && !object.possessor;
    const key = bare ? entityKeyOf(object) : undefined;
    if (key && !asked.has(key)) asked.set(key, recordOf(verb, named) ?? (RECORDING_VERBS.get(verb) as string));
  }
  return asked;
}

/**
 * "Presenters propose shows … the manager approves proposals": a noun for the act of a verb by which people made
 * records of one kind speaks of those records. Verbs whose act is a record of its own ("book", "order") keep it.
 */
function withActsAsTheirRecords(clauses: readonly Clause[], mentions: Mention[]): Mention[] {
  const made = new Map<string, string>();
  for (const m of mentions) {
    const clause = clauses[m.clause];
    const verb = clause?.verbs[0];
    if (m.role !== 'object' || !m.key || !verb || clause.passive || !clause.actor || RECORDING_VERBS.has(verb) || verbClass(verb) !== 'create') continue;
    // "Hosts invite guests to events": the invitation joins a person to something; it is no person.
    if (m.np && isPersonPhrase(m.np)) continue;
    if (!made.has(verb)) made.set(verb, m.key);
  }
  const recordOfAct = (key: string | undefined): string | undefined => {
    if (!key) return key;
    const maker = [...made].find(([verb, record]) => record !== key && key !== verb && namesActOf(key, verb));
    return maker ? maker[1] : key;
  };
  return mentions.map((m) => ({ ...m, key: recordOfAct(m.key), owner: recordOfAct(m.owner) }));
}

export interface EntityCandidate {
  key: string;
  score: number;
  first: number;
}

/**
 * Ranks the things the requirements keep records of. A noun becomes an entity when it is acted on, acts, or is
 * listed as a feature (score ≥ 2); details attached with "with", "by" or "per" stay fields.
 */
export function rankEntities(mentions: Mention[], maxEntities: number): EntityCandidate[] {
  const candidates = new Map<string, EntityCandidate>();
  mentions.forEach((m, index) => {
    if (!m.key) return;
    const c = candidates.get(m.key) ?? { key: m.key, score: 0, first: index };
    // A noun named again and again matters more than one named once.
    c.score += ROLE_SCORE[m.role] + (c.score > 0 && m.role !== 'attribute' ? 0.5 : 0);
    candidates.set(m.key, c);
  });
  return [...candidates.values()]
    .filter((c) => c.score >= 2)
    .sort((a, b) => b.score - a.score || a.first - b.first)
    .slice(0, maxEntities)
    .sort((a, b) => a.first - b.first);
}
