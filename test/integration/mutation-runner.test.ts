import pino from 'pino';
import { judgeProof } from '../../src/domain/proof';
import type { Mutant } from '../../src/events/catalog';
import { runMutation, runOrder, type MutationRunResult } from '../../src/proof/mutation-runner';
import type { Sandbox } from '../../src/sandbox/sandbox';
import { Workspaces } from '../../src/workspace/workspace';
import { bubblewrap, nodePermission, TEST_LIMITS } from '../support/sandboxes';
import { tempDir } from '../support/temp-dir';

const PRICING = `'use strict';

function discount(total) {
  if (total >= 100) {
    return total * 0.9;
  }
  return total;
}

const label = (total) => (total > 0 ? 'paid' : 'free');

module.exports = { discount, label };
`;

/** S1.AC1's test checks discount; S2.AC1's is named after label's criterion but also only checks discount. */
const PRICING_TESTS = `'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { discount } = require('../src/pricing.js');

test('S1.AC1 takes ten percent off orders over 100', () => {
  assert.strictEqual(discount(200), 180);
  assert.strictEqual(discount(50), 50);
});

test('S2.AC1 labels an order', () => {
  assert.strictEqual(discount(300), 270);
});
`;

const RUN_TIMEOUT_MS = 180_000;

describe('the mutation runner', () => {
  it('tries every named function before the next mutant of any, and module-level code last', () => {
    const placed = (id: string, file: string, functionName: string | null) => ({ id, file, functionName, line: 1, column: 0, mutator: 'M', original: 'a', replacement: 'b' });
    const order = runOrder([
      placed('0', 'a.js', null),
      placed('1', 'a.js', 'create'),
      placed('2', 'a.js', 'create'),
      placed('3', 'a.js', 'list'),
      placed('4', 'b.js', 'create'),
      placed('5', 'b.js', null),
    ]);
    expect(order).toEqual(['1', '3', '4', '2', '0', '5']);
  });

  const dir = tempDir();
  afterAll(() => dir.remove());
  let n = 0;

  async function run(sandbox: Sandbox, files: Record<string, string>, budgetMs = 120_000): Promise<MutationRunResult> {
    const all = Object.entries(files).map(([path, content]) => ({ path, content }));
    const workspaces = new Workspaces(dir.path);
    const id = `ws${++n}`;
    return runMutation({
      sandbox,
      limits: { ...TEST_LIMITS, maxProcesses: 64 },
      budgetMs,
      files: all,
      mutate: all.filter((f) => f.path.startsWith('src/')).map((f) => f.path),
      tests: all.filter((f) => f.path.startsWith('test/')).map((f) => f.path),
      materialize: (instrumented) => workspaces.materialize(id, instrumented),
      logger: pino({ level: 'silent' }),
    });
  }

  const find = (mutants: readonly Mutant[], functionName: string, mutator: string, replacement: string) => {
    const found = mutants.filter((m) => m.functionName === functionName && m.mutator === mutator && m.replacement === replacement);
    expect(found).toHaveLength(1);
    return found[0];
  };

  describe.each([
    ['bubblewrap', bubblewrap],
    ['node-permission', nodePermission],
  ])('in the %s sandbox', (_kind, make) => {
    let result: MutationRunResult;
    beforeAll(async () => {
      result = await run(await make(), { 'src/pricing.js': PRICING, 'test/pricing.test.js': PRICING_TESTS, 'package.json': '{"name":"shop"}' });
    }, RUN_TIMEOUT_MS);

    it('mutates only the code, with Stryker, and counts what happened', () => {
      expect(result.error).toBeNull();
      expect(result.tool).toMatch(/^stryker-instrumenter 9\.\d+\.\d+$/);
      expect(result.budgetExceeded).toBe(false);
      expect(result.created).toBe(result.mutants.length);
      expect(new Set(result.mutants.map((m) => m.file))).toEqual(new Set(['src/pricing.js']));
      expect(result.killed).toBe(result.mutants.filter((m) => m.status === 'killed').length);
      expect(result.survived).toBe(result.mutants.filter((m) => m.status === 'survived').length);
      expect(result.killed).toBeGreaterThan(0);
      expect(result.survived).toBeGreaterThan(0);
    });

    it('records the tests that fail with a mutant as the ones that killed it', () => {
      const never = find(result.mutants, 'discount', 'ConditionalExpression', 'false');
      expect(never).toMatchObject({ status: 'killed', line: 4, functionName: 'discount', original: 'total >= 100' });
      expect(never.killedBy.sort()).toEqual(['S1.AC1 takes ten percent off orders over 100', 'S2.AC1 labels an order']);
    });

    it('lets a mutant survive when no test tells it apart', () => {
      const boundary = find(result.mutants, 'discount', 'EqualityOperator', 'total > 100');
      expect(boundary).toMatchObject({ status: 'survived', killedBy: [], functionName: 'discount', original: 'total >= 100' });
    });

    it('names the function an arrow is bound to, and leaves code no test reaches survived', () => {
      const labels = result.mutants.filter((m) => m.functionName === 'label');
      expect(labels.length).toBeGreaterThan(0);
      expect(labels.every((m) => m.status === 'survived' && m.killedBy.length === 0)).toBe(true);
    });

    it('does not prove a criterion with a test named after it that kills mutants elsewhere', () => {
      const proofs = judgeProof({
        criteria: [
          { storyId: 'S1', criterionId: 'S1.AC1', text: 'ten percent off over 100' },
          { storyId: 'S2', criterionId: 'S2.AC1', text: 'orders are labelled' },
        ],
        implementations: new Map([
          ['S1.AC1', [{ file: 'src/pricing.js', function: 'discount' }]],
          ['S2.AC1', [{ file: 'src/pricing.js', function: 'label' }]],
        ]),
        tests: [
          { name: 'S1.AC1 takes ten percent off orders over 100', ok: true },
          { name: 'S2.AC1 labels an order', ok: true },
        ],
        mutants: result.mutants,
        accepted: new Map(),
      });
      expect(proofs.map((p) => [p.criterionId, p.status])).toEqual([
        ['S1.AC1', 'proven'],
        ['S2.AC1', 'weak'],
      ]);
    });
  });

  it(
    'stops an endless loop at the hit limit and counts it as a timeout, with the test it hung',
    async () => {
      const code = "'use strict';\nfunction sum(n) {\n  let s = 0;\n  for (let i = 0; i < n; i++) s += i;\n  return s;\n}\nmodule.exports = { sum };\n";
      const tests = "const test = require('node:test');\nconst assert = require('node:assert');\nconst { sum } = require('../src/sum.js');\ntest('S1.AC1 sums', () => assert.strictEqual(sum(4), 6));\n";
      const result = await run(await nodePermission(), { 'src/sum.js': code, 'test/sum.test.js': tests });
      expect(result.error).toBeNull();
      const backwards = find(result.mutants, 'sum', 'UpdateOperator', 'i--');
      expect(backwards).toMatchObject({ status: 'timeout', killedBy: ['S1.AC1 sums'], functionName: 'sum' });
      expect(result.timedOut).toBeGreaterThanOrEqual(1);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'stops a mutant that hangs a test at its deadline, and counts the test that hung as killing it',
    async () => {
      const code = "'use strict';\nfunction answer(callback) {\n  callback(42);\n}\nmodule.exports = { answer };\n";
      const tests =
        "const test = require('node:test');\nconst assert = require('node:assert');\nconst { answer } = require('../src/answer.js');\n" +
        "test('S1.AC1 answers', () => new Promise((resolve) => {\n  const alive = setInterval(() => {}, 1000);\n" +
        "  answer((v) => { clearInterval(alive); assert.strictEqual(v, 42); resolve(); });\n}));\n" +
        "test('S1.AC2 runs after it', () => {});\n";
      const result = await run(await nodePermission(), { 'src/answer.js': code, 'test/answer.test.js': tests });
      expect(result.error).toBeNull();
      const silent = find(result.mutants, 'answer', 'BlockStatement', '{}');
      expect(silent).toMatchObject({ status: 'timeout', killedBy: ['S1.AC1 answers'] });
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'counts the tests that a setup hook broken by the mutant cancelled as killing it',
    async () => {
      const code = "'use strict';\nfunction connect() {\n  return { close() {} };\n}\nmodule.exports = { connect };\n";
      const tests =
        "const { describe, before, test } = require('node:test');\nconst assert = require('node:assert');\nconst { connect } = require('../src/db.js');\n" +
        "describe('over a connection', () => {\n  let db;\n  before(() => { db = connect(); db.close(); });\n  test('S1.AC1 connects', () => assert.ok(db));\n});\n";
      const result = await run(await nodePermission(), { 'src/db.js': code, 'test/db.test.js': tests });
      expect(result.error).toBeNull();
      const noClose = find(result.mutants, 'connect', 'ObjectLiteral', '{}');
      expect(noClose).toMatchObject({ status: 'killed', killedBy: ['S1.AC1 connects'] });
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'skips what the budget leaves no time for, and says the budget ran out',
    async () => {
      const result = await run(await nodePermission(), { 'src/pricing.js': PRICING, 'test/pricing.test.js': PRICING_TESTS }, 1);
      expect(result.error).toBeNull();
      expect(result.budgetExceeded).toBe(true);
      expect(result.created).toBeGreaterThan(0);
      expect(result.mutants.every((m) => m.status === 'skipped' && m.killedBy.length === 0)).toBe(true);
      expect(result).toMatchObject({ killed: 0, survived: 0, timedOut: 0, budgetMs: 1 });
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'reports code that does not parse as an error, with no mutants',
    async () => {
      const result = await run(await nodePermission(), { 'src/broken.js': 'function broken( {\n  return 1;\n', 'test/broken.test.js': PRICING_TESTS });
      expect(result.error).toMatch(/^The code could not be mutated: .*src\/broken\.js/);
      expect(result).toMatchObject({ mutants: [], created: 0, killed: 0, survived: 0, timedOut: 0, budgetExceeded: false });
    },
    RUN_TIMEOUT_MS,
  );
});
