import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ulid } from 'ulid';
import type { NewEvent, StoredEvent } from '../../src/events/envelope';
import { InMemoryEventStore } from '../../src/events/in-memory-event-store';
import { exportJsonLines, importJsonLines } from '../../src/history/export-import';
import { DEFAULT_MAX_ANSWER_BYTES } from '../../src/llm/openai-provider';
import { REDACTED } from '../../src/llm/secret-scrubber';
import { analystAnswer, developerAnswer } from '../support/agent-fixtures';
import { FakeOpenAiServer, type Reply } from '../support/fake-openai-server';
import { gql } from '../support/graphql-http';
import { startTestServer, type TestServer } from '../support/test-app';
import { eventsOfType, ofType, waitForEvent } from '../support/wait-for-event';

const KEY = 'sk-hostile-test-key-0123456789abcdef';
const CREATE = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`;
const MAX_ATTEMPTS = 2;

/** Attacks an LLM server (or whoever answers in its place) can make; each must end the project cleanly. */
describe('hostile answers', () => {
  let llm: FakeOpenAiServer;
  let t: TestServer;

  beforeAll(async () => {
    llm = await FakeOpenAiServer.start();
    t = await startTestServer({
      LLM_BASE_URL: llm.baseURL,
      LLM_API_KEY: KEY,
      LLM_MODEL: 'fake-model',
      LLM_TIMEOUT_MS: '5000',
      LLM_RETRY_BASE_MS: '20',
      LLM_RETRY_MAX_MS: '200',
    });
    await t.app.startWorkflow();
  });
  afterAll(async () => {
    await t.close();
    await llm.close();
  });
  beforeEach(() => {
    llm.requests.length = 0;
    llm.script = () => undefined;
  });

  async function create(): Promise<string> {
    const res = await gql(t.url, CREATE, { input: { name: 'Shop', requirements: 'Build a shop with products and a cart.', maxAttempts: MAX_ATTEMPTS } });
    expect(res.errors).toBeUndefined();
    return res.data!.createProject.id;
  }

  /** Waits for the escalation, then for the workflow to settle, so the counts below are final. */
  async function escalation(id: string): Promise<StoredEvent<'ActionRequested'>> {
    const action = (await waitForEvent(t.app, id, ofType('ActionRequested'))) as StoredEvent<'ActionRequested'>;
    await t.app.workflow.idle();
    return action;
  }

  async function serverAnswers(id: string): Promise<void> {
    const res = await gql(t.url, `query($p: ID!) { project(id: $p) { status } }`, { p: id });
    expect(res.data!.project.status).toBe('WAITING');
  }

  const developerWrites = (...paths: string[]): Reply => ({ answer: { ...developerAnswer(), files: paths.map((path) => ({ path, content: 'module.exports = 1;\n' })) } });

  describe.each([
    ['a path that is both a file and a directory', ['src', 'src/x.js'], '"src" is a file, so it cannot also be a directory'],
    ['a 200-character name of 400 bytes', ['src/' + 'é'.repeat(200) + '.js'], 'a name in the path is 403 bytes, over the 255-byte limit of a file name'],
    ['control characters in a name', ['src/\u001b[2Jx.js'], 'the path contains a control character (U+001B)'],
    ['two spellings of one file', ['README.md', 'readme.md'], 'it would be the same file as "README.md" on a case-insensitive file system'],
    ['a path out of the workspace', ['../../evil'], 'the path contains ..'],
  ])('the developer answers %s on every attempt', (_name, paths, reason) => {
    it('refuses the files, escalates after the attempt limit with the reason, with one call per attempt, and writes nothing', async () => {
      llm.script = (r) => (r.agent === 'developer' ? developerWrites(...paths) : undefined);
      const id = await create();
      const action = await escalation(id);
      expect(action.data).toMatchObject({ reason: 'attempts_exhausted', agent: 'developer' });
      const events = await t.app.store.readStream(id);
      const rejections = eventsOfType(events, 'AgentOutputRejected');
      expect(rejections.map((r) => [r.data.agent, r.data.reason])).toEqual(Array(MAX_ATTEMPTS).fill(['developer', 'unsafe_artifact']));
      expect(rejections[0].data.errors.join('\n')).toContain(reason);
      expect(eventsOfType(events, 'ArtifactRejected').map((e) => e.data.reason)).toContain(reason);
      expect(eventsOfType(events, 'ArtifactWritten')).toHaveLength(0);
      expect(llm.requests.map((r) => r.agent)).toEqual(['analyst', 'architect', ...Array(MAX_ATTEMPTS).fill('developer')]);
      expect(existsSync(join(t.dataDir, 'evil'))).toBe(false);
      expect(existsSync(join(t.dataDir, 'workspaces', id))).toBe(false);
      await serverAnswers(id);
    });
  });

  it('a server that echoes the key in its 401 never gets it into the log; the failure is recorded with a marker instead', async () => {
    llm.script = (r) =>
      r.agent === 'analyst'
        ? { status: 401, errorMessage: `Incorrect API key provided: ${KEY}. You sent Authorization: ${r.headers.authorization}; x-api-key=${KEY.slice(3)}` }
        : undefined;
    const id = await create();
    const action = await escalation(id);
    expect(action.data).toMatchObject({ reason: 'attempts_exhausted', agent: 'analyst' });
    const events = await t.app.store.readStream(id);
    for (const e of events) expect(JSON.stringify(e)).not.toContain(KEY.slice(3));
    const failures = eventsOfType(events, 'LlmCallFailed');
    expect(failures).toHaveLength(MAX_ATTEMPTS);
    expect(failures[0].data).toMatchObject({ status: 401, retryable: false, agent: 'analyst' });
    expect(failures[0].data.message).toBe(`401 Incorrect API key provided: ${REDACTED}. You sent Authorization: ${REDACTED}; x-api-key=${REDACTED}`);
    expect(llm.requestsFor('analyst')).toHaveLength(MAX_ATTEMPTS);
    await serverAnswers(id);
  });

  it('an answer that repeats the key is recorded, and handed on, without it', async () => {
    llm.script = (r) => (r.agent === 'analyst' ? { answer: { ...analystAnswer(), analysis: `A shop. (The key you use is ${KEY}.)` }, model: `echo-${KEY}` } : { status: 500 });
    const id = await create();
    await waitForEvent(t.app, id, ofType('AgentOutputAccepted'));
    await t.app.workflow.idle();
    const events = await t.app.store.readStream(id);
    for (const e of events) expect(JSON.stringify(e)).not.toContain(KEY);
    const [accepted] = eventsOfType(events, 'AgentOutputAccepted');
    expect(accepted.data.output.analysis).toBe(`A shop. (The key you use is ${REDACTED}.)`);
    expect(eventsOfType(events, 'LlmCallCompleted')[0].data.model).toBe(`echo-${REDACTED}`);
    await gql(t.url, `mutation($id: ID!) { cancelProject(id: $id) { status } }`, { id });
    await t.app.workflow.idle();
  });

  it('an answer over the size limit is a recorded, non-retryable failure, and the server stays up', async () => {
    llm.script = (r) => (r.agent === 'analyst' ? { text: 'x'.repeat(DEFAULT_MAX_ANSWER_BYTES + 1) } : undefined);
    const id = await create();
    const action = await escalation(id);
    expect(action.data).toMatchObject({ reason: 'attempts_exhausted', agent: 'analyst' });
    const failures = eventsOfType(await t.app.store.readStream(id), 'LlmCallFailed');
    expect(failures.map((f) => [f.data.errorClass, f.data.retryable])).toEqual(Array(MAX_ATTEMPTS).fill(['AnswerTooLarge', false]));
    expect(failures[0].data.message).toMatch(new RegExp(`over the ${DEFAULT_MAX_ANSWER_BYTES}-byte limit`));
    expect(llm.requestsFor('analyst')).toHaveLength(MAX_ATTEMPTS);
    await serverAnswers(id);
  });

  it('an answer nested 100,000 levels deep (JSON.stringify overflows at about 10,000) is an invalid answer, not a crash', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    llm.script = (r) => (r.agent === 'analyst' ? { text: deep } : undefined);
    const id = await create();
    const action = await escalation(id);
    expect(action.data).toMatchObject({ reason: 'attempts_exhausted', agent: 'analyst' });
    const rejections = eventsOfType(await t.app.store.readStream(id), 'AgentOutputRejected');
    expect(rejections.map((r) => r.data.reason)).toEqual(Array(MAX_ATTEMPTS).fill('invalid_output'));
    // An answer and its one repair per attempt.
    expect(llm.requestsFor('analyst')).toHaveLength(2 * MAX_ATTEMPTS);
    await serverAnswers(id);
  });

  describe('import', () => {
    /** A stream with an intact hash chain, as a store that does not check ids or paths would export it. */
    async function exported(streamId: string, events: NewEvent[]): Promise<string> {
      const store = new InMemoryEventStore();
      await store.append(streamId, events, 0);
      return exportJsonLines(await store.readStream(streamId));
    }
    const created: NewEvent<'ProjectCreated'> = {
      type: 'ProjectCreated',
      data: { name: 'Shop', requirements: 'A shop.', settings: { confidenceThreshold: 0.7, maxAttempts: 3, maxRepairRounds: 3, tokenBudget: null, model: null } },
    };
    const written = (path: string, version = 1): NewEvent<'ArtifactWritten'> => ({
      type: 'ArtifactWritten',
      data: { stepId: 'developer-1', agent: 'developer', attempt: 1, path, version, content: 'x', sha256: 'a'.repeat(64), size: 1 },
    });

    /** The ids a refused file could have been appended under: none of them may hold anything afterwards. */
    const idsIn = (text: string, as?: string) => [
      ...(as === undefined ? [] : [as]),
      ...text.split('\n').flatMap((line) => {
        try {
          return [String(JSON.parse(line).streamId)];
        } catch {
          return [];
        }
      }),
    ];

    async function refused(text: string, as?: string): Promise<string> {
      const error = await importJsonLines(t.app.store, text, ulid, as === undefined ? {} : { as }).then(
        () => null,
        (e: Error) => e,
      );
      expect(error).toMatchObject({ name: 'DomainError', code: 'BAD_USER_INPUT' });
      for (const id of idsIn(text, as)) expect(await t.app.store.streamVersion(id)).toBe(0);
      return error!.message;
    }

    it('loads an intact stream whose ids and paths are safe (the checks below refuse only what they should)', async () => {
      const id = ulid();
      const result = await importJsonLines(t.app.store, await exported(id, [created, written('src/a.js'), written('src/a.js', 2)]), ulid);
      expect(result).toEqual({ streamId: id, events: 3 });
    });

    it('refuses a stream id that is not one', async () => {
      expect(await refused(await exported('../../evil', [created]))).toBe(
        'line 1 is not an exported event: streamId: a stream id may hold only letters, digits, - and _',
      );
      expect(await refused(await exported('x'.repeat(65), [created]))).toBe('line 1 is not an exported event: streamId: a stream id must be at most 64 characters');
      expect(readdirSync(t.dataDir)).not.toContain('evil');
    });

    it('refuses to import under an id that is not one', async () => {
      expect(await refused(await exported(ulid(), [created]), '../../evil')).toBe(
        'cannot import as "../../evil": a stream id may hold only letters, digits, - and _',
      );
    });

    it('refuses a file written outside the workspace, naming the line', async () => {
      expect(await refused(await exported(ulid(), [created, written('../x')]))).toBe('line 2 writes the file "../x", which is refused: the path contains ..');
    });

    it('refuses a stream whose files cannot all exist together, also when imported under another id', async () => {
      const text = await exported(ulid(), [created, written('src'), written('src/x.js')]);
      const message = 'line 3 writes the file "src/x.js", which is refused: "src" is a file, so it cannot also be a directory';
      expect(await refused(text)).toBe(message);
      expect(await refused(text, ulid())).toBe(message);
    });

    it('refuses a path in a spelling the log never writes', async () => {
      expect(await refused(await exported(ulid(), [created, written('./src//a.js')]))).toBe(
        'line 2 writes the file "./src//a.js", which is refused: the path is not in its normal form ("src/a.js")',
      );
    });

    it('refuses a line that is not an envelope, or not JSON, naming it before any chain check', async () => {
      const good = await exported(ulid(), [created]);
      expect(await refused(`${good}{"type":"ProjectCreated"}\n`)).toMatch(/^line 2 is not an exported event: globalPosition: /);
      expect(await refused(`${good}\n\nnot json\n`)).toBe('line 4 is not JSON');
      expect(await refused(`${good}${'['.repeat(100_000)}${']'.repeat(100_000)}\n`)).toBe('line 2 nests deeper than 128 levels');
    });

    it('refuses an event the catalog does not accept, naming the line', async () => {
      const [line] = (await exported(ulid(), [created])).split('\n');
      const edited = JSON.stringify({ ...JSON.parse(line), type: 'FilesDeleted' });
      expect(await refused(edited)).toBe('line 1 is not a valid event: invalid FilesDeleted event: unknown event type "FilesDeleted"');
    });

    it('refuses a stream whose chain is broken, naming the line', async () => {
      const lines = (await exported(ulid(), [created, written('a.js')])).trim().split('\n');
      const second = JSON.parse(lines[1]);
      const edited = [lines[0], JSON.stringify({ ...second, data: { ...second.data, content: 'y' } })].join('\n');
      expect(await refused(edited)).toBe('line 2 breaks the stream: event 2 its content does not match its hash (changed after it was written)');
    });
  });
});
