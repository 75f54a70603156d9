import { camelCase, capitalize, kebabCase, pluralPhrase, spokenName, withArticle } from './naming';
import { STORE_OPERATION_VERBS } from './lexicon';
import { infinitiveOf, participleOf } from './verb-forms';

/**
 * The business rules the offline team reads from a text and implements. The analyst words each as an acceptance
 * criterion in one fixed shape (`wordRule`); the developer and the tester read that criterion back (`readRule`)
 * rather than the original sentence, so what is built is exactly what the stories say.
 */
export type Rule =
  /** A number, or the length of a text in words, within limits ("a mark from 0 to 20", "no more than 250 words"). */
  | { kind: 'range'; entity: string; field: string; min?: number; max?: number; measure: Measure }
  /** A field that takes one of a closed set of values ("easy, steep or rocky"). */
  | { kind: 'oneOf'; entity: string; field: string; values: (string | number)[] }
  /**
   * At most `max` records sharing the same values of `per` ("3 kayaks at once per renter"); `active` counts only
   * unfinished ones, `upcoming` only those whose date in that field is still ahead ("no more than 4 upcoming visits").
   * `within` counts a date of `per` by the calendar period it falls in ("3 games per day" of the game's date).
   */
  | { kind: 'limit'; entity: string; max: number; per: string[]; active: boolean; upcoming?: string; within?: Within }
  /**
   * No more records pointing at one `holder` (by `ref`) than the number in its `field` ("classes have a capacity":
   * bookings of a class); `active` counts only unfinished ones.
   */
  | { kind: 'capacity'; entity: string; holder: string; ref: string; field: string; active: boolean }
  /**
   * No record pointing at a `holder` (by `ref`) whose status is `state` ("a kiln under repair cannot be booked"): the
   * state is one the holder's status is set to.
   */
  | { kind: 'blocked'; entity: string; holder: string; ref: string; state: string }
  /** No two records sharing `per` whose dates in `field` are closer than a span ("at most once every 12 weeks"). */
  | { kind: 'interval'; entity: string; per: string[]; field: string; amount: number; unit: TimeUnit }
  /** No two records sharing `per` whose spans from `start` to `end` overlap ("a cabin cannot be let twice for overlapping nights"). */
  | { kind: 'overlap'; entity: string; per: string[]; start: string; end: string; active: boolean }
  /**
   * A deadline measured from one of the record's dates: an action (or creating it) allowed only until some time
   * before that date ("withdraw no later than 2 days before"), or creating it at most some time ahead ("reserve 30 days ahead at most"),
   * or until some time after it ("claims are submitted within 30 days of the expense date").
   */
  | { kind: 'window'; entity: string; action: string; field: string; amount: number; unit: TimeUnit; side: WindowSide; late?: string }
  /**
   * How long a record may run: its end at most some time after its start ("borrowed for up to 3 weeks"), and at
   * least some time when the text says so ("a walk lasts between 30 and 90 minutes").
   */
  | { kind: 'duration'; entity: string; start: string; end: string; amount: number; unit: TimeUnit; least?: { amount: number; unit: TimeUnit } }
  /**
   * The time of day a record's date may take, as written: from an opening time, ending by a closing time after its
   * length, on steps from the opening ("sessions of 40 minutes between 08:00 and 18:00").
   */
  | { kind: 'clock'; entity: string; field: string; from: string; to: string; step?: number; length?: number }
  /**
   * No new record for an owner who already has `count` records in a state ("a climber with 2 forfeits cannot enter"): the
   * state is one an action leads to, late or not.
   */
  | { kind: 'standing'; entity: string; per: string; state: string; count: number }
  /**
   * Only one record sharing `per` in a state an action leads to ("a flat can have only one accepted application"): the
   * action that would bring a second one there is refused.
   */
  | { kind: 'sole'; entity: string; per: string; state: string }
  /** A detail no record may lack ("every ticket must have a priority"). */
  | { kind: 'required'; entity: string; field: string }
  /** One field bounded by another of the same record ("the refund cannot exceed the amount paid", "ends after it starts"). */
  | { kind: 'compare'; entity: string; field: string; other: string; relation: Relation }
  /** A yes/no the record gets from one of its numbers ("a mark of 15 or higher is medalled"). */
  | { kind: 'threshold'; entity: string; field: string; at: number; atLeast: boolean; flag: string; strict?: boolean }
  /** An action that moves a record between statuses ("bring back a rental": rented → returned). */
  | { kind: 'action'; entity: string; action: string; from: string[]; to: string; actor: string }
  /** A state in which an action is refused ("a settled claim cannot be withdrawn"). */
  | { kind: 'forbid'; entity: string; action: string; state: string; participle: string }
  /**
   * An amount of money the store computes for a record and clients cannot set: flat, per started unit of time
   * between two of its dates, or per unit of a count it holds ("a stall costs 12 per day"), with an optional
   * minimum and a reduced amount for records marked with a flag ("or 8 for charities").
   */
  | { kind: 'price'; entity: string; field: string; amount: number; basis: PriceBasis; minimum?: number; reduced?: { amount: number; flag: string } }
  /**
   * A percentage of another amount of the record, which the store computes and clients cannot set ("a 10 percent
   * discount", "a deposit of 20 percent of the price"), only for records marked with a flag when the text says for whom.
   */
  | { kind: 'share'; entity: string; field: string; percent: number; of: string; flag?: string }
  /**
   * An amount the store computes from a word the record holds ("a bath costs 30, 45 or 60 depending on size"): one
   * amount for each word, and no other word taken.
   */
  | { kind: 'tariff'; entity: string; field: string; by: string; amounts: { value: string; amount: number }[] }
  /** A charge for each started unit of time a record is ended after its due date ("each day a kit is late costs 1"). */
  | { kind: 'lateFee'; entity: string; action: string; due: string; field: string; amount: number; unit: TimeUnit }
  /** Only people in these roles may do an operation on a record ("only wardens may close a case"). */
  | { kind: 'role'; entity: string; operation: string; roles: string[] };

/** Where a deadline stands: some time before a record's date, at most some time before it, or some time after it. */
export type WindowSide = 'before' | 'ahead' | 'after';

/** What a price is multiplied by: nothing, the started units of time between two dates, or a count the record holds. */
/** A span is counted in started units of time, or in started blocks of several ("per started 30 minutes": `every` 30). */
export type PriceBasis = { of: 'record' } | { of: 'span'; unit: TimeUnit; every?: number; start: string; end: string } | { of: 'count'; field: string };

/** The shortest (0 when the text gives none) and the longest a record may run, in milliseconds. */
export function spanLimits(rule: { amount: number; unit: TimeUnit; least?: { amount: number; unit: TimeUnit } }): { shortest: number; longest: number } {
  return { shortest: rule.least ? rule.least.amount * UNIT_MS[rule.least.unit] : 0, longest: rule.amount * UNIT_MS[rule.unit] };
}

/** The least and the most a number field may hold under the value ranges among `rules` (either may be open). */
export function valueBounds(rules: readonly Rule[], field: string): { min?: number; max?: number } {
  const ranges = rules.flatMap((r) => (r.kind === 'range' && r.measure === 'value' && r.field === field ? [r] : []));
  const mins = ranges.flatMap((r) => (r.min !== undefined ? [r.min] : []));
  const maxes = ranges.flatMap((r) => (r.max !== undefined ? [r.max] : []));
  return { ...(mins.length > 0 ? { min: Math.max(...mins) } : {}), ...(maxes.length > 0 ? { max: Math.min(...maxes) } : {}) };
}

/** How long one paid block of a span is, in milliseconds. */
export const blockMs = (basis: { unit: TimeUnit; every?: number }): number => UNIT_MS[basis.unit] * (basis.every ?? 1);

/** "day", "30 minutes": one paid block of a span, as the criterion words it. */
export const blockWords = (basis: { unit: TimeUnit; every?: number }): string => (basis.every ? duration(basis.every, basis.unit) : basis.unit.slice(0, -1));

/** The operations of a record's store that are not actions, as a role rule words them. */
export const OPERATION_WORDS: Readonly<Record<string, string>> = { create: 'add', read: 'see', update: 'change', remove: 'remove' };

export type RuleKind = Rule['kind'];

/** How one value must stand to another: for numbers "at most"/"at least", for dates "before"/"after" (strictly). */
export type Relation = 'at most' | 'at least' | 'before' | 'after';
export const RELATIONS: readonly Relation[] = ['at most', 'at least', 'before', 'after'];

export type TimeUnit = 'minutes' | 'hours' | 'days' | 'weeks';

/** A date counted by the calendar period it falls in, in UTC. */
export interface Within {
  field: string;
  period: CalendarPeriod;
}
export type CalendarPeriod = 'day' | 'week' | 'month' | 'year';
/** Days in the longest of each period: a date moved this far is in another one. */
export const PERIOD_DAYS: Record<CalendarPeriod, number> = { day: 1, week: 7, month: 31, year: 366 };

/** "with the same member id on the same day of their date": the fields a limit counts by, in words. */
export function perWords(per: readonly string[], within: Within | undefined, word: (field: string) => string = spokenName): string {
  const plain = per.filter((p) => p !== within?.field);
  const same = plain.length > 0 ? ` with the same ${plain.map(word).join(' and ')}` : '';
  return `${same}${within ? ` ${within.period === 'day' ? 'on' : 'in'} the same ${within.period} of their ${spokenName(within.field)}` : ''}`;
}

/** Milliseconds in each unit a deadline is written in. */
export const UNIT_MS: Record<TimeUnit, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 };

/** "1 day", "3 days". */
export const duration = (amount: number, unit: TimeUnit): string => `${amount} ${amount === 1 ? unit.slice(0, -1) : unit}`;

/** "at most 3 weeks", "at least 30 minutes and at most 90 minutes": how long a record may run. */
export const spanBound = (rule: { amount: number; unit: TimeUnit; least?: { amount: number; unit: TimeUnit } }): string =>
  `${rule.least ? `at least ${duration(rule.least.amount, rule.least.unit)} and ` : ''}at most ${duration(rule.amount, rule.unit)}`;

/** "180 or more", "above 180": the values a threshold marks, as its criterion and its test word them. */
export const thresholdBound = (rule: { at: number; atLeast: boolean; strict?: boolean }): string =>
  rule.strict ? `${rule.atLeast ? 'above' : 'below'} ${rule.at}` : `${rule.at} or ${rule.atLeast ? 'more' : 'less'}`;

/** "cancelled" for an action, "created" for making the record. */
export const doneWord = (action: string): string => (action === 'create' ? 'created' : participleOf(action));

/** What a range bounds: the number itself, or the length of a text. */
export type Measure = 'value' | 'words' | 'characters';

const NUMBER = '(-?\\d+(?:\\.\\d+)?)';
/** The particles a phrasal verb of an action ends on: a closed class of English. */
const PARTICLE = '(?:in|out|up|off|back|down|over)';
/** A time of day on the 24-hour clock, as rules write it: "06:00", "21:30". */
const CLOCK = '(?:[01]\\d|2[0-3]):[0-5]\\d';

/** Minutes since midnight of a time of day written "HH:MM". */
export const minutesOfDay = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Two readings of the same rule, whichever sentence or criterion they came from. */
export const sameRule = (a: Rule, b: Rule): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * What a rule sets a value for: two rules on one slot with other values cannot both be what is meant ("at most 2
 * loans per member" and "at most 4 loans per member"). Rules that set no single value (an overlap, a state
 * refused, who may act) have none.
 */
export function ruleSlot(rule: Rule): string | null {
  const key = (...parts: unknown[]): string => JSON.stringify([rule.kind, rule.entity, ...parts]);
  switch (rule.kind) {
    case 'range':
      return key(rule.field, rule.measure, rule.min !== undefined, rule.max !== undefined);
    case 'oneOf':
      return key(rule.field);
    case 'limit':
      return key(rule.per, rule.active, rule.upcoming, rule.within);
    case 'capacity':
      return key(rule.holder, rule.field);
    case 'window':
      return key(rule.action, rule.field, rule.side);
    case 'interval':
      return key(rule.per, rule.field);
    case 'duration':
      return key(rule.start, rule.end);
    case 'standing':
    case 'sole':
      return key(rule.per, rule.state);
    case 'threshold':
      return key(rule.field, rule.flag);
    case 'price':
      return key(rule.field, rule.basis);
    case 'share':
      return key(rule.field, rule.flag ?? null);
    case 'tariff':
      return key(rule.field);
    case 'lateFee':
      return key(rule.action, rule.field);
    default:
      return null;
  }
}

/** The URL segment an action is served at: "check in" at /:id/check-in. */
/** The path segment of an action, named as its function is ("check in": check-in), so the two always agree. */
export const actionSegment = (action: string): string => kebabCase(action);

function bound(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `from ${min} to ${max}`;
  return min !== undefined ? `at least ${min}` : `at most ${max}`;
}

const entityWords = (entity: string): string => spokenName(entity);
const singularUnit = (unit: TimeUnit): string => unit.slice(0, -1);

function basisWords(basis: PriceBasis): string {
  if (basis.of === 'span') return ` per started ${blockWords(basis)} from its ${spokenName(basis.start)} to its ${spokenName(basis.end)}`;
  return basis.of === 'count' ? ` times its ${spokenName(basis.field)}` : '';
}

/** "a dentist or a nurse". */
const roleList = (roles: readonly string[]): string => roles.map((r) => withArticle(r)).join(' or ');
const quoteValue = (v: string | number): string => String(v);

/** The criterion text of a rule: a sentence a person reads, in the one shape `readRule` reads back. */
export function wordRule(rule: Rule): string {
  const e = entityWords(rule.entity);
  switch (rule.kind) {
    case 'range':
      return `Rule: ${capitalize(withArticle(e))}'s ${spokenName(rule.field)} must be ${bound(rule.min, rule.max)}${rule.measure === 'value' ? '' : ` ${rule.measure} long`}`;
    case 'oneOf':
      return `Rule: ${capitalize(withArticle(e))}'s ${spokenName(rule.field)} must be one of: ${rule.values.map(quoteValue).join(', ')}`;
    case 'limit': {
      const per = rule.per.length > 0 ? perWords(rule.per, rule.within) : ' in all';
      const ahead = rule.upcoming ? ` whose ${spokenName(rule.upcoming)} is still ahead` : '';
      return `Rule: At most ${rule.max} ${rule.active ? 'active ' : ''}${rule.max === 1 ? e : pluralPhrase(e)}${per}${ahead}; one more is refused`;
    }
    case 'capacity':
      return `Rule: At most as many ${rule.active ? 'active ' : ''}${pluralPhrase(e)} of ${withArticle(entityWords(rule.holder))} as its ${spokenName(rule.field)}; one more is refused`;
    case 'overlap': {
      const per = rule.per.length > 0 ? ` with the same ${rule.per.map(spokenName).join(' and ')}` : '';
      return `Rule: Two ${rule.active ? 'active ' : ''}${pluralPhrase(e)}${per} cannot overlap between ${spokenName(rule.start)} and ${spokenName(rule.end)}; the later one is refused`;
    }
    case 'interval': {
      const per = rule.per.length > 0 ? ` with the same ${rule.per.map(spokenName).join(' and ')}` : '';
      return `Rule: Two ${pluralPhrase(e)}${per} are kept ${duration(rule.amount, rule.unit)} or more apart by their ${spokenName(rule.field)}; a closer one is refused`;
    }
    case 'window':
      return rule.side === 'ahead'
        ? `Rule: ${capitalize(withArticle(e))} can be ${doneWord(rule.action)} at most ${duration(rule.amount, rule.unit)} before its ${spokenName(rule.field)}; earlier it is refused`
        : `Rule: ${capitalize(withArticle(e))} can be ${doneWord(rule.action)} until ${duration(rule.amount, rule.unit)} ${rule.side} its ${spokenName(rule.field)}; later ${rule.late ? `it becomes ${rule.late} instead` : 'it is refused'}`;
    case 'duration':
      return `Rule: ${capitalize(withArticle(e))}'s ${spokenName(rule.end)} must be ${spanBound(rule)} after its ${spokenName(rule.start)}`;
    case 'clock': {
      const step = rule.step !== undefined ? ` at ${rule.step}-minute steps` : '';
      const length = rule.length !== undefined ? ` after lasting ${rule.length} minutes` : '';
      return `Rule: ${capitalize(withArticle(e))}'s ${spokenName(rule.field)} must be a time of day from ${rule.from}${step}, and it must end by ${rule.to}${length}`;
    }
    case 'blocked':
      return `Rule: No ${e} can point at ${withArticle(entityWords(rule.holder))} whose status is ${rule.state}; it is refused`;
    case 'sole':
      return `Rule: Only one ${e} with the same ${spokenName(rule.per)} can be ${rule.state}; another is refused`;
    case 'standing':
      return `Rule: A new ${e} is refused once ${rule.count} ${pluralPhrase(e)} with the same ${spokenName(rule.per)} are ${rule.state}`;
    case 'required':
      return `Rule: ${capitalize(withArticle(e))} must have ${withArticle(spokenName(rule.field))}; one without it is refused`;
    case 'compare':
      return `Rule: ${capitalize(withArticle(e))}'s ${spokenName(rule.field)} must be ${rule.relation} its ${spokenName(rule.other)}`;
    case 'threshold':
      return `Rule: ${capitalize(withArticle(e))} whose ${spokenName(rule.field)} is ${thresholdBound(rule)} is marked ${spokenName(rule.flag)}`;
    case 'action':
      return `${capitalize(withArticle(rule.actor))} can ${rule.action} ${withArticle(e)} that is ${rule.from.join(' or ')}; it becomes ${rule.to}, and from any other status it is refused`;
    case 'forbid':
      return `Rule: ${capitalize(withArticle(`${rule.state} ${e}`))} cannot be ${rule.participle}`;
    case 'price': {
      const minimum = rule.minimum !== undefined ? `, and at least ${rule.minimum}` : '';
      const reduced = rule.reduced ? `; ${rule.reduced.amount} instead when its ${spokenName(rule.reduced.flag)} is true` : '';
      return `Rule: ${capitalize(withArticle(e))}'s ${spokenName(rule.field)} is ${rule.amount}${basisWords(rule.basis)}${minimum}${reduced}; the store computes it`;
    }
    case 'share': {
      const when = rule.flag ? ` when its ${spokenName(rule.flag)} is true, else 0` : '';
      return `Rule: ${capitalize(withArticle(e))}'s ${spokenName(rule.field)} is ${rule.percent} percent of its ${spokenName(rule.of)}${when}; the store computes it`;
    }
    case 'tariff':
      return `Rule: ${capitalize(withArticle(e))}'s ${spokenName(rule.field)} depends on its ${spokenName(rule.by)}: ${rule.amounts.map((a) => `${a.amount} for ${a.value}`).join(', ')}; the store computes it`;
    case 'lateFee':
      return `Rule: ${capitalize(withArticle(e))} that is ${doneWord(rule.action)} after its ${spokenName(rule.due)} is charged ${rule.amount} per started ${singularUnit(rule.unit)} late as its ${spokenName(rule.field)}`;
    case 'role':
      return `Rule: Only ${roleList(rule.roles)} can ${OPERATION_WORDS[rule.operation] ?? rule.operation} ${withArticle(e)}; anyone else is refused`;
  }
}

/** What the rule reader needs of a record: its name and fields, as the developer and the tester see them. */
export interface RuleTarget {
  name: string;
  spoken: string;
  fields: readonly { name: string; type: string }[];
}

const ARTICLE = '(?:an?|the)\\s+';

/** The target whose spoken name is exactly these words. */
function targetNamed(words: string, targets: readonly RuleTarget[]): RuleTarget | undefined {
  const key = words.trim().toLowerCase();
  return targets.find((t) => t.spoken === key || pluralPhrase(t.spoken) === key);
}

function fieldNamed(target: RuleTarget, words: string): string | undefined {
  const name = camelCase(words);
  return target.fields.find((f) => f.name === name)?.name;
}

const PATTERNS: readonly ((text: string, targets: readonly RuleTarget[]) => Rule | undefined)[] = [
  (text, targets) => {
    const m = new RegExp(`^Rule: ${ARTICLE}(.+?)'s (.+?) must be (?:from ${NUMBER} to ${NUMBER}|at least ${NUMBER}|at most ${NUMBER})(?: (words|characters) long)?$`, 'i').exec(text);
    const target = m && targetNamed(m[1], targets);
    const field = target && fieldNamed(target, m[2]);
    if (!m || !target || !field) return undefined;
    const min = m[3] ?? m[5];
    const max = m[4] ?? m[6];
    return {
      kind: 'range',
      entity: target.name,
      field,
      ...(min !== undefined ? { min: Number(min) } : {}),
      ...(max !== undefined ? { max: Number(max) } : {}),
      measure: (m[7] as Measure | undefined) ?? 'value',
    };
  },
  (text, targets) => {
    const m = new RegExp(`^Rule: ${ARTICLE}(.+?)'s (.+?) must be one of: (.+)$`, 'i').exec(text);
    const target = m && targetNamed(m[1], targets);
    const field = target && fieldNamed(target, m[2]);
    if (!m || !target || !field) return undefined;
    const parts = m[3].split(', ').map((p) => p.trim()).filter(Boolean);
    const numeric = parts.every((p) => new RegExp(`^${NUMBER}$`).test(p));
    return { kind: 'oneOf', entity: target.name, field, values: numeric ? parts.map(Number) : parts };
  },
  (text, targets) => {
    const m = /^Rule: At most (\d+) (active )?(.+?)(?: with the same (.+?)| in all)?(?: (?:on|in) the same (day|week|month|year) of their (.+?))?(?: whose (.+?) is still ahead)?; one more is refused$/i.exec(text);
    const target = m && targetNamed(m[3], targets);
    if (!m || !target) return undefined;
    const per = (m[4] ?? '').split(' and ').filter(Boolean).map((w) => fieldNamed(target, w));
    const dated = m[6] === undefined ? undefined : fieldNamed(target, m[6]);
    const upcoming = m[7] === undefined ? undefined : fieldNamed(target, m[7]);
    if (per.some((p) => p === undefined) || (m[6] !== undefined && dated === undefined) || (m[7] !== undefined && upcoming === undefined)) return undefined;
    const within = dated ? { field: dated, period: m[5].toLowerCase() as CalendarPeriod } : undefined;
    return {
      kind: 'limit',
      entity: target.name,
      max: Number(m[1]),
      per: [...(per as string[]), ...(dated ? [dated] : [])],
      active: Boolean(m[2]),
      ...(upcoming ? { upcoming } : {}),
      ...(within ? { within } : {}),
    };
  },
  (text, targets) => {
    const m = new RegExp(`^Rule: At most as many (active )?(.+?) of ${ARTICLE}(.+?) as its (.+?); one more is refused$`, 'i').exec(text);
    const target = m && targetNamed(m[2], targets);
    const holder = m && targetNamed(m[3], targets);
    const field = holder && fieldNamed(holder, m[4]);
    const ref = holder && target?.fields.find((f) => f.name === `${holder.name}Id`)?.name;
    if (!m || !holder || !target || !field || !ref) return undefined;
    return { kind: 'capacity', entity: target.name, holder: holder.name, ref, field, active: Boolean(m[1]) };
  },
  (text, targets) => {
    const m = new RegExp(`^Rule: No (.+?) can point at ${ARTICLE}(.+?) whose status is ([a-z][a-z -]*); it is refused$`, 'i').exec(text);
    const target = m && targetNamed(m[1], targets);
    const holder = m && targetNamed(m[2], targets);
    const ref = holder && target?.fields.find((f) => f.name === `${holder.name}Id`)?.name;
    if (!m || !holder || !target || !ref || !holder.fields.some((f) => f.name === 'status')) return undefined;
    return { kind: 'blocked', entity: target.name, holder: holder.name, ref, state: m[3].toLowerCase() };
  },
  (text, targets) => {
    const m = /^Rule: Two (active )?(.+?)(?: with the same (.+?))? cannot overlap between (.+?) and (.+?); the later one is refused$/i.exec(text);
    const target = m && targetNamed(m[2], targets);
    if (!m || !target) return undefined;
    const per = (m[3] ?? '').split(' and ').filter(Boolean).map((w) => fieldNamed(target, w));
    const start = fieldNamed(target, m[4]);
    const end = fieldNamed(target, m[5]);
    if (per.some((p) => p === undefined) || !start || !end) return undefined;
    return { kind: 'overlap', entity: target.name, per: per as string[], start, end, active: Boolean(m[1]) };
  },
  (text, targets) => {
    const m = new RegExp(`^Rule: ${ARTICLE}(.+?) can be ([a-z]+(?: [a-z]+)?) (until|at most) (\\d+) (minute|hour|day|week)s? (before|after) its (.+?); (later|earlier) it (?:is refused|becomes ([a-z][a-z -]*) instead)$`, 'i').exec(text);
    const target = m && targetNamed(m[1], targets);
    const field = target && fieldNamed(target, m[7]);
    const action = m && (m[2] === 'created' ? 'create' : infinitiveOf(m[2].split(' ')[0]));
    if (!m || !target || !field || !action || (m[3] === 'at most' && m[6] === 'after')) return undefined;
    const particle = m[2].split(' ').slice(1);
    return {
      kind: 'window',
      entity: target.name,
      action: [action, ...particle].join(' '),
      field,
      amount: Number(m[4]),
      unit: `${m[5].toLowerCase()}s` as TimeUnit,
      side: m[3] === 'at most' ? 'ahead' : (m[6].toLowerCase() as 'before' | 'after'),
      ...(m[9] && m[3] === 'until' && action !== 'create' ? { late: m[9].toLowerCase() } : {}),
    };
  },
  (text, targets) => {
    const m = new RegExp(`^Rule: ${ARTICLE}(.+?)'s (.+?) must be (?:at\\s+least (\\d+) (minute|hour|day|week)s? and )?at most (\\d+) (minute|hour|day|week)s? after its (.+)$`, 'i').exec(text);
    const target = m && targetNamed(m[1], targets);
    const end = target && fieldNamed(target, m[2]);
    const start = target && fieldNamed(target, m[7]);
    if (!m || !target || !end || !start) return undefined;
    const unit = (word: string) => `${word.toLowerCase()}s` as TimeUnit;
    const least = m[3] !== undefined ? { least: { amount: Number(m[3]), unit: unit(m[4]) } } : {};
    return { kind: 'duration', entity: target.name, start, end, amount: Number(m[5]), unit: unit(m[6]), ...least };
  },
  (text, targets) => {
    const m = new RegExp(`^Rule: ${ARTICLE}(.+?)'s (.+?) must be a time of day from (${CLOCK})(?: at (\\d+)-minute steps)?, and it must end by (${CLOCK})(?: after lasting (\\d+) minutes)?$`, 'i').exec(text);
    const target = m && targetNamed(m[1], targets);
    const field = target && fieldNamed(target, m[2]);
    if (!m || !target || !field || minutesOfDay(m[3]) >= minutesOfDay(m[5])) return undefined;
    return {
      kind: 'clock',
      entity: target.name,
      field,
      from: m[3],
      to: m[5],
      ...(m[4] !== undefined ? { step: Number(m[4]) } : {}),
      ...(m[6] !== undefined ? { length: Number(m[6]) } : {}),
    };
  },
  (text, targets) => {
    const m = /^Rule: A new (.+?) is refused once (\d+) (.+?) with the same (.+?) are ([a-z][a-z -]*)$/i.exec(text);
    const target = m && targetNamed(m[1], targets);
    const per = target && fieldNamed(target, m[4]);
    if (!m || !target || !per || targetNamed(m[3], targets) !== target) return undefined;
    return { kind: 'standing', entity: target.name, per, state: m[5].toLowerCase(), count: Number(m[2]) };
  },
  (text, targets) => {
    const m = /^Rule: Only one (.+?) with the same (.+?) can be ([a-z][a-z -]*); another is refused$/i.exec(text);
    const target = m && targetNamed(m[1], targets);
    const per = target && fieldNamed(target, m[2]);
    if (!m || !target || !per) return undefined;
    return { kind: 'sole', entity: target.name, per, state: m[3].toLowerCase() };
  },
  (text, targets) => {
    const m = new RegExp(`^Rule: ${ARTICLE}(.+?) must have ${ARTICLE}(.+?); one without it is refused$`, 'i').exec(text);
    const target = m && targetNamed(m[1], targets);
    const field = target && fieldNamed(target, m[2]);
    return m && target && field ? { kind: 'required', entity: target.name, field } : undefined;
  },
  (text, targets) => {
    const m = new RegExp(`^Rule: ${ARTICLE}(.+?)'s (.+?) must be (${RELATIONS.join('|')}) its (.+)$`, 'i').exec(text);
    const target = m && targetNamed(m[1], targets);
    const field = target && fieldNamed(target, m[2]);
    const other = target && fieldNamed(target, m[4]);
    if (!m || !target || !field || !other || field === other) return undefined;
    return { kind: 'compare', entity: target.name, field, other, relation: m[3].toLowerCase() as Relation };
  },
  (text, targets) => {
    const m = new RegExp(`^Rule: ${ARTICLE}(.+?) whose (.+?) is ${NUMBER} or (more|less) is marked (.+)$`, 'i').exec(text);
    const target = m && targetNamed(m[1], targets);
    const field = target && fieldNamed(target, m[2]);
    const flag = target && fieldNamed(target, m[5]);
    if (!m || !target || !field || !flag) return undefined;
    return { kind: 'threshold', entity: target.name, field, at: Number(m[3]), atLeast: m[4].toLowerCase() === 'more', flag };
  },
  (text, targets) => {
    const m = new RegExp(`^Rule: ${ARTICLE}(.+?) whose (.+?) is (above|below) ${NUMBER} is marked (.+)$`, 'i').exec(text);
    const target = m && targetNamed(m[1], targets);
    const field = target && fieldNamed(target, m[2]);
    const flag = target && fieldNamed(target, m[5]);
    if (!m || !target || !field || !flag) return undefined;
    return { kind: 'threshold', entity: target.name, field, at: Number(m[4]), atLeast: m[3].toLowerCase() === 'above', flag, strict: true };
  },
  (text, targets) => {
    // A phrasal action ("check in") and the state it reaches ("checked in") keep their particle; a state no verb
    // reaches is marked ("mark in review").
    const m = new RegExp(`^${ARTICLE}(.+?) can (mark [a-z]+(?: [a-z]+){0,2}|[a-z]+(?: ${PARTICLE})?) ${ARTICLE}(.+?) that is (.+?); it becomes ([a-z]+(?: [a-z]+){0,2}), and from any other status it is refused$`, 'i').exec(text);
    const target = m && targetNamed(m[3], targets);
    if (!m || !target) return undefined;
    return { kind: 'action', entity: target.name, actor: m[1].toLowerCase(), action: m[2].toLowerCase(), from: m[4].split(' or '), to: m[5] };
  },
  (text, targets) => {
    const m = new RegExp(`^Rule: ${ARTICLE}([a-z]+(?: ${PARTICLE})?) (.+?) cannot be ([a-z]+(?: ${PARTICLE})?)$`, 'i').exec(text);
    const target = m && targetNamed(m[2], targets);
    if (!m || !target) return undefined;
    return { kind: 'forbid', entity: target.name, state: m[1].toLowerCase(), participle: m[3].toLowerCase(), action: '' };
  },
  (text, targets) => {
    const m = new RegExp(
      `^Rule: ${ARTICLE}(.+?)'s (.+?) is ${NUMBER}(?: per started (?:(\\d+) )?(minute|hour|day|week)s? from its (.+?) to its (.+?)| times its (.+?))?(?:, and at least ${NUMBER})?(?:; ${NUMBER} instead when its (.+?) is true)?; the store computes it$`,
      'i',
    ).exec(text);
    const target = m && targetNamed(m[1], targets);
    const field = target && fieldNamed(target, m[2]);
    if (!m || !target || !field) return undefined;
    let basis: PriceBasis = { of: 'record' };
    if (m[5]) {
      const start = fieldNamed(target, m[6]);
      const end = fieldNamed(target, m[7]);
      if (!start || !end) return undefined;
      basis = { of: 'span', unit: `${m[5].toLowerCase()}s` as TimeUnit, ...(m[4] !== undefined ? { every: Number(m[4]) } : {}), start, end };
    } else if (m[8]) {
      const count = fieldNamed(target, m[8]);
      if (!count) return undefined;
      basis = { of: 'count', field: count };
    }
    const flag = m[11] ? fieldNamed(target, m[11]) : undefined;
    if (m[11] && !flag) return undefined;
    return {
      kind: 'price',
      entity: target.name,
      field,
      amount: Number(m[3]),
      basis,
      ...(m[9] !== undefined ? { minimum: Number(m[9]) } : {}),
      ...(flag ? { reduced: { amount: Number(m[10]), flag } } : {}),
    };
  },
  (text, targets) => {
    const m = new RegExp(`^Rule: ${ARTICLE}(.+?)'s (.+?) is ${NUMBER} percent of its (.+?)(?: when its (.+?) is true, else 0)?; the store computes it$`, 'i').exec(text);
    const target = m && targetNamed(m[1], targets);
    const field = target && fieldNamed(target, m[2]);
    const of = target && fieldNamed(target, m[4]);
    const flag = target && m[5] ? fieldNamed(target, m[5]) : undefined;
    if (!m || !target || !field || !of || field === of || (m[5] && !flag)) return undefined;
    return { kind: 'share', entity: target.name, field, percent: Number(m[3]), of, ...(flag ? { flag } : {}) };
  },
  (text, targets) => {
    const m = new RegExp(`^Rule: Two (.+?)(?: with the same (.+?))? are kept (\\d+) (minute|hour|day|week)s? or more apart by their (.+?); a closer one is refused$`, 'i').exec(text);
    const target = m && targetNamed(m[1], targets);
    const field = target && fieldNamed(target, m[5]);
    const per = target && m[2] ? m[2].split(' and ').map((p) => fieldNamed(target, p)) : [];
    if (!m || !target || !field || !per || per.some((p) => !p)) return undefined;
    return { kind: 'interval', entity: target.name, per: per as string[], field, amount: Number(m[3]), unit: `${m[4].toLowerCase()}s` as TimeUnit };
  },
  (text, targets) => {
    const m = new RegExp(`^Rule: ${ARTICLE}(.+?)'s (.+?) depends on its (.+?): (.+); the store computes it$`, 'i').exec(text);
    const target = m && targetNamed(m[1], targets);
    const field = target && fieldNamed(target, m[2]);
    const by = target && fieldNamed(target, m[3]);
    const amounts = m?.[4].split(', ').map((item) => new RegExp(`^${NUMBER} for (.+)$`).exec(item));
    if (!m || !target || !field || !by || field === by || !amounts || amounts.some((a) => !a)) return undefined;
    return { kind: 'tariff', entity: target.name, field, by, amounts: (amounts as RegExpExecArray[]).map((a) => ({ value: a[2], amount: Number(a[1]) })) };
  },
  (text, targets) => {
    const m = new RegExp(`^Rule: ${ARTICLE}(.+?) that is ([a-z]+(?: [a-z]+)?) after its (.+?) is charged ${NUMBER} per started (minute|hour|day|week) late as its (.+)$`, 'i').exec(text);
    const target = m && targetNamed(m[1], targets);
    const due = target && fieldNamed(target, m[3]);
    const field = target && fieldNamed(target, m[6]);
    const verb = m && infinitiveOf(m[2].split(' ')[0]);
    if (!m || !target || !due || !field || !verb) return undefined;
    const action = [verb, ...m[2].split(' ').slice(1)].join(' ');
    return { kind: 'lateFee', entity: target.name, action, due, field, amount: Number(m[4]), unit: `${m[5].toLowerCase()}s` as TimeUnit };
  },
  (text, targets) => {
    const m = new RegExp(`^Rule: Only (.+?) can ([a-z]+(?: [a-z]+)?) ${ARTICLE}(.+?); anyone else is refused$`, 'i').exec(text);
    const target = m && targetNamed(m[3], targets);
    if (!m || !target) return undefined;
    const roles = m[1].split(' or ').map((r) => r.replace(/^(?:an?|the)\s+/i, '').toLowerCase());
    const word = m[2].toLowerCase();
    const operation = Object.keys(OPERATION_WORDS).find((op) => OPERATION_WORDS[op] === word) ?? word;
    return { kind: 'role', entity: target.name, operation, roles };
  },
];

/**
 * Reads a criterion worded by `wordRule` back into its rule, for the record it names; anything else (a rule
 * a model worded, a sentence the analyst could not read) is not a rule the code implements. A `forbid` comes back
 * without its action, which only the record's actions can tell (`withActions`).
 */
export function readRule(text: string, targets: readonly RuleTarget[]): Rule | undefined {
  const clean = text.trim().replace(/\s+/g, ' ').replace(/\.$/, '');
  for (const pattern of PATTERNS) {
    const rule = pattern(clean, targets);
    if (rule) return rule;
  }
  return undefined;
}

/** The store operation a participle names ("changed", "deleted"), when it names one rather than an action. */
export function storeOperationOf(participle: string): 'update' | 'remove' | undefined {
  const verb = infinitiveOf(participle) ?? participle;
  return STORE_OPERATION_VERBS.get(verb);
}

/**
 * Gives each `forbid` the action that leads to the state its participle names, or the store operation it names
 * ("a confirmed order cannot be changed"); one that names neither is dropped.
 */
export function withActions(rules: readonly Rule[]): Rule[] {
  return rules.flatMap((r): Rule[] => {
    if (r.kind !== 'forbid') return [r];
    const operation = storeOperationOf(r.participle);
    if (operation) return [{ ...r, action: operation }];
    const action = rules.find((a) => a.kind === 'action' && a.entity === r.entity && a.to === r.participle);
    return action?.kind === 'action' ? [{ ...r, action: action.action }] : [];
  });
}
