import { applyPatch } from 'diff';
import { gql } from '../support/graphql-http';
import { runCli } from '../support/run-cli';
import { startTestServer, type TestServer } from '../support/test-app';
import { eventsOfType, ofType, waitForEvent } from '../support/wait-for-event';

const SIDE = `project { id name status version }
  usage { promptTokens completionTokens totalTokens llmCalls byAgent { agent promptTokens completionTokens totalTokens llmCalls } }
  startedAt endedAt durationMs
  lastTestRun { round status passed failed tests { name ok } }`;
const COMPARE = `query($a: ID!, $b: ID!) { compareProjects(a: $a, b: $b) {
  a { ${SIDE} }
  b { ${SIDE} }
  stories { id status titleA titleB diff }
  design { status diff }
  files { path status diff }
  tests { name okA okB }
  parting { version fields a { type streamVersion } b { type streamVersion } }
} }`;

interface File {
  path: string;
  status: string;
  diff: string;
}

/**
 * A project and a fork of it made mid-way with other requirements, both run to the end by the offline team, then
 * compared over GraphQL and with `botarmy diff`. What the fork re-does is the fork's business; the comparison is
 * checked against what each project's own read models say.
 */
describe('comparing two projects', () => {
  let t: TestServer;
  let origin = '';
  let fork = '';
  let comparison: Record<string, any>;

  beforeAll(async () => {
    t = await startTestServer({ LLM_PROVIDER: 'offline' });
    await t.app.startWorkflow();
    const created = await gql(t.url, `mutation { createProject(input: { name: "Library", requirements: "A library where members borrow books and librarians record returns." }) { id } }`);
    origin = created.data!.createProject.id;
    await waitForEvent(t.app, origin, ofType('ProjectCompleted'));
    const architectDone = eventsOfType(await t.app.store.readStream(origin), 'AgentOutputAccepted').find((e) => e.data.agent === 'architect')!.streamVersion;
    const forked = await gql(t.url, `mutation($p: ID!, $v: Int!) { forkProject(projectId: $p, atVersion: $v, overrides: { requirements: "A library where members reserve study rooms by the hour." }) { id } }`, { p: origin, v: architectDone });
    expect(forked.errors).toBeUndefined();
    fork = forked.data!.forkProject.id;
    await waitForEvent(t.app, fork, ofType('ProjectCompleted'));
    const res = await gql(t.url, COMPARE, { a: origin, b: fork });
    expect(res.errors).toBeUndefined();
    comparison = res.data!.compareProjects;
  }, 60_000);
  afterAll(() => t.close());

  it('diffs every file either project wrote at its latest version, and each diff turns the origin’s file into the fork’s', async () => {
    const q = `query($p: ID!) { artifacts(projectId: $p) { path sha256 } }`;
    const shas = async (p: string) => new Map<string, string>(((await gql(t.url, q, { p })).data!.artifacts as { path: string; sha256: string }[]).map((f) => [f.path, f.sha256]));
    const [before, after] = [await shas(origin), await shas(fork)];
    const expected = [...new Set([...before.keys(), ...after.keys()])].sort().map((path) => {
      const [x, y] = [before.get(path), after.get(path)];
      return [path, !x ? 'ADDED' : !y ? 'REMOVED' : x === y ? 'UNCHANGED' : 'CHANGED'];
    });
    const files = comparison.files as File[];
    expect(files.map((f) => [f.path, f.status])).toEqual(expected);
    // Other requirements, other code.
    expect(files.some((f) => f.status !== 'UNCHANGED')).toBe(true);

    const content = async (p: string, path: string) => (await gql(t.url, `query($p: ID!, $path: String!) { artifact(projectId: $p, path: $path) { content } }`, { p, path })).data!.artifact.content;
    for (const file of files) {
      if (file.status === 'UNCHANGED') {
        expect(file.diff).toBe('');
        continue;
      }
      expect(file.diff).toContain(`--- ${file.status === 'ADDED' ? '/dev/null' : `a/${file.path}`}\n+++ ${file.status === 'REMOVED' ? '/dev/null' : `b/${file.path}`}\n`);
      const [a, b] = [file.status === 'ADDED' ? '' : await content(origin, file.path), file.status === 'REMOVED' ? '' : await content(fork, file.path)];
      expect(applyPatch(a, file.diff)).toBe(b);
    }
  });

  it('parts where the fork’s own history begins: every event before it is a copy of the origin’s', async () => {
    const [a, b] = [await t.app.store.readStream(origin), await t.app.store.readStream(fork)];
    const forked = eventsOfType(b, 'ProjectForked')[0];
    expect(comparison.parting).toEqual({
      version: forked.streamVersion,
      fields: ['type'],
      a: a[forked.streamVersion - 1] ? { type: a[forked.streamVersion - 1].type, streamVersion: forked.streamVersion } : null,
      b: { type: 'ProjectForked', streamVersion: forked.streamVersion },
    });
    expect(b.slice(0, forked.streamVersion - 1).map((e) => e.metadata.origin?.streamVersion)).toEqual(a.slice(0, forked.streamVersion - 1).map((e) => e.streamVersion));
  });

  it('counts tokens and duration as each project’s usage and log say', async () => {
    for (const [side, id] of [['a', origin], ['b', fork]] as const) {
      const usage = (await gql(t.url, `query($p: ID!) { usage(projectId: $p) { promptTokens completionTokens totalTokens llmCalls byAgent { agent promptTokens completionTokens totalTokens llmCalls } } }`, { p: id })).data!.usage;
      expect(comparison[side].usage).toEqual(usage);
      expect(usage.totalTokens).toBeGreaterThan(0);
      const events = await t.app.store.readStream(id);
      const [first, last] = [events[0], events[events.length - 1]];
      expect(comparison[side]).toMatchObject({
        project: { id, status: 'COMPLETED', version: events.length },
        startedAt: new Date(first.recordedAt).toISOString(),
        endedAt: new Date(last.recordedAt).toISOString(),
        durationMs: Date.parse(last.recordedAt) - Date.parse(first.recordedAt),
      });
    }
  });

  it('puts the stories, the latest test runs and their tests side by side', async () => {
    const spec = async (p: string) => (await gql(t.url, `query($p: ID!) { project(id: $p) { spec } }`, { p })).data!.project.spec;
    const titles = async (p: string) => new Map<string, string>((await spec(p)).analyst.user_stories.map((s: { id: string; title: string }) => [s.id, s.title]));
    const [before, after] = [await titles(origin), await titles(fork)];
    expect(comparison.stories.map((s: { id: string; titleA: string | null; titleB: string | null }) => [s.id, s.titleA, s.titleB])).toEqual(
      [...new Set([...before.keys(), ...after.keys()])].map((id) => [id, before.get(id) ?? null, after.get(id) ?? null]),
    );
    expect(comparison.design.status).toBe(JSON.stringify((await spec(origin)).architect) === JSON.stringify((await spec(fork)).architect) ? 'UNCHANGED' : 'CHANGED');

    const lastRun = async (p: string) => (await gql(t.url, `query($p: ID!) { testRuns(projectId: $p) { round status passed failed tests { name ok } } }`, { p })).data!.testRuns.slice(-1)[0];
    const [runA, runB] = [await lastRun(origin), await lastRun(fork)];
    expect(comparison.a.lastTestRun).toEqual(runA);
    expect(comparison.b.lastTestRun).toEqual(runB);
    const ok = (run: { tests: { name: string; ok: boolean }[] }, name: string) => run.tests.find((x) => x.name === name)?.ok ?? null;
    const names = [...new Set([...runA.tests, ...runB.tests].map((x: { name: string }) => x.name))];
    expect(comparison.tests).toEqual(names.map((name) => ({ name, okA: ok(runA, name), okB: ok(runB, name) })));
  });

  it('finds a project the same as itself, and names an unknown project', async () => {
    const same = (await gql(t.url, COMPARE, { a: fork, b: fork })).data!.compareProjects;
    expect(same.parting).toBeNull();
    expect(new Set([...same.files, ...same.stories, same.design].map((x: File) => [x.status, x.diff].join()))).toEqual(new Set(['UNCHANGED,']));
    expect(same.a).toEqual(same.b);

    for (const [a, b, field] of [['nope', fork, 'a'], [origin, 'nope', 'b']]) {
      const missing = await gql(t.url, COMPARE, { a, b });
      expect(missing.data).toBeNull();
      expect(missing.errors![0]).toMatchObject({ message: 'project nope not found', extensions: { code: 'NOT_FOUND', field } });
    }
  });

  it('botarmy diff prints the same comparison, and names an unknown project on stderr with exit code 1', async () => {
    const env = { BOTARMY_DATA_DIR: t.dataDir, LLM_PROVIDER: 'offline' };
    const { code, stdout, stderr } = await runCli(['diff', origin, fork], env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const { a, b, parting, files } = comparison;
    expect(stdout).toContain(`a: ${origin}  Library\n   completed, version ${a.project.version}, ${a.usage.totalTokens} tokens (${a.usage.promptTokens} prompt + ${a.usage.completionTokens} completion), `);
    expect(stdout).toMatch(new RegExp(`^b: ${fork}  ${b.project.name.replace(/[()]/g, '\\$&')} \\(fork of ${origin} at v\\d+\\)$`, 'm'));
    expect(stdout).toContain(`\n   completed, version ${b.project.version}, ${b.usage.totalTokens} tokens (`);
    expect(stdout).toContain(`parting: at version ${parting.version}: a ${parting.a?.type ?? '(end of log)'}, b ProjectForked; differing: type\n`);
    for (const file of files as File[]) {
      expect(stdout).toContain(`\n  ${file.status.toLowerCase().padEnd(9)} ${file.path}\n`);
      expect(stdout).toContain(file.diff);
    }

    const missing = await runCli(['diff', origin, 'nope'], env);
    expect(missing).toEqual({ code: 1, stdout: '', stderr: 'botarmy: project nope not found\n' });
  }, 30_000);
});
