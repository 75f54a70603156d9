import type { AgentInput } from '../../domain/agents/agent';
import type { ArchitectOutput } from '../../domain/agents/architect';
import type { AnalystOutput } from '../../domain/agents/analyst';
import type { DeveloperOutput, SourceFile } from '../../domain/agents/developer';

type Implementation = NonNullable<DeveloperOutput['implementations']>[number];
import { writeAnalysis } from './analysis-writer';
import { writeDesign } from './design-writer';
import { capitalize, kebabCase, listWords, withArticle } from './naming';
import type { CriterionKind } from './criteria';
import { type Resource, operationsOf, resourcesOf } from './resources';
import { type ValueRule, ruleFunction, valueRulesOfProject } from './rules';
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
export const STORE_FUNCTION: Record<Exclude<CriterionKind, 'rule'>, StoreFunction> = {
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
    if (c.kind === 'rule') return [];
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

function moduleFile(r: Resource, ops: Operations, rules: ValueRule[]): SourceFile {
  const fields = Object.fromEntries(r.fields.map((f) => [f.name, { type: f.type, required: f.required }]));
  const stories = r.storyIds.length > 0 ? ` (stories ${r.storyIds.join(', ')})` : '';
  const implemented = implementedCriteria(r, ops);
  const methods = storeFunctions(ops).map((fn) => {
    const ids = implemented.filter((c) => c.fn === fn).map((c) => c.id);
    const cites = ids.length > 0 ? ` Implements ${ids.join(', ')}.` : '';
    const { params, doc } = STORE_METHODS[fn];
    // The rules on values hold for a new record and for a change alike.
    const checked = fn === 'create' || fn === 'update' ? rules.map((rule) => `      ${rule.functionName}(${fn === 'create' ? 'input' : 'changes'});\n`).join('') : '';
    return `    /** ${doc}${cites} */
    ${fn}(${params}) {
${checked}      return records.${fn}(${params});
    },`;
  });
  const ruleCode = rules.length > 0 ? `${rules.map(ruleFunction).join('\n\n')}\n\n` : '';
  const exported = [fieldsExport(r), storeFactory(r), handlerFactory(r), ...rules.map((rule) => rule.functionName)];
  return {
    path: `src/${r.file}.js`,
    content: `'use strict';

// ${r.spokenPlural[0].toUpperCase()}${r.spokenPlural.slice(1)}${stories}: their fields, their store and their routes under ${r.path}.
const { ${rules.length > 0 ? 'createStore, ValidationError' : 'createStore'} } = require('./lib/store');
const { createResourceHandler } = require('./lib/http');

/** The fields of ${withArticle(r.spoken)}; \`required\` ones must be given when one is created. */
const ${fieldsExport(r)} = ${JSON.stringify(fields, null, 2)};

${ruleCode}/**
 * A fresh, empty store of ${r.spokenPlural}, so every app (and every test) has its own records. Each operation is a
 * function of its own: what a criterion asks of ${r.spokenPlural} has one place in the code.
 */
function ${storeFactory(r)}() {
  const records = createStore(${fieldsExport(r)});
  return {
${methods.join('\n')}
  };
}

/** Serves ${r.path} and ${r.path}/:id from the given store. */
function ${handlerFactory(r)}(store) {
  return createResourceHandler('${r.path}', store, { update: ${ops.update}, remove: ${ops.remove} });
}

module.exports = { ${exported.join(', ')} };
`,
  };
}

function appFile(resources: Resource[]): SourceFile {
  const imports = resources.map((r) => `const { ${storeFactory(r)}, ${handlerFactory(r)} } = require('./${r.file}');`).join('\n');
  const handlers = resources.map((r) => `    ${handlerFactory(r)}(${storeFactory(r)}()),`).join('\n');
  return {
    path: 'src/app.js',
    content: `'use strict';

const http = require('node:http');
const { sendJson } = require('./lib/http');
${imports}

const COLLECTIONS = ${JSON.stringify(resources.map((r) => r.path))};

/** Builds the HTTP server with fresh stores; the caller decides where it listens. */
function createApp() {
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

function readmeFile(title: string, resources: Resource[], design: ArchitectOutput): SourceFile {
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

Bodies and answers are JSON. Invalid input answers 400 with \`{ "error": "…" }\`; an unknown id answers 404.

| method | path | what it does | stories |
| --- | --- | --- | --- |
${routes.join('\n')}

## Records

${fields.join('\n')}
`,
  };
}

/** Where each criterion is implemented, in the order of the stories: the module and its function doing it. */
function implementationsOf(analysis: AnalystOutput, resources: Resource[], ops: Operations[], rules: ValueRule[][]): Implementation[] {
  const found = resources.flatMap((r, i) => [
    ...implementedCriteria(r, ops[i]).map((c) => ({ criterion_id: c.id, file: `src/${r.file}.js`, function: c.fn as string })),
    ...rules[i].map((rule) => ({ criterion_id: rule.criterionId, file: `src/${r.file}.js`, function: rule.functionName })),
  ]);
  const order = analysis.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.id));
  return found.sort((a, b) => order.indexOf(a.criterion_id) - order.indexOf(b.criterion_id));
}

/** The developer's answer: a runnable, dependency-free Node.js project built from the design and the analysis. */
export function writeCode(input: AgentInput): DeveloperOutput {
  const analysis = input.analysis ?? writeAnalysis(input);
  const design = input.design ?? writeDesign({ ...input, analysis });
  const resources = resourcesOf(analysis);
  const ops = resources.map((r) => operationsFor(r, design));
  const rules = valueRulesOfProject(resources, analysis);
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
    for (const rule of rules[i]) {
      plan.push(`Rule ${rule.criterionId} in src/${r.file}.js#${rule.functionName}: a ${r.spoken} whose ${rule.field} is not ${rule.message.replace(/^\S+ must be /, '')} is refused, when created and when changed.`);
    }
  }
  const implemented = new Set(resources.flatMap((r, i) => [...implementedCriteria(r, ops[i]).map((c) => c.id), ...rules[i].map((x) => x.criterionId)]));
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
      ...resources.map((r, i) => moduleFile(r, ops[i], rules[i])),
      appFile(resources),
      SERVER_FILE,
      readmeFile(title, resources, design),
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
      '`implementations` names the module and the function of every criterion the code implements: a store operation, or a check* function for a limit on a number (test it at the limits). Criteria it does not name are not implemented.',
    ],
  };
}
