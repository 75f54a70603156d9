import type { AgentInput } from '../../domain/agents/agent';
import type { SourceFile } from '../../domain/agents/developer';
import type { TesterOutput } from '../../domain/agents/tester';
import { writeAnalysis } from './analysis-writer';
import { writeCode } from './code-writer';
import { type AppContract, type ModuleContract, readProject } from './code-reader';
import type { CriterionKind } from './criteria';
import { spokenName, withArticle } from './naming';
import { type Resource, type ResourceField, resourcesOf } from './resources';

type TestedKind = Exclude<CriterionKind, 'rule'>;

/** A test to write: the criterion it proves (if any), its name, and its body. */
interface PlannedTest {
  criterion?: { storyId: string; id: string };
  name: string;
  body: string;
  http: boolean;
}

/** What one module's tests need: its contract and the sample records they send. */
interface Subject {
  module: ModuleContract;
  spoken: string;
  plural: string;
  valid: Record<string, unknown>;
  invalid: Record<string, unknown>;
  required: string;
}

/** The field an update criterion is about: the one it names ("a ticket's status"), else the first optional one. */
function changedField(module: ModuleContract, criterion: string): ResourceField {
  const named = module.fields
    .filter((f) => new RegExp(`\\b${spokenName(f.name).replace(/ /g, '\\s+')}\\b`, 'i').test(criterion))
    .sort((a, b) => Number(a.required) - Number(b.required));
  return named[0] ?? module.fields.find((f) => !f.required) ?? module.fields[0];
}

const SAMPLE_DATES = ['2030-01-15T09:00:00.000Z', '2030-02-20T10:30:00.000Z'];

function sample(f: ResourceField, variant: 0 | 1): unknown {
  switch (f.type) {
    case 'number':
      return variant === 0 ? 3 : 5;
    case 'boolean':
      return variant === 0;
    case 'date':
      return SAMPLE_DATES[variant];
    case 'id':
      return String(variant + 1);
    case 'string':
      if (f.name === 'status') return variant === 0 ? 'open' : 'closed';
      if (/email/i.test(f.name)) return variant === 0 ? 'ada@example.com' : 'grace@example.com';
      return `${spokenName(f.name)} ${variant === 0 ? 'one' : 'two'}`;
  }
}

function subjectOf(module: ModuleContract, resource: Resource | undefined): Subject {
  const spoken = resource?.spoken ?? spokenName(module.fieldsExport.replace(/Fields$/, ''));
  const valid = Object.fromEntries(module.fields.map((f) => [f.name, sample(f, 0)]));
  const required = module.fields.find((f) => f.required) as ResourceField;
  const invalid = { ...valid };
  delete invalid[required.name];
  return { module, spoken, plural: resource?.spokenPlural ?? `${spoken}s`, valid, invalid, required: required.name };
}

const json = (value: unknown): string => JSON.stringify(value);
/** A JavaScript string literal in the generated files' style: single quotes unless the text holds one. */
const quote = (text: string): string => (text.includes("'") ? json(text) : `'${text.replace(/\\/g, '\\\\')}'`);

function storeTest(kind: TestedKind, s: Subject, criterion: string): { name: string; body: string } {
  const make = `const store = ${s.module.storeFactory}();`;
  const field = changedField(s.module, criterion);
  const change = `const change = ${json({ [field.name]: sample(field, 1) })};`;
  switch (kind) {
    case 'create':
      return {
        name: `stores a new ${s.spoken} and gives it an id`,
        body: `${make}
    const created = store.create(VALID);
    assert.equal(typeof created.id, 'string');
    assert.deepEqual(created, { id: created.id, ...VALID });
    assert.deepEqual(store.get(created.id), created);`,
      };
    case 'reject':
      return {
        name: `refuses ${withArticle(s.spoken)} without ${withArticle(spokenName(s.required))}`,
        body: `${make}
    assert.throws(() => store.create(INVALID), /${s.required}/);
    assert.equal(store.list().length, 0);`,
      };
    case 'list':
      return {
        name: `lists every stored ${s.spoken}`,
        body: `${make}
    const first = store.create(VALID);
    const second = store.create(VALID);
    assert.deepEqual(store.list().map((r) => r.id).sort(), [first.id, second.id].sort());`,
      };
    case 'get':
      return {
        name: `finds ${withArticle(s.spoken)} by id, and nothing for an unknown id`,
        body: `${make}
    const created = store.create(VALID);
    assert.deepEqual(store.get(created.id), created);
    assert.equal(store.get('no-such-id'), undefined);`,
      };
    case 'update':
      return {
        name: `changes ${withArticle(s.spoken)}'s ${spokenName(field.name)} and keeps the change`,
        body: `${make}
    ${change}
    const created = store.create(VALID);
    const updated = store.update(created.id, change);
    assert.deepEqual(updated, { ...created, ...change });
    assert.deepEqual(store.get(created.id), updated);
    assert.equal(store.update('no-such-id', change), undefined);`,
      };
    case 'remove':
      return {
        name: `removes ${withArticle(s.spoken)} so it is no longer listed`,
        body: `${make}
    const created = store.create(VALID);
    assert.equal(store.remove(created.id), true);
    assert.equal(store.get(created.id), undefined);
    assert.equal(store.list().length, 0);`,
      };
  }
}

function httpTest(kind: TestedKind, s: Subject, criterion: string): { name: string; body: string } | undefined {
  const path = s.module.path;
  const field = changedField(s.module, criterion);
  const change = `const change = ${json({ [field.name]: sample(field, 1) })};`;
  const post = `const created = await call('POST', PATH, VALID);
    assert.equal(created.status, 201);`;
  switch (kind) {
    case 'create':
      return {
        name: `POST ${path} answers 201 with the new ${s.spoken}`,
        body: `${post}
    assert.deepEqual(created.body, { id: created.body.id, ...VALID });
    const fetched = await call('GET', \`\${PATH}/\${created.body.id}\`);
    assert.equal(fetched.status, 200);
    assert.deepEqual(fetched.body, created.body);`,
      };
    case 'reject':
      return {
        name: `POST ${path} without ${withArticle(spokenName(s.required))} answers 400`,
        body: `const refused = await call('POST', PATH, INVALID);
    assert.equal(refused.status, 400);
    assert.match(refused.body.error, /${s.required}/);`,
      };
    case 'list':
      return {
        name: `GET ${path} lists the ${s.plural} created`,
        body: `${post}
    const listed = await call('GET', PATH);
    assert.equal(listed.status, 200);
    assert.ok(listed.body.some((r) => r.id === created.body.id));`,
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

/** Criteria of the resource, or — when no criterion names it — the basic checks, named without a criterion id. */
function plannedTests(s: Subject, resource: Resource | undefined, app: AppContract | undefined): PlannedTest[] {
  const criteria = (resource?.criteria ?? []).filter((c): c is typeof c & { kind: TestedKind } => c.kind !== 'rule');
  const wanted: { kind: TestedKind; text: string; criterion?: { storyId: string; id: string } }[] =
    criteria.length > 0
      ? criteria.map((c) => ({ kind: c.kind, text: c.text, criterion: { storyId: c.storyId, id: c.id } }))
      : (['create', 'reject', 'list'] as const).map((kind) => ({ kind, text: '' }));
  const tests: PlannedTest[] = [];
  for (const w of wanted) {
    const prefix = w.criterion ? `${w.criterion.id} ` : `${s.spoken}: `;
    const unit = storeTest(w.kind, s, w.text);
    tests.push({ criterion: w.criterion, name: `${prefix}${unit.name}`, body: unit.body, http: false });
    const over = app ? httpTest(w.kind, s, w.text) : undefined;
    if (over) tests.push({ criterion: w.criterion, name: `${prefix}${over.name}`, body: over.body, http: true });
  }
  return tests;
}

function testFile(s: Subject, tests: PlannedTest[], app: AppContract | undefined): SourceFile {
  const unit = tests.filter((t) => !t.http);
  const over = tests.filter((t) => t.http);
  const render = (t: PlannedTest, async: boolean): string =>
    `  test(${quote(t.name)}, ${async ? 'async ' : ''}() => {\n    ${t.body}\n  });`;
  const httpBlock =
    app && over.length > 0
      ? `

describe(${quote(`${s.spoken} over HTTP`)}, () => {
  let server;
  let base;

  before(async () => {
    server = ${app.factory}();
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = \`http://127.0.0.1:\${server.address().port}\`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function call(method, path, body) {
    const response = await fetch(base + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  }

${over.map((t) => render(t, true)).join('\n\n')}
});`
      : '';
  const imports = [
    `const { ${s.module.storeFactory} } = require(${quote(s.module.requirePath)});`,
    ...(httpBlock && app ? [`const { ${app.factory} } = require(${quote(app.requirePath)});`] : []),
  ];
  const base = s.module.file.replace(/^src\//, '').replace(/\.js$/, '').replace(/\//g, '-');
  return {
    path: `test/${base}.test.js`,
    content: `'use strict';

// Tests for ${s.plural}; each test name starts with the acceptance criterion it proves.
const { describe, test${httpBlock ? ', before, after' : ''} } = require('node:test');
const assert = require('node:assert/strict');
${imports.join('\n')}

${httpBlock ? `const PATH = ${quote(s.module.path)};\n` : ''}const VALID = ${json(s.valid)};
const INVALID = ${json(s.invalid)};

describe(${quote(`${s.spoken} store`)}, () => {
${unit.map((t) => render(t, false)).join('\n\n')}
});${httpBlock}
`,
  };
}

/** The tester's answer: node:test files for every module it finds in the code, one or two tests per criterion. */
export function writeTests(input: AgentInput): TesterOutput {
  const analysis = input.analysis ?? writeAnalysis(input);
  const implementation = input.implementation ?? writeCode({ ...input, analysis });
  const project = readProject(implementation.files);
  const resources = resourcesOf(analysis);
  const files: SourceFile[] = [];
  const proven = new Map<string, string[]>();
  let total = 0;
  for (const module of project.modules) {
    const resource = resources.find((r) => `${r.name}Fields` === module.fieldsExport || `src/${r.file}.js` === module.file);
    const subject = subjectOf(module, resource);
    const tests = plannedTests(subject, resource, project.app);
    total += tests.length;
    for (const t of tests) if (t.criterion) proven.set(t.criterion.id, [...(proven.get(t.criterion.id) ?? []), t.name]);
    files.push(testFile(subject, tests, project.app));
  }
  const criteria = analysis.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => ({ storyId: s.id, ...c })));
  const manual = criteria.filter((c) => !proven.has(c.id));
  const share = criteria.length === 0 ? 0 : (criteria.length - manual.length) / criteria.length;
  return {
    test_plan: criteria.map((c) => ({
      story_id: c.storyId,
      criterion_id: c.id,
      description: proven.has(c.id)
        ? `Automated: ${(proven.get(c.id) as string[]).join('; ')}`
        : `Checked by a person: no module behaviour proves "${c.text}" automatically`,
    })),
    test_files: files,
    test_command: ['node', '--test'],
    expected_results: [
      `${total} tests in ${files.length} files pass under node --test`,
      ...project.modules.map((m) => `${m.path}: 201 on a valid POST, 400 without ${m.fields.find((f) => f.required)?.name}, 404 for an unknown id`),
      ...(manual.length > 0 ? [`${manual.length} criteria are left to a person: ${manual.map((c) => c.id).join(', ')}`] : []),
    ],
    confidence: files.length === 0 ? 0.2 : Math.round((0.5 + 0.45 * share) * 100) / 100,
  };
}
