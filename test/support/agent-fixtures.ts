import type { AnalystOutput } from '../../src/domain/agents/analyst';
import type { ArchitectOutput } from '../../src/domain/agents/architect';
import type { DeveloperOutput } from '../../src/domain/agents/developer';
import type { TesterOutput } from '../../src/domain/agents/tester';

/** Valid answers for each agent, as a scripted model would give them. */
export function analystAnswer(confidence = 0.9): AnalystOutput {
  return {
    analysis: 'A shop with products and a cart.',
    user_stories: [
      {
        id: 'S1',
        title: 'Browse products',
        as_a: 'shopper',
        i_want: 'to list products',
        so_that: 'I can choose one',
        priority: 'must',
        acceptance_criteria: [{ id: 'S1.AC1', text: 'GET /products lists products' }],
      },
    ],
    entities: [{ name: 'product', description: 'Something for sale', fields: [{ name: 'id', type: 'id' }, { name: 'name', type: 'string' }] }],
    risks: ['payment is out of scope'],
    success_metrics: ['a shopper can find a product'],
    open_questions: [],
    confidence,
    next_steps: ['design the API'],
  };
}

export function architectAnswer(confidence = 0.85): ArchitectOutput {
  return {
    architecture: { style: 'modular monolith', overview: 'One Node process with a module per entity.' },
    components: [{ name: 'products', responsibility: 'product store and routes', depends_on: [] }],
    tech_stack: [{ layer: 'runtime', choice: 'Node.js 20', reason: 'no dependencies' }],
    api_design: [{ method: 'GET', path: '/products', description: 'list products', story_ids: ['S1'] }],
    deployment_plan: ['node src/server.js'],
    confidence,
    concerns: [],
  };
}

export function developerAnswer(confidence = 0.8): DeveloperOutput {
  return {
    implementation_plan: ['write the product module'],
    files: [
      { path: 'package.json', content: '{"name":"shop","version":"1.0.0","scripts":{"test":"node --test"}}\n' },
      { path: 'src/products.js', content: "const items = [];\nexports.list = () => items.slice();\nexports.add = (p) => { items.push(p); return p; };\n" },
    ],
    api_endpoints: [{ method: 'GET', path: '/products', handler: 'products.list' }],
    database_schema: [{ table: 'products', fields: [{ name: 'id', type: 'string' }] }],
    confidence,
    testing_notes: ['test the store'],
    // Where proof looks for mutants: the whole file, as a function name depends on how the mutation tool reads it.
    implementations: [{ criterion_id: 'S1.AC1', file: 'src/products.js' }],
  };
}

export function testerAnswer(confidence = 0.9): TesterOutput {
  return {
    test_plan: [{ story_id: 'S1', criterion_id: 'S1.AC1', description: 'lists products' }],
    test_files: [
      {
        path: 'test/products.test.js',
        content:
          "const test = require('node:test');\nconst assert = require('node:assert');\nconst products = require('../src/products');\n" +
          // Exact values, so a mutant of the store fails it and the criterion is proven.
          "test('S1.AC1 lists products', () => { products.add({ id: '1' }); assert.deepStrictEqual(products.list(), [{ id: '1' }]); });\n",
      },
    ],
    test_command: ['node', '--test'],
    expected_results: ['1 test passes'],
    confidence,
  };
}

export const ANSWERS = { analyst: analystAnswer, architect: architectAnswer, developer: developerAnswer, tester: testerAnswer };

/** What a change round's prompt says first of the change: how a scripted model tells round 2 from round 1. */
export const CHANGE_HEADING = 'Changes a person asked for after the first version';

/**
 * Round 2 of the fixture shop, "add a search by name": the analyst keeps S1 and adds S2, the developer edits the
 * product module (package.json as it was), the tester keeps its test and adds one; the architect answers as before.
 */
export const SEARCH_ROUND = {
  analyst: (): AnalystOutput => {
    const first = analystAnswer();
    const search = { ...first.user_stories[0], id: 'S2', title: 'Search products', i_want: 'to search products by name', acceptance_criteria: [{ id: 'S2.AC1', text: 'search by a part of the name finds the product' }] };
    return { ...first, user_stories: [...first.user_stories, search] };
  },
  developer: (): DeveloperOutput => {
    const first = developerAnswer();
    const products =
      "const items = [];\nexports.list = () => items.slice();\nexports.add = (p) => { items.push(p); return p; };\n" +
      'exports.search = (part) => items.filter((p) => String(p.name).includes(part));\n';
    return { ...first, files: [first.files[0], { path: 'src/products.js', content: products }], implementations: [...(first.implementations ?? []), { criterion_id: 'S2.AC1', file: 'src/products.js' }] };
  },
  tester: (): TesterOutput => {
    const first = testerAnswer();
    const search = "test('S2.AC1 search by a part of the name finds the product', () => { products.add({ id: '2', name: 'red bike' }); assert.deepStrictEqual(products.search('bike'), [{ id: '2', name: 'red bike' }]); });\n";
    return { ...first, test_plan: [...first.test_plan, { story_id: 'S2', criterion_id: 'S2.AC1', description: 'searches by name' }], test_files: [{ ...first.test_files[0], content: first.test_files[0].content + search }] };
  },
};

/** S2.AC1 as round 3 words it: the same criterion, its second version. */
export const CASE_BLIND_SEARCH = 'search by a part of the name finds the product, whatever its letter case';

/**
 * Round 3 of the fixture shop, "search ignores letter case; products move to a catalog module": the analyst rewords
 * S2.AC1 under its id, the developer writes src/catalog.js and deletes src/products.js, the tester writes
 * test/catalog.test.js and deletes the products test that requires the deleted module.
 */
export const CATALOG_ROUND = {
  analyst: (): AnalystOutput => {
    const second = SEARCH_ROUND.analyst();
    const [browse, search] = second.user_stories;
    return { ...second, user_stories: [browse, { ...search, acceptance_criteria: [{ id: 'S2.AC1', text: CASE_BLIND_SEARCH }] }] };
  },
  developer: (): DeveloperOutput => {
    const first = developerAnswer();
    const catalog =
      "const items = [];\nexports.list = () => items.slice();\nexports.add = (p) => { items.push(p); return p; };\n" +
      'exports.search = (part) => items.filter((p) => String(p.name).toLowerCase().includes(String(part).toLowerCase()));\n';
    return {
      ...first,
      files: [first.files[0], { path: 'src/catalog.js', content: catalog }],
      implementations: [{ criterion_id: 'S1.AC1', file: 'src/catalog.js' }, { criterion_id: 'S2.AC1', file: 'src/catalog.js' }],
      deleted_files: ['src/products.js'],
    };
  },
  tester: (): TesterOutput => {
    const first = testerAnswer();
    const content =
      "const test = require('node:test');\nconst assert = require('node:assert');\nconst catalog = require('../src/catalog');\n" +
      "test('S1.AC1 lists products', () => { catalog.add({ id: '1' }); assert.deepStrictEqual(catalog.list(), [{ id: '1' }]); });\n" +
      `test('S2.AC1 ${CASE_BLIND_SEARCH}', () => { catalog.add({ id: '2', name: 'Red Bike' }); assert.deepStrictEqual(catalog.search('BIKE'), [{ id: '2', name: 'Red Bike' }]); });\n`;
    return {
      ...first,
      test_plan: [...first.test_plan, { story_id: 'S2', criterion_id: 'S2.AC1', description: 'searches by name, any case' }],
      test_files: [{ path: 'test/catalog.test.js', content }],
      deleted_files: ['test/products.test.js'],
    };
  },
};
