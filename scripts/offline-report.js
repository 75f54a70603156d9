#!/usr/bin/env node
// Runs the offline provider's four agents over requirement texts and writes a markdown report of what it made of
// each: the records, the actions, which business rules it found, implemented and proved by a test, and whether the
// workflow would build the project or stop for a person. Regenerate it, never edit it by hand:
//   node scripts/offline-report.js [--out docs/offline-provider.md] [files...]
'use strict';
const { spawn } = require('node:child_process');
const { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

require('../test/support/register-ts.js');
const { writeAnalysis } = require('../src/llm/offline/analysis-writer.ts');
const { writeDesign } = require('../src/llm/offline/design-writer.ts');
const { writeCode } = require('../src/llm/offline/code-writer.ts');
const { writeTests } = require('../src/llm/offline/test-writer.ts');
const { analyst } = require('../src/domain/agents/analyst.ts');

const ROOT = path.join(__dirname, '..');
const DEFAULT_OUT = 'docs/offline-provider.md';
/** The project's default confidence threshold (src/domain/project.ts): below it the workflow asks a person. */
const THRESHOLD = 0.7;
const TEST_TIMEOUT_MS = 60_000;
/** Each test run starts HTTP servers; two at a time keeps a small machine responsive. */
const PARALLEL = 2;

// ---------------------------------------------------------------------------------------------- inputs

function parseArgs(argv) {
  const args = { out: null, files: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') args.out = argv[++i];
    else if (argv[i].startsWith('--out=')) args.out = argv[i].slice('--out='.length);
    else args.files.push(argv[i]);
  }
  if (args.out === undefined || args.out === '') throw new Error('--out needs a file name');
  return args;
}

const txtFilesIn = (dir) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.txt'))
        .sort()
        .map((f) => path.join(dir, f))
    : [];

/** The shared examples sit next to the repository; a plain checkout has their copies under test/fixtures. */
const defaultFiles = () => {
  const shared = txtFilesIn(path.join(ROOT, '..', 'shared', 'requirements'));
  return [
    ...(shared.length > 0 ? shared : txtFilesIn(path.join(ROOT, 'test', 'fixtures', 'shared-requirements'))),
    ...txtFilesIn(path.join(ROOT, 'test', 'fixtures', 'requirements')),
  ];
};

/** A text is a run of consecutive non-empty lines; blank lines separate texts. */
function splitTexts(content) {
  const texts = [];
  let current = [];
  for (const line of content.split(/\r?\n/)) {
    if (line.trim() === '') {
      if (current.length > 0) texts.push(current.join('\n'));
      current = [];
    } else current.push(line);
  }
  if (current.length > 0) texts.push(current.join('\n'));
  return texts;
}

/**
 * Short labels for the files: the basename, or when two files share it (the shared and the fixture clear.txt) the
 * nearest parent folder that tells them apart, so rows stay readable.
 */
function fileLabels(files) {
  const parts = files.map((f) => path.resolve(f).split(path.sep));
  const deepest = Math.max(...parts.map((p) => p.length));
  for (let depth = 1; depth < deepest; depth++) {
    const labels = parts.map((p) => (depth === 1 ? p.at(-1) : `${p.at(-depth)}/${p.at(-1)}`));
    if (new Set(labels).size === labels.length) return labels;
  }
  return files.map((f) => path.resolve(f));
}

/** clear, rules and vague files are judged differently in the totals; any other file is only listed. */
const kindOf = (file) => {
  const base = path.basename(file, '.txt');
  return ['clear', 'rules', 'vague'].includes(base) ? base : 'other';
};

function loadTexts(files) {
  const labels = fileLabels(files);
  return files.flatMap((file, i) =>
    splitTexts(readFileSync(file, 'utf8')).map((text, j) => ({ file, label: labels[i], kind: kindOf(file), number: j + 1, text })),
  );
}

// ---------------------------------------------------------------------------------------------- agents

/** The four agents, each fed the accepted outputs before it, as the workflow does. */
function runAgents(requirements) {
  const input = { requirements, guidance: [] };
  const analysis = writeAnalysis(input);
  const design = writeDesign({ ...input, analysis });
  const implementation = writeCode({ ...input, analysis, design });
  const tests = writeTests({ ...input, analysis, design, implementation });
  // The step runner lowers a model's confidence when its output is structurally thin; the gate sees that figure.
  const confidence = Math.min(analysis.confidence, analyst.judgeConfidence(analysis, input));
  return { analysis, design, implementation, tests, confidence };
}

const isRule = (criterion) => /^rule\b/i.test(criterion.text.trim());

const ruleCriteria = (analysis) => analysis.user_stories.flatMap((s) => s.acceptance_criteria).filter(isRule);

/** `POST /loans/:id/return` is the action `return`: a verb on one record beyond create/read/update/delete. */
function actionsOf(implementation) {
  const names = implementation.api_endpoints
    .map((e) => /\/:id\/([^/]+)/.exec(e.path)?.[1])
    .filter(Boolean);
  return [...new Set(names)];
}

// ---------------------------------------------------------------------------------------------- tests

function writeProject(dir, files) {
  for (const f of files) {
    const target = path.join(dir, f.path);
    // Generated paths come from the provider; refuse any that would land outside the scratch directory.
    if (!target.startsWith(dir + path.sep)) throw new Error(`file path escapes the project: ${f.path}`);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, f.content);
  }
}

/** The tester's command with the TAP reporter, whose summary lines and test names are easy to read back. */
function tapCommand(testCommand) {
  const argv = [...testCommand];
  if (!argv.some((a) => a.startsWith('--test-reporter'))) {
    const at = argv.indexOf('--test');
    argv.splice(at >= 0 ? at + 1 : argv.length, 0, '--test-reporter=tap');
  }
  return argv;
}

/** Runs a command in its own process group so a timeout also ends the servers the tests started. */
function runCommand(argv, cwd, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ output: `${output}\n${err.message}`, code: null, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ output, code, timedOut });
    });
  });
}

/** Counts from the TAP summary (`# pass N`) and every test line (`ok N - NAME`, nested ones included). */
function parseTap(output) {
  const count = (key) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(output)?.[1] ?? NaN);
  const tests = [...output.matchAll(/^\s*(not ok|ok) \d+ - (.*)$/gm)].map((m) => ({
    ok: m[1] === 'ok',
    name: m[2].replace(/\s+#\s*(SKIP|TODO)\b.*$/i, '').trim(),
  }));
  const pass = count('pass');
  const fail = count('fail') + (count('cancelled') || 0);
  return { summarized: !Number.isNaN(pass), pass, fail, tests };
}

async function runTests(implementation, tests) {
  const dir = mkdtempSync(path.join(tmpdir(), 'botarmy-offline-report-'));
  try {
    writeProject(dir, [...implementation.files, ...tests.test_files]);
    const run = await runCommand(tapCommand(tests.test_command), dir, TEST_TIMEOUT_MS);
    const tap = parseTap(run.output);
    if (run.timedOut) return { ...tap, error: `timed out after ${TEST_TIMEOUT_MS / 1000} s` };
    if (!tap.summarized) return { ...tap, error: `no TAP summary (exit ${run.code}): ${run.output.trim().slice(-200)}` };
    return tap;
  } catch (err) {
    // One broken project is a finding for its row, not a reason to lose the whole report.
    return { summarized: false, pass: NaN, fail: NaN, tests: [], error: err.message };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A test proves the criteria whose ids lead its name: `S1.AC4 S2.AC3 stores a game` names S1.AC4 and S2.AC3. */
const leadingIds = (name) => /^((?:[A-Za-z]+\d+\.[A-Za-z]+\d+[\s,;/]*)+)/.exec(name)?.[1].match(/[A-Za-z]+\d+\.[A-Za-z]+\d+/g) ?? [];

// ---------------------------------------------------------------------------------------------- one text

/** Everything the report says about one text. */
async function assess(item) {
  let agents;
  try {
    agents = runAgents(item.text);
  } catch (err) {
    return { ...item, error: `agents failed: ${err.message}` };
  }
  const { analysis, implementation, tests, confidence } = agents;
  const rules = ruleCriteria(analysis);
  const implemented = new Set(implementation.implementations?.map((i) => i.criterion_id) ?? []);
  const built = confidence >= THRESHOLD;
  const run = built ? await runTests(implementation, tests) : null;
  const ruleTests = new Map(rules.map((r) => [r.id, []]));
  for (const t of run?.tests ?? []) for (const id of leadingIds(t.name)) ruleTests.get(id)?.push(t);
  return {
    ...item,
    entities: analysis.entities.map((e) => e.name),
    actions: actionsOf(implementation),
    rules: rules.map((r) => ({ ...r, implemented: implemented.has(r.id), tests: ruleTests.get(r.id) })),
    openQuestions: analysis.open_questions,
    confidence,
    built,
    run,
  };
}

/** ✅ proven, ❌ its test fails, ☑️ implemented without a test, ❔ left open. */
function ruleMark(rule) {
  if (rule.tests.length > 0 && rule.tests.some((t) => !t.ok)) return '❌';
  if (rule.implemented && rule.tests.length > 0) return '✅';
  if (rule.implemented) return '☑️';
  return '❔';
}

const isProven = (rule) => ruleMark(rule) === '✅';

function outcomeOf(r) {
  if (r.error) return `error: ${r.error}`;
  if (!r.built) return 'stops for a person';
  if (r.run.error) return `built, tests broken (${r.run.error})`;
  return r.run.fail > 0 ? `built, ${r.run.fail} tests FAIL` : 'built, tests pass';
}

// ---------------------------------------------------------------------------------------------- report

/** At most `limit` tasks at a time, results in input order. */
async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const cell = (v) => String(v).replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const excerpt = (text, n = 50) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n - 1).trimEnd()}…` : flat;
};
const html = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function totalsOf(results) {
  const rules = results.flatMap((r) => r.rules ?? []);
  const ofKind = (kind) => results.filter((r) => r.kind === kind);
  const buildable = [...ofKind('clear'), ...ofKind('rules')];
  return {
    texts: results.length,
    rulesFound: rules.length,
    rulesImplemented: rules.filter((r) => r.implemented).length,
    rulesProven: rules.filter(isProven).length,
    built: buildable.filter((r) => r.built).length,
    buildable: buildable.length,
    builtGreen: buildable.filter((r) => outcomeOf(r) === 'built, tests pass').length,
    vagueStopped: ofKind('vague').filter((r) => !r.error && !r.built).length,
    vague: ofKind('vague').length,
  };
}

const totalsLine = (t) =>
  `${t.texts} texts: ${t.rulesFound} rules found, ${t.rulesImplemented} implemented, ${t.rulesProven} proven by a test; ` +
  `${t.built} of ${t.buildable} clear/rules texts built (${t.builtGreen} with all tests passing); ` +
  `${t.vagueStopped} of ${t.vague} vague texts stopped for a person`;

function tableRow(r) {
  const head = [`${r.label} #${r.number}`, excerpt(r.text)];
  if (r.error) return [...head, '', '', '', '', '', '', '', '', outcomeOf(r)];
  return [
    ...head,
    r.entities.join(', '),
    r.actions.length > 0 ? `${r.actions.length}: ${r.actions.join(', ')}` : '0',
    r.rules.length,
    r.rules.filter((x) => x.implemented).length,
    r.rules.reduce((n, x) => n + x.tests.length, 0),
    r.run && !Number.isNaN(r.run.pass) ? `${r.run.pass}/${r.run.pass + r.run.fail}` : '–',
    r.openQuestions.length,
    r.confidence.toFixed(2),
    outcomeOf(r),
  ];
}

function detailsBlock(r) {
  const proven = r.rules ? `; ${r.rules.filter(isProven).length} of ${r.rules.length} rules proven` : '';
  const summary = `${r.label} #${r.number}: ${excerpt(r.text, 60)} (${outcomeOf(r)}${proven})`;
  const lines = ['<details>', `<summary>${html(summary)}</summary>`, '', '> ' + r.text.split('\n').join('\n> '), ''];
  if (r.error) lines.push(`Error: ${r.error}`, '');
  else {
    lines.push(r.rules.length > 0 ? 'Rules:' : 'Rules: none found.', '');
    for (const rule of r.rules) {
      const names = rule.tests.map((t) => `${t.ok ? '' : 'FAILS: '}${t.name}`);
      lines.push(`- ${ruleMark(rule)} ${rule.id} ${rule.text}${names.length > 0 ? ` (tests: ${names.join('; ')})` : ''}`);
    }
    lines.push('', r.openQuestions.length > 0 ? 'Open questions:' : 'Open questions: none.', '');
    for (const q of r.openQuestions) lines.push(`- ${q}`);
  }
  lines.push('', '</details>', '');
  return lines;
}

/** What a reader of the table needs to know about the provider; kept here so the document is one generated file. */
const HOW_IT_READS = [
  '## How the offline team reads a text',
  '',
  '- The analyst (`src/llm/offline/analysis-writer.ts`) reads clauses, records and actors, then the rules of each sentence',
  '  (`rule-reader.ts`) and the lifecycle of each record (`lifecycle-reader.ts`). A rule it reads is written as a criterion',
  '  in one fixed wording (`rule.ts`); a sentence with a number, a prohibition, a superlative or a time word that it could',
  '  not fully read is kept as written ("Rule: …") and asked about. Its confidence is at most 0.6 + 0.35 × the share of',
  '  the stories and rules it understood, and 0.45 when two sentences contradict each other (`contradiction-finder.ts`).',
  '- The developer (`code-writer.ts`, `rule-code.ts`) reads those criteria back and writes a function per rule, called by the',
  '  store after validation; actions are endpoints (`POST /:id/<action>`), limits and states answer 409, values 400.',
  '- The tester (`test-writer.ts`, `rule-tests.ts`) tests each rule at its edges through the store and over HTTP, and names',
  '  a test after a criterion only when the developer declared the function that implements it.',
  '- Rule kinds implemented: counts per owner or period, ranges and minimums (numbers, ages, words, characters), closed',
  '  sets of values, thresholds that set a flag, overlapping dates, status machines and states that forbid an action,',
  '  deadlines before a date, the longest a record may run, opening hours with slot lengths and steps, prices per record,',
  '  per started unit of time or per counted unit (with a minimum and a reduced rate), shares of another amount (a',
  '  percentage, for the records a flag marks), late charges, details a record must have, one field bounded by another,',
  '  details no two records share, the largest group a booking is for, an action that past its deadline leads to another',
  '  status, no new record for an owner with that many records in a state, no more records pointing at one than the',
  '  capacity it holds (the one rule that reads another module\'s record, through a finder the app gives the store), and',
  '  who may do what. Left open, with a question: amounts and percentages under a condition of time or amount or of a',
  '  computed price, other rules that need another record\'s data (a balance, a department), and anything it cannot word',
  '  back into one of these.',
  '- Word lists (`lexicon.ts`) are kinds of English words, each documented: modal verbs, negations, quantifiers,',
  '  prepositions of time, units and number words are closed classes; the lists of nouns and verbs by kind (people, money,',
  '  states, verbs that change a record) are general vocabulary. `test/unit/offline-general.test.ts` checks that no run of',
  '  four words from a sample text appears anywhere in the provider.',
];

function renderReport(results, totals) {
  const header = ['file', 'text', 'records', 'actions', 'rules found', 'rules implemented', 'rule tests', 'tests passed', 'open questions', 'confidence', 'outcome'];
  return [
    '# What the offline provider makes of requirement texts',
    '',
    `Generated by \`node scripts/offline-report.js\` (\`npm run report:offline\`) on ${new Date().toISOString().slice(0, 10)}; do not edit by hand.`,
    `Each text went through the offline analyst, architect, developer and tester; texts at confidence ${THRESHOLD} or more were built and their tests run.`,
    '',
    `**Totals:** ${totalsLine(totals)}.`,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...results.map((r) => `| ${tableRow(r).map(cell).join(' | ')} |`),
    '',
    '"actions" are endpoints beyond create/read/update/delete (`POST /loans/:id/return` is `return`); "rule tests" counts the tests whose name starts with the id of a rule.',
    'In the details: ✅ implemented and proven by a passing test, ❌ a test names it and fails, ☑️ implemented without a test, ❔ left open.',
    '',
    ...HOW_IT_READS,
    '',
    '## Per text',
    '',
    ...results.flatMap(detailsBlock),
  ].join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const files = args.files.length > 0 ? args.files : defaultFiles();
  if (files.length === 0) throw new Error('no requirement files found');
  const results = await mapLimit(loadTexts(files), PARALLEL, assess);
  const totals = totalsOf(results);
  // A given --out is relative to where the command runs; the default document belongs to the repository.
  const out = args.out ? path.resolve(args.out) : path.join(ROOT, DEFAULT_OUT);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, renderReport(results, totals));
  const shown = path.relative(process.cwd(), out);
  console.log(`wrote ${shown.startsWith('..') ? out : shown}`);
  console.log(totalsLine(totals));
}

// Exported for a quick check by hand or a test; run as a script it writes the report.
module.exports = { splitTexts, fileLabels, actionsOf, parseTap, leadingIds, tapCommand, runCommand };

if (require.main === module) {
  main().catch((err) => {
    console.error(err.stack || err.message);
    process.exit(1);
  });
}
