import WebSocket from 'ws';
import { GRAPHQL_LIMITS } from '../../src/graphql/validation';
import { gqlResponse } from '../support/graphql-http';
import { wsClient } from '../support/graphql-ws-client';
import { startTestServer, type TestServer } from '../support/test-app';
import { recordReliability } from '../support/reliability-log';

/**
 * What one client can make the server do, over HTTP and over graphql-ws alike: written as the attacks (a
 * 20,000-alias document, too many tokens, a thousand subscriptions on one socket, an oversized message, a burst
 * of mutations, malformed requests) and what must hold (refused with an error, nothing executed or appended,
 * the server still answering).
 */

type WsOutcome = { data?: any; errors?: { message: string; extensions?: Record<string, any> }[]; closed?: { code: number; reason: string } };

/** Runs one operation over graphql-ws on a fresh connection and settles with its result, its errors, or the close. */
function overWs(url: string, query: string, variables: Record<string, unknown> = {}): Promise<WsOutcome> {
  const client = wsClient(url);
  return new Promise<WsOutcome>((resolve) => {
    let result: WsOutcome = {};
    client.subscribe(
      { query, variables },
      {
        next: (value) => (result = value as WsOutcome),
        error: (error: unknown) => {
          const e = error as { code?: number; reason?: string };
          resolve(typeof e.code === 'number' ? { closed: { code: e.code, reason: String(e.reason) } } : { errors: error as WsOutcome['errors'] });
        },
        complete: () => resolve(result),
      },
    );
  }).finally(() => client.dispose());
}

/** The attack that grew the server to 19 GB: one document asking for the project list thousands of times over. */
function aliasBomb(aliases: number): string {
  return `query Bomb { ${Array.from({ length: aliases }, (_, i) => `a${i}: projects(first: 200) { totalCount nodes { id name requirements } }`).join(' ')} }`;
}

async function health(url: string): Promise<number> {
  return (await fetch(`${url}/health`)).status;
}

const MiB = 1024 * 1024;

describe('the document limits hold on both transports', () => {
  let t: TestServer;
  beforeAll(async () => {
    // Messages up to 8 MiB reach the GraphQL layer here, so its own refusals are what is tested.
    t = await startTestServer({ BOTARMY_MAX_MESSAGE_BYTES: String(8 * MiB) });
  });
  afterAll(() => t.close());

  const withinLength = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}:projects{totalCount}`).join(' ')} }`;
  const attacks: [string, string, string, RegExp][] = [
    ['2,000 aliases within the length limit (over the token limit)', withinLength(2_000), 'GRAPHQL_PARSE_FAILED', /more that 5000 tokens/],
    [`${GRAPHQL_LIMITS.maxAliases + 1} aliases`, withinLength(GRAPHQL_LIMITS.maxAliases + 1), 'GRAPHQL_VALIDATION_FAILED', /Aliases limit of 30/],
    [
      `${GRAPHQL_LIMITS.maxDirectives + 1} directives`,
      `{ ${Array.from({ length: GRAPHQL_LIMITS.maxDirectives + 1 }, (_, i) => `t${i}: __typename @skip(if: false)`).join(' ')} }`,
      'GRAPHQL_VALIDATION_FAILED',
      /Directives limit/,
    ],
    ['a document longer than the limit', `{ __typename } # ${'x'.repeat(GRAPHQL_LIMITS.maxDocumentChars)}`, 'BAD_REQUEST', /characters long/],
  ];

  it.each(attacks)('over HTTP, %s is refused with a 4xx error and nothing runs', async (_name, query, code, message) => {
    const res = await gqlResponse(t.url, query);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors![0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code } });
  });

  it.each(attacks)('over graphql-ws, %s is refused with an error and nothing runs', async (_name, query, code, message) => {
    const outcome = await overWs(t.wsUrl, query);
    expect(outcome.data).toBeUndefined();
    expect(outcome.errors![0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code } });
  });

  it('the 20,000-alias bomb over graphql-ws is refused with an error, never executed, and the server keeps answering', async () => {
    const bomb = aliasBomb(20_000);
    const rssBefore = process.memoryUsage().rss;
    const outcome = await overWs(t.wsUrl, bomb);
    expect(outcome.data).toBeUndefined();
    expect(outcome.errors![0].extensions!.code).toBe('BAD_REQUEST');
    expect(await health(t.url)).toBe(200);
    const grownMiB = (process.memoryUsage().rss - rssBefore) / MiB;
    // A sanity bound, far above what a refusal costs and far below what executing it would take.
    recordReliability('transport limits', '20,000-alias subscribe over graphql-ws', {
      documentMiB: Number((bomb.length / MiB).toFixed(1)),
      rssGrowthMiB: Number(grownMiB.toFixed(1)),
      refusedWith: String(outcome.errors![0].extensions!.code),
      healthAfter: 200,
    });
    expect(grownMiB).toBeLessThan(300);
  });

  it('the same bomb over HTTP is refused as too large, and the server keeps answering', async () => {
    const res = await gqlResponse(t.url, aliasBomb(20_000));
    expect(res.status).toBe(413);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors![0].extensions!.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await health(t.url)).toBe(200);
  });

  it('a bomb that fits every byte limit is still refused by the alias rule, over both transports', async () => {
    const query = aliasBomb(200).replace(/ nodes \{ id name requirements \}/g, '');
    expect(query.length).toBeLessThan(GRAPHQL_LIMITS.maxDocumentChars);
    const http = await gqlResponse(t.url, query);
    expect(http.body.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const ws = await overWs(t.wsUrl, query);
    expect(ws.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('per-connection and per-client limits', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('a WebSocket message larger than BOTARMY_MAX_MESSAGE_BYTES closes that socket (1009) and the server keeps answering', async () => {
    const bomb = aliasBomb(20_000);
    expect(Buffer.byteLength(bomb)).toBeGreaterThan(256 * 1024);
    const outcome = await overWs(t.wsUrl, bomb);
    expect(outcome.closed?.code).toBe(1009);
    expect(await health(t.url)).toBe(200);
    const after = await overWs(t.wsUrl, '{ projects { totalCount } }');
    expect(after.data).toEqual({ projects: { totalCount: 0 } });
  });

  it('the 101st subscription on one connection gets an error; the other 100 keep working', async () => {
    const client = wsClient(t.wsUrl);
    try {
      const received: number[] = [];
      const stops: (() => void)[] = [];
      for (let i = 0; i < 100; i++) {
        stops.push(
          client.subscribe(
            { query: 'subscription { projectsChanged { id } }' },
            { next: () => received.push(i), error: (e) => { throw new Error(`subscription ${i} failed: ${JSON.stringify(e)}`); }, complete: () => {} },
          ),
        );
      }
      const refused = await new Promise<any>((resolve) => {
        client.subscribe({ query: 'subscription { projectsChanged { id } }' }, { next: () => {}, error: resolve, complete: () => resolve(null) });
      });
      expect(refused).toEqual([expect.objectContaining({ extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } })]);

      // The 100 are live: one new project reaches every one of them.
      const created = await gqlResponse(t.url, 'mutation { createProject(input: { name: "Seen", requirements: "Seen by all" }) { id } }');
      expect(created.body.errors).toBeUndefined();
      await waitUntil(() => new Set(received).size === 100);
      stops.forEach((stop) => stop());
    } finally {
      await client.dispose();
    }
  });

  it('malformed WebSocket messages close the socket with 4400, not an internal error', async () => {
    const socket = new WebSocket(t.wsUrl, 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send('{ not json');
    expect(await closed).toBe(4400);
  });
});

describe('the mutation budget per client, shared by both transports', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ BOTARMY_MUTATIONS_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  const CREATE = 'mutation { createProject(input: { name: "Burst", requirements: "One more of many" }) { id } }';

  it('after the budget, mutations over HTTP and WS get RATE_LIMITED (429 over HTTP), nothing is appended, and queries still run', async () => {
    expect((await gqlResponse(t.url, CREATE)).status).toBe(200);
    expect((await overWs(t.wsUrl, CREATE)).errors).toBeUndefined();
    expect((await gqlResponse(t.url, CREATE)).status).toBe(200);
    const before = await t.app.store.lastPosition();

    const http = await gqlResponse(t.url, CREATE);
    expect(http.status).toBe(429);
    expect(http.body.errors![0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    const ws = await overWs(t.wsUrl, CREATE);
    expect(ws.errors![0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(await t.app.store.lastPosition()).toBe(before);

    const read = await gqlResponse(t.url, '{ projects { totalCount } }');
    expect(read.body.data).toEqual({ projects: { totalCount: 3 } });
  });
});

describe('abusive or malformed HTTP requests get a JSON 4xx, never a 500, a stack or a path', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const json = { 'content-type': 'application/json', accept: 'application/json' };
  const cases: [string, number, string, RequestInit][] = [
    ['malformed JSON', 400, '/graphql', { method: 'POST', headers: json, body: '{"query": ' }],
    ['a body over the limit', 413, '/graphql', { method: 'POST', headers: json, body: JSON.stringify({ query: '{ __typename }', padding: 'x'.repeat(2 * MiB) }) }],
    ['a form content type', 400, '/graphql', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7B__typename%7D' }],
    ['an XML content type', 400, '/graphql', { method: 'POST', headers: { 'content-type': 'application/xml', 'apollo-require-preflight': '1' }, body: '<query/>' }],
    ['a GET with a broken query', 400, '/graphql?query=%7B', { headers: { accept: 'application/json', 'apollo-require-preflight': '1' } }],
    ['variables of the wrong type', 400, '/graphql', { method: 'POST', headers: json, body: JSON.stringify({ query: 'query($id: ID!) { project(id: $id) { id } }', variables: { id: { a: 1 } } }) }],
    ['variables as a string', 400, '/graphql', { method: 'POST', headers: json, body: JSON.stringify({ query: '{ __typename }', variables: 'nope' }) }],
    ['an unknown operation name', 400, '/graphql', { method: 'POST', headers: json, body: JSON.stringify({ query: 'query A { __typename }', operationName: 'B' }) }],
    ['a batch', 400, '/graphql', { method: 'POST', headers: json, body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]) }],
    ['a workspace.zip with an undecodable id', 400, '/projects/%ZZ/workspace.zip', {}],
    ['a workspace.zip with a malformed id', 400, '/projects/..%2F..%2Fetc/workspace.zip', {}],
    ['a workspace.zip of an unknown project', 404, '/projects/nope/workspace.zip', {}],
    ['an unknown path', 404, '/no/such/page', {}],
  ];

  it.each(cases)('%s → %i with a JSON error', async (_name, status, path, init) => {
    const res = await fetch(`${t.url}${path}`, init);
    const body = await res.text();
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(body).errors[0].extensions.code).toEqual(expect.any(String));
    expect(body).not.toMatch(/\/work\/|node_modules|\bat \w+ \(|stacktrace/);
  });

  it('an unexpected failure inside a resolver is INTERNAL_SERVER_ERROR with a generic message, over both transports', async () => {
    const secret = 'SQLITE_CORRUPT: database disk image is malformed at /work/main/data/botarmy.sqlite';
    const spy = jest.spyOn(t.app.services.queries, 'project').mockRejectedValue(new Error(secret));
    try {
      const query = '{ project(id: "anything") { id } }';
      const http = await gqlResponse(t.url, query);
      expect(JSON.stringify(http.body)).not.toMatch(/SQLITE|\/work\//);
      expect(http.body.errors![0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      const ws = await overWs(t.wsUrl, query);
      expect(JSON.stringify(ws)).not.toMatch(/SQLITE|\/work\//);
      expect(ws.errors![0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });

      const zip = await fetch(`${t.url}/projects/anything/workspace.zip`);
      const body = await zip.text();
      expect(zip.status).toBe(500);
      expect(JSON.parse(body).errors[0]).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(body).not.toMatch(/SQLITE|\/work\//);
    } finally {
      spy.mockRestore();
    }
  });

  it('field suggestions are hidden over both transports', async () => {
    const query = '{ projectz { totalCount } }';
    const http = await gqlResponse(t.url, query);
    expect(http.body.errors![0].message).not.toMatch(/Did you mean/);
    const ws = await overWs(t.wsUrl, query);
    expect(ws.errors![0].message).not.toMatch(/Did you mean/);
  });
});

/** Waits for a condition that the server's own events will make true (the test's timeout bounds it). */
async function waitUntil(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
}
