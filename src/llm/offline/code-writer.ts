import type { AgentInput } from '../../domain/agents/agent';
import type { ArchitectOutput } from '../../domain/agents/architect';
import type { AnalystOutput } from '../../domain/agents/analyst';
import type { DeveloperOutput, SourceFile } from '../../domain/agents/developer';

type Implementation = NonNullable<DeveloperOutput['implementations']>[number];
import { writeAnalysis } from './analysis-writer';
import { writeDesign } from './design-writer';
import { camelCase, capitalize, kebabCase, listWords, withArticle } from './naming';
import type { OperationKind } from './criteria';
import { type Resource, operationsOf, resourcesOf } from './resources';
import { actionSegment } from './rule';
import { type ActionExtras, type ImplementedRule, computedField, finderOf, heldRecordOf, heldRecords, implementedRules, lifecycleOf, managedFields, neededFields, pricedBy, refusesStoreOperation, ruleSource, runsOnClock } from './rule-code';
import { HTTP_JS, STORE_JS } from './runtime-files';

export interface Operations {
  update: boolean;
  remove: boolean;
}

/** The design decides which item routes exist; without one, the stories do. */
function operationsFor(r: Resource, design: ArchitectOutput | undefined): Operations {
  const item = `${r.path}/:id`;
  const routes = design?.api_design.filter((e) => e.path === item);
  if (!routes || routes.length === 0) return operationsOf(r);
  return { update: routes.some((e) => e.method === 'PATCH' || e.method === 'PUT'), remove: routes.some((e) => e.method === 'DELETE') };
}

export const fieldsExport = (r: Resource): string => `${r.name}Fields`;
export const storeFactory = (r: Resource): string => `create${r.pascal}Store`;
export const handlerFactory = (r: Resource): string => `create${r.pascal}Handler`;

/** The store function that does what a criterion of each kind asks; a rule has none until it is implemented. */
export const STORE_FUNCTION: Record<OperationKind, StoreFunction> = {
  create: 'create',
  reject: 'create',
  list: 'list',
  get: 'get',
  update: 'update',
  remove: 'remove',
};

export type StoreFunction = 'create' | 'list' | 'get' | 'update' | 'remove';

/** The functions a module's store has: the three every collection has, and the change and removal its routes need. */
function storeFunctions(ops: Operations): StoreFunction[] {
  return ['create', 'list', 'get', ...(ops.update ? (['update'] as const) : []), ...(ops.remove ? (['remove'] as const) : [])];
}

/** The criteria of a resource that its module implements, with the store function each one is implemented by. */
export function implementedCriteria(r: Resource, ops: Operations): { id: string; fn: StoreFunction }[] {
  const present = new Set(storeFunctions(ops));
  return r.criteria.flatMap((c) => {
    if (c.kind === 'rule' || c.kind === 'action') return [];
    const fn = STORE_FUNCTION[c.kind];
    return present.has(fn) ? [{ id: c.id, fn }] : [];
  });
}

const STORE_METHODS: Record<StoreFunction, { params: string; doc: string }> = {
  create: { params: 'input', doc: 'Validates and stores a new record; refuses one that lacks a required field or has a wrong type.' },
  list: { params: '', doc: 'Every stored record, oldest first.' },
  get: { params: 'id', doc: 'The record with this id, or undefined.' },
  update: { params: 'id, changes', doc: 'Changes the given fields of a record and keeps the change; undefined for an unknown id.' },
  remove: { params: 'id', doc: 'Removes a record; false for an unknown id.' },
};

/**
 * Rules checked on the whole record as it will be: limits and overlaps look at the other records, spans and times of
 * day at two fields or a required one.
 */
const wholeRecordRules = (rules: readonly ImplementedRule[]): ImplementedRule[] =>
  rules
    .filter((x) => ['limit', 'capacity', 'blocked', 'overlap', 'interval', 'duration', 'clock', 'required', 'compare'].includes(x.rule.kind))
    // An overlap checks the order of its dates first: ahead of a bound on how long the record runs, its message stands.
    .sort((a, b) => Number(b.rule.kind === 'overlap') - Number(a.rule.kind === 'overlap'));

/** The records of other modules a module's rules read, by entity name: each one its store is given a finder for. */
const heldBy = (rules: readonly ImplementedRule[]): string[] => heldRecords(rules.map((x) => x.rule));

/** A rule on the whole record, called with the records it is judged against (and what it points at, for a capacity or a state it may not be in). */
function wholeRecordCall(x: ImplementedRule, record: string): string {
  const read = heldRecordOf(x.rule);
  const held = read ? `, ${finderOf(read.holder)}(${record}.${read.ref})` : '';
  const clock = x.rule.kind === 'limit' && x.rule.upcoming ? ', now()' : '';
  return `${x.functionName}(${record}, records.list()${held}${clock});`;
}

/**
 * The calls a store operation makes before it stores: the record is validated first, then every rule that holds
 * for a new record or a change is checked on it; a change is checked as the record it makes.
 */
function guards(fn: StoreFunction, rules: readonly ImplementedRule[]): string[] {
  const values = rules.filter((x) => x.rule.kind === 'range' || x.rule.kind === 'oneOf');
  const limits = wholeRecordRules(rules);
  // Flags and prices are computed from the record as it will be.
  const computed = rules.filter((x) => computedField(x.rule) !== undefined);
  const deadlines = fn === 'create' ? rules.filter((x) => x.rule.kind === 'window' && x.rule.action === 'create') : [];
  // A standing is judged when a record is made, from the owner's other records.
  const standings = fn === 'create' ? rules.filter((x) => x.rule.kind === 'standing') : [];
  if (values.length + limits.length + computed.length + deadlines.length + standings.length === 0) return [];
  const record = fn === 'create' ? 'input' : 'changes';
  const lines = [fn === 'create' ? 'records.validate(input);' : 'records.validate(changes, true);', ...values.map((x) => `${x.functionName}(${record});`)];
  if (fn === 'create') {
    return [
      ...lines,
      ...limits.map((x) => wholeRecordCall(x, 'input')),
      ...standings.map((x) => `${x.functionName}(input, records.list());`),
      ...deadlines.map((x) => `${x.functionName}(input, now());`),
    ];
  }
  return lines;
}

/** The state rules that refuse a change or a removal of a record in some status. */
const statusRefusals = (rules: readonly ImplementedRule[], fn: 'update' | 'remove'): ImplementedRule[] =>
  rules.filter((x) => refusesStoreOperation(x.rule) && x.rule.kind === 'forbid' && x.rule.action === fn);

/** A removal looks at the record first: a status that refuses removal keeps it. */
function removalGuards(rules: readonly ImplementedRule[]): string[] {
  const refusals = statusRefusals(rules, 'remove');
  if (refusals.length === 0) return [];
  return ['const current = records.get(id);', `if (current !== undefined) {${refusals.map((x) => ` ${x.functionName}(current);`).join('')} }`];
}

/** The values a store operation sets itself: the status a record starts in, and the flags and prices its rules compute. */
function setValues(fn: StoreFunction, rules: readonly ImplementedRule[], initial: string | undefined): string {
  const source = fn === 'create' ? 'input' : 'next';
  const parts = [
    ...(fn === 'create' && initial !== undefined ? [`status: ${JSON.stringify(initial)}`] : []),
    ...rules.flatMap((x) => {
      const field = computedField(x.rule);
      if (!field) return [];
      // A share of a price the store computes is taken of that price, not of what the client sent.
      const of = x.rule.kind === 'share' ? pricedBy(rules, x.rule.of) : undefined;
      const record = of && x.rule.kind === 'share' ? `{ ...${source}, ${x.rule.of}: ${of.functionName}(${source}) }` : source;
      return [`${field}: ${x.functionName}(${record})`];
    }),
  ];
  if (fn === 'update') {
    // A change is checked as the record it makes, which only a record that exists can make: the store asks for it.
    // Its status is the one it had, which clients cannot set: a status that refuses changes refuses this one.
    const frozen = statusRefusals(rules, 'update').map((x) => `${x.functionName}(next);`);
    const limits = wholeRecordRules(rules).map((x) => wholeRecordCall(x, 'next'));
    if (frozen.length + limits.length + parts.length === 0) return '';
    const body = [...frozen, ...limits, ...(parts.length > 0 ? [`return { ${parts.join(', ')} };`] : [])];
    return `, (next) => {\n${body.map((line) => `        ${line}\n`).join('')}      }`;
  }
  return parts.length > 0 ? `, { ${parts.join(', ')} }` : '';
}

function moduleFile(r: Resource, ops: Operations, rules: ImplementedRule[], texts: ReadonlyMap<string, string>): SourceFile {
  const lifecycle = lifecycleOf(rules.map((x) => x.rule));
  const managed = managedFields(rules.map((x) => x.rule));
  const fields = Object.fromEntries(r.fields.map((f) => [f.name, { type: f.type, required: f.required }]));
  const stories = r.storyIds.length > 0 ? ` (stories ${r.storyIds.join(', ')})` : '';
  const implemented = implementedCriteria(r, ops);
  const methods = storeFunctions(ops).map((fn) => {
    const ids = implemented.filter((c) => c.fn === fn).map((c) => c.id);
    const cites = ids.length > 0 ? ` Implements ${ids.join(', ')}.` : '';
    const { params, doc } = STORE_METHODS[fn];
    const before = fn === 'create' || fn === 'update' ? guards(fn, rules) : fn === 'remove' ? removalGuards(rules) : [];
    const set = fn === 'create' || fn === 'update' ? setValues(fn, rules, lifecycle?.initial) : '';
    return `    /** ${doc}${cites} */
    ${fn}(${params}) {
${before.map((line) => `      ${line}\n`).join('')}      return records.${fn}(${params}${set});
    },`;
  });
  const actions = rules.filter((x) => x.rule.kind === 'action');
  // What an action must check against the clock, and what it charges when it ends a record late.
  const extrasOf = (x: ImplementedRule): ActionExtras => {
    const action = x.rule.kind === 'action' ? x.rule.action : undefined;
    const windows = rules.flatMap((w) => (w.rule.kind === 'window' && w.rule.action === action ? [{ rule: w.rule, functionName: w.functionName }] : []));
    const leadsTo = (state: string): boolean => lifecycle?.actions.some((a) => a.action === action && a.to === state) ?? false;
    return {
      deadlines: windows.filter((w) => !w.rule.late).map((w) => w.functionName),
      soles: rules.flatMap((w) => (w.rule.kind === 'sole' && leadsTo(w.rule.state) ? [w.functionName] : [])),
      lateness: windows.flatMap((w) => (w.rule.late ? [{ status: w.rule.late, functionName: w.functionName }] : [])),
      charges: rules.flatMap((w) => (w.rule.kind === 'lateFee' && w.rule.action === action ? [{ field: w.rule.field, functionName: w.functionName }] : [])),
    };
  };
  const clocked = runsOnClock(rules);
  const actionMethods = actions.map((x) => {
    const name = camelCase(x.rule.kind === 'action' ? x.rule.action : '');
    const extras = extrasOf(x);
    return `    /** Implements ${rulesOf(rules, x.functionName).join(', ')}. */
    ${name}(id) {
      return ${x.functionName}(records, id${extras.deadlines.length + extras.lateness.length + extras.charges.length > 0 ? ', now()' : ''});
    },`;
  });
  const functions = new Map<string, string>();
  for (const x of rules) {
    if (functions.has(x.functionName)) continue;
    const ids = rulesOf(rules, x.functionName);
    functions.set(x.functionName, ruleSource({ ...x, criterionIds: ids }, r, texts.get(x.criterionIds[0]) ?? '', lifecycle, ops.update, extrasOf(x)));
  }
  const ruleCode = functions.size > 0 ? `${[...functions.values()].join('\n\n')}\n\n` : '';
  const exported = [fieldsExport(r), storeFactory(r), handlerFactory(r), ...functions.keys()];
  const counted = rules.some((x) => x.rule.kind === 'price' && x.rule.basis.of !== 'record');
  const errors = [
    'createStore',
    ...(counted || rules.some((x) => ['range', 'oneOf', 'overlap', 'duration', 'clock', 'required', 'compare', 'tariff'].includes(x.rule.kind)) ? ['ValidationError'] : []),
    ...(rules.some((x) => ['limit', 'capacity', 'blocked', 'overlap', 'interval', 'action', 'window', 'standing', 'sole'].includes(x.rule.kind)) ? ['ConflictError'] : []),
    ...(rules.some((x) => x.rule.kind === 'role') ? ['ForbiddenError'] : []),
  ];
  const guarded = rules.flatMap((x) => (x.rule.kind === 'role' ? [`${JSON.stringify(camelCase(x.rule.operation))}: ${x.functionName}`] : []));
  const options = managed.length > 0 ? `, { managed: ${JSON.stringify(managed)} }` : '';
  const actionNames = actions.map((x) => camelCase(x.rule.kind === 'action' ? x.rule.action : ''));
  return {
    path: `src/${r.file}.js`,
    content: `'use strict';

// ${r.spokenPlural[0].toUpperCase()}${r.spokenPlural.slice(1)}${stories}: their fields, their store and their routes under ${r.path}.
const { ${errors.join(', ')} } = require('./lib/store');
const { createResourceHandler } = require('./lib/http');

/** The fields of ${withArticle(r.spoken)}; \`required\` ones must be given when one is created. */
const ${fieldsExport(r)} = ${JSON.stringify(fields, null, 2)};

${ruleCode}/**
 * A fresh, empty store of ${r.spokenPlural}, so every app (and every test) has its own records. Each operation is a
 * function of its own: what a criterion asks of ${r.spokenPlural} has one place in the code.${clocked ? '\n * Deadlines are measured with `now`, so a test can stand at any moment.' : ''}
 */
function ${storeFactory(r)}(${[...(clocked ? ['now = () => Date.now()'] : []), ...heldBy(rules).map((h) => `${finderOf(h)} = () => undefined`)].join(', ')}) {
  const records = createStore(${fieldsExport(r)}${options});
  return {
${[...methods, ...actionMethods].join('\n')}
  };
}

/** Serves ${r.path} and ${r.path}/:id from the given store. */
function ${handlerFactory(r)}(store) {
  return createResourceHandler('${r.path}', store, { update: ${ops.update}, remove: ${ops.remove}${actionNames.length > 0 ? `, actions: ${JSON.stringify(actionNames)}` : ''}${guarded.length > 0 ? `, guards: { ${guarded.join(', ')} }` : ''} });
}

module.exports = { ${exported.join(', ')} };
`,
  };
}

/** The criteria a function of the module implements: every rule it does, a state rule with its action. */
function rulesOf(rules: readonly ImplementedRule[], functionName: string): string[] {
  return rules.filter((x) => x.functionName === functionName).flatMap((x) => x.criterionIds);
}

function appFile(resources: Resource[], rules: readonly ImplementedRule[][]): SourceFile {
  const imports = resources.map((r) => `const { ${storeFactory(r)}, ${handlerFactory(r)} } = require('./${r.file}');`).join('\n');
  // A store whose rules read another module's records finds them in that module's store; a clock it leaves as it is.
  const storeOf = (r: Resource, i: number): string => {
    const finders = heldBy(rules[i]).map((h) => `(id) => stores.${h}.get(id)`);
    const args = finders.length > 0 ? [...(runsOnClock(rules[i]) ? ['undefined'] : []), ...finders] : [];
    return `    ${r.name}: ${storeFactory(r)}(${args.join(', ')}),`;
  };
  const stores = resources.map(storeOf).join('\n');
  const handlers = resources.map((r) => `    ${handlerFactory(r)}(stores.${r.name}),`).join('\n');
  return {
    path: 'src/app.js',
    content: `'use strict';

const http = require('node:http');
const { sendJson } = require('./lib/http');
${imports}

const COLLECTIONS = ${JSON.stringify(resources.map((r) => r.path))};

/** Builds the HTTP server with fresh stores; the caller decides where it listens. */
function createApp() {
  const stores = {
${stores}
  };
  const handlers = [
${handlers}
  ];
  return http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/' && req.method === 'GET') return sendJson(res, 200, { collections: COLLECTIONS });
    for (const handle of handlers) {
      if (await handle(req, res, url)) return;
    }
    sendJson(res, 404, { error: \`no route for \${req.method} \${url.pathname}\` });
  });
}

module.exports = { createApp };
`,
  };
}

const SERVER_FILE: SourceFile = {
  path: 'src/server.js',
  content: `'use strict';

const { createApp } = require('./app');

const port = Number(process.env.PORT) || 3000;

createApp().listen(port, () => {
  process.stdout.write(\`Listening on http://localhost:\${port}\\n\`);
});
`,
};

function packageFile(name: string): SourceFile {
  const pkg = {
    name,
    version: '0.1.0',
    private: true,
    description: 'Generated by BotArmy: an HTTP JSON API with an in-memory store, no dependencies.',
    type: 'commonjs',
    main: 'src/server.js',
    scripts: { start: 'node src/server.js', test: 'node --test' },
    engines: { node: '>=20' },
  };
  return { path: 'package.json', content: `${JSON.stringify(pkg, null, 2)}\n` };
}

function readmeFile(title: string, resources: Resource[], design: ArchitectOutput, guarded: boolean): SourceFile {
  const routes = design.api_design.map((e) => `| ${e.method} | \`${e.path}\` | ${e.description} | ${e.story_ids.join(', ')} |`);
  const fields = resources.map(
    (r) => `- **${r.spoken}** (\`src/${r.file}.js\`): ${r.fields.map((f) => `\`${f.name}\` ${f.type}${f.required ? ' (required)' : ''}`).join(', ')}`,
  );
  return {
    path: 'README.md',
    content: `# ${title}

${design.architecture.overview}

## Run

\`\`\`sh
npm test          # node --test
PORT=3000 npm start
\`\`\`

No dependencies to install: Node.js 20 or later is enough. Records are kept in memory and are lost on restart.

## API

Bodies and answers are JSON. Invalid input answers 400 with \`{ "error": "…" }\`; an unknown id answers 404.${guarded ? `
Some operations are limited to roles: until the API has sign-in, a request names its roles in the \`x-role\` header,
comma-separated (\`x-role: clerk, judge\`), and a request without one of the roles allowed answers 403.` : ''}

| method | path | what it does | stories |
| --- | --- | --- | --- |
${routes.join('\n')}

## Records

${fields.join('\n')}
`,
  };
}

/** Where each criterion is implemented, in the order of the stories: the module and its function doing it. */
function implementationsOf(analysis: AnalystOutput, resources: Resource[], ops: Operations[], rules: ImplementedRule[][]): Implementation[] {
  const found = resources.flatMap((r, i) => [
    ...implementedCriteria(r, ops[i]).map((c) => ({ criterion_id: c.id, file: `src/${r.file}.js`, function: c.fn as string })),
    ...rules[i].flatMap((x) => x.criterionIds.map((id) => ({ criterion_id: id, file: `src/${r.file}.js`, function: x.functionName }))),
  ]);
  const order = analysis.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.id));
  return found.sort((a, b) => order.indexOf(a.criterion_id) - order.indexOf(b.criterion_id));
}

/** How each kind of rule is enforced, for the implementation plan. */
const RULE_PLANS: Record<ImplementedRule['rule']['kind'], string> = {
  range: 'a value outside its limits is refused with 400, when created and when changed',
  oneOf: 'a value that is not one of the listed ones is refused with 400, when created and when changed',
  limit: 'one record more than the limit is refused with 409, when created and when a change would exceed it',
  capacity: 'one record more than the capacity of the record it points at is refused with 409, when created and when a change would exceed it',
  blocked: 'a record pointing at one whose status is the state is refused with 409, when created and when a change would point it there',
  window: 'after the deadline the action (or creating the record) is refused with 409; the store takes a clock',
  duration: 'a record whose end is more than the longest span after its start is refused with 400, when created and when changed',
  standing: 'a new record for an owner who already has that many records in the state is refused with 409',
  sole: 'the action that would bring a second record with the same detail into the state is refused with 409',
  required: 'a record without the detail is refused with 400, when created and when a change would remove it',
  compare: 'a record whose field does not stand as the rule says to the other is refused with 400, when created and when changed',
  clock: 'a time of day outside the opening hours, off the steps or ending after closing is refused with 400, when created and when changed',
  overlap: 'a record whose dates overlap another with the same owner is refused with 409, when created and when changed; an end before its start with 400',
  threshold: 'the flag is computed from the number on every create and change; clients cannot set it',
  action: 'POST on the action moves the status; from any status the action does not start from it answers 409',
  forbid: 'the action refuses the forbidden status with 409',
  price: 'the amount is computed by the store on every create and change, rounded to the cent; clients cannot set it',
  interval: 'a record closer in time than the interval to another with the same owner is refused with 409, when created and when changed',
  tariff: 'the amount is looked up by the store from the word the record holds, on every create and change; any other word is refused with 400; clients cannot set it',
  share: 'the share is computed by the store from the amount it is a percentage of, on every create and change, to the cent; clients cannot set it',
  lateFee: 'the action that ends the record sets the charge for every started unit of time past its due date; clients cannot set it',
  role: 'the request names its roles in the x-role header (comma-separated) until the API has sign-in; any other role answers 403',
};

/** The developer's answer: a runnable, dependency-free Node.js project built from the design and the analysis. */
export function writeCode(input: AgentInput): DeveloperOutput {
  const analysis = input.analysis ?? writeAnalysis(input);
  const design = input.design ?? writeDesign({ ...input, analysis });
  const resources = resourcesOf(analysis);
  const ops = resources.map((r) => operationsFor(r, design));
  // A status that refuses a change or a removal is a rule only of a store that changes or removes records.
  const offers = (x: ImplementedRule, i: number): boolean => x.rule.kind !== 'forbid' || !refusesStoreOperation(x.rule) || ops[i][x.rule.action as 'update' | 'remove'];
  const rules = resources.map((r, i) => implementedRules(r, resources).filter((x) => offers(x, i)));
  // A record counted per owner must name its owner, and a priced one what it is priced by: those fields are required.
  resources.forEach((r, i) => {
    const per = new Set(rules[i].flatMap((x) => neededFields(x.rule)));
    for (const f of r.fields) if (per.has(f.name)) f.required = true;
  });
  const texts = new Map(analysis.user_stories.flatMap((s) => s.acceptance_criteria.map((c): [string, string] => [c.id, c.text])));
  const name = kebabCase(resources.map((r) => r.name).slice(0, 3).join(' ')) || 'botarmy-app';
  const title = `${capitalize(listWords(resources.map((r) => r.spokenPlural)))} service`;
  const endpoints = resources.flatMap((r, i) => {
    const handler = `src/${r.file}.js#${handlerFactory(r)}`;
    const item = `${r.path}/:id`;
    return [
      { method: 'GET', path: r.path, handler },
      { method: 'POST', path: r.path, handler },
      { method: 'GET', path: item, handler },
      ...(ops[i].update ? [{ method: 'PATCH', path: item, handler }] : []),
      ...(ops[i].remove ? [{ method: 'DELETE', path: item, handler }] : []),
      ...rules[i].flatMap((x) => (x.rule.kind === 'action' ? [{ method: 'POST', path: `${item}/${actionSegment(x.rule.action)}`, handler }] : [])),
    ];
  });
  const plan = [
    'Shared modules: src/lib/store.js (validating in-memory store) and src/lib/http.js (JSON and REST routing).',
    ...resources.map((r, i) => {
      const extra = [ops[i].update ? 'PATCH' : '', ops[i].remove ? 'DELETE' : ''].filter(Boolean);
      return `src/${r.file}.js: ${r.spoken} fields, store and handler for ${r.path} (GET, POST, GET by id${extra.length ? `, ${extra.join(', ')}` : ''}).`;
    }),
    'src/app.js routes each request to the module owning its path; src/server.js listens on PORT.',
  ];
  for (const [i, r] of resources.entries()) {
    for (const x of rules[i].filter((y, k) => rules[i].findIndex((z) => z.functionName === y.functionName) === k)) plan.push(`${x.criterionIds.join(', ')} in src/${r.file}.js#${x.functionName}: ${RULE_PLANS[x.rule.kind]}.`);
  }
  const implemented = new Set(resources.flatMap((r, i) => [...implementedCriteria(r, ops[i]).map((c) => c.id), ...rules[i].flatMap((x) => x.criterionIds)]));
  const open = analysis.user_stories.flatMap((s) => s.acceptance_criteria).filter((c) => !implemented.has(c.id));
  if (open.length > 0) {
    plan.push(
      `Not implemented, left open for a person: ${open.map((c) => c.id).join(', ')} ` +
        '(rules and criteria that are not a plain create, list, fetch, change or removal of a record).',
    );
  }
  if (input.testFailures) {
    const first = input.testFailures.split('\n').find((l) => l.trim() !== '') ?? 'the last run failed';
    plan.push(
      `Repair after a failed test run ("${first.trim().slice(0, 160)}"): the code is generated again from the design; ` +
        'the offline developer writes the same modules every time, so a failure that remains points at the tests or the environment.',
    );
  }
  for (const g of input.guidance) plan.push(`Guidance noted: "${g}".`);
  return {
    implementation_plan: plan,
    files: [
      packageFile(name),
      { path: 'src/lib/store.js', content: STORE_JS },
      { path: 'src/lib/http.js', content: HTTP_JS },
      ...resources.map((r, i) => moduleFile(r, ops[i], rules[i], texts)),
      appFile(resources, rules),
      SERVER_FILE,
      readmeFile(title, resources, design, rules.some((list) => list.some((x) => x.rule.kind === 'role'))),
    ],
    api_endpoints: endpoints,
    database_schema: resources.map((r) => ({
      table: r.file.replace(/-/g, '_'),
      fields: [{ name: 'id', type: 'id' }, ...r.fields.map((f) => ({ name: f.name, type: f.type }))],
    })),
    implementations: implementationsOf(analysis, resources, ops, rules),
    confidence: resources.length > 0 ? Math.min(0.9, design.confidence + 0.05) : 0.2,
    testing_notes: [
      'Each module exports its fields, a store factory and a handler factory, so stores can be tested alone and handlers over a real server.',
      'createApp() in src/app.js returns an unstarted http.Server with fresh stores: listen on port 0 in tests and close it afterwards.',
      'Required fields, types (string, number, boolean, ISO date, id) and unknown ids are the edge cases to cover.',
      '`implementations` names the module and the function of every criterion the code implements: a store operation, a rule function (check*, is*) or an action (POST /:id/<action>). Criteria it does not name are not implemented.',
      'Rules answer 400 for a refused value and 409 for a limit reached or a status that forbids an action; the tests assert both the status and the record left unchanged.',
    ],
  };
}
