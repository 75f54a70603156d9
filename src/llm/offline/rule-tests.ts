import { camelCase, spokenName, withArticle } from './naming';
import type { Resource } from './resources';
import { OPERATION_WORDS, PERIOD_DAYS, perWords, type Rule, UNIT_MS, actionSegment, blockMs, blockWords, duration, minutesOfDay, spanLimits, thresholdBound, valueBounds } from './rule';
import { type ImplementedRule, type StatusMachine, endingAction, heldRecords, periodKey, refusalOf, refusesStoreOperation } from './rule-code';

/** What a rule's test needs of the module it tests: its store factory, its path, and what its store can do. */
export interface RuleSubject {
  storeFactory: string;
  path: string;
  resource: Pick<Resource, 'spoken' | 'spokenPlural'>;
  update: boolean;
  lifecycle?: StatusMachine;
  /** Every field some limit of the module counts by: varied between records so that only the tested limit bites. */
  perFields: { name: string; type: string }[];
  /** Fields a record may be created without. */
  optional: ReadonlySet<string>;
  /** The client's sample record, as the tests send it. */
  valid: Record<string, unknown>;
  other: Record<string, unknown>;
  /** Opening hours the module's dates must keep: a date under a deadline is then one of their slots. */
  clocks: readonly ClockRule[];
  /** The module's deadlines, which a test of its opening hours must keep. */
  windows: readonly Extract<Rule, { kind: 'window' }>[];
  /** The module's longest spans: a test that moves an end moves its start along. */
  spans: readonly Extract<Rule, { kind: 'duration' }>[];
  /** A field a test may change to the other sample's value: one no rule computes from. */
  changeable: string;
  /** Every rule of the module: a test keeps the values it chooses within the others ("from 8 to 60" of a priced count). */
  rules: readonly Rule[];
  /** The store takes a clock first (deadlines, late charges). */
  clocked: boolean;
  /**
   * Records of other modules its rules read, by entity name: where they are posted, a valid one as JavaScript, and the
   * statuses their own actions move them through.
   */
  holders: ReadonlyMap<string, { path: string; valid: string; lifecycle?: StatusMachine }>;
}

type ClockRule = Extract<Rule, { kind: 'clock' }>;

/** "09:30" for 570 minutes past midnight. */
export const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The opening and the last start a clock rule allows, and the step between starts. */
export function slotsOf(rule: ClockRule): { first: number; last: number; step: number } {
  const first = minutesOfDay(rule.from);
  const latest = minutesOfDay(rule.to) - (rule.length ?? 0);
  const step = rule.step ?? 1;
  return { first, last: first + Math.floor((latest - first) / step) * step, step };
}

/** `slotAfter(ms)`: the first moment at or after ms that the opening hours allow, for dates under a deadline. */
export function slotHelper(rule: ClockRule): string {
  const { first, last, step } = slotsOf(rule);
  return `/** The first moment at or after ms that the opening hours allow (${rule.from} to ${rule.to}). */
function slotAfter(ms) {
  const day = new Date(ms);
  day.setUTCHours(0, 0, 0, 0);
  for (let d = day.getTime(); ; d += 86400000) {
    for (let t = ${first}; t <= ${last}; t += ${step}) if (d + t * 60000 >= ms) return new Date(d + t * 60000).toISOString();
  }
}`;
}

export interface RuleTest {
  name: string;
  body: string;
  http: boolean;
}

const json = (value: unknown): string => JSON.stringify(value);
const quote = (text: string): string => json(text);
/** What a price comes to for a quantity, to the cent, as the store computes it. */
export function priceFor(rule: Extract<Rule, { kind: 'price' }>, quantity: number, reduced = false): number {
  const amount = reduced && rule.reduced ? rule.reduced.amount : rule.amount;
  return Math.round(Math.max(rule.minimum ?? -Infinity, amount * quantity) * 100) / 100;
}

const refused = (kind: 'ValidationError' | 'ConflictError', message: string): string => `{ name: '${kind}', message: ${quote(message)} }`;

/** `unique(i)`: the valid record with every counted field made its own, so records never share an owner by chance. */
export function uniqueHelper(s: Pick<RuleSubject, 'perFields'>, rules: readonly Rule[]): string {
  // A date moves by whole days, so it keeps its time of day and stays clear of a deadline before it; one counted by
  // its week, month or year moves by as many days as the longest of them. The record's other dates move with it, so
  // a span between two of them keeps its length.
  const days = (field: string): number =>
    Math.max(1, ...rules.map((rule) => (rule.kind === 'limit' && rule.within?.field === field ? PERIOD_DAYS[rule.within.period] : 1)));
  const moved = (f: string): string => `new Date(Date.parse(VALID.${f}) + (i + 1) * ${days(f) * 86400000}).toISOString()`;
  const value = (f: { name: string; type: string }): string => (f.type === 'number' ? '1000 + i' : f.type === 'date' ? moved(f.name) : `\`${spokenName(f.name)} \${i}\``);
  const date = s.perFields.find((f) => f.type === 'date');
  // A limit on records still ahead moves a record's dates past the clock the same way (see `limitTest`).
  const moving = date !== undefined || rules.some((rule) => rule.kind === 'limit' && rule.upcoming !== undefined);
  const fields = s.perFields.filter((f) => f !== date).map((f) => `${f.name}: ${value(f)}`);
  const record = `{ ...VALID${fields.length > 0 ? `, ${fields.join(', ')}` : ''} }`;
  const unique = `/** The valid record with every field a limit counts by made its own, so only the rule under test bites. */
function unique(${s.perFields.length > 0 ? 'i' : ''}) {
  return ${date ? `dated(${record}, '${date.name}', ${moved(date.name)})` : record};
}`;
  return moving ? `${DATED_HELPER}\n\n${unique}` : unique;
}

/** `dated(record, field, value)`: the record with all its dates moved together, so that `field` is `value`. */
const DATED_HELPER = `/** The record with all its dates moved together so that field is value: a span between two of them keeps its length. */
function dated(record, field, value) {
  const by = Date.parse(value) - Date.parse(record[field]);
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, typeof v === 'string' && /^\\d{4}-\\d\\d-\\d\\dT/.test(v) ? new Date(Date.parse(v) + by).toISOString() : v]));
}`;

/** The statuses to pass through, by action, from the status a record starts in to \`target\`; undefined when none lead there. */
export function pathTo(lifecycle: StatusMachine, target: string): string[] | undefined {
  const queue: { status: string; path: string[] }[] = [{ status: lifecycle.initial, path: [] }];
  const seen = new Set([lifecycle.initial]);
  while (queue.length > 0) {
    const { status, path } = queue.shift() as { status: string; path: string[] };
    if (status === target) return path;
    for (const a of lifecycle.actions.filter((x) => x.from.includes(status) && !seen.has(x.to))) {
      seen.add(a.to);
      queue.push({ status: a.to, path: [...path, a.action] });
    }
  }
  return undefined;
}

/** An optional field left out is not the rule's business: the record is taken. */
function withoutField(s: RuleSubject, field: string): string[] {
  if (!s.optional.has(field)) return [];
  return [`const { ${field}: _left, ...without } = unique(99);`, `assert.equal(store.create(without).${field}, undefined);`];
}


function rangeTest(s: RuleSubject, rule: Extract<Rule, { kind: 'range' }>, x: ImplementedRule): RuleTest[] {
  const f = rule.field;
  const message = refusalOf(rule, s.resource);
  // Words are written with spaces around and between them doubled: counting must not depend on spacing. A text of
  // 501 words is built where it is used, not spelled out in the test.
  const value = (n: number): string =>
    rule.measure === 'words' ? `(' ' + Array(${n}).fill('word').join('  ') + ' ')` : rule.measure === 'characters' ? `'x'.repeat(${n})` : String(n);
  const outside = [...(rule.min !== undefined && (rule.measure === 'value' || rule.min > 1) ? [rule.min - 1] : []), ...(rule.max !== undefined ? [rule.max + 1] : [])];
  const edges = [...(rule.min !== undefined ? [rule.min] : []), ...(rule.max !== undefined ? [rule.max] : [])].filter((n) => rule.measure === 'value' || n > 0);
  const lines = [
    `const store = ${s.storeFactory}();`,
    ...outside.map((n) => `assert.throws(() => store.create({ ...VALID, ${f}: ${value(n)} }), ${refused('ValidationError', message)});`),
    'assert.deepEqual(store.list(), []);',
    ...edges.map((n, i) => `assert.equal(store.create({ ...unique(${i}), ${f}: ${value(n)} }).${f}, ${value(n)});`),
    ...(s.update && edges.length > 0
      ? [...outside.map((n) => `assert.throws(() => store.update('1', { ${f}: ${value(n)} }), ${refused('ValidationError', message)});`), `assert.equal(store.get('1').${f}, ${value(edges[0])});`]
      : []),
    ...withoutField(s, f),
  ];
  const http = [
    `const refused = await call('POST', PATH, { ...VALID, ${f}: ${value(outside[0])} });`,
    'assert.equal(refused.status, 400);',
    `assert.deepEqual(refused.body, { error: ${quote(message)} });`,
  ];
  const bound = message.replace(/^\S+ must be /, '');
  return [
    { name: `refuses ${withArticle(s.resource.spoken)} whose ${spokenName(f)} is not ${bound}, and takes the limits themselves`, body: lines.join('\n    '), http: false },
    ...(outside.length > 0 ? [{ name: `POST ${s.path} answers 400 for ${withArticle(spokenName(f))} that is not ${bound}`, body: http.join('\n    '), http: true }] : []),
  ].map((t) => ({ ...t, name: `${x.criterionIds.join(' ')} ${t.name}` }));
}

function oneOfTest(s: RuleSubject, rule: Extract<Rule, { kind: 'oneOf' }>, x: ImplementedRule): RuleTest[] {
  const f = rule.field;
  const message = refusalOf(rule, s.resource);
  const stranger = typeof rule.values[0] === 'number' ? Math.max(...(rule.values as number[])) + 1 : 'none of these';
  const lines = [
    `const store = ${s.storeFactory}();`,
    ...rule.values.map((v, i) => `assert.equal(store.create({ ...unique(${i}), ${f}: ${json(v)} }).${f}, ${json(v)});`),
    `assert.throws(() => store.create({ ...VALID, ${f}: ${json(stranger)} }), ${refused('ValidationError', message)});`,
    `assert.equal(store.list().length, ${rule.values.length});`,
    ...withoutField(s, f),
    ...(s.update ? [`assert.throws(() => store.update('1', { ${f}: ${json(stranger)} }), ${refused('ValidationError', message)});`, `assert.equal(store.get('1').${f}, ${json(rule.values[0])});`] : []),
  ];
  const http = [`const refused = await call('POST', PATH, { ...VALID, ${f}: ${json(stranger)} });`, 'assert.equal(refused.status, 400);', `assert.deepEqual(refused.body, { error: ${quote(message)} });`];
  return [
    { name: `${x.criterionIds.join(' ')} takes every listed ${spokenName(f)} and refuses any other`, body: lines.join('\n    '), http: false },
    { name: `${x.criterionIds.join(' ')} POST ${s.path} answers 400 for an unlisted ${spokenName(f)}`, body: http.join('\n    '), http: true },
  ];
}

function limitTest(s: RuleSubject, rule: Extract<Rule, { kind: 'limit' }>, x: ImplementedRule): RuleTest[] {
  const message = refusalOf(rule, s.resource);
  const within = rule.within;
  // "2 a day" and "5 a week" of the same people: the week's records fall on days the day's limit leaves room in.
  const smaller = within
    ? s.rules
        .filter((r): r is Extract<Rule, { kind: 'limit' }> => r.kind === 'limit' && r !== rule && r.within?.field === within.field)
        .filter((r) => r.within !== undefined && PERIOD_DAYS[r.within.period] < PERIOD_DAYS[within.period] && r.per.every((p) => rule.per.includes(p)))
        .sort((a, b) => a.max - b.max)[0]
    : undefined;
  // A date counted by is set with the record's other dates moving along (see `dated`).
  const date = s.perFields.find((f) => f.type === 'date' && rule.per.includes(f.name))?.name;
  const dateAt = (i: string): string => (smaller ? `at(${i})` : `VALID.${date}`);
  const plain = rule.per.filter((p) => p !== date).map((p) => `${p}: VALID.${p}`);
  const record = (i: string, when = date ? dateAt(i) : ''): string => {
    const own = `{ ...unique(${i})${plain.length > 0 ? `, ${plain.join(', ')}` : ''} }`;
    return date ? `dated(${own}, '${date}', ${when})` : own;
  };
  const spread =
    within && smaller?.within
      ? [
          `const key = (ms) => ${periodKey(within.period, 'new Date(ms).toISOString()')};`,
          `let first = Date.parse(VALID.${within.field}) + 86400000;`,
          `while (key(first) === key(Date.parse(VALID.${within.field}))) first += 86400000;`,
          `const at = (i) => new Date(first + Math.floor(i / ${smaller.max}) * ${PERIOD_DAYS[smaller.within.period] * 86400000}).toISOString();`,
        ]
      : [];
  const ending = rule.active && s.lifecycle ? endingAction(s.lifecycle) : undefined;
  // Records whose date has passed no longer count: the clock moves past them and a later one is taken. Every date of
  // the record moves along, so its other rules hold as they did; an interval between dates would not, so none is tried.
  const passing =
    rule.upcoming && !s.rules.some((r) => r.kind === 'interval')
      ? [
          `now = Date.parse(VALID.${rule.upcoming}) + 86400000;`,
          // Whole weeks, at least as far past the new moment as the valid record stood past the tests' own: its deadlines,
          // time of day and weekday hold as they did.
          'const shift = Math.ceil((now - NOW) / 604800000) * 604800000;',
          `const later = new Date(Date.parse(VALID.${rule.upcoming}) + shift).toISOString();`,
          `assert.equal(store.create(dated(${record(String(rule.max + 30))}, '${rule.upcoming}', later)).${rule.upcoming}, later);`,
        ]
      : [];
  // Another time of the same period counts too: an hour on (or back, past noon), where no opening hours hold the time.
  const last = smaller ? `at(${rule.max})` : `VALID.${within?.field}`;
  const samePeriod =
    within && !s.rules.some((r) => r.kind === 'clock' && r.field === within.field)
      ? [
          `const sameDay = new Date(Date.parse(${last}) + (new Date(${last}).getUTCHours() < 12 ? 3600000 : -3600000)).toISOString();`,
          `assert.throws(() => store.create(${record(String(rule.max + 40), 'sameDay')}), ${refused('ConflictError', message)});`,
        ]
      : [];
  const lines = [
    ...(rule.upcoming ? ['let now = NOW;', `const store = ${s.storeFactory}(() => now);`] : [`const store = ${s.storeFactory}();`]),
    ...spread,
    `for (let i = 0; i < ${rule.max}; i += 1) store.create(${record('i')});`,
    `assert.throws(() => store.create(${record(String(rule.max))}), ${refused('ConflictError', message)});`,
    `assert.equal(store.list().length, ${rule.max});`,
    ...samePeriod,
    ...(rule.per.length > 0 ? [`assert.equal(store.create(unique(${rule.max + 1})).id, '${rule.max + 1}');`] : []),
    // Sharing all but one of the fields counted by is sharing nothing: each field decides on its own.
    ...(rule.per.length > 1
      ? rule.per.map((p, k) => {
          const i = String(rule.max + 10 + k);
          const made = p === date ? record(i, `unique(${i}).${p}`) : `{ ...${record(i)}, ${p}: unique(${i}).${p} }`;
          return `assert.equal(store.create(${made}).id, '${rule.max + 2 + k}');`;
        })
      : []),
    ...(s.update && rule.per.length > 0
      ? [`assert.throws(() => store.update('${rule.max + 1}', ${date ? record(String(rule.max + 1), dateAt(String(rule.max))) : `{ ${plain.join(', ')} }`}), ${refused('ConflictError', message)});`, `assert.equal(store.get('${rule.max + 1}').${rule.per[0]}, unique(${rule.max + 1}).${rule.per[0]});`]
      : []),
    // A change to a record already counted does not count it twice.
    ...(s.update ? ["assert.equal(store.update('1', {}).id, '1');"] : []),
    // A record that has ended no longer counts towards a limit on running ones.
    ...(ending
      ? [`store.${camelCase(ending.action)}('1');`, 'const before = store.list().length;', `store.create(${record(String(rule.max + 2))});`, 'assert.equal(store.list().length, before + 1);']
      : []),
    ...passing,
    // Records that leave out a detail counted by share nothing by it: both are kept.
    ...rule.per
      .filter((p) => s.optional.has(p))
      .flatMap((p, k) => [
        'const without = store.list().length;',
        ...[0, 1].map((j) => `store.create({ ...${record(String(rule.max + 50 + 2 * k + j))}, ${p}: undefined });`),
        'assert.equal(store.list().length, without + 2);',
      ]),
  ];
  const http = [
    ...spread,
    `for (let i = 0; i < ${rule.max}; i += 1) assert.equal((await call('POST', PATH, ${record('i')})).status, 201);`,
    `const refused = await call('POST', PATH, ${record(String(rule.max))});`,
    'assert.equal(refused.status, 409);',
    `assert.deepEqual(refused.body, { error: ${quote(message)} });`,
  ];
  const what = `${rule.max} ${rule.active ? 'active ' : ''}${rule.upcoming ? 'upcoming ' : ''}${rule.max === 1 ? s.resource.spoken : s.resource.spokenPlural}`;
  return [
    { name: `${x.criterionIds.join(' ')} takes ${what}${perWords(rule.per, rule.within)} and refuses one more`, body: lines.join('\n    '), http: false },
    { name: `${x.criterionIds.join(' ')} POST ${s.path} answers 409 past ${what}`, body: http.join('\n    '), http: true },
  ];
}

/**
 * "At most once every 12 weeks": a record of the same owner closer than the interval is refused, one exactly that far
 * is taken, and another owner's close one too. Earlier dates are tried only where no deadline holds the date.
 */
function intervalTest(s: RuleSubject, rule: Extract<Rule, { kind: 'interval' }>, x: ImplementedRule): RuleTest[] {
  const { field: f } = rule;
  const span = rule.amount * UNIT_MS[rule.unit];
  const message = refused('ConflictError', refusalOf(rule, s.resource));
  const shared = rule.per.map((p) => `, ${p}: VALID.${p}`).join('');
  const record = (i: number, ms: number, own = shared): string => `{ ...unique(${i})${own}, ${f}: at(${ms}) }`;
  const held = s.windows.some((w) => w.field === f) || s.clocks.some((c) => c.field === f);
  const lines = [
    `const store = ${s.storeFactory}();`,
    `const at = (ms) => new Date(Date.parse(VALID.${f}) + ms).toISOString();`,
    `store.create(${record(0, 0)});`,
    `assert.throws(() => store.create(${record(1, span - 60_000)}), ${message});`,
    ...(held ? [] : [`assert.throws(() => store.create(${record(2, -(span - 60_000))}), ${message});`]),
    `assert.equal(store.create(${record(3, span)}).${f}, at(${span}));`,
    ...(rule.per.length > 0 ? [`assert.equal(store.create(${record(4, 60_000, '')}).${f}, at(60000));`] : []),
    `assert.equal(store.list().length, ${rule.per.length > 0 ? 3 : 2});`,
  ];
  const http = [
    `const at = (ms) => new Date(Date.parse(VALID.${f}) + ms).toISOString();`,
    `assert.equal((await call('POST', PATH, ${record(0, 0)})).status, 201);`,
    `const refused = await call('POST', PATH, ${record(1, span - 60_000)});`,
    'assert.equal(refused.status, 409);',
    `assert.deepEqual(refused.body, { error: ${quote(refusalOf(rule, s.resource))} });`,
  ];
  const per = rule.per.length > 0 ? ` with the same ${rule.per.map(spokenName).join(' and ')}` : '';
  return [
    { name: `${x.criterionIds.join(' ')} refuses ${withArticle(s.resource.spoken)}${per} less than ${duration(rule.amount, rule.unit)} from another, and takes one that far`, body: lines.join('\n    '), http: false },
    { name: `${x.criterionIds.join(' ')} POST ${s.path} answers 409 for ${withArticle(s.resource.spoken)} too soon after another`, body: http.join('\n    '), http: true },
  ];
}

/** The store made with a test's own finder for the records of \`holder\`, each other finder finding nothing. */
function storeFinding(s: RuleSubject, holder: string, finder: string): string {
  const finders = heldRecords(s.rules).map((h) => (h === holder ? finder : '() => undefined'));
  return `${s.storeFactory}(${[...(s.clocked ? ['() => NOW'] : []), ...finders].join(', ')})`;
}

/** "A kiln under repair cannot be booked": pointing at a record in that state is refused, at one in another taken. */
function blockedTest(s: RuleSubject, rule: Extract<Rule, { kind: 'blocked' }>, x: ImplementedRule): RuleTest[] {
  const message = refusalOf(rule, s.resource);
  const { ref, state } = rule;
  const record = (i: number, held: string): string => `{ ...unique(${i}), ${ref}: ${quote(held)} }`;
  const lines = [
    `const held = new Map([['1', { id: '1', status: ${quote(state)} }], ['2', { id: '2', status: ${quote(`not ${state}`)} }]]);`,
    `const store = ${storeFinding(s, rule.holder, '(id) => held.get(id)')};`,
    `assert.throws(() => store.create(${record(0, '1')}), ${refused('ConflictError', message)});`,
    'assert.equal(store.list().length, 0);',
    `assert.equal(store.create(${record(1, '2')}).${ref}, '2');`,
    // What the store cannot find is in no state.
    `assert.equal(store.create(${record(2, '9')}).${ref}, '9');`,
    ...(s.update ? [`assert.throws(() => store.update('1', { ${ref}: '1' }), ${refused('ConflictError', message)});`, `assert.equal(store.get('1').${ref}, '2');`] : []),
    "held.get('1').status = 'changed';",
    `assert.equal(store.create(${record(3, '1')}).${ref}, '1');`,
  ];
  const target = s.holders.get(rule.holder);
  // A status the holder's own actions reach is reached by them; a plain status is sent with the record.
  const reach = target?.lifecycle ? pathTo(target.lifecycle, state) : [];
  const http = target && reach
    ? [
        `const held = await call('POST', ${quote(target.path)}, ${target.lifecycle ? target.valid : `{ ...${target.valid}, status: ${quote(state)} }`});`,
        'assert.equal(held.status, 201);',
        ...reach.map((a) => `assert.equal((await call('POST', \`${target.path}/\${held.body.id}/${actionSegment(a)}\`)).status, 200);`),
        `const refused = await call('POST', PATH, { ...unique(0), ${ref}: held.body.id });`,
        'assert.equal(refused.status, 409);',
        `assert.deepEqual(refused.body, { error: ${quote(message)} });`,
      ]
    : [];
  const holder = spokenName(rule.holder);
  return [
    { name: `refuses ${withArticle(s.resource.spoken)} of ${withArticle(holder)} that is ${state}, and takes one of ${withArticle(holder)} that is not`, body: lines.join('\n    '), http: false },
    ...(http.length > 0 ? [{ name: `POST ${s.path} answers 409 for ${withArticle(holder)} that is ${state}`, body: http.join('\n    '), http: true }] : []),
  ].map((t) => ({ ...t, name: `${x.criterionIds.join(' ')} ${t.name}` }));
}

function capacityTest(s: RuleSubject, rule: Extract<Rule, { kind: 'capacity' }>, x: ImplementedRule): RuleTest[] {
  const message = refusalOf(rule, s.resource);
  const { ref, field } = rule;
  const record = (i: number | string, held: string): string => `{ ...unique(${i}), ${ref}: ${quote(held)} }`;
  const ending = rule.active && s.lifecycle ? endingAction(s.lifecycle) : undefined;
  const holder = spokenName(rule.holder);
  const lines = [
    // Two records to point at, with room for 2 each: one fills, the other still has room of its own.
    `const held = new Map([['1', { id: '1', ${field}: 2 }], ['2', { id: '2', ${field}: 2 }]]);`,
    `const store = ${storeFinding(s, rule.holder, '(id) => held.get(id)')};`,
    `store.create(${record(0, '1')});`,
    `store.create(${record(1, '1')});`,
    `assert.throws(() => store.create(${record(2, '1')}), ${refused('ConflictError', message)});`,
    'assert.equal(store.list().length, 2);',
    `assert.equal(store.create(${record(3, '2')}).${ref}, '2');`,
    // What the store cannot find has no capacity to count against.
    `assert.equal(store.create(${record(4, '9')}).${ref}, '9');`,
    ...(s.update ? [`assert.throws(() => store.update('3', { ${ref}: '1' }), ${refused('ConflictError', message)});`, "assert.equal(store.update('1', {}).id, '1');"] : []),
    ...(ending ? [`store.${camelCase(ending.action)}('1');`, `assert.equal(store.create(${record(5, '1')}).${ref}, '1');`] : []),
  ];
  const target = s.holders.get(rule.holder);
  const http = target
    ? [
        `const held = await call('POST', ${quote(target.path)}, { ...${target.valid}, ${field}: 1 });`,
        'assert.equal(held.status, 201);',
        `assert.equal((await call('POST', PATH, { ...unique(0), ${ref}: held.body.id })).status, 201);`,
        `const refused = await call('POST', PATH, { ...unique(1), ${ref}: held.body.id });`,
        'assert.equal(refused.status, 409);',
        `assert.deepEqual(refused.body, { error: ${quote(message)} });`,
      ]
    : [];
  return [
    { name: `takes as many ${s.resource.spokenPlural} of ${withArticle(holder)} as its ${spokenName(field)} and refuses one more`, body: lines.join('\n    '), http: false },
    ...(http.length > 0 ? [{ name: `POST ${s.path} answers 409 once the ${holder}'s ${spokenName(field)} is taken`, body: http.join('\n    '), http: true }] : []),
  ].map((t) => ({ ...t, name: `${x.criterionIds.join(' ')} ${t.name}` }));
}

function overlapTest(s: RuleSubject, rule: Extract<Rule, { kind: 'overlap' }>, x: ImplementedRule): RuleTest[] {
  const message = refusalOf(rule, s.resource);
  const order = `${rule.end} must be after ${rule.start}`;
  const shared = rule.per.map((p) => `, ${p}: VALID.${p}`).join('');
  const span = (i: number, from: number, to: number, extra = ''): string => `{ ...unique(${i})${shared}, ${rule.start}: day(${from}), ${rule.end}: day(${to})${extra} }`;
  const clash = refused('ConflictError', message);
  const ending = rule.active && s.lifecycle ? endingAction(s.lifecycle) : undefined;
  // The spans below run 1 to 7 steps: a day each, or — when the record may run only so long — a step that keeps
  // every one of them within its longest and shortest span. A record of no length then breaks that rule too.
  const spanRule = s.spans.find((d) => d.start === rule.start && d.end === rule.end);
  const { shortest, longest } = spanRule ? spanLimits(spanRule) : { shortest: 0, longest: 0 };
  const step = spanRule ? Math.max(shortest, 60_000, Math.floor(longest / 7 / 60_000) * 60_000) : 0;
  const day = step > 0 ? `const day = (n) => new Date(Date.parse('2030-05-01T10:00:00.000Z') + n * ${step}).toISOString();` : "const day = (n) => `2030-05-${String(n).padStart(2, '0')}T10:00:00.000Z`;";
  const empty = shortest > 0 ? "{ name: 'ValidationError' }" : refused('ValidationError', order);
  const lines = [
    `const store = ${s.storeFactory}();`,
    day,
    `store.create(${span(0, 10, 15)});`,
    ...[[14, 18], [8, 11], [11, 12], [9, 16]].map(([a, b], i) => `assert.throws(() => store.create(${span(i + 1, a, b)}), ${clash});`),
    'assert.equal(store.list().length, 1);',
    // Back to back is not an overlap.
    `store.create(${span(5, 15, 17)});`,
    `store.create(${span(6, 8, 10)});`,
    'assert.equal(store.list().length, 3);',
    ...rule.per.map((p, k) => `assert.equal(store.create(${span(7 + k, 10, 15, `, ${p}: unique(${7 + k}).${p}`)}).${p}, unique(${7 + k}).${p});`),
    `assert.throws(() => store.create(${span(20, 20, 20)}), ${empty});`,
    ...(s.update ? [`assert.throws(() => store.update('2', { ${rule.start}: day(12), ${rule.end}: day(14) }), ${clash});`, `assert.equal(store.update('1', { ${rule.end}: day(14) }).id, '1');`] : []),
    ...(ending ? [`store.${camelCase(ending.action)}('1');`, `assert.equal(store.create(${span(30, 10, 14)}).${rule.start}, day(10));`] : []),
  ];
  const http = [
    day,
    `assert.equal((await call('POST', PATH, ${span(0, 10, 15)})).status, 201);`,
    `const refused = await call('POST', PATH, ${span(1, 12, 18)});`,
    'assert.equal(refused.status, 409);',
    `assert.deepEqual(refused.body, { error: ${quote(message)} });`,
  ];
  const what = `${s.resource.spokenPlural}${rule.per.length > 0 ? ` with the same ${rule.per.map(spokenName).join(' and ')}` : ''}`;
  return [
    { name: `${x.criterionIds.join(' ')} refuses ${what} whose dates overlap, and takes them back to back`, body: lines.join('\n    '), http: false },
    { name: `${x.criterionIds.join(' ')} POST ${s.path} answers 409 for overlapping dates`, body: http.join('\n    '), http: true },
  ];
}

function windowTest(s: RuleSubject, rule: Extract<Rule, { kind: 'window' }>, x: ImplementedRule): RuleTest[] {
  const span = rule.amount * UNIT_MS[rule.unit];
  const message = refusalOf(rule, s.resource);
  // Where the record's date stands from the test's clock: exactly at the deadline, and a minute past it.
  const [onTime, tooLate] = { before: [span, span - 60_000], ahead: [span, span + 60_000], after: [-span, -span - 60_000] }[rule.side];
  const f = rule.field;
  const clash = refused('ConflictError', message);
  // Under opening hours the date stays on one slot and the store's clock moves to it; otherwise the date moves.
  const clocked = s.clocks.some((c) => c.field === f);
  if (clocked && rule.side === 'after') return [];
  const along = spanAlong(s, f);
  const record = (i: number, offset: number): string =>
    clocked ? `{ ...unique(${i}), ${f}: DATE${along('DATE')} }` : `{ ...unique(${i}), ${f}: at(${offset})${along(`at(${offset})`)} }`;
  const lines = clocked
    ? ['let now = NOW;', `const store = ${s.storeFactory}(() => now);`, `const DATE = slotAfter(NOW + ${span} + 86400000);`, 'const at = () => DATE;', 'const standAt = (ms) => { now = Date.parse(DATE) - ms; };']
    : ['let now = NOW;', `const store = ${s.storeFactory}(() => now);`, 'const at = (ms) => new Date(NOW + ms).toISOString();', 'const standAt = () => {};'];
  // A record that may only be made some time before its date is made that long before, then the clock comes back.
  const makeAhead = Math.max(0, ...s.windows.filter((w) => w.action === 'create' && w.field === f && w.side === 'before').map((w) => w.amount * UNIT_MS[w.unit] + 86_400_000));
  const ahead = (made: string[]): string[] => (makeAhead > 0 ? [`now = NOW - ${makeAhead};`, ...made, 'now = NOW;'] : made);
  const http: string[] = [
    clocked
      ? `const at = (ms) => slotAfter(Date.now() + ms${rule.side === 'before' ? ' - 2 * 86400000' : ''});`
      : 'const at = (ms) => new Date(Date.now() + ms).toISOString();',
  ];
  if (rule.action === 'create') {
    lines.push(
      // Exactly at the deadline is still in time.
      `standAt(${onTime});`,
      `assert.equal(store.create(${record(0, onTime)}).${f}, at(${onTime}));`,
      `standAt(${tooLate});`,
      `assert.throws(() => store.create(${record(1, tooLate)}), ${clash});`,
      'assert.equal(store.list().length, 1);',
    );
    const margin = rule.side === 'ahead' ? tooLate + 3_600_000 : tooLate - 3_600_000;
    http.push(`const refused = await call('POST', PATH, { ...unique(1), ${f}: at(${margin}) });`, 'assert.equal(refused.status, 409);', `assert.deepEqual(refused.body, { error: ${quote(message)} });`);
  } else {
    const life = s.lifecycle;
    const action = life?.actions.find((a) => a.action === rule.action);
    const path = life && action ? action.from.map((from) => pathTo(life, from)).find((p) => p !== undefined) : undefined;
    if (!life || !action || !path) return [];
    const method = camelCase(rule.action);
    const walk = (name: string): string[] => path.map((a) => `store.${camelCase(a)}(${name}.id);`);
    // On a slot, both records are made while the clock stands well before it, then the clock moves to each moment.
    const made = clocked
      ? [`const inTime = store.create(${record(0, onTime)});`, ...walk('inTime'), `const late = store.create(${record(1, tooLate)});`, ...walk('late'), `standAt(${onTime});`]
      : ahead([`const inTime = store.create(${record(0, onTime)});`, ...walk('inTime')]);
    lines.push(
      ...made,
      `assert.equal(store.${method}(inTime.id).status, ${json(action.to)});`,
      ...(clocked ? [`standAt(${tooLate});`] : ahead([`const late = store.create(${record(1, tooLate)});`, ...walk('late')])),
      ...(rule.late
        ? [`assert.equal(store.${method}(late.id).status, ${json(rule.late)});`]
        : [`const before = store.get(late.id).status;`, `assert.throws(() => store.${method}(late.id), ${clash});`, 'assert.equal(store.get(late.id).status, before);']),
    );
  }
  const what = `${rule.side === 'ahead' ? 'at most' : 'until'} ${duration(rule.amount, rule.unit)} ${rule.side === 'after' ? 'after' : 'before'} its ${spokenName(f)}`;
  const later = rule.late ? `makes it ${rule.late} later` : 'refuses it later';
  return [
    { name: `${x.criterionIds.join(' ')} ${rule.action === 'create' ? 'takes' : `lets ${rule.action}`} ${withArticle(s.resource.spoken)} ${what}, and ${later}`, body: lines.join('\n    '), http: false },
    ...(http.length > 1 ? [{ name: `${x.criterionIds.join(' ')} POST ${s.path} answers 409 past the deadline`, body: http.join('\n    '), http: true }] : []),
  ];
}

function durationTest(s: RuleSubject, rule: Extract<Rule, { kind: 'duration' }>, x: ImplementedRule): RuleTest[] {
  const { shortest, longest } = spanLimits(rule);
  const message = refusalOf(rule, s.resource);
  // Where no two records may overlap between the same dates, that rule checks their order first (see the store).
  const ordered = s.rules.some((r) => r.kind === 'overlap' && r.start === rule.start && r.end === rule.end);
  const backwards = refused('ValidationError', ordered ? `${rule.end} must be after ${rule.start}` : `${rule.end} must not be before ${rule.start}`);
  const tooLong = refused('ValidationError', message);
  const least = ordered ? Math.max(shortest, 60_000) : shortest;
  // Each end is measured from its own record's start: a record made its own may start on another day.
  const lines = [
    `const store = ${s.storeFactory}();`,
    `const endAfter = (record, ms) => new Date(Date.parse(record.${rule.start}) + ms).toISOString();`,
    `const lasting = (i, ms) => ({ ...unique(i), ${rule.end}: endAfter(unique(i), ms) });`,
    `assert.throws(() => store.create(lasting(0, ${longest + 60_000})), ${tooLong});`,
    `assert.throws(() => store.create(lasting(1, -60000)), ${backwards});`,
    ...(shortest > 0 ? [`assert.throws(() => store.create(lasting(4, ${shortest - 60_000})), ${tooLong});`] : []),
    'assert.deepEqual(store.list(), []);',
    // The longest span itself, and the shortest (an end at the very start when there is no minimum), are allowed; where
    // records may not overlap, the shortest goes to a store of its own, and lasts a minute if nothing else bounds it.
    `assert.equal(store.create(lasting(2, ${longest})).${rule.end}, lasting(2, ${longest}).${rule.end});`,
    `assert.equal(${ordered ? `${s.storeFactory}()` : 'store'}.create(lasting(3, ${least})).${rule.end}, lasting(3, ${least}).${rule.end});`,
    ...(s.update
      ? [`assert.throws(() => store.update('1', { ${rule.end}: endAfter(store.get('1'), ${longest + 60_000}) }), ${tooLong});`, `assert.equal(store.get('1').${rule.end}, lasting(2, ${longest}).${rule.end});`]
      : []),
  ];
  const http = [
    `const after = (ms) => new Date(Date.parse(VALID.${rule.start}) + ms).toISOString();`,
    `const refused = await call('POST', PATH, { ...VALID, ${rule.end}: after(${longest + 60_000}) });`,
    'assert.equal(refused.status, 400);',
    `assert.deepEqual(refused.body, { error: ${quote(message)} });`,
  ];
  const what = `${duration(rule.amount, rule.unit)} after its ${spokenName(rule.start)}`;
  const short = rule.least ? `, less than ${duration(rule.least.amount, rule.least.unit)} after it` : '';
  return [
    { name: `${x.criterionIds.join(' ')} refuses ${withArticle(s.resource.spoken)} whose ${spokenName(rule.end)} is more than ${what}${short} or before it, and takes the edges`, body: lines.join('\n    '), http: false },
    { name: `${x.criterionIds.join(' ')} POST ${s.path} answers 400 for ${withArticle(spokenName(rule.end))} more than ${what}`, body: http.join('\n    '), http: true },
  ];
}

function standingTest(s: RuleSubject, rule: Extract<Rule, { kind: 'standing' }>, x: ImplementedRule): RuleTest[] {
  const life = s.lifecycle;
  if (!life) return [];
  // A record reaches the state by the action that leads there, or past the deadline of one that leads there late.
  const late = s.windows.find((w) => w.late === rule.state);
  let reach: (name: string) => string[];
  if (late) {
    const action = life.actions.find((a) => a.action === late.action);
    const path = action && action.from.map((from) => pathTo(life, from)).find((p) => p !== undefined);
    if (!path) return [];
    reach = (name) => [
      ...path.map((a) => `store.${camelCase(a)}(${name}.id);`),
      `now = Date.parse(${name}.${late.field}) + 60000;`,
      `store.${camelCase(late.action)}(${name}.id);`,
      'now = NOW;',
    ];
  } else {
    const path = pathTo(life, rule.state);
    if (!path || path.length === 0) return [];
    reach = (name) => path.map((a) => `store.${camelCase(a)}(${name}.id);`);
  }
  const shared = `${rule.per}: VALID.${rule.per}`;
  const message = refusalOf(rule, s.resource);
  const lines = [
    `let now = ${late ? 'NOW' : 'Date.now()'};`,
    `const store = ${s.storeFactory}(() => now);`,
    `for (let i = 0; i < ${rule.count}; i += 1) {`,
    `  const made = store.create({ ...unique(i), ${shared} });`,
    ...reach('made').map((l) => `  ${l}`),
    `  assert.equal(store.get(made.id).status, ${json(rule.state)});`,
    '}',
    `assert.throws(() => store.create({ ...unique(${rule.count}), ${shared} }), ${refused('ConflictError', message)});`,
    `assert.equal(store.create({ ...unique(${rule.count + 1}), ${rule.per}: ${json(`another ${spokenName(rule.per)}`)} }).id, '${rule.count + 1}');`,
  ];
  return [
    {
      name: `${x.criterionIds.join(' ')} refuses a new ${s.resource.spoken} once ${rule.count} with the same ${spokenName(rule.per)} are ${rule.state}, and takes one for anyone else`,
      body: lines.join('\n    '),
      http: false,
    },
  ];
}

/**
 * "Only one accepted application per flat": one record reaches the state, a second with the same detail is refused the
 * last step there and stays where it was, and one with another detail still gets there.
 */
function soleTest(s: RuleSubject, rule: Extract<Rule, { kind: 'sole' }>, x: ImplementedRule): RuleTest[] {
  const path = s.lifecycle && pathTo(s.lifecycle, rule.state);
  if (!path || path.length === 0) return [];
  const before = path.slice(0, -1);
  const last = camelCase(path[path.length - 1]);
  const reach = (name: string, steps: readonly string[]): string[] => steps.map((a) => `store.${camelCase(a)}(${name}.id);`);
  const shared = `${rule.per}: VALID.${rule.per}`;
  const lines = [
    `const store = ${s.storeFactory}();`,
    `const first = store.create({ ...unique(1), ${shared} });`,
    `const second = store.create({ ...unique(2), ${shared} });`,
    `const elsewhere = store.create({ ...unique(3), ${rule.per}: ${json(`another ${spokenName(rule.per)}`)} });`,
    ...reach('first', path),
    `assert.equal(store.get(first.id).status, ${json(rule.state)});`,
    ...reach('second', before),
    'const waiting = store.get(second.id).status;',
    `assert.throws(() => store.${last}(second.id), ${refused('ConflictError', refusalOf(rule, s.resource))});`,
    'assert.equal(store.get(second.id).status, waiting);',
    ...reach('elsewhere', path),
    `assert.equal(store.get(elsewhere.id).status, ${json(rule.state)});`,
  ];
  return [
    {
      name: `${x.criterionIds.join(' ')} refuses a second ${s.resource.spoken} ${rule.state} with the same ${spokenName(rule.per)}, and takes one with another`,
      body: lines.join('\n    '),
      http: false,
    },
  ];
}

function requiredTest(s: RuleSubject, rule: Extract<Rule, { kind: 'required' }>, x: ImplementedRule): RuleTest[] {
  const f = rule.field;
  const message = refusalOf(rule, s.resource);
  const lines = [
    `const store = ${s.storeFactory}();`,
    `const { ${f}: _left, ...without } = unique(0);`,
    `assert.throws(() => store.create(without), ${refused('ValidationError', message)});`,
    'assert.deepEqual(store.list(), []);',
    `assert.equal(store.create(unique(1)).${f}, VALID.${f});`,
  ];
  const http = [
    `const { ${f}: _left, ...without } = VALID;`,
    "const refused = await call('POST', PATH, without);",
    'assert.equal(refused.status, 400);',
    `assert.deepEqual(refused.body, { error: ${quote(message)} });`,
  ];
  return [
    { name: `${x.criterionIds.join(' ')} refuses ${withArticle(s.resource.spoken)} without ${withArticle(spokenName(f))}`, body: lines.join('\n    '), http: false },
    { name: `${x.criterionIds.join(' ')} POST ${s.path} answers 400 without ${withArticle(spokenName(f))}`, body: http.join('\n    '), http: true },
  ];
}

function compareTest(s: RuleSubject, rule: Extract<Rule, { kind: 'compare' }>, x: ImplementedRule): RuleTest[] {
  const { field: f, other } = rule;
  const message = refused('ValidationError', refusalOf(rule, s.resource));
  const dates = rule.relation === 'before' || rule.relation === 'after';
  // Each value is written from the sample's other field: the edge itself, and one step past it either way.
  const at = (step: number): string => (dates ? `new Date(Date.parse(VALID.${other}) + ${step * 60_000}).toISOString()` : `VALID.${other} + ${step}`);
  const [allowed, edge, broken] = {
    'at most': [-1, 0, 1],
    'at least': [1, 0, -1],
    before: [-1, -1, 0],
    after: [1, 1, 0],
  }[rule.relation];
  const lines = [
    `const store = ${s.storeFactory}();`,
    `assert.throws(() => store.create({ ...unique(0), ${f}: ${at(broken)} }), ${message});`,
    'assert.deepEqual(store.list(), []);',
    `assert.equal(store.create({ ...unique(1), ${f}: ${at(edge)} }).${f}, ${at(edge)});`,
    `assert.equal(store.create({ ...unique(2), ${f}: ${at(allowed)} }).${f}, ${at(allowed)});`,
    ...(s.update ? [`assert.throws(() => store.update('1', { ${f}: ${at(broken)} }), ${message});`, `assert.equal(store.get('1').${f}, ${at(edge)});`] : []),
  ];
  const http = [
    `const refused = await call('POST', PATH, { ...VALID, ${f}: ${at(broken)} });`,
    'assert.equal(refused.status, 400);',
    `assert.deepEqual(refused.body, { error: ${quote(refusalOf(rule, s.resource))} });`,
  ];
  const what = `${spokenName(f)} ${rule.relation} its ${spokenName(other)}`;
  return [
    { name: `${x.criterionIds.join(' ')} takes ${withArticle(s.resource.spoken)} whose ${what}, and refuses one past it`, body: lines.join('\n    '), http: false },
    { name: `${x.criterionIds.join(' ')} POST ${s.path} answers 400 unless the ${what}`, body: http.join('\n    '), http: true },
  ];
}

/** What a share comes to, to the cent, as the store computes it. */
export const shareOf = (percent: number, base: number): number => Math.round(base * percent) / 100;

function shareTest(s: RuleSubject, rule: Extract<Rule, { kind: 'share' }>, x: ImplementedRule): RuleTest[] {
  const { field: f, of, percent, flag } = rule;
  // Of a price the store computes, the share follows that price: the sample's (KEPT), whatever the client sends.
  if (s.rules.some((r) => (r.kind === 'price' || r.kind === 'tariff') && r.field === of)) {
    const on = flag ? `, ${flag}: true` : '';
    const lines = [
      `const store = ${s.storeFactory}();`,
      `const made = store.create({ ...unique(0)${on}, ${f}: 999 });`,
      `assert.equal(made.${f}, Math.round(made.${of} * ${percent}) / 100);`,
      ...(flag ? [`assert.equal(store.create({ ...unique(1), ${flag}: false }).${f}, 0);`] : [`assert.equal(made.${f}, KEPT.${f});`]),
    ];
    const http = [`const created = await call('POST', PATH, { ...VALID${on}, ${f}: -1 });`, 'assert.equal(created.status, 201);', `assert.equal(created.body.${f}, Math.round(created.body.${of} * ${percent}) / 100);`];
    const what = `${percent} percent of the ${spokenName(of)} it computes${flag ? ` when its ${spokenName(flag)} is true` : ''}`;
    return [
      { name: `${x.criterionIds.join(' ')} computes ${withArticle(s.resource.spoken)}'s ${spokenName(f)}: ${what}`, body: lines.join('\n    '), http: false },
      { name: `${x.criterionIds.join(' ')} POST ${s.path} answers with the ${spokenName(f)} the store computed, whatever the client sent`, body: http.join('\n    '), http: true },
    ];
  }
  const on = flag ? `, ${flag}: true` : '';
  // A whole amount, one whose cents need rounding, and nothing at all.
  const lines = [
    `const store = ${s.storeFactory}();`,
    `assert.equal(store.create({ ...unique(0), ${of}: 200${on} }).${f}, ${shareOf(percent, 200)});`,
    `assert.equal(store.create({ ...unique(1), ${of}: 12.35${on}, ${f}: 999 }).${f}, ${shareOf(percent, 12.35)});`,
    `assert.equal(store.create({ ...unique(2), ${of}: 0${on} }).${f}, 0);`,
    ...(flag ? [`assert.equal(store.create({ ...unique(3), ${of}: 200, ${flag}: false }).${f}, 0);`] : []),
    ...(s.update ? [`assert.equal(store.update('1', { ${of}: 300 }).${f}, ${shareOf(percent, 300)});`] : []),
  ];
  const http = [
    `const created = await call('POST', PATH, { ...VALID, ${of}: 200${on}, ${f}: -1 });`,
    'assert.equal(created.status, 201);',
    `assert.equal(created.body.${f}, ${shareOf(percent, 200)});`,
  ];
  const what = `${percent} percent of its ${spokenName(of)}${flag ? ` when its ${spokenName(flag)} is true` : ''}`;
  return [
    { name: `${x.criterionIds.join(' ')} computes ${withArticle(s.resource.spoken)}'s ${spokenName(f)}: ${what}`, body: lines.join('\n    '), http: false },
    { name: `${x.criterionIds.join(' ')} POST ${s.path} answers with the ${spokenName(f)} the store computed, whatever the client sent`, body: http.join('\n    '), http: true },
  ];
}

/** Each listed word gets its amount whatever the client sends, a change of word changes it, and no other word is taken. */
function tariffTest(s: RuleSubject, rule: Extract<Rule, { kind: 'tariff' }>, x: ImplementedRule): RuleTest[] {
  const { field: f, by, amounts } = rule;
  // Where the words are a rule of their own too ("a ticket is a foot or a car ticket"), either check may refuse first.
  const listed = s.rules.some((r) => r.kind === 'oneOf' && r.field === by);
  const message = listed ? "{ name: 'ValidationError' }" : refused('ValidationError', refusalOf(rule, s.resource));
  const last = amounts[amounts.length - 1];
  const lines = [
    `const store = ${s.storeFactory}();`,
    ...amounts.map((a, i) => `assert.equal(store.create({ ...unique(${i}), ${by}: ${json(a.value)}, ${f}: -1 }).${f}, ${a.amount});`),
    `assert.throws(() => store.create({ ...unique(${amounts.length}), ${by}: 'none of these' }), ${message});`,
    `assert.equal(store.list().length, ${amounts.length});`,
    ...(s.update ? [`assert.equal(store.update('1', { ${by}: ${json(last.value)} }).${f}, ${last.amount});`] : []),
  ];
  const http = [
    `const created = await call('POST', PATH, { ...VALID, ${by}: ${json(last.value)}, ${f}: -1 });`,
    'assert.equal(created.status, 201);',
    `assert.equal(created.body.${f}, ${last.amount});`,
    `const refusedOne = await call('POST', PATH, { ...VALID, ${by}: 'none of these' });`,
    'assert.equal(refusedOne.status, 400);',
  ];
  const what = amounts.map((a) => `${a.amount} for ${a.value}`).join(', ');
  return [
    { name: `${x.criterionIds.join(' ')} computes ${withArticle(s.resource.spoken)}'s ${spokenName(f)} from its ${spokenName(by)}: ${what}, and refuses any other`, body: lines.join('\n    '), http: false },
    { name: `${x.criterionIds.join(' ')} POST ${s.path} answers with the ${spokenName(f)} of its ${spokenName(by)}, whatever the client sent`, body: http.join('\n    '), http: true },
  ];
}

/** A date that starts a span bounded in length takes its end along, the sample's span after it: the fields to add. */
function spanAlong(s: RuleSubject, f: string): (date: string) => string {
  const spanEnd = s.spans.find((d) => d.start === f)?.end;
  return (date) => (spanEnd ? `, ${spanEnd}: new Date(Date.parse(${date}) + Date.parse(VALID.${spanEnd}) - Date.parse(VALID.${f})).toISOString()` : '');
}

function clockTest(s: RuleSubject, rule: ClockRule, x: ImplementedRule): RuleTest[] {
  const f = rule.field;
  const along = spanAlong(s, f);
  const { first, last, step } = slotsOf(rule);
  const message = refused('ValidationError', refusalOf(rule, s.resource));
  // Each refused time breaks one condition only: too early, ending after closing, or off the steps.
  const outside = [...(first >= step ? [first - step] : []), last + step, ...(step > 1 ? [first + 1] : [])];
  // The store's clock stands where every deadline on making a record for that day is kept.
  const before = Math.max(0, ...s.windows.filter((w) => w.field === f && w.action === 'create' && w.side === 'before').map((w) => w.amount * UNIT_MS[w.unit]));
  const lines = [
    `const store = ${s.storeFactory}(() => Date.parse(${quote(`2030-01-15T${hhmm(first)}:00.000Z`)}) - ${before});`,
    "const at = (time) => `2030-01-15T${time}:00.000Z`;",
    ...outside.map((m, i) => `assert.throws(() => store.create({ ...unique(${i}), ${f}: at(${quote(hhmm(m))})${along(`at(${quote(hhmm(m))})`)} }), ${message});`),
    'assert.deepEqual(store.list(), []);',
    `assert.equal(store.create({ ...unique(10), ${f}: at(${quote(hhmm(first))})${along(`at(${quote(hhmm(first))})`)} }).${f}, at(${quote(hhmm(first))}));`,
    `assert.equal(store.create({ ...unique(11), ${f}: at(${quote(hhmm(last))})${along(`at(${quote(hhmm(last))})`)} }).${f}, at(${quote(hhmm(last))}));`,
    ...(s.update
      ? [`assert.throws(() => store.update('1', { ${f}: at(${quote(hhmm(last + step))})${along(`at(${quote(hhmm(last + step))})`)} }), ${message});`, `assert.equal(store.get('1').${f}, at(${quote(hhmm(first))}));`]
      : []),
  ];
  const late = quote(`2030-01-15T${hhmm(last + step)}:00.000Z`);
  const http = [
    `const refused = await call('POST', PATH, { ...VALID, ${f}: ${late}${along(late)} });`,
    'assert.equal(refused.status, 400);',
    `assert.deepEqual(refused.body, { error: ${quote(refusalOf(rule, s.resource))} });`,
  ];
  const hours = `from ${rule.from} to ${rule.to}${rule.step !== undefined ? ` at ${rule.step}-minute steps` : ''}`;
  return [
    { name: `${x.criterionIds.join(' ')} takes ${withArticle(s.resource.spoken)} whose ${spokenName(f)} keeps the hours ${hours}, and refuses one outside them`, body: lines.join('\n    '), http: false },
    { name: `${x.criterionIds.join(' ')} POST ${s.path} answers 400 for ${withArticle(spokenName(f))} after closing`, body: http.join('\n    '), http: true },
  ];
}

function thresholdTest(s: RuleSubject, rule: Extract<Rule, { kind: 'threshold' }>, x: ImplementedRule): RuleTest[] {
  const step = rule.atLeast ? 1 : -1;
  // The edge is marked when it is included ("180 or more"), and is the first value not marked when it is not ("above 180").
  const hit = rule.strict ? rule.at + step : rule.at;
  const miss = rule.strict ? rule.at : rule.at - step;
  const lines = [
    `const store = ${s.storeFactory}();`,
    `assert.equal(store.create({ ...unique(0), ${rule.field}: ${hit} }).${rule.flag}, true);`,
    `assert.equal(store.create({ ...unique(1), ${rule.field}: ${miss} }).${rule.flag}, false);`,
    `assert.equal(store.create({ ...unique(2), ${rule.field}: ${miss}, ${rule.flag}: true }).${rule.flag}, false);`,
    ...(s.update ? [`assert.equal(store.update('2', { ${rule.field}: ${hit} }).${rule.flag}, true);`, `assert.equal(store.update('1', { ${rule.field}: ${miss} }).${rule.flag}, false);`] : []),
  ];
  return [
    {
      name: `${x.criterionIds.join(' ')} marks ${withArticle(s.resource.spoken)} ${spokenName(rule.flag)} exactly when its ${spokenName(rule.field)} is ${thresholdBound(rule)}`,
      body: lines.join('\n    '),
      http: false,
    },
  ];
}

function actionTest(s: RuleSubject, rule: Extract<Rule, { kind: 'action' }>, x: ImplementedRule): RuleTest[] {
  const life = s.lifecycle;
  const starts = life ? rule.from.map((f) => ({ f, path: pathTo(life, f) })).filter((p): p is { f: string; path: string[] } => p.path !== undefined) : [];
  if (!life || starts.length === 0) return [];
  const method = camelCase(rule.action);
  const again = rule.from.includes(rule.to) ? [] : [`assert.throws(() => store.${method}(created.id), ${refused('ConflictError', `${refusalOf(rule, s.resource)}${rule.to}`)});`];
  // From every status it starts from, reached the way a client would: by the actions that lead there.
  const fromEach = starts.slice(1).flatMap(({ f, path }, k) => [
    `const ${`from${k + 2}`} = store.create(unique(${k + 2}));`,
    ...path.map((a) => `store.${camelCase(a)}(from${k + 2}.id);`),
    `assert.equal(store.get(from${k + 2}.id).status, ${json(f)});`,
    `assert.equal(store.${method}(from${k + 2}.id).status, ${json(rule.to)});`,
  ]);
  const lines = [
    `const store = ${s.storeFactory}();`,
    `const created = store.create({ ...unique(1), status: ${json(rule.to)} });`,
    `assert.equal(created.status, ${json(life.initial)});`,
    ...starts[0].path.map((a) => `store.${camelCase(a)}(created.id);`),
    `assert.equal(store.${method}(created.id).status, ${json(rule.to)});`,
    `assert.equal(store.get(created.id).status, ${json(rule.to)});`,
    ...again,
    `assert.equal(store.${method}('no-such-id'), undefined);`,
    ...fromEach,
  ];
  const http = [
    "const created = (await call('POST', PATH, VALID)).body;",
    ...starts[0].path.map((a) => `assert.equal((await call('POST', \`\${PATH}/\${created.id}/${actionSegment(a)}\`)).status, 200);`),
    `const done = await call('POST', \`\${PATH}/\${created.id}/${actionSegment(rule.action)}\`);`,
    'assert.equal(done.status, 200);',
    `assert.equal(done.body.status, ${json(rule.to)});`,
    ...(again.length > 0 ? [`assert.equal((await call('POST', \`\${PATH}/\${created.id}/${actionSegment(rule.action)}\`)).status, 409);`] : []),
    `assert.equal((await call('POST', \`\${PATH}/no-such-id/${actionSegment(rule.action)}\`)).status, 404);`,
  ];
  const what = `${rule.action}s ${withArticle(s.resource.spoken)} that is ${rule.from.join(' or ')}, which becomes ${rule.to}`;
  return [
    { name: `${x.criterionIds.join(' ')} ${what}${again.length > 0 ? ', and not twice' : ''}`, body: lines.join('\n    '), http: false },
    { name: `${x.criterionIds.join(' ')} POST ${s.path}/:id/${actionSegment(rule.action)} answers 200, then 409, and 404 for an unknown id`, body: http.join('\n    '), http: true },
  ];
}

function forbidTest(s: RuleSubject, rule: Extract<Rule, { kind: 'forbid' }>, x: ImplementedRule): RuleTest[] {
  const path = s.lifecycle && pathTo(s.lifecycle, rule.state);
  if (!path) return [];
  if (refusesStoreOperation(rule)) return storeRefusalTest(s, rule, x, path);
  const lines = [
    `const store = ${s.storeFactory}();`,
    'const created = store.create(unique(1));',
    ...path.map((a) => `store.${camelCase(a)}(created.id);`),
    `assert.equal(store.get(created.id).status, ${json(rule.state)});`,
    `assert.throws(() => store.${camelCase(rule.action)}(created.id), ${refused('ConflictError', `${refusalOf(rule, s.resource)}${rule.state}`)});`,
    `assert.equal(store.get(created.id).status, ${json(rule.state)});`,
  ];
  return [{ name: `${x.criterionIds.join(' ')} refuses to ${rule.action} ${withArticle(`${rule.state} ${s.resource.spoken}`)}`, body: lines.join('\n    '), http: false }];
}

/**
 * "A confirmed order cannot be changed": a record brought to the status is neither changed nor removed, over the store
 * and over HTTP, and one in its first status still is, so the refusal is the status's and not the operation's.
 */
function storeRefusalTest(s: RuleSubject, rule: Extract<Rule, { kind: 'forbid' }>, x: ImplementedRule, path: string[]): RuleTest[] {
  const updating = rule.action === 'update';
  const field = s.changeable;
  const attempt = (id: string): string => (updating ? `store.update(${id}, { ${field}: OTHER.${field} })` : `store.remove(${id})`);
  const refusal = refused('ConflictError', `${refusalOf(rule, s.resource)}${rule.state}`);
  const lines = [
    `const store = ${s.storeFactory}();`,
    'const created = store.create(unique(1));',
    'const open = store.create(unique(2));',
    ...path.map((a) => `store.${camelCase(a)}(created.id);`),
    `assert.equal(store.get(created.id).status, ${json(rule.state)});`,
    'const before = store.get(created.id);',
    `assert.throws(() => ${attempt('created.id')}, ${refusal});`,
    'assert.deepEqual(store.get(created.id), before);',
    ...(updating ? [`assert.deepEqual(${attempt('open.id')}.${field}, OTHER.${field});`] : [`assert.equal(${attempt('open.id')}, true);`, 'assert.equal(store.get(open.id), undefined);']),
  ];
  const method = updating ? 'PATCH' : 'DELETE';
  const http = [
    "const created = (await call('POST', PATH, VALID)).body;",
    ...path.map((a) => `assert.equal((await call('POST', \`\${PATH}/\${created.id}/${actionSegment(a)}\`)).status, 200);`),
    `const refused = await call('${method}', \`\${PATH}/\${created.id}\`${updating ? `, { ${field}: OTHER.${field} }` : ''});`,
    'assert.equal(refused.status, 409);',
    `assert.deepEqual((await call('GET', \`\${PATH}/\${created.id}\`)).body.${updating ? field : 'id'}, ${updating ? `VALID.${field}` : 'created.id'});`,
  ];
  const verb = OPERATION_WORDS[rule.action];
  return [
    { name: `${x.criterionIds.join(' ')} refuses to ${verb} ${withArticle(`${rule.state} ${s.resource.spoken}`)}, and ${verb}s one that is not`, body: lines.join('\n    '), http: false },
    { name: `${x.criterionIds.join(' ')} ${method} ${s.path}/:id answers 409 for ${withArticle(`${rule.state} ${s.resource.spoken}`)}`, body: http.join('\n    '), http: true },
  ];
}

function priceTest(s: RuleSubject, rule: Extract<Rule, { kind: 'price' }>, x: ImplementedRule): RuleTest[] {
  const f = rule.field;
  const lines = [`const store = ${s.storeFactory}();`];
  const basis = rule.basis;
  // Every sample record costs the same (KEPT), whatever price the client sends.
  const http = [`const created = await call('POST', PATH, { ...VALID, ${f}: -1 });`, 'assert.equal(created.status, 201);', `assert.equal(created.body.${f}, KEPT.${f});`];
  let what: string;
  if (basis.of === 'record') {
    lines.push(`assert.equal(store.create(unique(0)).${f}, ${priceFor(rule, 1)});`, `assert.equal(store.create({ ...unique(1), ${f}: -1 }).${f}, ${priceFor(rule, 1)});`);
    what = `is ${rule.amount}`;
  } else if (basis.of === 'count') {
    const c = basis.field;
    // Enough units to pass any minimum, and an amount whose cents need rounding; within a range the count must keep
    // (whose own test refuses what lies outside it).
    const bounds = valueBounds(s.rules, c);
    const least = Math.max(0, bounds.min ?? 0);
    const many = bounds.max ?? Math.max(1001, Math.ceil((rule.minimum ?? 0) / rule.amount) + 1001);
    const changed = bounds.max !== undefined ? bounds.max - 1 : 2 * many;
    lines.push(
      `assert.equal(store.create({ ...unique(0), ${c}: ${many} }).${f}, ${priceFor(rule, many)});`,
      `assert.equal(store.create({ ...unique(1), ${c}: ${least}, ${f}: 5 }).${f}, ${priceFor(rule, least)});`,
      `assert.equal(store.create({ ...unique(2), ${c}: ${least + 1} }).${f}, ${priceFor(rule, least + 1)});`,
      ...(bounds.min === undefined ? [`assert.throws(() => store.create({ ...unique(3), ${c}: -1 }), ${refused('ValidationError', `${c} must be 0 or more`)});`] : []),
      'assert.equal(store.list().length, 3);',
      ...(s.update ? [`assert.equal(store.update('3', { ${c}: ${changed} }).${f}, ${priceFor(rule, changed)});`] : []),
    );
    what = `is ${rule.amount} times its ${spokenName(c)}${rule.minimum !== undefined ? `, at least ${rule.minimum}` : ''}`;
  } else {
    const { start, end } = basis;
    const ms = blockMs(basis);
    // Each record a year after the one before, at the same time of day: no rule on overlaps or hours of the day bites.
    const span = (i: number, to: string, extra = ''): string => `{ ...unique(${i}), ${start}: at(0, ${i}), ${end}: at(${to}, ${i})${extra} }`;
    const order = refused('ValidationError', `${end} must be after ${start}`);
    // Spans a rule on how long the record runs lets through ("at least 2 nights"): that rule's own test refuses the rest.
    const bounded = s.spans.find((d) => d.start === start && d.end === end);
    const { shortest, longest } = bounded ? spanLimits(bounded) : { shortest: 0, longest: Infinity };
    const k = Math.max(1, Math.ceil(shortest / ms));
    const within = (blocks: number): boolean => blocks * ms <= longest;
    lines.push(
      "const at = (ms, year = 0) => new Date(Date.parse('2030-05-10T10:00:00.000Z') + year * 31536000000 + ms).toISOString();",
      `assert.equal(store.create(${span(0, String(k * ms))}).${f}, ${priceFor(rule, k)});`,
      // A unit that has started is paid in full.
      ...(within(k + 2) ? [`assert.equal(store.create(${span(1, `${(k + 1) * ms} + 1`, `, ${f}: 1`)}).${f}, ${priceFor(rule, k + 2)});`] : []),
      ...(bounded ? [] : [`assert.equal(store.create(${span(2, '1')}).${f}, ${priceFor(rule, 1)});`, `assert.throws(() => store.create(${span(3, '0')}), ${order});`, `assert.throws(() => store.create(${span(4, `-${ms}`)}), ${order});`]),
      `assert.equal(store.list().length, ${bounded ? (within(k + 2) ? 2 : 1) : 3});`,
      ...(s.update && within(k + 1) ? [`assert.equal(store.update('1', { ${end}: at(${(k + 1) * ms}) }).${f}, ${priceFor(rule, k + 1)});`] : []),
    );
    if (!bounded) {
      http.push(
        `const refused = await call('POST', PATH, { ...VALID, ${end}: VALID.${start} });`,
        'assert.equal(refused.status, 400);',
        `assert.deepEqual(refused.body, { error: ${quote(`${end} must be after ${start}`)} });`,
      );
    }
    what = `is ${rule.amount} per started ${blockWords(basis)} from its ${spokenName(start)} to its ${spokenName(end)}`;
  }
  if (rule.reduced) {
    const flag = rule.reduced.flag;
    const units = basis.of === 'count' ? Math.max(1, valueBounds(s.rules, basis.field).min ?? 1) : 1;
    const quantity = basis.of === 'count' ? `${basis.field}: ${units}, ` : '';
    lines.push(
      `assert.equal(store.create({ ...unique(10), ${quantity}${flag}: true }).${f}, ${priceFor(rule, units, true)});`,
      `assert.equal(store.create({ ...unique(11), ${quantity}${flag}: false }).${f}, ${priceFor(rule, units)});`,
    );
  }
  return [
    { name: `${x.criterionIds.join(' ')} computes ${withArticle(s.resource.spoken)}'s ${spokenName(f)}: it ${what}${rule.reduced ? `, or ${rule.reduced.amount} when ${spokenName(rule.reduced.flag)}` : ''}`, body: lines.join('\n    '), http: false },
    { name: `${x.criterionIds.join(' ')} POST ${s.path} answers with the ${spokenName(f)} the store computed, whatever the client sent`, body: http.join('\n    '), http: true },
  ];
}

function lateFeeTest(s: RuleSubject, rule: Extract<Rule, { kind: 'lateFee' }>, x: ImplementedRule): RuleTest[] {
  const life = s.lifecycle;
  const action = life?.actions.find((a) => a.action === rule.action);
  const path = life && action ? action.from.map((from) => pathTo(life, from)).find((p) => p !== undefined) : undefined;
  if (!path) return [];
  const ms = UNIT_MS[rule.unit];
  const method = camelCase(rule.action);
  // A record due back at a moment started a minute before it, inside any longest span.
  const start = s.spans.find((d) => d.end === rule.due)?.start;
  const fee = (units: number): number => Math.round(units * rule.amount * 100) / 100;
  const ended = (i: number, due: string, units: number): string[] => [
    `const r${i} = store.create({ ...unique(${i}), ${rule.due}: at(${due})${start ? `, ${start}: at(${due} - 60000)` : ''} });`,
    ...path.map((a) => `store.${camelCase(a)}(r${i}.id);`),
    `assert.equal(store.${method}(r${i}.id).${rule.field}, ${fee(units)});`,
  ];
  const lines = [
    `const store = ${s.storeFactory}(() => NOW);`,
    'const at = (ms) => new Date(NOW + ms).toISOString();',
    ...ended(0, '0', 0),
    ...ended(1, '-1', 1),
    ...ended(2, `-${2 * ms} - 60000`, 3),
    ...ended(3, String(5 * ms), 0),
    `assert.equal(store.create({ ...unique(4), ${rule.field}: 9 }).${rule.field}, undefined);`,
  ];
  return [
    {
      name: `${x.criterionIds.join(' ')} charges ${rule.amount} for every started ${rule.unit.slice(0, -1)} ${withArticle(s.resource.spoken)} is ${action?.to ?? rule.action} after its ${spokenName(rule.due)}, and nothing in time`,
      body: lines.join('\n    '),
      http: false,
    },
  ];
}

function roleTest(s: RuleSubject, rule: Extract<Rule, { kind: 'role' }>, x: ImplementedRule): RuleTest[] {
  const message = quote(refusalOf(rule, s.resource));
  const item = '`${PATH}/${created.id}`';
  const create = "const created = (await call('POST', PATH, unique(i))).body;";
  let request: string;
  let allowed: number;
  let unchanged: string[];
  let prepare: string[] = [create];
  switch (rule.operation) {
    case 'create':
      request = "call('POST', PATH, unique(i), role)";
      allowed = 201;
      prepare = [];
      unchanged = ["assert.equal((await call('GET', PATH)).body.length, i);"];
      break;
    case 'read':
      request = "call('GET', PATH, undefined, role)";
      allowed = 200;
      unchanged = [];
      break;
    case 'update':
      request = `call('PATCH', ${item}, {}, role)`;
      allowed = 200;
      unchanged = [`assert.deepEqual((await call('GET', ${item})).body, created);`];
      break;
    case 'remove':
      request = `call('DELETE', ${item}, undefined, role)`;
      allowed = 204;
      unchanged = [`assert.equal((await call('GET', ${item})).status, 200);`];
      break;
    default: {
      const life = s.lifecycle;
      const action = life?.actions.find((a) => a.action === rule.operation);
      const start = life && action?.from.find((from) => pathTo(life, from) !== undefined);
      const path = life && start !== undefined ? pathTo(life, start) : undefined;
      if (!path) return [];
      prepare = [create, ...path.map((a) => `assert.equal((await call('POST', \`\${PATH}/\${created.id}/${actionSegment(a)}\`)).status, 200);`)];
      request = `call('POST', \`\${PATH}/\${created.id}/${actionSegment(rule.operation)}\`, undefined, role)`;
      allowed = 200;
      unchanged = [`assert.equal((await call('GET', ${item})).body.status, ${json(start)});`];
    }
  }
  const lines = [
    `const allowed = ${json(rule.roles)};`,
    'for (const [i, allowedRole] of allowed.entries()) {',
    ...prepare.map((l) => `  ${l}`),
    "  for (const role of [null, 'someone else', `not ${allowedRole}`]) {",
    `    const refused = await ${request};`,
    '    assert.equal(refused.status, 403);',
    `    assert.deepEqual(refused.body, { error: ${message} });`,
    ...unchanged.map((l) => `    ${l}`),
    '  }',
    // A request may name several roles, in any case.
    `  const done = await ${request.replace(', role)', ', `someone else, ${allowedRole.toUpperCase()}`)')};`,
    `  assert.equal(done.status, ${allowed});`,
    '}',
  ];
  const verb = OPERATION_WORDS[rule.operation] ?? rule.operation;
  return [{ name: `${x.criterionIds.join(' ')} answers 403 when the request's roles (x-role) do not include ${rule.roles.map((r) => withArticle(r)).join(' or ')} who may ${verb} ${withArticle(s.resource.spoken)}`, body: lines.join('\n    '), http: true }];
}

/** The tests of one implemented rule: through the store, and through the HTTP API where the rule answers a client. */
export function ruleTests(s: RuleSubject, x: ImplementedRule): RuleTest[] {
  switch (x.rule.kind) {
    case 'range':
      return rangeTest(s, x.rule, x);
    case 'oneOf':
      return oneOfTest(s, x.rule, x);
    case 'limit':
      return limitTest(s, x.rule, x);
    case 'capacity':
      return capacityTest(s, x.rule, x);
    case 'blocked':
      return blockedTest(s, x.rule, x);
    case 'overlap':
      return overlapTest(s, x.rule, x);
    case 'interval':
      return intervalTest(s, x.rule, x);
    case 'window':
      return windowTest(s, x.rule, x);
    case 'duration':
      return durationTest(s, x.rule, x);
    case 'clock':
      return clockTest(s, x.rule, x);
    case 'required':
      return requiredTest(s, x.rule, x);
    case 'standing':
      return standingTest(s, x.rule, x);
    case 'sole':
      return soleTest(s, x.rule, x);
    case 'compare':
      return compareTest(s, x.rule, x);
    case 'share':
      return shareTest(s, x.rule, x);
    case 'tariff':
      return tariffTest(s, x.rule, x);
    case 'threshold':
      return thresholdTest(s, x.rule, x);
    case 'action':
      return actionTest(s, x.rule, x);
    case 'forbid':
      return forbidTest(s, x.rule, x);
    case 'price':
      return priceTest(s, x.rule, x);
    case 'lateFee':
      return lateFeeTest(s, x.rule, x);
    case 'role':
      return roleTest(s, x.rule, x);
  }
}
