import { applyPatch } from 'diff';
import type { AnalystOutput } from '../../src/domain/agents/analyst';
import type { NewEvent, StoredEvent } from '../../src/events/envelope';
import { compareProjects } from '../../src/history/compare-projects';
import { copyStream } from '../../src/history/stream-copy';
import { analystAnswer, architectAnswer } from '../support/agent-fixtures';
import { SETTINGS, streamOf } from '../support/event-factory';

const options = [{ id: 'accept', label: 'Accept and continue' }];
const call = { agent: 'analyst' as const, attempt: 1, purpose: 'answer' as const, provider: 'offline', model: 'offline', requestHash: 'r1', messages: [], rawAnswer: '{}' };

/**
 * A project's stream up to its tester: the analyst (asked a person once), the architect, two files (one written
 * twice) and a test run. `variant` changes what an independent run of the same project would change: its stream
 * id, its action ids, how long things took and when.
 */
function run(streamId: string, variant = { actionId: 'action-1', latencyMs: 120, durationMs: 800, start: 0 }) {
  const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, variant.start + second)).toISOString();
  const e = streamOf(streamId);
  return [
    e('ProjectCreated', { name: 'Shop', requirements: 'Build a shop', settings: SETTINGS }, at(0)),
    e('AgentStepStarted', { stepId: 'analyst-1', agent: 'analyst', attempt: 1, guidance: [] }, at(1)),
    e('LlmCallCompleted', { ...call, stepId: 'analyst-1', latencyMs: variant.latencyMs, promptTokens: 100, completionTokens: 40 }, at(2)),
    e('ActionRequested', { actionId: variant.actionId, title: 'Unsure', description: 'Vague', priority: 'high', options, agent: 'analyst', reason: 'low_confidence' }, at(3)),
    e('ActionResolved', { actionId: variant.actionId, optionId: 'accept', response: null }, at(4)),
    e('AgentOutputAccepted', { stepId: 'analyst-1', agent: 'analyst', attempt: 1, output: analystAnswer(), confidence: 0.9, acceptedBy: 'person' }, at(5)),
    e('MessageSent', { messageId: `${streamId}:analyst-1:handoff`, fromAgent: 'analyst', toAgent: 'architect', type: 'handoff', content: '1 story', confidence: 0.9, thread: streamId, attempt: 1 }, at(6)),
    e('LlmCallCompleted', { ...call, agent: 'architect', stepId: 'architect-1', latencyMs: variant.latencyMs, promptTokens: 200, completionTokens: 60 }, at(7)),
    e('AgentOutputAccepted', { stepId: 'architect-1', agent: 'architect', attempt: 1, output: architectAnswer(), confidence: 0.85, acceptedBy: 'threshold' }, at(8)),
    written('src/products.js', 1, 'exports.list = () => [];\n', at(9)),
    written('README.md', 1, '# Shop\n', at(10)),
    written('src/products.js', 2, "const items = [];\nexports.list = () => items.slice();\nexports.add = (p) => items.push(p);\n", at(11)),
    e('TestRunStarted', { runId: `${streamId}:tests-1`, round: 1 }, at(12)),
    e('TestRunCompleted', { ...testRun(`${streamId}:tests-1`, [{ name: 'S1.AC1 lists products', ok: true }]), durationMs: variant.durationMs }, at(13)),
  ];

  function written(path: string, version: number, content: string, recordedAt: string) {
    return e('ArtifactWritten', { stepId: 'developer-1', agent: 'developer', attempt: 1, path, version, content, sha256: 'f'.repeat(64), size: content.length }, recordedAt);
  }
}

function testRun(runId: string, tests: { name: string; ok: boolean }[], round = 1) {
  const failed = tests.filter((t) => !t.ok).length;
  return { runId, round, command: ['node', '--test'], exitCode: failed ? 1 : 0, signal: null, timedOut: false, passed: tests.length - failed, failed, skipped: 0, durationMs: 5, output: '', tests };
}

/** What the store would make of a copy: the same events under the fork's id, numbered on. */
function stored(streamId: string, events: NewEvent[], startAt = 1): StoredEvent[] {
  return events.map((event, i) => ({
    globalPosition: 1000 + startAt + i,
    streamId,
    streamVersion: startAt + i,
    type: event.type,
    schemaVersion: 1,
    data: event.data,
    metadata: event.metadata ?? {},
    recordedAt: event.recordedAt ?? '2026-01-02T00:00:00.000Z',
    hash: `h${i}`,
    prevHash: `h${i - 1}`,
  }));
}

/** A fork of `origin` after its first `cut` events, the way forkProject copies them, then its own events. */
function forkOf(origin: StoredEvent[], cut: number, own: (e: ReturnType<typeof streamOf>) => StoredEvent[]): StoredEvent[] {
  let n = 0;
  const copies = stored('fork', copyStream(origin.slice(0, cut), 'fork', () => `renamed-${++n}`));
  return [...copies, ...own(streamOf('fork', cut + 1))];
}

describe('compareProjects', () => {
  it('finds a project equal to itself in everything, with no event where they part', () => {
    const events = run('p1');
    const same = compareProjects(events, events);
    expect(same.parting).toBeNull();
    expect(same.files.map((f) => [f.path, f.status, f.diff])).toEqual([
      ['README.md', 'unchanged', ''],
      ['src/products.js', 'unchanged', ''],
    ]);
    expect(same.stories).toEqual([{ id: 'S1', status: 'unchanged', diff: '', titleA: 'Browse products', titleB: 'Browse products' }]);
    expect(same.design).toEqual({ status: 'unchanged', diff: '' });
    expect(same.tests).toEqual([{ name: 'S1.AC1 lists products', okA: true, okB: true }]);
  });

  it('counts tokens per agent and in total, and the time from the first event to the last', () => {
    const { a } = compareProjects(run('p1'), run('p1'));
    expect(a.tokens).toMatchObject({ promptTokens: 300, completionTokens: 100, totalTokens: 400, llmCalls: 2 });
    expect(a.tokens.byAgent.map((t) => [t.agent, t.totalTokens])).toEqual([['analyst', 140], ['architect', 260], ['developer', 0], ['tester', 0]]);
    expect(a).toMatchObject({ startedAt: '2026-01-01T00:00:00.000Z', endedAt: '2026-01-01T00:00:13.000Z', durationMs: 13_000 });
    expect(a.project).toMatchObject({ id: 'p1', name: 'Shop' });
    expect(a.lastTestRun).toMatchObject({ round: 1, passed: 1, failed: 0 });
  });

  it('does not part where two runs differ only in their ids, how long things took, when and who recorded them', () => {
    const other = run('p2', { actionId: 'another-action', latencyMs: 3, durationMs: 9000, start: 30 }).map((e) => ({ ...e, metadata: { actor: 'someone' } }));
    expect(compareProjects(run('p1'), other).parting).toBeNull();
  });

  it('parts at the first event whose data differs, naming the differing fields', () => {
    const other: StoredEvent[] = run('p2');
    const architect = other.findIndex((e) => e.type === 'AgentOutputAccepted' && (e.data as { agent: string }).agent === 'architect');
    other[architect] = { ...other[architect], data: { ...other[architect].data, output: architectAnswer(0.5), confidence: 0.5 } } as StoredEvent;
    const { parting } = compareProjects(run('p1'), other);
    expect(parting).toMatchObject({ version: architect + 1, fields: ['confidence', 'output'] });
    expect(parting!.a!.streamId).toBe('p1');
    expect(parting!.b!.streamId).toBe('p2');
  });

  it("reads a fork's copied events (its id in their ids, new action ids, an origin in their metadata) as the origin's, and parts where the fork's own begin", () => {
    const origin = run('p1');
    const cut = origin.findIndex((e) => e.type === 'MessageSent') + 1;
    const fork = forkOf(origin, cut, (e) => [e('ProjectForked', { fromProjectId: 'p1', atVersion: cut, overrides: {} })]);
    expect(fork[3].data).toMatchObject({ actionId: 'renamed-1' });
    expect(fork[cut - 1].data).toMatchObject({ messageId: 'fork:analyst-1:handoff' });
    const { parting } = compareProjects(origin, fork);
    expect(parting).toMatchObject({ version: cut + 1, fields: ['type'], a: { type: 'LlmCallCompleted' }, b: { type: 'ProjectForked' } });
    // Either way round.
    expect(compareProjects(fork, origin).parting).toMatchObject({ version: cut + 1, a: { type: 'ProjectForked' } });
  });

  it('parts where one stream ends and the other goes on', () => {
    const origin = run('p1');
    const { parting } = compareProjects(origin, origin.slice(0, 5));
    expect(parting).toMatchObject({ version: 6, a: { type: 'AgentOutputAccepted' }, b: null, fields: ['type'] });
  });

  it('diffs each file at its latest version: added, removed, changed and unchanged, as unified diffs that turn one into the other', () => {
    const origin = run('p1');
    const fork = forkOf(origin, 9, (e) => [
      e('ProjectForked', { fromProjectId: 'p1', atVersion: 9, overrides: {} }),
      e('ArtifactWritten', { stepId: 'developer-1', agent: 'developer', attempt: 1, path: 'src/products.js', version: 1, content: "const items = [];\nexports.list = () => items.slice(0, 10);\nexports.add = (p) => items.push(p);\n", sha256: 'f'.repeat(64), size: 1 }),
      e('ArtifactWritten', { stepId: 'developer-1', agent: 'developer', attempt: 1, path: 'src/cart.js', version: 1, content: 'exports.cart = [];\n', sha256: 'f'.repeat(64), size: 1 }),
    ]);
    const withReadme = [...fork, streamOf('fork', fork.length + 1)('ArtifactWritten', { stepId: 'developer-1', agent: 'developer', attempt: 1, path: 'README.md', version: 1, content: '# Shop\n', sha256: 'f'.repeat(64), size: 7 })];
    const files = compareProjects(origin, withReadme).files;
    expect(files.map((f) => [f.path, f.status])).toEqual([
      ['README.md', 'unchanged'],
      ['src/cart.js', 'added'],
      ['src/products.js', 'changed'],
    ]);
    const products = files.find((f) => f.path === 'src/products.js')!;
    expect(products.diff).toContain('--- a/src/products.js\n+++ b/src/products.js\n');
    expect(products.diff).toContain('-exports.list = () => items.slice();\n+exports.list = () => items.slice(0, 10);\n');
    expect(applyPatch("const items = [];\nexports.list = () => items.slice();\nexports.add = (p) => items.push(p);\n", products.diff)).toBe(
      "const items = [];\nexports.list = () => items.slice(0, 10);\nexports.add = (p) => items.push(p);\n",
    );
    expect(files.find((f) => f.path === 'src/cart.js')!.diff).toContain('--- /dev/null\n+++ b/src/cart.js\n@@ -0,0 +1,1 @@\n+exports.cart = [];\n');

    const removed = compareProjects(withReadme, origin).files.find((f) => f.path === 'src/cart.js')!;
    expect(removed.status).toBe('removed');
    expect(removed.diff).toContain('--- a/src/cart.js\n+++ /dev/null\n');
  });

  it('shows two large unrelated versions of a file as one removed whole and the other written anew', () => {
    const lines = (prefix: string) => Array.from({ length: 1500 }, (_, i) => `${prefix} ${i}`).join('\n') + '\n';
    const origin = run('p1');
    const replaced = (content: string) => (e: ReturnType<typeof streamOf>) => [
      e('ArtifactWritten', { stepId: 'developer-2', agent: 'developer', attempt: 1, path: 'README.md', version: 2, content, sha256: 'f'.repeat(64), size: content.length }),
    ];
    const readme = (before: string, after: string) => {
      const a = [...origin, ...replaced(before)(streamOf('p1', origin.length + 1))];
      const b = [...origin, ...replaced(after)(streamOf('p1', origin.length + 1))];
      return compareProjects(a, b).files.find((f) => f.path === 'README.md')!;
    };
    const rewritten = readme(lines('old'), lines('new'));
    expect(rewritten.status).toBe('changed');
    expect(rewritten.diff).toMatch(/^--- a\/README.md\n\+\+\+ b\/README.md\n@@ -1,1500 \+1,1500 @@\n-old 0\n/);
    expect(applyPatch(lines('old'), rewritten.diff)).toBe(lines('new'));
    // An emptied file, and an empty one filled.
    expect(applyPatch(lines('old'), readme(lines('old'), '').diff)).toBe('');
    expect(applyPatch('', readme('', lines('new')).diff)).toBe(lines('new'));
  });

  it("compares the analyst's stories by id and the architect's design, and the last test run's tests by name", () => {
    const origin = run('p1');
    const stories: AnalystOutput = {
      ...analystAnswer(),
      user_stories: [
        { ...analystAnswer().user_stories[0], title: 'Browse the catalogue' },
        { id: 'S2', title: 'Check out', as_a: 'shopper', i_want: 'to pay', so_that: 'I get my goods', priority: 'must', acceptance_criteria: [{ id: 'S2.AC1', text: 'POST /orders' }] },
      ],
    };
    const fork = forkOf(origin, 1, (e) => [
      e('ProjectForked', { fromProjectId: 'p1', atVersion: 1, overrides: { requirements: 'Build a shop with a checkout' } }),
      e('AgentOutputAccepted', { stepId: 'analyst-1', agent: 'analyst', attempt: 1, output: stories, confidence: 0.9, acceptedBy: 'threshold' }),
      e('TestRunStarted', { runId: 'fork:tests-1', round: 1 }),
      e('TestRunCompleted', testRun('fork:tests-1', [{ name: 'S1.AC1 lists products', ok: true }])),
      e('TestRunStarted', { runId: 'fork:tests-2', round: 2 }),
      e('TestRunCompleted', testRun('fork:tests-2', [{ name: 'S1.AC1 lists products', ok: false }, { name: 'S2.AC1 orders', ok: true }], 2)),
    ]);
    const result = compareProjects(origin, fork);
    expect(result.stories.map((s) => [s.id, s.status, s.titleA, s.titleB])).toEqual([
      ['S1', 'changed', 'Browse products', 'Browse the catalogue'],
      ['S2', 'added', null, 'Check out'],
    ]);
    expect(result.stories[0].diff).toContain('-  "title": "Browse products",\n+  "title": "Browse the catalogue",\n');
    // The fork has no architect yet: its design is gone.
    expect(result.design.status).toBe('removed');
    expect(result.design.diff).toContain('--- a/design.json\n+++ /dev/null\n');
    expect(result.b.lastTestRun).toMatchObject({ round: 2, passed: 1, failed: 1 });
    expect(result.tests).toEqual([
      { name: 'S1.AC1 lists products', okA: true, okB: false },
      { name: 'S2.AC1 orders', okA: null, okB: true },
    ]);
  });
});
