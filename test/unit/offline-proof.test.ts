import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AgentInput } from '../../src/domain/agents/agent';
import { type AnalystOutput, analystOutputSchema } from '../../src/domain/agents/analyst';
import { architectOutputSchema } from '../../src/domain/agents/architect';
import { type DeveloperOutput, developerOutputSchema, type SourceFile } from '../../src/domain/agents/developer';
import { type TesterOutput, testerOutputSchema } from '../../src/domain/agents/tester';
import pino from 'pino';
import { citedCriteria, criteriaOf, implementationsOf as declaredImplementations, judgeProof } from '../../src/domain/proof';
import { runMutation } from '../../src/proof/mutation-runner';
import type { LlmRequest } from '../../src/llm/llm-port';
import { OfflineProvider } from '../../src/llm/offline-provider';
import type { Sandbox } from '../../src/sandbox/sandbox';
import { runNodeTests } from '../../src/sandbox/test-runner';
import { nodePermission, TEST_LIMITS } from '../support/sandboxes';
import { tempDir } from '../support/temp-dir';

/**
 * Texts of our own, in domains the shared requirement files do not use, so what is checked here is the reader in
 * general: each has plain operations on records and at least one business rule the offline developer does not
 * implement.
 */
const TEXTS = {
  repairs:
    'A bike repair shop: mechanics log repair jobs with a bike and a price, customers cancel a job, and the manager marks a job as done. A repair job costs at most 200.',
  seeds:
    'A seed exchange where gardeners list seed packets with a variety and a quantity, and other gardeners request packets. A gardener can request at most 5 packets per season.',
  studio:
    'A recording studio books sessions: engineers create sessions with a room and a start time, bands view sessions, and the owner changes a session\'s status. Sessions last no more than 4 hours. A band that cancels late pays half of the session fee.',
  lending:
    'A neighbourhood lending shelf: members borrow ladders and drills for a week, staff change a loan\'s status when the item comes back, and a member can hold at most 2 loans.',
  cellar: 'A wine cellar app: collectors add bottles with a vintage and a rating, collectors change a bottle\'s rating, and ratings go from 50 to 100.',
};

type Kind = keyof typeof TEXTS;

interface Run {
  analysis: AnalystOutput;
  implementation: DeveloperOutput;
  tests: TesterOutput;
}

interface WrittenTest {
  file: SourceFile;
  name: string;
  body: string;
  http: boolean;
}

const provider = new OfflineProvider();
const schemas = { analyst: analystOutputSchema, architect: architectOutputSchema, developer: developerOutputSchema, tester: testerOutputSchema };

async function ask<A extends keyof typeof schemas>(agent: A, input: AgentInput) {
  const request: LlmRequest = { agent, messages: [{ role: 'user', content: input.requirements }], schema: schemas[agent], schemaName: agent, input, attempt: 1 };
  const answer = await provider.complete(request);
  return { parsed: schemas[agent].parse(answer.json) as ReturnType<(typeof schemas)[A]['parse']>, text: answer.text };
}

async function pipeline(requirements: string, proofGaps?: string): Promise<Run & { testerText: string }> {
  const input: AgentInput = { requirements, guidance: [] };
  const analysis = (await ask('analyst', input)).parsed;
  const design = (await ask('architect', { ...input, analysis })).parsed;
  const implementation = (await ask('developer', { ...input, analysis, design })).parsed;
  const tester = await ask('tester', { ...input, analysis, design, implementation, ...(proofGaps ? { proofGaps } : {}) });
  return { analysis, implementation, tests: tester.parsed, testerText: tester.text };
}

const criteriaIds = (run: Run): string[] => run.analysis.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.id));
const criterionText = (run: Run, id: string): string =>
  run.analysis.user_stories.flatMap((s) => s.acceptance_criteria).find((c) => c.id === id)?.text ?? '';

/** Every `test(…)` the tester wrote, read back from its files: name, body, and whether it goes over HTTP. */
function writtenTests(run: Run): WrittenTest[] {
  return run.tests.test_files.flatMap((file) => {
    const httpStart = file.content.indexOf('over HTTP');
    return [...file.content.matchAll(/^ {2}test\(('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"), (?:async )?\(\) => \{\n([\s\S]*?)\n {2}\}\);$/gm)].map((m) => ({
      file,
      name: m[1].startsWith('"') ? (JSON.parse(m[1]) as string) : m[1].slice(1, -1),
      body: m[2],
      http: httpStart >= 0 && (m.index ?? 0) > httpStart,
    }));
  });
}

const STORE_OPERATIONS = ['create', 'list', 'get', 'update', 'remove'];

const implementationsOf = (run: Run, id: string) => (run.implementation.implementations ?? []).filter((i) => i.criterion_id === id);

/** How a test over HTTP reaches each store function through the router. */
const HTTP_CALLS: Record<string, RegExp> = {
  create: /call\('POST', PATH, (VALID|INVALID)\)/,
  list: /call\('GET', PATH\)/,
  get: /call\('GET', `\$\{PATH\}\/\$\{created\.body\.id\}`\)/,
  update: /call\('PATCH'/,
  remove: /call\('DELETE'/,
};

/** The test calls the function the developer named for the criterion, in the module it named. */
function callsImplementation(test: WrittenTest, impl: { file: string; function?: string }): boolean {
  if (!test.file.content.includes(`require('../${impl.file}')`)) return false;
  const fn = impl.function;
  if (fn === undefined) return true;
  // A store operation is called on the store; a rule's function by its own name, or through the store that calls it.
  if (!(fn in HTTP_CALLS)) return new RegExp(`(^|[^.\\w])${fn}\\(|\\bstore\\.\\w+\\(|\\bcall\\('POST'`).test(test.body);
  return test.http ? HTTP_CALLS[fn].test(test.body) : new RegExp(`\\bstore\\.${fn}\\(`).test(test.body);
}

/** A function `name` defined in `source`: a declaration, a method, or a function assigned to a name. */
function defines(source: string, name: string): boolean {
  const n = name.replace(/\$/g, '\\$');
  return new RegExp(`(^|\\n)\\s*(async\\s+)?(function\\s+${n}\\s*\\(|${n}\\s*\\([^)]*\\)\\s*\\{|(const|let|var)\\s+${n}\\s*=\\s*(async\\s*)?(function|\\()|exports\\.${n}\\s*=)`).test(source);
}

/** The source with one function's body emptied, braces matched (a body may hold objects and callbacks). */
function emptyBody(source: string, fn: string): string {
  const head = new RegExp(`\\n\\s*(?:function )?${fn}\\([^)]*\\) \\{`).exec(source);
  if (!head) return source;
  const open = head.index + head[0].length;
  let depth = 1;
  let at = open;
  while (depth > 0 && at < source.length) {
    if (source[at] === '{') depth += 1;
    if (source[at] === '}') depth -= 1;
    at += 1;
  }
  return `${source.slice(0, open)}}${source.slice(at)}`;
}

/** Writes the developer's and the tester's files into a fresh workspace; `edit` changes one source file first. */
function workspace(root: string, name: string, run: Run, edit?: { path: string; content: string }): string {
  const dir = join(root, name);
  for (const file of [...run.implementation.files, ...run.tests.test_files]) {
    const content = edit && edit.path === file.path ? edit.content : file.content;
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), content);
  }
  return dir;
}

describe('the offline tester proves only what it exercises', () => {
  const runs = {} as Record<Kind, Run & { testerText: string }>;
  beforeAll(async () => {
    for (const kind of Object.keys(TEXTS) as Kind[]) runs[kind] = await pipeline(TEXTS[kind]);
  });

  it('declares where every plain criterion is implemented: files the developer wrote, functions those files define', () => {
    for (const run of Object.values(runs)) {
      const declared = run.implementation.implementations ?? [];
      expect(declared.length).toBeGreaterThan(0);
      const ids = new Set(criteriaIds(run));
      for (const impl of declared) {
        expect(ids.has(impl.criterion_id)).toBe(true);
        const file = run.implementation.files.find((f) => f.path === impl.file);
        expect(file).toBeDefined();
        expect(impl.function).toBeDefined();
        expect(defines(file?.content ?? '', impl.function ?? '')).toBe(true);
      }
    }
  });

  it('declares no implementation for a rule it did not implement, and says so in its plan', () => {
    for (const run of Object.values(runs)) {
      const rules = criteriaIds(run).filter((id) => /^Rule:/.test(criterionText(run, id)));
      expect(rules.length).toBeGreaterThan(0);
      for (const id of rules) {
        // A rule is implemented by a function of its own, never by the plain store operation it constrains.
        for (const impl of implementationsOf(run, id)) expect(STORE_OPERATIONS).not.toContain(impl.function);
        expect(run.implementation.implementation_plan.join('\n')).toContain(id);
      }
    }
    const open = (run: Run) => criteriaIds(run).filter((id) => /^Rule:/.test(criterionText(run, id)) && implementationsOf(run, id).length === 0);
    // A share of another amount under a condition is a rule the offline developer leaves open; how long a session lasts it builds.
    expect(open(runs.studio).map((id) => criterionText(runs.studio, id))).toEqual(['Rule: A band that cancels late pays half of the session fee']);
  });

  it('implements a limit on a number as a rule, and proves it at the limits', () => {
    const run = runs.cellar;
    const rule = criteriaIds(run).find((id) => criterionText(run, id) === "Rule: A bottle's rating must be from 50 to 100") as string;
    expect(implementationsOf(run, rule)).toEqual([{ criterion_id: rule, file: 'src/bottle.js', function: 'checkBottleRating' }]);
    const module = run.implementation.files.find((f) => f.path === 'src/bottle.js')?.content ?? '';
    expect(module).toContain('if (record.rating < 50 || record.rating > 100) throw new ValidationError("rating must be from 50 to 100");');
    const [test] = writtenTests(run).filter((t) => citedCriteria(t.name, new Set(criteriaIds(run))).includes(rule) && !t.http);
    expect(test.name).toBe(`${rule} refuses a bottle whose rating is not from 50 to 100, and takes the limits themselves`);
    for (const value of [49, 101]) expect(test.body).toContain(`store.create({ ...VALID, rating: ${value} }), { name: 'ValidationError', message: "rating must be from 50 to 100" }`);
    for (const value of [50, 100]) expect(test.body).toMatch(new RegExp(`store\\.create\\(\\{ \\.\\.\\.unique\\(\\d\\), rating: ${value} \\}\\)\\.rating, ${value}\\);`));
    expect(test.body).toContain("store.update('1', { rating: 101 })");
  });

  it('names every test only after criteria whose declared code the test calls', () => {
    for (const run of Object.values(runs)) {
      const known = new Set(criteriaIds(run));
      const tests = writtenTests(run);
      expect(tests.length).toBeGreaterThan(0);
      for (const test of tests) {
        for (const id of citedCriteria(test.name, known)) {
          const impls = implementationsOf(run, id);
          expect({ test: test.name, id, calls: impls.some((i) => callsImplementation(test, i)) }).toEqual({ test: test.name, id, calls: true });
        }
      }
    }
  });

  it('asserts exact records, not just that something came back', () => {
    for (const run of Object.values(runs)) {
      for (const test of writtenTests(run).filter((t) => /^S\d+\.AC\d+ /.test(t.name) && !t.http)) {
        expect(test.body).toMatch(/assert\.(deepEqual|equal|throws)\(/);
        expect(test.body).not.toMatch(/assert\.ok\(|\.length > 0|typeof /);
      }
    }
  });

  it('gives every criterion it implements a test and the others none: no CRUD test carries a rule\'s name', () => {
    for (const run of Object.values(runs)) {
      const known = new Set(criteriaIds(run));
      const cited = new Set(writtenTests(run).flatMap((t) => citedCriteria(t.name, known)));
      for (const id of known) {
        expect({ id, cited: cited.has(id) }).toEqual({ id, cited: implementationsOf(run, id).length > 0 });
      }
      const plan = new Map(run.tests.test_plan.map((p) => [p.criterion_id, p.description]));
      for (const id of known) if (!cited.has(id)) expect(plan.get(id)).toMatch(/^Not tested: .*left open for a person/);
      for (const test of writtenTests(run)) {
        // A rule's test shows the rule biting: a refusal, or the value the rule decides.
        for (const id of citedCriteria(test.name, known)) if (/^Rule:/.test(criterionText(run, id))) expect(test.body).toMatch(/assert\.throws\(|\.status, (400|409)\)|, (true|false)\);/);
      }
      const open = [...known].filter((id) => !cited.has(id));
      expect(run.tests.expected_results.join('\n')).toContain(open.join(', '));
    }
  });

  it('tests the record a criterion is about, not the person acting in it', () => {
    const lending = runs.lending;
    const known = new Set(criteriaIds(lending));
    const statusCriterion = criteriaIds(lending).find((id) => /loan's status/.test(criterionText(lending, id)));
    expect(statusCriterion).toBeDefined();
    expect(implementationsOf(lending, statusCriterion as string)).toEqual([{ criterion_id: statusCriterion, file: 'src/loan.js', function: 'update' }]);
    const citing = writtenTests(lending).filter((t) => citedCriteria(t.name, known).includes(statusCriterion as string));
    expect(citing.length).toBe(2);
    for (const t of citing) {
      expect(t.file.path).toBe('test/loan.test.js');
      expect(t.body).toContain('const change = {"status":"closed"};');
    }
    // "A member can create a loan with ladder id …" is about loans, though "ladder" is the longer name in it.
    const loanCreation = criteriaIds(lending).filter((id) => /can create a loan/.test(criterionText(lending, id)));
    expect(loanCreation.length).toBeGreaterThan(0);
    for (const id of loanCreation) expect(implementationsOf(lending, id).map((i) => i.file)).toEqual(['src/loan.js']);
    // "A user can create a session": the session is stored, by the session module.
    const studio = runs.studio;
    const creating = criteriaIds(studio).filter((id) => /can create a session/.test(criterionText(studio, id)));
    expect(creating.length).toBeGreaterThan(0);
    for (const id of creating) expect(implementationsOf(studio, id).map((i) => i.file)).toEqual(['src/session.js']);
  });

  it('asked again with proof gaps, adds sharper tests for the weak criteria it can prove, leaves the rest, and stays deterministic', async () => {
    const run = runs.studio;
    const ids = criteriaIds(run);
    const rule = ids.find((id) => /^Rule:/.test(criterionText(run, id)) && implementationsOf(run, id).length === 0) as string;
    expect(rule).toBeDefined();
    const weak = ids.filter((id) => implementationsOf(run, id).some((i) => STORE_OPERATIONS.includes(i.function ?? '')));
    const gaps = [
      ...weak.map((id) => `${id} weak: ${implementationsOf(run, id)[0].file}#${implementationsOf(run, id)[0].function}; surviving mutants: 1`),
      `${rule} untested: no code`,
    ].join('\n');
    const again = await pipeline(TEXTS.studio, gaps);
    expect((await pipeline(TEXTS.studio, gaps)).testerText).toBe(again.testerText);
    const known = new Set(ids);
    const before = writtenTests(run).map((t) => t.name);
    const added = writtenTests(again).filter((t) => !before.includes(t.name));
    expect(added.length).toBeGreaterThan(0);
    const sharpened = new Set(added.flatMap((t) => citedCriteria(t.name, known)));
    expect([...sharpened].sort()).toEqual([...weak].sort());
    for (const t of added) {
      for (const id of citedCriteria(t.name, known)) expect(implementationsOf(again, id).some((i) => callsImplementation(t, i))).toBe(true);
    }
    expect(writtenTests(again).some((t) => citedCriteria(t.name, known).includes(rule))).toBe(false);
    const said = again.tests.expected_results.join('\n');
    expect(said).toContain(`Asked again for ${[...weak].sort().join(', ')}: sharper tests for them`);
    expect(said).toMatch(new RegExp(`left to a person: .*${rule.replace('.', '\\.')}`));
  });

  it('answers as before when asked again only about criteria it cannot test, so the workflow stops asking', async () => {
    const run = await pipeline(TEXTS.studio);
    const rule = criteriaIds(run).find((id) => /^Rule:/.test(criterionText(run, id)) && implementationsOf(run, id).length === 0) as string;
    const again = await pipeline(TEXTS.studio, `${rule} untested: no code`);
    expect(again.testerText).toBe(run.testerText);
  });

  it('reads criteria worded by a model the same way: the possessed field, the record after the actor, rules left untested', async () => {
    const analysis: AnalystOutput = {
      analysis: 'Members borrow tools; staff record returns.',
      user_stories: [
        {
          id: 'S1',
          title: 'Borrow a tool',
          as_a: 'member',
          i_want: 'to borrow a tool',
          so_that: 'I can use it',
          priority: 'must',
          acceptance_criteria: [
            { id: 'S1.AC1', text: 'A member can record a loan of a tool and gets its id back' },
            { id: 'S1.AC2', text: 'A member cannot hold more than 3 loans at once' },
          ],
        },
        {
          id: 'S2',
          title: 'Return a tool',
          as_a: 'member',
          i_want: "to change a loan's status to returned",
          so_that: 'the tool is free again',
          priority: 'must',
          acceptance_criteria: [{ id: 'S2.AC1', text: "A member can change a loan's status to returned" }],
        },
      ],
      entities: [
        { name: 'tool', description: 'A tool.', fields: [{ name: 'name', type: 'string' }] },
        {
          name: 'loan',
          description: 'A loan.',
          fields: [
            { name: 'toolId', type: 'id' },
            { name: 'member', type: 'string' },
            { name: 'status', type: 'string' },
          ],
        },
      ],
      risks: [],
      success_metrics: [],
      open_questions: [],
      confidence: 0.8,
      next_steps: [],
    };
    const input: AgentInput = { requirements: 'Members borrow tools; staff record returns.', guidance: [], analysis };
    const design = (await ask('architect', input)).parsed;
    const implementation = (await ask('developer', { ...input, design })).parsed;
    const tests = (await ask('tester', { ...input, design, implementation })).parsed;
    const run: Run = { analysis, implementation, tests };
    expect(implementation.implementations).toEqual([
      { criterion_id: 'S1.AC1', file: 'src/loan.js', function: 'create' },
      { criterion_id: 'S2.AC1', file: 'src/loan.js', function: 'update' },
    ]);
    const known = new Set(['S1.AC1', 'S1.AC2', 'S2.AC1']);
    const written = writtenTests(run);
    expect(written.some((t) => citedCriteria(t.name, known).includes('S1.AC2'))).toBe(false);
    const returning = written.filter((t) => citedCriteria(t.name, known).includes('S2.AC1'));
    expect(returning.length).toBe(2);
    for (const t of returning) expect(t.body).toContain('const change = {"status":"closed"};');
    expect(tests.test_plan.find((p) => p.criterion_id === 'S1.AC2')?.description).toMatch(/^Not tested: .*rule the code does not implement/);
  });

  describe('run in the node-permission sandbox', () => {
    let sandbox: Sandbox;
    const dir = tempDir('botarmy-offline-proof-');
    beforeAll(async () => {
      sandbox = await nodePermission();
    });
    afterAll(() => dir.remove());

    const testPaths = (run: Run): string[] => run.tests.test_files.map((f) => f.path);

    it.each(Object.keys(TEXTS) as Kind[])('the generated tests pass (%s)', async (kind) => {
      const run = runs[kind];
      const ws = workspace(dir.path, `${kind}-green`, run);
      const result = await runNodeTests(sandbox, ws, testPaths(run), TEST_LIMITS);
      expect(result).toMatchObject({ exitCode: 0, failed: 0, timedOut: false });
      const names = result.tests.filter((t) => t.ok).map((t) => t.name);
      for (const t of writtenTests(run)) expect(names).toContain(t.name);
    });

    it.each(['lending', 'cellar'] as const)(
      'a mutation run of the code the developer names proves every criterion it implements and leaves the rest untested (%s)',
      async (kind) => {
        const run = runs[kind];
        const files = [...run.implementation.files, ...run.tests.test_files];
        let n = 0;
        const materialize = async (list: readonly { path: string; content: string }[]): Promise<string> => {
          const ws = mkdtempSync(join(dir.path, `${kind}-mutation-${++n}-`));
          for (const file of list) {
            mkdirSync(dirname(join(ws, file.path)), { recursive: true });
            writeFileSync(join(ws, file.path), file.content);
          }
          return ws;
        };
        const green = await runNodeTests(sandbox, await materialize(files), testPaths(run), TEST_LIMITS);
        expect(green.failed).toBe(0);
        const declared = run.implementation.implementations ?? [];
        const mutation = await runMutation({
          sandbox,
          limits: { ...TEST_LIMITS, maxProcesses: 64 },
          // Far more than the few dozen mutants of the entity modules need: no mutant is skipped for time.
          budgetMs: 600_000,
          files,
          mutate: [...new Set(declared.map((i) => i.file))],
          tests: testPaths(run),
          materialize,
          logger: pino({ level: 'silent' }),
        });
        expect(mutation).toMatchObject({ error: null, budgetExceeded: false });
        const proofs = judgeProof({
          criteria: criteriaOf(run.analysis),
          implementations: declaredImplementations(run.implementation),
          tests: green.tests,
          mutants: mutation.mutants,
          accepted: new Map(),
        });
        for (const p of proofs) {
          const expected = declared.some((i) => i.criterion_id === p.criterionId) ? 'proven' : 'untested';
          expect({ id: p.criterionId, status: p.status }).toEqual({ id: p.criterionId, status: expected });
          if (expected === 'proven') expect(p.survivingMutants).toEqual([]);
        }
      },
      300_000,
    );

    it.each(['lending', 'cellar'] as const)('a bug in the function a criterion names fails every test that cites the criterion (%s)', async (kind) => {
      const run = runs[kind];
      const known = new Set(criteriaIds(run));
      const declared = run.implementation.implementations ?? [];
      const functions = [...new Set(declared.map((i) => `${i.file}#${i.function}`))];
      expect(functions.length).toBeGreaterThan(2);
      for (const [n, where] of functions.entries()) {
        const [path, fn] = where.split('#');
        const source = run.implementation.files.find((f) => f.path === path) as SourceFile;
        // What a mutation tool's block-statement mutant does: the function's body is emptied.
        const mutated = emptyBody(source.content, fn as string);
        expect(mutated).not.toBe(source.content);
        const ws = workspace(dir.path, `${kind}-mutant-${n}`, run, { path, content: mutated });
        const result = await runNodeTests(sandbox, ws, testPaths(run), TEST_LIMITS);
        const owners = new Set(declared.filter((i) => `${i.file}#${i.function}` === where).map((i) => i.criterion_id));
        const citing = result.tests.filter((t) => citedCriteria(t.name, known).some((id) => owners.has(id)));
        expect(citing.length).toBeGreaterThan(0);
        for (const t of citing) expect({ where, test: t.name, ok: t.ok }).toEqual({ where, test: t.name, ok: false });
      }
    });
  });
});
