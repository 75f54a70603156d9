import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredEvent } from '../../src/events/envelope';
import { developerAnswer } from '../support/agent-fixtures';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { gql } from '../support/graphql-http';
import { startTestServer, type TestServer } from '../support/test-app';
import { tempDir } from '../support/temp-dir';
import { ended, eventsOfType, ofType, waitForEvent } from '../support/wait-for-event';

const BROKEN = "const items = [];\nexports.list = () => [];\nexports.add = (p) => { items.push(p); return p; };\n";

/** The developer fixture with other files. */
function developerWith(files: { path: string; content: string }[]) {
  return { ...developerAnswer(), files };
}

describe('code and tests: artifacts, sandboxed runs and the repair loop', () => {
  let llm: FakeOpenAiServer;
  let t: TestServer;
  const outside = tempDir('botarmy-outside-');

  beforeAll(async () => {
    llm = await FakeOpenAiServer.start();
    t = await startTestServer({
      LLM_BASE_URL: llm.baseURL,
      LLM_API_KEY: 'sk-test',
      LLM_RETRY_BASE_MS: '20',
      BOTARMY_MAX_FILE_BYTES: '2000',
      BOTARMY_MAX_PROJECT_BYTES: '5000',
      BOTARMY_MAX_FILES: '6',
      BOTARMY_TEST_TIMEOUT_MS: '10000',
    });
    await t.app.startWorkflow();
  });
  afterAll(async () => {
    await t.close();
    await llm.close();
    outside.remove();
  });
  beforeEach(() => {
    llm.requests.length = 0;
    llm.script = () => undefined;
  });

  async function create(extra: Record<string, unknown> = {}): Promise<string> {
    const res = await gql(t.url, `mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`, {
      input: { name: 'Shop', requirements: 'Build a shop.', ...extra },
    });
    expect(res.errors).toBeUndefined();
    return res.data!.createProject.id;
  }

  it('writes every file as an event, materialises the workspace, runs the tests and completes', async () => {
    const id = await create();
    expect((await waitForEvent(t.app, id, ended)).type).toBe('ProjectCompleted');
    const events = await t.app.store.readStream(id);
    const written = eventsOfType(events, 'ArtifactWritten');
    expect(written.map((e) => [e.data.agent, e.data.path, e.data.version])).toEqual([
      ['developer', 'package.json', 1],
      ['developer', 'src/products.js', 1],
      ['tester', 'test/products.test.js', 1],
    ]);
    expect(written[1].data.size).toBe(Buffer.byteLength(written[1].data.content));
    const [run] = eventsOfType(events, 'TestRunCompleted');
    expect(run.data).toMatchObject({ exitCode: 0, passed: 1, failed: 0, timedOut: false, tests: [{ name: 'S1.AC1 lists products', ok: true }] });

    const q = await gql(t.url, `query($p: ID!) {
      artifacts(projectId: $p) { path version size agent sha256 }
      artifact(projectId: $p, path: "src/products.js") { content version }
      testRuns(projectId: $p) { round status passed failed tests { name ok } }
    }`, { p: id });
    expect(q.data!.artifacts.map((a: { path: string }) => a.path)).toEqual(['package.json', 'src/products.js', 'test/products.test.js']);
    expect(q.data!.artifact.content).toContain('exports.list');
    expect(q.data!.testRuns).toEqual([{ round: 1, status: 'passed', passed: 1, failed: 0, tests: [{ name: 'S1.AC1 lists products', ok: true }] }]);

    const zip = await fetch(`${t.url}/projects/${id}/workspace.zip`);
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const bytes = Buffer.from(await zip.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(bytes.includes(Buffer.from('shop/src/products.js'))).toBe(true);
    expect((await fetch(`${t.url}/projects/nope/workspace.zip`)).status).toBe(404);
  });

  it('sends failing tests back to the developer with the failures, and completes once they pass', async () => {
    llm.script = (r) =>
      r.agent === 'developer' && llm.requestsFor('developer').length === 1
        ? { answer: developerWith([{ path: 'src/products.js', content: BROKEN }]) }
        : undefined;
    const id = await create();
    expect((await waitForEvent(t.app, id, ended)).type).toBe('ProjectCompleted');
    const events = await t.app.store.readStream(id);
    const runs = eventsOfType(events, 'TestRunCompleted');
    expect(runs.map((r) => [r.data.round, r.data.failed > 0])).toEqual([[1, true], [2, false]]);
    const repairPrompt = llm.requestsFor('developer')[1].body.messages[1].content;
    expect(repairPrompt).toContain('The last test run failed');
    expect(repairPrompt).toContain('S1.AC1 lists products');
    // The fixed file is a second version of the same path; both stay in the log.
    const history = await gql(t.url, `query($p: ID!) { artifactHistory(projectId: $p, path: "src/products.js") { version content } }`, { p: id });
    expect(history.data!.artifactHistory.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(history.data!.artifactHistory[0].content).toBe(BROKEN);
    const old = await gql(t.url, `query($p: ID!) { artifact(projectId: $p, path: "src/products.js", version: 1) { content } }`, { p: id });
    expect(old.data!.artifact.content).toBe(BROKEN);
  });

  it('asks a person when a repair leaves as many tests failing, with the failing output attached', async () => {
    // Each fix is different code that fails the same test again.
    let fixes = 0;
    llm.script = (r) => (r.agent === 'developer' ? { answer: developerWith([{ path: 'src/products.js', content: `${BROKEN}\n// fix ${++fixes}` }]) } : undefined);
    const id = await create({ maxAttempts: 2 });
    const action = (await waitForEvent(t.app, id, ofType('ActionRequested'), 30000)) as StoredEvent<'ActionRequested'>;
    expect(action.data).toMatchObject({ reason: 'tests_failing', agent: 'developer', title: expect.stringMatching(/after 1 round of fixes/) });
    expect(action.data.description).toMatch(/The last repair left 1 test failing, 1 before it: the fixes are not converging/);
    expect(action.data.attachment).toMatch(/not ok/);
    expect(eventsOfType(await t.app.store.readStream(id), 'TestRunCompleted')).toHaveLength(2);
    await gql(t.url, `mutation($i: RespondToActionInput!) { respondToAction(input: $i) { status } }`, { i: { actionId: action.data.actionId, optionId: 'accept' } });
    expect((await waitForEvent(t.app, id, ofType('ProjectCompleted'))).type).toBe('ProjectCompleted');
  });

  it('asks a person at once when a fix is the very code that failed: the same tests are not run again', async () => {
    llm.script = (r) => (r.agent === 'developer' ? { answer: developerWith([{ path: 'src/products.js', content: BROKEN }]) } : undefined);
    const id = await create({ maxAttempts: 2 });
    const action = (await waitForEvent(t.app, id, ofType('ActionRequested'), 30000)) as StoredEvent<'ActionRequested'>;
    expect(action.data).toMatchObject({ reason: 'tests_failing', agent: 'developer', title: expect.stringMatching(/after 1 round of fixes/) });
    expect(action.data.description).toMatch(/The developer's new answer \(developer-2\) is the same as its last \(developer-1\)/);
    expect(action.data.attachment).toMatch(/not ok/);
    expect(eventsOfType(await t.app.store.readStream(id), 'TestRunCompleted')).toHaveLength(1);
  });

  describe('refuses unsafe files with ArtifactRejected, writes nothing, and asks the developer again', () => {
    const cases: [string, { path: string; content: string }, RegExp][] = [
      ['an absolute path', { path: '/tmp/botarmy-evil.js', content: 'x' }, /absolute/],
      ['a path with ..', { path: '../../evil.js', content: 'x' }, /\.\./],
      ['a NUL byte', { path: 'src/evil\u0000.js', content: 'x' }, /NUL/],
      ['a file over the size limit', { path: 'src/big.js', content: 'x'.repeat(2001) }, /over the 2000-byte limit/],
      ['too many files', { path: 'src/f.js', content: 'x' }, /over the limit of 6/],
    ];
    it.each(cases)('%s', async (_label, bad, reason) => {
      const extra = reason.source.includes('limit of 6') ? Array.from({ length: 6 }, (_, i) => ({ path: `src/m${i}.js`, content: 'x' })) : [];
      llm.script = (r) =>
        r.agent === 'developer' && llm.requestsFor('developer').length === 1 ? { answer: developerWith([...developerAnswer().files, ...extra, bad]) } : undefined;
      const id = await create();
      expect((await waitForEvent(t.app, id, ended)).type).toBe('ProjectCompleted');
      const events = await t.app.store.readStream(id);
      const [rejected] = eventsOfType(events, 'ArtifactRejected');
      expect(rejected.data.reason).toMatch(reason);
      const [attempt] = eventsOfType(events, 'AgentOutputRejected');
      expect(attempt.data).toMatchObject({ agent: 'developer', attempt: 1, reason: 'unsafe_artifact' });
      // Nothing from the refused output was written; the second attempt's files were.
      expect(eventsOfType(events, 'ArtifactWritten').every((e) => e.data.stepId !== 'developer-1')).toBe(true);
      expect(llm.requestsFor('developer')).toHaveLength(2);
    });

    it('a path that goes through a symlink out of the workspace', async () => {
      llm.script = (r) => {
        if (r.agent === 'developer' && llm.requestsFor('developer').length === 1) {
          return { answer: developerWith([...developerAnswer().files, { path: 'escape/evil.js', content: 'x' }]) };
        }
        // The analyst answers slowly so the link is in place before the developer's files are checked.
        return r.agent === 'analyst' ? { delayMs: 500 } : undefined;
      };
      // Planted as a test run could have left it.
      const id = await create({ name: 'Linked' });
      const ws = t.app.workspaces.pathOf(id);
      mkdirSync(ws, { recursive: true });
      symlinkSync(outside.path, join(ws, 'escape'));
      expect(llm.requestsFor('developer')).toHaveLength(0);
      expect((await waitForEvent(t.app, id, ended)).type).toBe('ProjectCompleted');
      const [rejected] = eventsOfType(await t.app.store.readStream(id), 'ArtifactRejected');
      expect(rejected.data).toMatchObject({ path: 'escape/evil.js', reason: expect.stringMatching(/symlink/) });
      expect(existsSync(join(outside.path, 'evil.js'))).toBe(false);
    });
  });
});
