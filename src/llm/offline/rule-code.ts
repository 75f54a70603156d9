import { camelCase, pascalCase, spokenName, withArticle } from './naming';
import type { Resource } from './resources';
import { type CalendarPeriod, OPERATION_WORDS, perWords, type Rule, UNIT_MS, blockMs, doneWord, duration, minutesOfDay, readRule, sameRule, spanBound, spanLimits, withActions } from './rule';

/** A state rule refusing a change or a removal of the record ("a confirmed order cannot be edited"), not an action. */
export const refusesStoreOperation = (rule: Rule): boolean => rule.kind === 'forbid' && (rule.action === 'update' || rule.action === 'remove');

type ActionRule = Extract<Rule, { kind: 'action' }>;

/** What an action does besides moving the status: deadlines it must meet, late outcomes it leads to instead, charges it sets. */
export interface ActionExtras {
  deadlines: readonly string[];
  /** The functions that refuse a second record in the state the action leads to. */
  soles: readonly string[];
  lateness: readonly { status: string; functionName: string }[];
  charges: readonly { field: string; functionName: string }[];
}

/** A rule a module implements, the criteria that state it and the function of the module that does it. */
export interface ImplementedRule {
  rule: Rule;
  criterionIds: string[];
  functionName: string;
}

/** The statuses a record starts in and moves through, from the actions the stories give it. */
export interface StatusMachine {
  initial: string;
  actions: ActionRule[];
  /** Statuses some action starts from: a record in one of them is still running ("active"). */
  active: string[];
}

/**
 * The calendar period (UTC) a date falls in, as JavaScript over `value`: its day, its month, its year, or its week
 * counted from Monday (1 January 1970 was a Thursday, so three days on from it a week begins).
 */
export function periodKey(period: CalendarPeriod, value: string): string {
  switch (period) {
    case 'day':
      return `new Date(${value}).toISOString().slice(0, 10)`;
    case 'month':
      return `new Date(${value}).toISOString().slice(0, 7)`;
    case 'year':
      return `new Date(${value}).toISOString().slice(0, 4)`;
    case 'week':
      return `Math.floor((Date.parse(${value}) / 86400000 + 3) / 7)`;
  }
}

/** The action that takes a new record out of the running statuses ("return"): only with one does "active" count. */
export function endingAction(lifecycle: StatusMachine): ActionRule | undefined {
  return lifecycle.actions.find((a) => !lifecycle.active.includes(a.to) && a.from.includes(lifecycle.initial));
}

/** The condition that counts only running records, for a rule that says so and a lifecycle that can end one. */
function running(rule: { active: boolean }, lifecycle: StatusMachine | undefined): string[] {
  return rule.active && lifecycle && endingAction(lifecycle) ? [`${js(lifecycle.active)}.includes(other.status)`] : [];
}

/** The status a record starts in: one actions start from that no action leads to. */
export function lifecycleOf(rules: readonly Rule[]): StatusMachine | undefined {
  const actions = rules.filter((r): r is ActionRule => r.kind === 'action');
  if (actions.length === 0) return undefined;
  const reached = new Set(actions.map((a) => a.to));
  const starts = [...new Set(actions.flatMap((a) => a.from))];
  return { initial: starts.find((s) => !reached.has(s)) ?? starts[0], actions, active: starts };
}

const STORE_WORDS = new Set(['create', 'list', 'get', 'update', 'remove']);

function baseName(r: Resource, rule: Rule): string {
  switch (rule.kind) {
    case 'range':
    case 'oneOf':
      return `check${r.pascal}${pascalCase(spokenName(rule.field))}`;
    case 'limit':
      return `check${r.pascal}Limit${rule.per.length > 0 ? `Per${rule.per.map((p) => pascalCase(spokenName(p.replace(/Id$/, '')))).join('And')}` : ''}`;
    case 'capacity':
      return `check${pascalCase(spokenName(rule.holder))}${pascalCase(spokenName(rule.field))}`;
    case 'blocked':
      return `check${pascalCase(spokenName(rule.holder))}Not${pascalCase(rule.state)}`;
    case 'overlap':
      return `check${r.pascal}Overlap`;
    case 'interval':
      return `check${r.pascal}Interval`;
    case 'window':
      return rule.late ? `is${r.pascal}${pascalCase(rule.action)}Late` : `check${r.pascal}${pascalCase(rule.action)}Deadline`;
    case 'duration':
      return `check${r.pascal}${pascalCase(spokenName(rule.end))}Span`;
    case 'clock':
      return `check${r.pascal}${pascalCase(spokenName(rule.field))}TimeOfDay`;
    case 'required':
      return `check${r.pascal}Has${pascalCase(spokenName(rule.field))}`;
    case 'standing':
      return `check${r.pascal}StandingPer${pascalCase(spokenName(rule.per.replace(/Id$/, '')))}`;
    case 'sole':
      return `checkOne${pascalCase(rule.state)}${r.pascal}Per${pascalCase(spokenName(rule.per.replace(/Id$/, '')))}`;
    case 'compare':
      return `check${r.pascal}${pascalCase(spokenName(rule.field))}Against${pascalCase(spokenName(rule.other))}`;
    case 'threshold':
      return `is${r.pascal}${pascalCase(spokenName(rule.flag))}`;
    case 'action':
    case 'forbid':
      if (refusesStoreOperation(rule)) return `check${r.pascal}${pascalCase(OPERATION_WORDS[rule.action])}Status`;
      return `${camelCase(rule.action)}${r.pascal}`;
    case 'price':
    case 'share':
    case 'tariff':
    case 'lateFee':
      return `compute${r.pascal}${pascalCase(spokenName(rule.field))}`;
    case 'role':
      return `check${r.pascal}${pascalCase(rule.operation)}Role`;
  }
}

/**
 * The records of other modules a module's rules read, by entity name, in the order its store factory takes a finder
 * for each (after the clock): sorted, so the tests pass them where the code expects them whatever order the rules came in.
 */
export const heldRecords = (rules: readonly Rule[]): string[] => [...new Set(rules.flatMap((r) => heldRecordOf(r)?.holder ?? []))].sort();

/** The record of another module a rule reads ("the class" a booking's capacity counts against), if it reads one. */
export const heldRecordOf = (rule: Rule): { holder: string; ref: string } | undefined =>
  rule.kind === 'capacity' || rule.kind === 'blocked' ? { holder: rule.holder, ref: rule.ref } : undefined;

/** The function a store is given to find a record of another module by id ("findClass"). */
export const finderOf = (holder: string): string => `find${pascalCase(spokenName(holder))}`;

/** A store with deadlines or late charges takes a clock, so that its tests can stand at any moment. */
export const runsOnClock = (rules: readonly { rule: Rule }[]): boolean =>
  rules.some((x) => x.rule.kind === 'window' || x.rule.kind === 'lateFee' || (x.rule.kind === 'limit' && x.rule.upcoming !== undefined));

/** The fields the store sets itself from a module's rules: a status, computed flags and amounts. */
export function managedFields(rules: readonly Rule[]): string[] {
  return [...(lifecycleOf(rules) ? ['status'] : []), ...rules.flatMap((r) => (r.kind === 'lateFee' ? [r.field] : (computedField(r) ?? [])))];
}

/** The rule that computes a price a share is taken of ("30 percent of the price"), if the store computes it. */
export function pricedBy(rules: readonly ImplementedRule[], field: string): ImplementedRule | undefined {
  return rules.find((x) => (x.rule.kind === 'price' || x.rule.kind === 'tariff') && x.rule.field === field);
}

/** The field a rule makes the store compute on every create and change (a flag, a price, a share), if it makes one. */
export function computedField(rule: Rule): string | undefined {
  if (rule.kind === 'threshold') return rule.flag;
  return rule.kind === 'price' || rule.kind === 'share' || rule.kind === 'tariff' ? rule.field : undefined;
}

/** The fields a rule needs to compute or count: a record without them is refused rather than half-judged. */
export function neededFields(rule: Rule): string[] {
  switch (rule.kind) {
    case 'limit':
      // "the same registration may appear once": a detail that must differ need not be given; a record must be.
      return rule.max === 1 ? rule.per.filter((p) => /Id$/.test(p) || rule.within?.field === p) : rule.per;
    case 'capacity':
    case 'blocked':
      return [rule.ref];
    case 'overlap':
      return [...rule.per, rule.start, rule.end];
    case 'interval':
      return [...rule.per, rule.field];
    case 'duration':
      return [rule.start, rule.end];
    case 'clock':
      return [rule.field];
    case 'standing':
    case 'sole':
      return [rule.per];
    case 'compare':
      return [rule.field, rule.other];
    case 'price':
      return rule.basis.of === 'span' ? [rule.basis.start, rule.basis.end] : rule.basis.of === 'count' ? [rule.basis.field] : [];
    case 'lateFee':
      return [rule.due];
    case 'share':
      return [rule.of];
    case 'tariff':
      return [rule.by];
    default:
      return [];
  }
}

/**
 * The rules the criteria of a resource state, each once with every criterion that states it. An action and a state
 * rule about it share the action's function: refusing the forbidden state is part of what the action does.
 */
export function implementedRules(r: Resource, resources: readonly Resource[]): ImplementedRule[] {
  const read = r.criteria
    .map((c) => ({ id: c.id, rule: readRule(c.text, resources) }))
    .filter((x): x is { id: string; rule: Rule } => x.rule !== undefined && x.rule.entity === r.name);
  const actions = read.map((x) => x.rule).filter((rule) => rule.kind === 'action');
  const out: ImplementedRule[] = [];
  // Actions first, so that a state rule finds the function of its action.
  for (const x of [...read].sort((a, b) => Number(a.rule.kind === 'forbid') - Number(b.rule.kind === 'forbid'))) {
    const rule = x.rule.kind === 'forbid' ? withActions([...actions, x.rule]).find((y) => y.kind === 'forbid') : x.rule;
    if (!rule || (rule.kind === 'action' && STORE_WORDS.has(camelCase(rule.action)))) continue;
    const same = out.find((o) => sameRule(o.rule, rule));
    if (same) {
      same.criterionIds.push(x.id);
      continue;
    }
    const base = baseName(r, rule);
    const shared = rule.kind === 'forbid' ? out.find((o) => o.rule.kind === 'action' && o.rule.action === rule.action) : undefined;
    let name = shared?.functionName ?? base;
    for (let n = 2; !shared && out.some((o) => o.functionName === name); n += 1) name = `${base}${n}`;
    out.push({ rule, criterionIds: [x.id], functionName: name });
  }
  // A share of a price the store computes is taken of that price ("a deposit of 30 percent of the price"); of any other
  // amount the store computes (a share of a share, a flag), the developer leaves it open.
  const computed = new Set(managedFields(out.map((o) => o.rule)));
  const priced = new Set(out.flatMap((o) => (o.rule.kind === 'price' || o.rule.kind === 'tariff' ? [o.rule.field] : [])));
  return out.filter((o) => o.rule.kind !== 'share' || !computed.has(o.rule.of) || priced.has(o.rule.of));
}

const js = (value: unknown): string => JSON.stringify(value);
const doc = (ids: string[], text: string): string => `/** ${ids.join(', ')}: ${text.replace(/^Rule:\s*/i, '').replace(/\*\//g, '* /')} */`;

function rangeMessage(rule: Extract<Rule, { kind: 'range' }>): string {
  const unit = rule.measure === 'value' ? '' : ` ${rule.measure} long`;
  const bound = rule.min !== undefined && rule.max !== undefined ? `from ${rule.min} to ${rule.max}` : rule.min !== undefined ? `at least ${rule.min}` : `at most ${rule.max}`;
  return `${rule.field} must be ${bound}${unit}`;
}

/** What a refused record is told, for each rule that refuses; the tests assert the same words. */
export function refusalOf(rule: Rule, r: Pick<Resource, 'spoken' | 'spokenPlural'>): string {
  switch (rule.kind) {
    case 'range':
      return rangeMessage(rule);
    case 'oneOf':
      return `${rule.field} must be one of ${rule.values.join(', ')}`;
    case 'limit': {
      const per = perWords(rule.per, rule.within, (p) => spokenName(p.replace(/Id$/, '')));
      return `at most ${rule.max} ${rule.active ? 'active ' : ''}${rule.upcoming ? 'upcoming ' : ''}${rule.max === 1 ? r.spoken : r.spokenPlural}${per}`;
    }
    case 'blocked':
      return `the ${spokenName(rule.holder)} is ${rule.state}`;
    case 'capacity':
      return `the ${spokenName(rule.holder)} has no ${spokenName(rule.field)} left for another ${r.spoken}`;
    case 'overlap':
      return `another ${r.spoken}${rule.per.length > 0 ? ` with the same ${rule.per.map((p) => spokenName(p.replace(/Id$/, ''))).join(' and ')}` : ''} overlaps these dates`;
    case 'duration':
      return `${rule.end} must be ${spanBound(rule)} after ${rule.start}`;
    case 'interval':
      return `another ${r.spoken}${rule.per.length > 0 ? ` with the same ${rule.per.map((p) => spokenName(p.replace(/Id$/, ''))).join(' and ')}` : ''} is less than ${duration(rule.amount, rule.unit)} away`;
    case 'required':
      return `${rule.field} is required`;
    case 'sole':
      return `another ${r.spoken} with the same ${spokenName(rule.per.replace(/Id$/, ''))} is already ${rule.state}`;
    case 'standing':
      return `no new ${r.spoken} with ${rule.count} ${r.spokenPlural} that are ${rule.state} with the same ${spokenName(rule.per.replace(/Id$/, ''))}`;
    case 'compare':
      return `${rule.field} must be ${rule.relation} ${rule.other}`;
    case 'clock':
      return `${rule.field} must be a time of day from ${rule.from}${rule.step !== undefined ? ` at ${rule.step}-minute steps` : ''}, ending by ${rule.to}`;
    case 'window':
      return rule.side === 'ahead'
        ? `${withArticle(r.spoken)} can be ${doneWord(rule.action)} at most ${duration(rule.amount, rule.unit)} before its ${spokenName(rule.field)}`
        : `${withArticle(r.spoken)} can be ${doneWord(rule.action)} only until ${duration(rule.amount, rule.unit)} ${rule.side} its ${spokenName(rule.field)}`;
    case 'action':
    case 'forbid':
      return `cannot ${OPERATION_WORDS[rule.action] ?? rule.action} ${withArticle(r.spoken)} that is `;
    case 'role':
      return `only ${rule.roles.map((x) => withArticle(x)).join(' or ')} can ${OPERATION_WORDS[rule.operation] ?? rule.operation} ${withArticle(r.spoken)}`;
    case 'tariff':
      return `${rule.by} must be one of ${rule.amounts.map((a) => a.value).join(', ')}`;
    case 'threshold':
    case 'price':
    case 'share':
    case 'lateFee':
      return '';
  }
}

/** Money is kept to the cent. */
const cents = (expression: string): string => `Math.round(${expression} * 100) / 100`;

/**
 * The JavaScript of one rule's function, as the developer writes it into the module of its record. The store has
 * validated the record before a rule sees it, so a rule checks only what it is about: every condition in it is one
 * a test can make true and false, and mutation testing finds no branch that nothing observes.
 */
export function ruleSource(
  code: ImplementedRule,
  r: Resource,
  text: string,
  lifecycle: StatusMachine | undefined,
  updates: boolean,
  /** For an action: the functions of the deadlines it must meet, of the ones that change where it leads, and of its charges. */
  extras: ActionExtras = { deadlines: [], soles: [], lateness: [], charges: [] },
): string {
  const { rule, functionName: name } = code;
  const head = doc(code.criterionIds, text);
  // A change names only the fields it changes: a required one may be absent from it too.
  const optional = (field: string): boolean => updates || !r.fields.find((f) => f.name === field)?.required;
  switch (rule.kind) {
    case 'range': {
      const value = `record.${rule.field}`;
      const size = rule.measure === 'words' ? `${value}.trim().split(/\\s+/).length` : rule.measure === 'characters' ? `${value}.length` : value;
      const outside = [...(rule.min !== undefined ? [`${size} < ${rule.min}`] : []), ...(rule.max !== undefined ? [`${size} > ${rule.max}`] : [])].join(' || ');
      // A number compares false with undefined; a text that is absent has no length to measure.
      const given = rule.measure !== 'value' && optional(rule.field) ? `typeof ${value} === 'string' && ` : '';
      const test = given && outside.includes('||') ? `${given}(${outside})` : `${given}${outside}`;
      return `${head}
function ${name}(record) {
  if (${test}) throw new ValidationError(${js(refusalOf(rule, r))});
}`;
    }
    case 'oneOf': {
      const value = `record.${rule.field}`;
      const given = optional(rule.field) ? `${value} !== undefined && ` : '';
      return `${head}
function ${name}(record) {
  if (${given}!${js(rule.values)}.includes(${value})) throw new ValidationError(${js(refusalOf(rule, r))});
}`;
    }
    case 'limit': {
      const conditions = [
        // Only a change compares a record with itself; a new record has no id yet.
        ...(updates ? ['other.id !== record.id'] : []),
        ...rule.per.map((p) => (rule.within?.field === p ? `${periodKey(rule.within.period, `other.${p}`)} === ${periodKey(rule.within.period, `record.${p}`)}` : `other.${p} === record.${p}`)),
        // "the same registration" is no registration shared by records that have none.
        ...rule.per.filter((p) => !r.fields.find((f) => f.name === p)?.required).map((p) => `record.${p} !== undefined`),
        ...running(rule, lifecycle),
        // A date that has passed is a record that no longer counts.
        ...(rule.upcoming ? [`Date.parse(other.${rule.upcoming}) > now`] : []),
      ];
      return `${head}
function ${name}(record, others${rule.upcoming ? ', now' : ''}) {
  const counted = others.filter((other) => ${conditions.join(' && ') || 'true'});
  if (${rule.upcoming ? `Date.parse(record.${rule.upcoming}) > now && ` : ''}counted.length >= ${rule.max}) throw new ConflictError(${js(refusalOf(rule, r))});
}`;
    }
    case 'capacity': {
      const conditions = [...(updates ? ['other.id !== record.id'] : []), `other.${rule.ref} === record.${rule.ref}`, ...running(rule, lifecycle)];
      // \`held\` is the record this one points at; one the store cannot find has no capacity to count against.
      return `${head}
function ${name}(record, others, held) {
  if (held === undefined) return;
  const taken = others.filter((other) => ${conditions.join(' && ')});
  if (taken.length >= held.${rule.field}) throw new ConflictError(${js(refusalOf(rule, r))});
}`;
    }
    case 'blocked':
      // \`held\` is the record this one points at; one the store cannot find is in no state.
      return `${head}
function ${name}(record, others, held) {
  if (held !== undefined && held.status === ${js(rule.state)}) throw new ConflictError(${js(refusalOf(rule, r))});
}`;
    case 'overlap': {
      const conditions = [
        ...(updates ? ['other.id !== record.id'] : []),
        ...rule.per.map((p) => `other.${p} === record.${p}`),
        ...running(rule, lifecycle),
        // Two spans overlap when each starts before the other ends; back to back is not an overlap.
        `Date.parse(other.${rule.start}) < Date.parse(record.${rule.end})`,
        `Date.parse(record.${rule.start}) < Date.parse(other.${rule.end})`,
      ];
      return `${head}
function ${name}(record, others) {
  if (Date.parse(record.${rule.end}) <= Date.parse(record.${rule.start})) throw new ValidationError(${js(`${rule.end} must be after ${rule.start}`)});
  const clashing = others.filter((other) => ${conditions.join(' && ')});
  if (clashing.length > 0) throw new ConflictError(${js(refusalOf(rule, r))});
}`;
    }
    case 'interval': {
      const conditions = [
        ...(updates ? ['other.id !== record.id'] : []),
        ...rule.per.map((p) => `other.${p} === record.${p}`),
        `Math.abs(Date.parse(other.${rule.field}) - Date.parse(record.${rule.field})) < ${rule.amount * UNIT_MS[rule.unit]}`,
      ];
      return `${head}
function ${name}(record, others) {
  const close = others.filter((other) => ${conditions.join(' && ')});
  if (close.length > 0) throw new ConflictError(${js(refusalOf(rule, r))});
}`;
    }
    case 'duration': {
      const span = `Date.parse(record.${rule.end}) - Date.parse(record.${rule.start})`;
      const { shortest, longest } = spanLimits(rule);
      return `${head}
function ${name}(record) {
  const span = ${span};
  if (span < 0) throw new ValidationError(${js(`${rule.end} must not be before ${rule.start}`)});
  if (${[...(shortest > 0 ? [`span < ${shortest}`] : []), `span > ${longest}`].join(' || ')}) throw new ValidationError(${js(refusalOf(rule, r))});
}`;
    }
    case 'clock': {
      const from = minutesOfDay(rule.from);
      const conditions = [
        `minutes >= ${from}`,
        `minutes + ${rule.length ?? 0} <= ${minutesOfDay(rule.to)}`,
        ...(rule.step !== undefined ? [`(minutes - ${from}) % ${rule.step} === 0`] : []),
      ];
      // The time of day as the client wrote it, in its own time zone: "T12:30" is half past twelve wherever it is.
      return `${head}
function ${name}(record) {
  const time = /T(\\d{2}):(\\d{2})/.exec(record.${rule.field});
  const minutes = time ? Number(time[1]) * 60 + Number(time[2]) : NaN;
  if (!(${conditions.join(' && ')})) throw new ValidationError(${js(refusalOf(rule, r))});
}`;
    }
    case 'standing':
      return `${head}
function ${name}(record, others) {
  const counted = others.filter((other) => other.${rule.per} === record.${rule.per} && other.status === ${js(rule.state)});
  if (counted.length >= ${rule.count}) throw new ConflictError(${js(refusalOf(rule, r))});
}`;
    case 'sole':
      // The action refuses a record already in the state before this is called: it never counts itself.
      return `${head}
function ${name}(record, others) {
  const reached = others.filter((other) => other.${rule.per} === record.${rule.per} && other.status === ${js(rule.state)});
  if (reached.length > 0) throw new ConflictError(${js(refusalOf(rule, r))});
}`;
    case 'required':
      return `${head}
function ${name}(record) {
  if (record.${rule.field} === undefined) throw new ValidationError(${js(refusalOf(rule, r))});
}`;
    case 'compare': {
      const dates = rule.relation === 'before' || rule.relation === 'after';
      const value = (f: string): string => (dates ? `Date.parse(record.${f})` : `record.${f}`);
      const broken = { 'at most': '>', 'at least': '<', before: '>=', after: '<=' }[rule.relation];
      return `${head}
function ${name}(record) {
  if (${value(rule.field)} ${broken} ${value(rule.other)}) throw new ValidationError(${js(refusalOf(rule, r))});
}`;
    }
    case 'window': {
      const date = `Date.parse(record.${rule.field})`;
      const span = `${rule.amount * UNIT_MS[rule.unit]}`;
      // Measured against the store's clock, so that a test can stand at any moment.
      const late = { before: `now > ${date} - ${span}`, after: `now > ${date} + ${span}`, ahead: `${date} - ${span} > now` }[rule.side];
      if (rule.late) {
        return `${head}
function ${name}(record, now) {
  return ${late};
}`;
      }
      return `${head}
function ${name}(record, now) {
  if (${late}) throw new ConflictError(${js(refusalOf(rule, r))});
}`;
    }
    case 'threshold':
      return `${head}
function ${name}(record) {
  return record.${rule.field} ${rule.atLeast ? '>' : '<'}${rule.strict ? '' : '='} ${rule.at};
}`;
    case 'action':
    case 'forbid': {
      if (rule.kind === 'forbid' && refusesStoreOperation(rule)) {
        return `${head}
function ${name}(current) {
  if (current.status === ${js(rule.state)}) throw new ConflictError(${js(`${refusalOf(rule, r)}${rule.state}`)});
}`;
      }
      const action = lifecycle?.actions.find((a) => a.action === rule.action);
      if (!action) return '';
      const deadlines = [...extras.deadlines.map((d) => `  ${d}(current, now);\n`), ...extras.soles.map((d) => `  ${d}(current, records.list());\n`)].join('');
      // Past a deadline that changes the outcome ("later cancellations are no-shows") the record takes that status.
      const status = extras.lateness.reduceRight((otherwise, l) => `${l.functionName}(current, now) ? ${js(l.status)} : ${otherwise}`, js(action.to));
      const set = [`status: ${status}`, ...extras.charges.map((c) => `${c.field}: ${c.functionName}(current, now)`)].join(', ');
      const clocked = extras.deadlines.length + extras.lateness.length + extras.charges.length > 0;
      return `${head}
function ${name}(records, id${clocked ? ', now' : ''}) {
  const current = records.get(id);
  if (current === undefined) return undefined;
  if (!${js(action.from)}.includes(current.status)) {
    throw new ConflictError(\`${refusalOf(action, r)}\${current.status}\`);
  }
${deadlines}  return records.update(id, {}, { ${set} });
}`;
    }
    case 'price': {
      const amount = rule.reduced ? `record.${rule.reduced.flag} === true ? ${rule.reduced.amount} : ${rule.amount}` : String(rule.amount);
      const lines: string[] = [];
      let total = 'amount';
      if (rule.basis.of === 'span') {
        const { start, end } = rule.basis;
        // Every unit (or block of units) of time that has started is paid for in full.
        lines.push(
          `const units = Math.ceil((Date.parse(record.${end}) - Date.parse(record.${start})) / ${blockMs(rule.basis)});`,
          `if (units < 1) throw new ValidationError(${js(`${end} must be after ${start}`)});`,
        );
        total = 'amount * units';
      } else if (rule.basis.of === 'count') {
        const { field } = rule.basis;
        lines.push(`if (record.${field} < 0) throw new ValidationError(${js(`${field} must be 0 or more`)});`);
        total = `amount * record.${field}`;
      }
      if (rule.minimum !== undefined) total = `Math.max(${rule.minimum}, ${total})`;
      return `${head}
function ${name}(record) {
  const amount = ${amount};
${lines.map((l) => `  ${l}\n`).join('')}  return ${cents(total)};
}`;
    }
    case 'share': {
      // Kept to the cent: a percent of an amount in cents is a whole number of hundredths.
      const amount = `Math.round(record.${rule.of} * ${rule.percent}) / 100`;
      return `${head}
function ${name}(record) {
${rule.flag ? `  if (record.${rule.flag} !== true) return 0;\n` : ''}  return ${amount};
}`;
    }
    case 'tariff': {
      const amounts = Object.fromEntries(rule.amounts.map((a) => [a.value, a.amount]));
      // Only the listed words have an amount: any other is refused rather than priced at nothing.
      return `${head}
function ${name}(record) {
  const amounts = ${js(amounts)};
  if (!Object.hasOwn(amounts, record.${rule.by})) throw new ValidationError(${js(refusalOf(rule, r))});
  return amounts[record.${rule.by}];
}`;
    }
    case 'lateFee':
      return `${head}
function ${name}(record, now) {
  const late = Math.ceil((now - Date.parse(record.${rule.due})) / ${UNIT_MS[rule.unit]});
  return ${cents(`Math.max(0, late) * ${rule.amount}`)};
}`;
    case 'role':
      return `${head}
function ${name}(roles) {
  if (!${rule.roles.length === 1 ? `roles.includes(${js(rule.roles[0])})` : `${js(rule.roles)}.some((role) => roles.includes(role))`}) throw new ForbiddenError(${js(refusalOf(rule, r))});
}`;
  }
}
