import pluralize from 'pluralize';
import type { Clause, NounPhrase } from './clause-reader';
import { describesDetails, isPersonPhrase } from './clause-reader';
import { type Mention, entityKeyOf } from './entity-finder';
import {
  ADJECTIVE_FIELDS,
  BOOLEAN_NOUNS,
  CAPABILITY_NOUNS,
  CODE_NOUNS,
  COUNTING_HEADS,
  MEASURE_ENTITIES,
  MONEY_ENTITIES,
  NON_RECORD_NOUNS,
  NUMBER_NOUNS,
  POSSESSION_VERBS,
  RECORDING_NOUNS,
  STATE_NOUNS,
  STATUS_VERBS,
  TEXT_ENTITIES,
  TIME_NOUNS,
  TITLED_ENTITIES,
  VERB_FIELDS,
} from './lexicon';
import { camelCase } from './naming';

export type FieldType = 'string' | 'number' | 'boolean' | 'date' | 'id';

export interface FieldDraft {
  name: string;
  type: FieldType;
}

const MANY_WORDS = new Set(['several', 'many', 'multiple', 'some', 'various', 'few', 'list', 'all']);
const SPAN_NOUNS = new Set(['window', 'period', 'slot', 'range', 'timeslot']);
const RATE_UNITS: ReadonlyMap<string, string> = new Map([
  ['hour', 'hourlyRate'],
  ['day', 'dailyRate'],
  ['night', 'nightlyRate'],
  ['week', 'weeklyRate'],
  ['month', 'monthlyRate'],
  ['minute', 'perMinuteRate'],
  ['mile', 'perMileRate'],
  ['kilometre', 'perKilometreRate'],
  ['kilometer', 'perKilometerRate'],
]);
const PRICING_VERBS = new Set(['pay', 'charge', 'bill', 'cost', 'price', 'rent']);
const TIMING_OPENERS = new Set(['before', 'after', 'until']);
const ANYONE = new Set(['anyone', 'everyone', 'someone', 'anybody', 'everybody', 'somebody', 'people', 'person']);

/** Words before "time" that name a moment, not how long something takes ("a start time", "a pickup time"). */
const MOMENT_WORDS = new Set(['start', 'end', 'finish', 'arrival', 'departure', 'pickup', 'drop-off', 'dropoff', 'opening', 'closing', 'delivery', 'return', 'due', 'collection', 'meeting']);

const referenceName = (key: string): string => `${camelCase(key)}Id`;
const isCodeField = (name: string): boolean => /.(Number|Code|Reference)$/.test(name);

function dateFields(np: NounPhrase): FieldDraft[] {
  const head = np.head.root;
  if (SPAN_NOUNS.has(head)) return [{ name: 'startsAt', type: 'date' }, { name: 'endsAt', type: 'date' }];
  if (head === 'deadline' || head === 'due') return [{ name: 'dueDate', type: 'date' }];
  if (head === 'schedule') return [{ name: 'scheduledAt', type: 'date' }];
  const modifier = np.nouns.length > 1 ? np.nouns[np.nouns.length - 2].root : '';
  // "cooking time", "response time" are durations; a bare "time" or "date" is a moment, and so is "a start time".
  const activity = modifier || np.adjectives.find((a) => a.endsWith('ing'));
  if (head === 'time' && MOMENT_WORDS.has(activity ?? '')) return [{ name: camelCase(`${activity} time`), type: 'date' }];
  if (head === 'time' && activity) return [{ name: camelCase(`${activity} minutes`), type: 'number' }];
  // "for a start and an end time": a moment word alone is that moment.
  if (!modifier && MOMENT_WORDS.has(head)) return [{ name: camelCase(`${head} date`), type: 'date' }];
  return [{ name: modifier ? camelCase(`${modifier} date`) : 'date', type: 'date' }];
}

/** The fields a detail phrase gives its record: "a capacity" → capacity:number, "a viewing window" → startsAt/endsAt. */
export function fieldsOfPhrase(np: NounPhrase, entities: ReadonlySet<string>): FieldDraft[] {
  const head = np.head.root;
  const compound = np.nouns.map((t) => t.root).join(' ');
  if (np.of && COUNTING_HEADS.has(head)) return [{ name: camelCase(pluralize.plural(np.of.head.root)), type: 'number' }];
  if (np.of && CAPABILITY_NOUNS.has(head)) return [{ name: camelCase(pluralize.plural(np.of.nouns.map((t) => t.root).join(' '))), type: 'string' }];
  // "a model year", "a birth year": a year on its own is counted, not a moment.
  if (head === 'year' && !np.head.plural) return [{ name: camelCase(compound), type: 'number' }];
  if (TIME_NOUNS.has(head)) return dateFields(np);
  if (STATE_NOUNS.has(head)) return [{ name: 'status', type: 'string' }];
  if (BOOLEAN_NOUNS.has(head)) return [{ name: camelCase(compound), type: 'boolean' }];
  if (CODE_NOUNS.has(head) && np.nouns.length > 1) return [{ name: camelCase(compound), type: 'string' }];
  if (NUMBER_NOUNS.has(head)) return [{ name: camelCase(np.nouns.length > 1 ? compound : head), type: 'number' }];
  const key = entityKeyOf(np);
  if (key && entities.has(key)) return [{ name: referenceName(key), type: 'id' }];
  const many = np.head.plural && np.adjectives.some((a) => MANY_WORDS.has(a) || /^\d+$/.test(a));
  const name = camelCase(many ? pluralize.plural(compound) : compound);
  return name ? [{ name, type: 'string' }] : [];
}

/** Details named inside an entity's own phrase: "claim status updates" gives the claim a status. */
function modifierFields(np: NounPhrase): FieldDraft[] {
  return np.nouns.slice(0, -1).flatMap((t): FieldDraft[] => {
    if (STATE_NOUNS.has(t.root)) return [{ name: 'status', type: 'string' }];
    if (NUMBER_NOUNS.has(t.root) && !CODE_NOUNS.has(t.root)) return [{ name: camelCase(t.root), type: 'number' }];
    return [];
  });
}

/** The field a record is known by, chosen from what kind of thing it is. */
function primaryFields(key: string, person: boolean): FieldDraft[] {
  const head = key.split(' ').pop() ?? key;
  // A loan or a booking that points at nothing is still known by when it happens.
  if (RECORDING_NOUNS.has(head) && !TEXT_ENTITIES.has(head)) return [{ name: 'date', type: 'date' }];
  if (MONEY_ENTITIES.has(head)) return [{ name: 'amount', type: 'number' }, { name: 'description', type: 'string' }];
  if (MEASURE_ENTITIES.has(head)) return [{ name: 'value', type: 'number' }];
  if (['comment', 'reply', 'message', 'feedback'].includes(head)) return [{ name: 'body', type: 'string' }];
  if (TEXT_ENTITIES.has(head)) return [{ name: 'title', type: 'string' }, { name: 'body', type: 'string' }];
  if (TITLED_ENTITIES.has(head)) return [{ name: 'title', type: 'string' }, { name: 'description', type: 'string' }];
  if (person) return [{ name: 'name', type: 'string' }, { name: 'email', type: 'string' }];
  return [{ name: 'name', type: 'string' }];
}

class FieldSet {
  private readonly byEntity = new Map<string, FieldDraft[]>();

  constructor(private readonly known: ReadonlySet<string>) {}

  add(entity: string | undefined, fields: FieldDraft[]): void {
    if (!entity || !this.known.has(entity)) return;
    const list = this.byEntity.get(entity) ?? [];
    for (const f of fields) {
      if (!f.name || f.name === 'id' || f.name === referenceName(entity) || list.some((x) => x.name === f.name)) continue;
      list.push(f);
    }
    this.byEntity.set(entity, list);
  }

  get(entity: string): FieldDraft[] {
    return this.byEntity.get(entity) ?? [];
  }
}

/**
 * Gives every entity the fields the text implies: details attached to it, states its verbs imply ("approve" →
 * status), adjectives ("lockers are free" → available), prices ("pay by the minute" → perMinuteRate) and links to others.
 */
export function findFields(
  clauses: Clause[],
  mentions: Mention[],
  entities: readonly string[],
  people: ReadonlySet<string>,
): Map<string, FieldDraft[]> {
  const known = new Set(entities);
  const found = new FieldSet(known);
  let focus: string | undefined;
  clauses.forEach((clause, ci) => {
    const here = mentions.filter((m) => m.clause === ci);
    const named = (m: Mention): m is Mention & { key: string } => m.key !== undefined && known.has(m.key);
    if (clause.kind === 'condition') {
      const about = here.filter(named).map((m) => m.key);
      // "before the match": the match has a time; "when an inspection is overdue": the inspection has a due date.
      if (clause.opener && TIMING_OPENERS.has(clause.opener)) for (const k of about) found.add(k, [{ name: 'startsAt', type: 'date' }]);
      for (const adjective of clause.predicates) {
        const field = ADJECTIVE_FIELDS.get(adjective);
        if (field) found.add(about[0] ?? focus, [field]);
      }
      for (const k of about) if (k !== focus) found.add(focus, [{ name: referenceName(k), type: 'id' }]);
      return;
    }
    const acted = here.filter((m) => named(m) && !['attribute', 'oblique', 'report'].includes(m.role)).map((m) => m.key as string);
    const record = here.find((m) => m.role === 'record')?.key;
    const target = acted[0] ?? focus;

    for (const m of here) {
      if (!m.np) continue;
      if (named(m)) {
        found.add(m.key, modifierFields(m.np));
        // "the date of each weigh-in": the detail the phrase opens with is the weigh-in's.
        const detail = { ...m.np, of: undefined };
        // "a list of craft" keeps the craft: a list, a log or a catalogue of things is no detail of each.
        if (m.np.of && entityKeyOf(detail) === undefined && !CAPABILITY_NOUNS.has(m.np.head.root)) found.add(m.key, fieldsOfPhrase(detail, known));
        for (const a of m.np.adjectives) if (ADJECTIVE_FIELDS.has(a)) found.add(m.key, [ADJECTIVE_FIELDS.get(a) as FieldDraft]);
      }
      if (m.role === 'oblique' && clause.kind === 'action' && isPersonPhrase(m.np) && m.np.preposition === 'for') {
        // "record wages for workers": each wage says whose it is.
        found.add(target, fieldsOfPhrase(m.np, known));
        continue;
      }
      if (m.role === 'oblique' && named(m) && m.key !== target) {
        // "sign up their children for trips": the signup says which trip, not the child.
        found.add(record && m.key !== record ? record : target, [{ name: referenceName(m.key), type: 'id' }]);
        continue;
      }
      // "a size in square metres": the unit a detail is measured in is no detail of its own.
      // Nor is "at the same time" a detail: it points back at one already named.
      if (m.role !== 'attribute' || (m.np.preposition !== undefined && NON_RECORD_NOUNS.has(m.np.head.lower)) || m.np.adjectives.includes('same')) continue;
      const holds = (clause.subject !== undefined && clause.verbs.some((v) => POSSESSION_VERBS.has(v))) || describesDetails(clause);
      const fields = fieldsOfPhrase(m.np, known);
      // "reserve a kayak for a time slot", "order a cake with a pickup date": the details belong to the act's
      // record, not to the thing it is about.
      const ofRecord = fields.every((f) => f.type === 'date') || TIME_NOUNS.has(m.np.head.root) || m.np.preposition === 'with';
      const owner = record && ofRecord ? record : m.owner ?? target;
      const pricing = clause.verbs.some((v) => PRICING_VERBS.has(v)) && ['by', 'per'].includes(m.np.preposition ?? '');
      // "per started 12 hours" counts blocks of a span: no rate per hour, and no detail of its own.
      if (pricing && m.np.adjectives.some((a) => /^\d/.test(a))) continue;
      if (pricing) {
        // "pay by the minute" → perMinuteRate, "pay per gram" → pricePerGram.
        const rate = RATE_UNITS.get(m.np.head.root) ?? camelCase(`price per ${m.np.head.root}`);
        found.add(record ?? owner, [{ name: rate, type: 'number' }]);
      } else if (m.np.possessor && !holds) {
        // "a claim's status" is the claim's; "an application names the car's plate" keeps the plate on the application.
        found.add(entityKeyOf(m.np.possessor), fields);
      } else found.add(owner, fields);
    }
    const objects = acted.length > 0 ? acted : target ? [target] : [];
    for (const verb of clause.verbs) {
      for (const o of objects.filter((x) => x !== record)) {
        if (STATUS_VERBS.has(verb.split(' ')[0])) found.add(o, [{ name: 'status', type: 'string' }]);
        const implied = VERB_FIELDS.get(verb);
        const priced = PRICING_VERBS.has(verb) && here.some((m) => ['by', 'per'].includes(m.np?.preposition ?? ''));
        // A copy: a rule may retype the field of one record ("graded A, B or C"), never the word's meaning for all.
        if (implied && !priced) found.add(o, [{ ...implied }]);
      }
    }
    for (const adjective of clause.predicates) {
      const field = ADJECTIVE_FIELDS.get(adjective);
      if (field) found.add(objects[objects.length - 1], [{ ...field }]);
    }
    if (record) {
      const object = acted.find((k) => k !== record) ?? (focus !== record ? focus : undefined);
      if (object) found.add(record, [{ name: referenceName(object), type: 'id' }]);
      // "players book a court": the booking says whose it is, unless anyone at all may make one.
      // "players challenge players": the one who acts is named for the act where the other one is of the same kind.
      const verb = clause.verbs[0]?.split(' ')[0] ?? '';
      const same = object !== undefined && referenceName(object) === referenceName(clause.actor ?? '');
      const agent = same && /^[a-z]+$/.test(verb) ? (verb.endsWith('e') ? `${verb}r` : `${verb}er`) : clause.actor;
      if (clause.actor && agent && !ANYONE.has(clause.actor)) found.add(record, [{ name: camelCase(agent), type: 'string' }]);
    }
    if (acted.length > 0) focus = acted[acted.length - 1];
  });

  const result = new Map<string, FieldDraft[]>();
  for (const key of entities) {
    const own = found.get(key);
    // A booking is known by what it books, a claim by its reference number; anything else by what its kind is known by.
    const refersTo = RECORDING_NOUNS.has(key) ? own.filter((f) => f.type === 'id') : [];
    const leading = refersTo.length > 0 ? refersTo : own.filter((f) => isCodeField(f.name));
    // A thing the text describes in words of its own ("a kite with a colour and a wingspan") is known by them: a name
    // it never mentions would only be one more thing to fill in.
    const described = own.some((f) => f.type === 'string' && f.name !== 'status' && !isCodeField(f.name));
    const invented = (p: FieldDraft): boolean => ['name', 'title', 'body', 'description'].includes(p.name) && !people.has(key) && described && !own.some((f) => f.name === p.name);
    const primary = primaryFields(key, people.has(key)).filter((p) => (leading.length === 0 || !['name', 'email', 'date'].includes(p.name)) && !invented(p));
    const first = [...leading, ...primary.map((p) => own.find((f) => f.name === p.name) ?? p)];
    // The state a record is in is set by its acts, never the detail it is known by: it goes last.
    const rest = own.filter((f) => !first.some((p) => p.name === f.name)).sort((a, b) => Number(a.name === 'status') - Number(b.name === 'status'));
    result.set(key, [{ name: 'id', type: 'id' }, ...first, ...rest]);
  }
  return result;
}
