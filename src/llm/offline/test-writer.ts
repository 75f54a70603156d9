import type { AgentInput } from '../../domain/agents/agent';
import type { AnalystOutput } from '../../domain/agents/analyst';
import type { DeveloperOutput, SourceFile } from '../../domain/agents/developer';
import type { TesterOutput } from '../../domain/agents/tester';
import { writeAnalysis } from './analysis-writer';
import { STORE_FUNCTION, type StoreFunction, writeCode } from './code-writer';
import { type AppContract, type ModuleContract, readProject } from './code-reader';
import { type OperationKind, criterionKind } from './criteria';
import { camelCase, spokenName, withArticle } from './naming';
import { type Resource, type ResourceField, afterActor, resourcesOf } from './resources';
import { type Rule, UNIT_MS, blockMs, spanLimits, valueBounds } from './rule';
import { type ImplementedRule, type StatusMachine, implementedRules, lifecycleOf, managedFields, neededFields, refusesStoreOperation, runsOnClock } from './rule-code';
import { type RuleSubject, hhmm, priceFor, ruleTests, shareOf, slotHelper, slotsOf, uniqueHelper } from './rule-tests';

type TestedKind = OperationKind;

/**
 * A criterion the tests can prove: a plain operation on a record whose code the developer names (or, in an
 * answer without `implementations`, the module of the resource it is about), and the store function doing it.
 */
interface Claim {
  id: string;
  storyId: string;
  text: string;
  kind: TestedKind;
  module: ModuleContract;
  fn: StoreFunction;
}

/** A test to write: the criteria it proves (none for a module no criterion asks of), its name, and its body. */
interface PlannedTest {
  ids: string[];
  name: string;
  body: string;
  http: boolean;
}

/** What one module's tests need: its contract, the rules it implements and the sample records they send. */
interface Subject {
  module: ModuleContract;
  spoken: string;
  plural: string;
  /** Fields a client sends; the store sets the others (a status, a computed flag). */
  fields: ResourceField[];
  valid: Record<string, unknown>;
  other: Record<string, unknown>;
  invalid: Record<string, unknown>;
  required: string;
  rules: ImplementedRule[];
  lifecycle?: StatusMachine;
  /** What the store adds to every sample record it keeps. */
  kept: Record<string, unknown>;
  /** Fields some limit counts by: samples differ in them, so that CRUD tests never reach a limit. */
  perFields: ResourceField[];
}

const fieldPattern = (f: ResourceField): string => spokenName(f.name).replace(/ /g, '\\s+');

/** The fields a computed value (a flag, a price) is computed from. */
function inputsOf(rule: Rule): string[] {
  if (rule.kind === 'threshold') return [rule.field];
  if (rule.kind === 'share') return [rule.of, ...(rule.flag ? [rule.flag] : [])];
  if (rule.kind === 'tariff') return [rule.by];
  if (rule.kind !== 'price') return [];
  const basis = rule.basis.of === 'span' ? [rule.basis.start, rule.basis.end] : rule.basis.of === 'count' ? [rule.basis.field] : [];
  return [...basis, ...(rule.reduced ? [rule.reduced.flag] : [])];
}

/** The count every sample is priced by, so that the store computes the same price for all of them. */
const SAMPLE_COUNT = 3;

/** The sample count of a field, moved inside the range a rule gives it ("between 8 and 60 servings"). */
function sampleCount(rules: readonly ImplementedRule[], field: string): number {
  const { min, max } = valueBounds(rules.map((x) => x.rule), field);
  return Math.min(Math.max(SAMPLE_COUNT, min ?? SAMPLE_COUNT), max ?? SAMPLE_COUNT);
}
/** The amount every sample takes a share of, for the same reason. */
const SAMPLE_BASE = 80;

/** What the store computes for every sample record (see \`allowedSample\`): its prices, from the sample's own span. */
function samplePrices(rules: readonly ImplementedRule[], sample: Readonly<Record<string, unknown>>): Record<string, number> {
  const spanOf = (start: string, end: string): number => Date.parse(String(sample[end])) - Date.parse(String(sample[start]));
  const prices: Record<string, number> = Object.fromEntries(
    rules.flatMap(({ rule }) => {
      if (rule.kind === 'tariff') return [[rule.field, rule.amounts[0].amount]];
      if (rule.kind !== 'price') return [];
      const units = rule.basis.of === 'span' ? Math.ceil(spanOf(rule.basis.start, rule.basis.end) / blockMs(rule.basis)) : rule.basis.of === 'count' ? sampleCount(rules, rule.basis.field) : 1;
      return [[rule.field, priceFor(rule, units)]];
    }),
  );
  // A share is of the sample's own amount, or of the price the store computed for it.
  const shares = rules.flatMap(({ rule }) =>
    rule.kind === 'share' ? [[rule.field, rule.flag ? 0 : shareOf(rule.percent, prices[rule.of] ?? SAMPLE_BASE)] as const] : [],
  );
  return { ...prices, ...Object.fromEntries(shares) };
}

/**
 * The field an update criterion is about: the one after a possessive ("a loan's status"), else one named after the
 * person acting (so "A member can change …" does not pick a `member` field), else the first optional one.
 */
function changedField(s: Pick<Subject, 'fields' | 'rules'>, criterion: string): ResourceField {
  // A number a flag or a price is computed from changes it too, and a date a span is measured by moves the span: the
  // tests of a change look at one field that nothing else depends on.
  const derived = new Set(s.rules.flatMap((x) => [...inputsOf(x.rule), ...neededFields(x.rule)]));
  const fields = s.fields.filter((f) => !derived.has(f.name));
  const choices = fields.length > 0 ? fields : s.fields;
  const possessed = choices.find((f) => new RegExp(`'s\\s+${fieldPattern(f)}\\b`, 'i').test(criterion));
  if (possessed) return possessed;
  const words = afterActor(criterion) ?? criterion;
  const named = choices
    .filter((f) => new RegExp(`\\b${fieldPattern(f)}\\b`, 'i').test(words))
    .sort((a, b) => Number(a.required) - Number(b.required));
  return named[0] ?? choices.find((f) => !f.required) ?? choices[0];
}

type Variant = 0 | 1 | 2;
const DAY_MS = 24 * 60 * 60 * 1000;
const SAMPLE_DATES = ['2030-01-15T09:00:00.000Z', '2030-02-20T10:30:00.000Z', '2030-03-25T12:00:00.000Z'];

function sample(f: ResourceField, variant: Variant): unknown {
  switch (f.type) {
    case 'number':
      return [3, 5, 4][variant];
    case 'boolean':
      return variant !== 1;
    case 'date':
      return SAMPLE_DATES[variant];
    case 'id':
      return String(variant + 1);
    case 'string':
      if (f.name === 'status') return ['open', 'closed', 'pending'][variant];
      if (/email/i.test(f.name)) return ['ada@example.com', 'grace@example.com', 'alan@example.com'][variant];
      return `${spokenName(f.name)} ${['one', 'two', 'three'][variant]}`;
  }
}

/** A value of the wrong type for a field, and the words the store refuses it with. */
function wrongValue(f: ResourceField): { value: unknown; message: string } {
  switch (f.type) {
    case 'number':
      return { value: 'many', message: `${f.name} must be a number` };
    case 'boolean':
      return { value: 'yes', message: `${f.name} must be true or false` };
    case 'date':
      return { value: 'someday', message: `${f.name} must be a date such as 2030-01-15T09:00:00Z` };
    case 'id':
      return { value: true, message: `${f.name} must be an id` };
    case 'string':
      return { value: 42, message: `${f.name} must be a non-empty string` };
  }
}

/** Whether a date's samples are measured from the tests' clock: a deadline is on it, or a limit counts it only while ahead. */
function fromClock(rules: readonly ImplementedRule[], field: string): boolean {
  return rules.some(({ rule }) => (rule.kind === 'window' && rule.field === field) || (rule.kind === 'limit' && rule.upcoming === field));
}

/** A sample the module's rules accept: inside every range, one of the listed values, short of every threshold. */
function allowedSample(rules: readonly ImplementedRule[], f: ResourceField, variant: Variant): unknown {
  let value = sample(f, variant);
  for (const { rule } of rules) {
    if (rule.kind === 'oneOf' && rule.field === f.name) value = rule.values[variant % rule.values.length];
    if (rule.kind === 'range' && rule.field === f.name) {
      if (rule.measure !== 'value') value = Array.from({ length: Math.max(1, rule.min ?? 1) }, () => 'word').join(rule.measure === 'words' ? ' ' : '');
      else if (rule.min !== undefined && rule.max !== undefined) value = variant === 1 ? rule.max : rule.min;
      else if (rule.max !== undefined) value = Math.min(Number(value), rule.max - (variant === 1 ? 0 : 1));
      else if (rule.min !== undefined) value = Math.max(Number(value), rule.min + (variant === 1 ? 1 : 0));
    }
  }
  const deadlines = rules.flatMap(({ rule }) => (rule.kind === 'window' && rule.field === f.name ? [rule] : []));
  if (deadlines.length > 0) {
    // In time for every deadline on this date: after the latest "until … before", within the nearest "at most … ahead".
    const before = Math.max(0, ...deadlines.filter((d) => d.side === 'before').map((d) => d.amount * UNIT_MS[d.unit]));
    const ahead = Math.min(...deadlines.filter((d) => d.side === 'ahead').map((d) => d.amount * UNIT_MS[d.unit]));
    // "within 30 days of the expense date": a date in the past, half way into the time allowed after it.
    const after = Math.min(...deadlines.filter((d) => d.side === 'after').map((d) => d.amount * UNIT_MS[d.unit]));
    const offset = Number.isFinite(ahead) ? (before < ahead ? Math.round((before + ahead) / 2) : ahead) : before * 2 + 3_600_000;
    value = { __offsetMs: (Number.isFinite(after) && before === 0 && !Number.isFinite(ahead) ? -Math.round(after / 2) : offset) + variant * 60_000 };
  } else if (fromClock(rules, f.name)) {
    // A date a limit counts only while it is ahead is ahead of the test's clock.
    value = { __offsetMs: 2 * DAY_MS + variant * 60_000 };
  }
  for (const { rule } of rules) {
    // A span ends a day after it starts.
    const span = rule.kind === 'overlap' ? rule : rule.kind === 'price' && rule.basis.of === 'span' ? rule.basis : undefined;
    if (span?.start === f.name) value = SAMPLE_DATES[variant];
    if (span?.end === f.name) value = new Date(Date.parse(SAMPLE_DATES[variant]) + DAY_MS).toISOString();
    // Every sample pays the full price of the same count.
    if (rule.kind === 'price' && rule.basis.of === 'count' && rule.basis.field === f.name) value = sampleCount(rules, f.name);
    if (rule.kind === 'price' && rule.reduced?.flag === f.name) value = false;
    if (rule.kind === 'share' && rule.of === f.name) value = SAMPLE_BASE;
    if (rule.kind === 'share' && rule.flag === f.name) value = false;
    // Every sample holds the first listed word, so the store computes the same amount for all of them.
    if (rule.kind === 'tariff' && rule.by === f.name) value = rule.amounts[0].value;
  }
  const clock = rules.map((x) => x.rule).find((r) => r.kind === 'clock' && r.field === f.name);
  if (clock?.kind === 'clock') {
    // Under opening hours a date is one of their slots: the first free one after a deadline, or one on the sample's day.
    const { first, last, step } = slotsOf(clock);
    const offset = (value as { __offsetMs?: number } | undefined)?.__offsetMs;
    value = offset !== undefined ? { __slotMs: offset } : `${String(value).slice(0, 11)}${hhmm(Math.min(last, first + variant * step))}:00.000Z`;
  }
  const bounded = rules.map((x) => x.rule).find((r) => r.kind === 'compare' && r.field === f.name);
  if (bounded?.kind === 'compare') {
    // Where the other field stands: equal for numbers, a day on the right side for dates.
    const other = allowedSample(rules, { ...f, name: bounded.other }, variant);
    const days = { before: -1, after: 1, 'at most': 0, 'at least': 0 }[bounded.relation];
    value = typeof other === 'string' ? new Date(Date.parse(other) + days * DAY_MS).toISOString() : other;
  }
  const span = rules.map((x) => x.rule).find((r) => r.kind === 'duration' && r.end === f.name);
  if (span?.kind === 'duration') {
    // An end within the longest span after the sample's start, and not within the shortest.
    const { shortest, longest } = spanLimits(span);
    const delta = Math.max(Math.min(longest, DAY_MS), shortest);
    const start = allowedSample(rules, { ...f, name: span.start }, variant) as string | { __offsetMs?: number; __slotMs?: number };
    if (typeof start === 'string') value = new Date(Date.parse(start) + delta).toISOString();
    else if (start.__slotMs !== undefined) value = { __slotMs: start.__slotMs, plusMs: delta };
    else value = { __offsetMs: (start.__offsetMs ?? 0) + delta };
  }
  for (const { rule } of rules) {
    // Below the threshold every sample keeps the flag off, so what the store adds is the same for all of them.
    if (rule.kind === 'threshold' && rule.field === f.name) value = rule.atLeast ? Math.min(Number(value), rule.at - 1) : Math.max(Number(value), rule.at + 1);
  }
  return value;
}

function subjectOf(module: ModuleContract, resource: Resource | undefined, rules: ImplementedRule[]): Subject {
  const spoken = resource?.spoken ?? spokenName(module.fieldsExport.replace(/Fields$/, ''));
  const lifecycle = lifecycleOf(rules.map((x) => x.rule));
  const flags = rules.flatMap((x) => (x.rule.kind === 'threshold' ? [x.rule.flag] : []));
  const managed = new Set(managedFields(rules.map((x) => x.rule)));
  // A detail a rule requires is sent with every sample, as a required one is.
  const needed = new Set(rules.flatMap((x) => (x.rule.kind === 'required' ? [x.rule.field] : [])));
  const fields = module.fields.filter((f) => !managed.has(f.name)).map((f) => (needed.has(f.name) ? { ...f, required: true } : f));
  const record = (variant: Variant): Record<string, unknown> => Object.fromEntries(fields.map((f) => [f.name, allowedSample(rules, f, variant)]));
  const valid = record(0);
  const required = (fields.find((f) => f.required) ?? fields[0]) as ResourceField;
  const invalid = { ...valid };
  delete invalid[required.name];
  const per = new Set(rules.flatMap((x) => (x.rule.kind === 'limit' || x.rule.kind === 'overlap' || x.rule.kind === 'interval' ? x.rule.per : x.rule.kind === 'sole' ? [x.rule.per] : [])));
  return {
    module,
    spoken,
    plural: resource?.spokenPlural ?? `${spoken}s`,
    fields,
    valid,
    other: record(1),
    invalid,
    required: required.name,
    rules,
    lifecycle,
    kept: { ...(lifecycle ? { status: lifecycle.initial } : {}), ...Object.fromEntries(flags.map((f) => [f, false])), ...samplePrices(rules, valid) },
    perFields: fields.filter((f) => per.has(f.name)),
  };
}

/** A date a deadline is measured against is written relative to the test's clock (see `allowedSample`). */
const json = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/\{"__offsetMs":(-?\d+)\}/g, 'new Date(NOW + $1).toISOString()')
    .replace(/\{"__slotMs":(-?\d+)\}/g, 'slotAfter(NOW + $1)')
    .replace(/\{"__slotMs":(-?\d+),"plusMs":(\d+)\}/g, 'new Date(Date.parse(slotAfter(NOW + $1)) + $2).toISOString()');
/**
 * A record with the required fields only: the others may be left out. What a limit counts by, and the dates of a
 * span, are its own, so it is stored beside the samples rather than refused as one more of theirs.
 */
const minimal = (s: Subject): Record<string, unknown> => {
  // A bounded span's two dates go together: one sample's start with another's end could break its bound.
  const spans = new Set(s.rules.flatMap((x) => (x.rule.kind === 'overlap' || x.rule.kind === 'duration' ? [x.rule.start, x.rule.end] : [])));
  return Object.fromEntries(
    s.fields.filter((f) => f.required).map((f) => [f.name, s.perFields.includes(f) || spans.has(f.name) ? allowedSample(s.rules, f, 2) : s.valid[f.name]]),
  );
};
/** A JavaScript string literal in the generated files' style: single quotes unless the text holds one. */
const quote = (text: string): string => (text.includes("'") ? json(text) : `'${text.replace(/\\/g, '\\\\')}'`);

/**
 * A test of the store function that implements the criterion, on a fresh store, asserting the exact records and
 * answers: a store function that returns nothing, or the wrong record, fails it.
 */
function storeTest(kind: TestedKind, s: Subject, field: ResourceField): { name: string; body: string } {
  const make = `const store = ${s.module.storeFactory}();`;
  const change = `const change = ${json({ [field.name]: allowedSample(s.rules, field, 1) })};`;
  switch (kind) {
    case 'create':
      return {
        name: `stores a new ${s.spoken} and gives it the next id`,
        body: `${make}
    assert.deepEqual(store.create(VALID), { id: '1', ...VALID });
    assert.deepEqual(store.create(OTHER), { id: '2', ...OTHER });
    assert.deepEqual(store.create(${json(minimal(s))}), { id: '3', ...${json(minimal(s))} });
    assert.deepEqual(store.get('1'), { id: '1', ...VALID });`,
      };
    case 'reject':
      return {
        name: `refuses ${withArticle(s.spoken)} without ${withArticle(spokenName(s.required))}`,
        body: `${make}
    assert.throws(() => store.create(INVALID), { name: 'ValidationError', message: ${quote(`${s.required} is required`)} });
    assert.deepEqual(store.list(), []);`,
      };
    case 'list':
      return {
        name: `lists every stored ${s.spoken}`,
        body: `${make}
    assert.deepEqual(store.list(), []);
    store.create(VALID);
    store.create(OTHER);
    assert.deepEqual(store.list(), [{ id: '1', ...VALID }, { id: '2', ...OTHER }]);`,
      };
    case 'get':
      return {
        name: `finds ${withArticle(s.spoken)} by id, and nothing for an unknown id`,
        body: `${make}
    store.create(VALID);
    store.create(OTHER);
    assert.deepEqual(store.get('2'), { id: '2', ...OTHER });
    assert.equal(store.get('no-such-id'), undefined);`,
      };
    case 'update':
      return {
        name: `changes ${withArticle(s.spoken)}'s ${spokenName(field.name)} and keeps the change`,
        body: `${make}
    ${change}
    store.create(VALID);
    assert.deepEqual(store.update('1', change), { id: '1', ...VALID, ...change });
    assert.deepEqual(store.get('1'), { id: '1', ...VALID, ...change });
    assert.equal(store.update('no-such-id', change), undefined);`,
      };
    case 'remove':
      return {
        name: `removes ${withArticle(s.spoken)} so it is no longer listed`,
        body: `${make}
    store.create(VALID);
    store.create(OTHER);
    assert.equal(store.remove('1'), true);
    assert.equal(store.get('1'), undefined);
    assert.deepEqual(store.list(), [{ id: '2', ...OTHER }]);
    assert.equal(store.remove('1'), false);`,
      };
  }
}

/**
 * More assertions on the same store function, written when proof found a criterion's tests too weak: the edges of
 * what it answers (ids in order, copies, fields it must not keep, every way of being refused).
 */
function sharperTest(kind: TestedKind, s: Subject, field: ResourceField): { name: string; body: string } {
  const make = `const store = ${s.module.storeFactory}();`;
  const wrong = wrongValue(field);
  switch (kind) {
    case 'create':
      return {
        name: `gives ${s.plural} ids in order, keeps only their fields and hands out copies`,
        body: `${make}
    const first = store.create(VALID);
    assert.deepEqual(first, { id: '1', ...VALID });
    assert.deepEqual(store.create({ ...OTHER, id: 'chosen', notAField: true }), { id: '2', ...OTHER });
    first.${s.required} = 'changed outside the store';
    assert.deepEqual(store.get('1'), { id: '1', ...VALID });
    assert.deepEqual(store.list().map((r) => r.id), ['1', '2']);`,
      };
    case 'reject': {
      const bad = json({ [field.name]: wrong.value });
      return {
        name: `refuses ${withArticle(s.spoken)} that is not an object or has a wrong value, and stores nothing`,
        body: `${make}
    assert.throws(() => store.create(null), { name: 'ValidationError', message: 'the body must be a JSON object' });
    assert.throws(() => store.create({ ...VALID, ...${bad} }), { name: 'ValidationError', message: ${quote(wrong.message)} });
    assert.throws(() => store.create(INVALID), { name: 'ValidationError', message: ${quote(`${s.required} is required`)} });
    assert.deepEqual(store.list(), []);
    assert.deepEqual(store.create(VALID), { id: '1', ...VALID });`,
      };
    }
    case 'list':
      return {
        name: `lists copies of the ${s.plural}, in the order they were created`,
        body: `${make}
    store.create(OTHER);
    store.create(VALID);
    const listed = store.list();
    assert.deepEqual(listed, [{ id: '1', ...OTHER }, { id: '2', ...VALID }]);
    listed[0].${s.required} = 'changed outside the store';
    assert.deepEqual(store.list()[0], { id: '1', ...OTHER });`,
      };
    case 'get':
      return {
        name: `finds each ${s.spoken} by its own id and hands out a copy`,
        body: `${make}
    store.create(VALID);
    store.create(OTHER);
    assert.deepEqual(store.get('1'), { id: '1', ...VALID });
    assert.deepEqual(store.get('2'), { id: '2', ...OTHER });
    store.get('1').${s.required} = 'changed outside the store';
    assert.deepEqual(store.get('1'), { id: '1', ...VALID });
    assert.equal(store.get('3'), undefined);`,
      };
    case 'update': {
      const bad = json({ [field.name]: wrong.value });
      return {
        name: `refuses a wrong ${spokenName(field.name)} and never changes ${withArticle(s.spoken)}'s id`,
        body: `${make}
    store.create(VALID);
    store.create(OTHER);
    assert.throws(() => store.update('1', ${bad}), { name: 'ValidationError', message: ${quote(wrong.message)} });
    assert.deepEqual(store.update('1', { id: '9' }), { id: '1', ...VALID });
    assert.deepEqual(store.get('2'), { id: '2', ...OTHER });
    assert.equal(store.get('9'), undefined);`,
      };
    }
    case 'remove':
      return {
        name: `removes only the ${s.spoken} asked for`,
        body: `${make}
    store.create(VALID);
    store.create(OTHER);
    assert.equal(store.remove('2'), true);
    assert.deepEqual(store.list(), [{ id: '1', ...VALID }]);
    assert.equal(store.remove('no-such-id'), false);
    assert.deepEqual(store.list(), [{ id: '1', ...VALID }]);`,
      };
  }
}

/** The same operation over HTTP, through the app's router: the status code and the exact body. */
function httpTest(kind: TestedKind, s: Subject, field: ResourceField): { name: string; body: string } | undefined {
  const path = s.module.path;
  const change = `const change = ${json({ [field.name]: allowedSample(s.rules, field, 1) })};`;
  const post = `const created = await call('POST', PATH, VALID);
    assert.equal(created.status, 201);
    assert.deepEqual(created.body, { id: created.body.id, ...VALID });`;
  switch (kind) {
    case 'create':
      return {
        name: `POST ${path} answers 201 with the new ${s.spoken}`,
        body: `${post}
    const fetched = await call('GET', \`\${PATH}/\${created.body.id}\`);
    assert.equal(fetched.status, 200);
    assert.deepEqual(fetched.body, created.body);`,
      };
    case 'reject':
      return {
        name: `POST ${path} without ${withArticle(spokenName(s.required))} answers 400`,
        body: `const refused = await call('POST', PATH, INVALID);
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body, { error: ${quote(`${s.required} is required`)} });`,
      };
    case 'list':
      return {
        name: `GET ${path} lists the ${s.plural} created`,
        body: `${post}
    const listed = await call('GET', PATH);
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body.filter((r) => r.id === created.body.id), [created.body]);`,
      };
    case 'get':
      return {
        name: `GET ${path}/:id answers 200, and 404 for an unknown id`,
        body: `${post}
    const fetched = await call('GET', \`\${PATH}/\${created.body.id}\`);
    assert.equal(fetched.status, 200);
    assert.deepEqual(fetched.body, created.body);
    const missing = await call('GET', \`\${PATH}/no-such-id\`);
    assert.equal(missing.status, 404);`,
      };
    case 'update':
      if (!s.module.update) return undefined;
      return {
        name: `PATCH ${path}/:id changes the ${spokenName(field.name)}`,
        body: `${post}
    ${change}
    const changed = await call('PATCH', \`\${PATH}/\${created.body.id}\`, change);
    assert.equal(changed.status, 200);
    assert.deepEqual(changed.body, { ...created.body, ...change });
    const missing = await call('PATCH', \`\${PATH}/no-such-id\`, change);
    assert.equal(missing.status, 404);`,
      };
    case 'remove':
      if (!s.module.remove) return undefined;
      return {
        name: `DELETE ${path}/:id removes the ${s.spoken}`,
        body: `${post}
    const removed = await call('DELETE', \`\${PATH}/\${created.body.id}\`);
    assert.equal(removed.status, 204);
    const fetched = await call('GET', \`\${PATH}/\${created.body.id}\`);
    assert.equal(fetched.status, 404);`,
      };
  }
}

const cites = (ids: string[], fallback: string): string => (ids.length > 0 ? `${ids.join(' ')} ` : fallback);

/**
 * The tests of one module. Criteria that ask the same of it share one test that cites them all; a module no
 * criterion asks anything of gets the basic checks, named without a criterion id so they claim nothing.
 */
/** What the store keeps of a sample: the sample and the values the store sets itself, in every expectation. */
function withKept(s: Subject, body: string): string {
  if (Object.keys(s.kept).length === 0) return body;
  return body.replace(/\{ id: ([^,{}]+), \.\.\.(VALID|OTHER|\{[^{}]*\})( \}|, )/g, '{ id: $1, ...$2, ...KEPT$3');
}

function plannedTests(
  s: Subject,
  claims: Claim[],
  rules: ImplementedRule[],
  app: AppContract | undefined,
  gaps: ReadonlySet<string>,
  holders: RuleSubject['holders'],
): PlannedTest[] {
  const groups = new Map<string, { kind: TestedKind; field: ResourceField; ids: string[] }>();
  if (claims.length === 0 && rules.length === 0) {
    for (const kind of ['create', 'reject', 'list'] as const) groups.set(kind, { kind, field: changedField(s, ''), ids: [] });
  }
  for (const c of claims) {
    const field = changedField(s, c.text);
    const key = c.kind === 'update' ? `${c.kind} ${field.name}` : c.kind;
    const group = groups.get(key) ?? { kind: c.kind, field, ids: [] };
    if (!group.ids.includes(c.id)) group.ids.push(c.id);
    groups.set(key, group);
  }
  const tests: PlannedTest[] = [];
  const fallback = `${s.spoken}: `;
  for (const g of groups.values()) {
    const unit = storeTest(g.kind, s, g.field);
    tests.push({ ids: g.ids, name: `${cites(g.ids, fallback)}${unit.name}`, body: withKept(s, unit.body), http: false });
    const weak = g.ids.filter((id) => gaps.has(id));
    if (weak.length > 0) {
      const sharper = sharperTest(g.kind, s, g.field);
      tests.push({ ids: weak, name: `${cites(weak, fallback)}${sharper.name}`, body: withKept(s, sharper.body), http: false });
    }
    const over = app ? httpTest(g.kind, s, g.field) : undefined;
    if (over) tests.push({ ids: g.ids, name: `${cites(g.ids, fallback)}${over.name}`, body: withKept(s, over.body), http: true });
  }
  const subject: RuleSubject = {
    storeFactory: s.module.storeFactory,
    path: s.module.path,
    resource: { spoken: s.spoken, spokenPlural: s.plural },
    update: s.module.functions.includes('update'),
    lifecycle: s.lifecycle,
    perFields: s.perFields,
    optional: new Set(s.fields.filter((f) => !f.required).map((f) => f.name)),
    clocks: s.rules.flatMap((x) => (x.rule.kind === 'clock' ? [x.rule] : [])),
    windows: s.rules.flatMap((x) => (x.rule.kind === 'window' ? [x.rule] : [])),
    spans: s.rules.flatMap((x) => (x.rule.kind === 'duration' ? [x.rule] : [])),
    rules: s.rules.map((x) => x.rule),
    changeable: changedField(s, '').name,
    valid: s.valid,
    other: s.other,
    clocked: runsOnClock(rules),
    holders,
  };
  for (const x of rules) {
    for (const t of ruleTests(subject, x)) {
      if (t.http && !app) continue;
      tests.push({ ids: x.criterionIds, name: t.name, body: t.body, http: t.http });
    }
  }
  // A store on a clock runs on the test's.
  return runsOnClock(rules) ? tests.map((t) => ({ ...t, body: t.body.replaceAll(`${s.module.storeFactory}()`, `${s.module.storeFactory}(() => NOW)`) })) : tests;
}

function testFile(s: Subject, tests: PlannedTest[], app: AppContract | undefined): SourceFile {
  const unit = tests.filter((t) => !t.http);
  const over = tests.filter((t) => t.http);
  const render = (t: PlannedTest, async: boolean): string =>
    `  test(${quote(t.name)}, ${async ? 'async ' : ''}() => {\n    ${t.body}\n  });`;
  // Each HTTP test gets a fresh app: records one test makes must not count towards another's limits.
  // The roles the module's rules let in: every request names them all unless a test says otherwise.
  const allowed = [...new Set(s.rules.flatMap((x) => (x.rule.kind === 'role' ? x.rule.roles : [])))];
  const roles = allowed.length > 0;
  const httpBlock =
    app && over.length > 0
      ? `

describe(${quote(`${s.spoken} over HTTP`)}, () => {
  let server;
  let base;

  beforeEach(async () => {
    server = ${app.factory}();
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = \`http://127.0.0.1:\${server.address().port}\`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  // node:http rather than fetch: fetch's HTTP client takes longer to load than these tests take to run.
  function call(method, path, body${roles ? ', role = AS' : ''}) {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = ${roles ? "{ ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }), ...(role === null ? {} : { 'x-role': role }) }" : "payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }"};
    return new Promise((resolve, reject) => {
      const request = http.request(base + path, { method, headers }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode, body: text === '' ? undefined : JSON.parse(text) }));
      });
      request.on('error', reject);
      request.end(payload);
    });
  }

${over.map((t) => render(t, true)).join('\n\n')}
});`
      : '';
  const imports = [
    `const { ${s.module.storeFactory} } = require(${quote(s.module.requirePath)});`,
    ...(httpBlock && app ? [`const { ${app.factory} } = require(${quote(app.requirePath)});`] : []),
  ];
  const helpers = [
    ...(Object.keys(s.kept).length > 0 ? [`/** What the store sets itself on every record it keeps. */\nconst KEPT = ${json(s.kept)};`] : []),
    ...(s.rules.length > 0 ? [uniqueHelper(s, s.rules.map((x) => x.rule))] : []),
    ...s.rules.flatMap(({ rule }) => (rule.kind === 'clock' && fromClock(s.rules, rule.field) ? [slotHelper(rule)] : [])),
    ...(roles && httpBlock ? [`/** The roles a request names (x-role) unless a test says otherwise: every role the API's rules let in. */\nconst AS = ${quote(allowed.join(', '))};`] : []),
  ];
  const base = s.module.file.replace(/^src\//, '').replace(/\.js$/, '').replace(/\//g, '-');
  return {
    path: `test/${base}.test.js`,
    content: `'use strict';

// Tests for ${s.plural}. A test whose name starts with criterion ids calls the code the developer named for them
// and checks its exact answers; a criterion no test names is not proven here and is left to a person.
const { describe, test${httpBlock ? ', beforeEach, afterEach' : ''} } = require('node:test');
const assert = require('node:assert/strict');
${httpBlock ? "const http = require('node:http');\n" : ''}${imports.join('\n')}

${httpBlock ? `const PATH = ${quote(s.module.path)};\n` : ''}${runsOnClock(s.rules) ? '/** The moment the tests stand at; dates with a deadline are written from it. */\nconst NOW = Date.now();\n' : ''}const VALID = ${json(s.valid)};
const OTHER = ${json(s.other)};
const INVALID = ${json(s.invalid)};
${helpers.length > 0 ? `\n${helpers.join('\n\n')}\n` : ''}
describe(${quote(`${s.spoken} store`)}, () => {
${unit.map((t) => render(t, false)).join('\n\n')}
});${httpBlock}
`,
  };
}

type CriterionRow = { storyId: string; id: string; text: string };

const normalPath = (file: string): string => file.replace(/^\.\//, '');

/**
 * Which criteria the tests can prove, and through which module and function. With the developer's
 * `implementations`, only what it declares: a criterion is tested only where the function it names does what the
 * criterion's words ask (a rule "implemented" by `create` is not proven by a test of `create`). Without them, the
 * module of the resource the criterion is about.
 */
/**
 * The rules of a module the tests can prove: those the criteria state (read the way the developer reads them) and
 * the developer declares implemented by the function of that module that does them, which the module exports or
 * offers as an action of its store.
 */
function ruleClaimsOf(resource: Resource | undefined, resources: Resource[], implementation: DeveloperOutput, module: ModuleContract): ImplementedRule[] {
  if (!resource) return [];
  const declared = implementation.implementations ?? [];
  return implementedRules(resource, resources)
    .map((x) => {
      const offered = refusesStoreOperation(x.rule)
        ? module.exports.includes(x.functionName) && module.functions.includes((x.rule as { action: StoreFunction }).action)
        : x.rule.kind === 'action' || x.rule.kind === 'forbid'
          ? module.actions.includes(camelCase(x.rule.action))
          : module.exports.includes(x.functionName);
      const ids = x.criterionIds.filter((id) => declared.some((i) => i.criterion_id === id && normalPath(i.file) === module.file && i.function === x.functionName));
      return offered ? { ...x, criterionIds: ids } : { ...x, criterionIds: [] };
    })
    .filter((x) => x.criterionIds.length > 0);
}

function claimsOf(criteria: CriterionRow[], implementation: DeveloperOutput, modules: ModuleContract[], resources: Resource[]): Claim[] {
  const declared = implementation.implementations;
  const claims: Claim[] = [];
  for (const c of criteria) {
    const kind = criterionKind(c.text);
    if (kind === 'rule' || kind === 'action') continue;
    const fn = STORE_FUNCTION[kind];
    const offers = (m: ModuleContract): boolean => m.functions.includes(fn);
    let module: ModuleContract | undefined;
    if (declared) {
      const own = declared.filter((i) => i.criterion_id === c.id && (i.function === undefined || i.function === fn));
      module = modules.find((m) => offers(m) && own.some((i) => normalPath(i.file) === m.file));
    } else {
      const resource = resources.find((r) => r.criteria.some((x) => x.id === c.id));
      module = resource ? modules.find((m) => offers(m) && m.file === `src/${resource.file}.js`) : undefined;
    }
    if (module) claims.push({ id: c.id, storyId: c.storyId, text: c.text, kind, module, fn });
  }
  return claims;
}

/** The criterion ids a proof report names (each gap starts with or mentions its id). */
function gapIds(proofGaps: string | undefined, known: ReadonlySet<string>): Set<string> {
  const ids = [...(proofGaps ?? '').matchAll(/\b([A-Za-z]+\d+\.[A-Za-z]+\d+)\b/g)].map((m) => m[1]);
  return new Set(ids.filter((id) => known.has(id)));
}

function criteriaOf(analysis: AnalystOutput): CriterionRow[] {
  return analysis.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => ({ storyId: s.id, id: c.id, text: c.text })));
}

/**
 * The tester's answer: node:test files for every module it finds in the code, with a test for each criterion it
 * can prove and none for the rest, which it names as left to a person. Asked again with proof gaps, it adds
 * sharper tests for the gaps it can prove; the answer depends only on its input.
 */
export function writeTests(input: AgentInput): TesterOutput {
  const analysis = input.analysis ?? writeAnalysis(input);
  const implementation = input.implementation ?? writeCode({ ...input, analysis });
  const project = readProject(implementation.files);
  const resources = resourcesOf(analysis);
  const criteria = criteriaOf(analysis);
  const claims = claimsOf(criteria, implementation, project.modules, resources);
  const gaps = gapIds(input.proofGaps, new Set(criteria.map((c) => c.id)));
  const files: SourceFile[] = [];
  const proven = new Map<string, string[]>();
  const claimed = new Map<string, { module: ModuleContract; fn: string }>(claims.map((c) => [c.id, c]));
  let total = 0;
  const subjects = project.modules.map((module) => {
    const resource = resources.find((r) => `${r.name}Fields` === module.fieldsExport || `src/${r.file}.js` === module.file);
    return subjectOf(module, resource, ruleClaimsOf(resource, resources, implementation, module));
  });
  // Where a rule's test makes a record of another module to point at: that module's path and valid sample.
  // A sample written against the test clock of its own module's file cannot be sent from another's.
  const holders = new Map(
    subjects.flatMap((x) => (/NOW|slotAfter/.test(json(x.valid)) ? [] : [[x.module.fieldsExport.replace(/Fields$/, ''), { path: x.module.path, valid: json(x.valid), lifecycle: x.lifecycle }] as const])),
  );
  for (const subject of subjects) {
    const { module, rules } = subject;
    for (const x of rules) for (const id of x.criterionIds) claimed.set(id, { module, fn: x.functionName });
    const tests = plannedTests(
      subject,
      claims.filter((c) => c.module === module),
      rules,
      project.app,
      gaps,
      holders,
    );
    total += tests.length;
    for (const t of tests) for (const id of t.ids) proven.set(id, [...(proven.get(id) ?? []), t.name]);
    files.push(testFile(subject, tests, project.app));
  }
  const manual = criteria.filter((c) => !proven.has(c.id));
  const sharpened = [...gaps].filter((id) => proven.has(id));
  const share = criteria.length === 0 ? 0 : (criteria.length - manual.length) / criteria.length;
  return {
    test_plan: criteria.map((c) => {
      const claim = claimed.get(c.id);
      return {
        story_id: c.storyId,
        criterion_id: c.id,
        description: proven.has(c.id)
          ? `Automated against ${claim?.module.file ?? 'the code'}#${claim?.fn ?? ''}: ${(proven.get(c.id) as string[]).join('; ')}`
          : criterionKind(c.text) === 'rule'
            ? `Not tested: "${c.text}" is a rule the code does not implement; left open for a person`
            : `Not tested: no code the developer named does what "${c.text}" asks; left open for a person`,
      };
    }),
    test_files: files,
    test_command: ['node', '--test'],
    expected_results: [
      `${total} tests in ${files.length} files pass under node --test`,
      ...project.modules.map((m) => `${m.path}: 201 on a valid POST, 400 without ${m.fields.find((f) => f.required)?.name}, 404 for an unknown id`),
      // Only what changed is said: asked again about criteria it cannot test, it answers as before.
      ...(sharpened.length > 0 ? [`Asked again for ${sharpened.join(', ')}: sharper tests for them`] : []),
      ...(manual.length > 0 ? [`${manual.length} criteria have no test and are left to a person: ${manual.map((c) => c.id).join(', ')}`] : []),
    ],
    confidence: files.length === 0 ? 0.2 : Math.round((0.5 + 0.45 * share) * 100) / 100,
  };
}
