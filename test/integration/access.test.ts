import { createServer, connect } from 'node:net';
import WebSocket from 'ws';
import { startHttpServer } from '../../src/server/http-server';
import { gqlResponse } from '../support/graphql-http';
import { wsClient } from '../support/graphql-ws-client';
import { startTestApp, startTestServer, type TestServer } from '../support/test-app';

/**
 * Who may operate BotArmy, over every door: written as the attacks (no token, a wrong token, a page on another
 * site opening a WebSocket, serving the whole network without a token) and what must hold.
 */
const TOKEN = 'test-token-0123456789abcdef';
const ALLOWED_ORIGIN = 'http://dashboard.example:8080';
const CREATE = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`;
const input = { input: { name: 'Intruder', requirements: 'Anything at all, as long as it appends.' } };

/** Runs one operation over graphql-ws and settles with its result, or with why the connection failed. */
function overWs(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<{ data?: any; errors?: any[]; closed?: { code: number; reason: string } }> {
  const client = wsClient(url, { token });
  return new Promise((resolve) => {
    let result: { data?: any; errors?: any[] } = {};
    client.subscribe(
      { query, variables },
      {
        next: (value) => (result = value as typeof result),
        error: (error: unknown) => {
          const e = error as { code?: number; reason?: string };
          resolve(typeof e.code === 'number' ? { closed: { code: e.code, reason: String(e.reason) } } : { errors: error as any[] });
        },
        complete: () => resolve(result),
      },
    );
  }).finally(() => client.dispose()) as Promise<{ data?: any; errors?: any[]; closed?: { code: number; reason: string } }>;
}

/** Opens a raw WebSocket with the given headers and reports what the upgrade was answered with. */
function upgrade(url: string, headers: Record<string, string>): Promise<{ opened: true } | { status: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { headers });
    socket.once('open', () => {
      socket.close();
      resolve({ opened: true });
    });
    socket.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      socket.terminate();
    });
    socket.once('error', (error) => reject(error));
  });
}

describe('with BOTARMY_API_TOKEN set, every operation needs the token', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ BOTARMY_API_TOKEN: TOKEN, BOTARMY_ALLOWED_ORIGINS: ALLOWED_ORIGIN });
  });
  afterAll(() => t.close());

  it.each([
    ['no token', undefined],
    ['a wrong token', 'wrong-token-0123456789abcdef'],
    ['the token with one character more', `${TOKEN}x`],
    ['the token with one character less', TOKEN.slice(0, -1)],
    ['an empty token', ''],
  ])('HTTP with %s: 401 UNAUTHENTICATED, and nothing is appended', async (_name, token) => {
    const before = await t.app.store.lastPosition();
    const created = await gqlResponse(t.url, CREATE, input, { token });
    expect(created.status).toBe(401);
    expect(created.body.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(created.body.data).toBeUndefined();

    const read = await gqlResponse(t.url, '{ projects { totalCount } }', {}, { token });
    expect(read.status).toBe(401);
    expect(read.body.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(await t.app.store.lastPosition()).toBe(before);
  });

  it('HTTP with the token: the same mutation creates the project', async () => {
    const created = await gqlResponse<{ createProject: { id: string } }>(t.url, CREATE, input, { token: TOKEN });
    expect(created.status).toBe(200);
    expect(await t.app.store.streamVersion(created.body.data!.createProject.id)).toBe(1);
  });

  it.each([
    ['no token', undefined],
    ['a wrong token', 'wrong-token-0123456789abcdef'],
  ])('graphql-ws with %s: the connection is closed with 4401 UNAUTHENTICATED, and nothing is appended', async (_name, token) => {
    const before = await t.app.store.lastPosition();
    const outcome = await overWs(t.wsUrl, CREATE, input, token);
    expect(outcome.closed).toEqual({ code: 4401, reason: expect.stringMatching(/UNAUTHENTICATED/) });
    expect(await t.app.store.lastPosition()).toBe(before);
  });

  it('graphql-ws with the token in connectionParams.authorization: the mutation runs', async () => {
    const outcome = await overWs(t.wsUrl, CREATE, input, TOKEN);
    expect(outcome.errors).toBeUndefined();
    expect(await t.app.store.streamVersion(outcome.data.createProject.id)).toBe(1);
  });

  it('the workspace zip needs the token too', async () => {
    const created = await gqlResponse<{ createProject: { id: string } }>(t.url, CREATE, input, { token: TOKEN });
    const zipUrl = `${t.url}/projects/${created.body.data!.createProject.id}/workspace.zip`;
    const refused = await fetch(zipUrl);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const wrong = await fetch(zipUrl, { headers: { authorization: 'Bearer wrong-token-0123456789abcdef' } });
    expect(wrong.status).toBe(401);
    const allowed = await fetch(zipUrl, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('content-type')).toBe('application/zip');
  });

  it('/health stays open but tells a caller without the token nothing about the projects', async () => {
    const open = await fetch(`${t.url}/health`);
    expect(open.status).toBe(200);
    const sandbox = { kind: t.app.sandbox.status.kind, contained: t.app.sandbox.status.contained };
    expect(await open.json()).toEqual({ status: 'ok', version: expect.any(String), sandbox });
    const trusted = await fetch(`${t.url}/health`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await trusted.json()).toEqual({ status: 'ok', version: expect.any(String), sandbox, lastGlobalPosition: await t.app.store.lastPosition() });
  });

  it('the dashboard and the playground pages stay open: they hold no data', async () => {
    for (const path of ['/', '/graphql']) {
      const res = await fetch(`${t.url}${path}`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
    }
  });

  it('a WebSocket from a page on another origin is refused at the upgrade with 403', async () => {
    for (const origin of ['https://evil.example', 'http://127.0.0.1.evil.example', 'null', 'http://dashboard.example:8081']) {
      expect(await upgrade(t.wsUrl, { origin, authorization: `Bearer ${TOKEN}` })).toEqual({ status: 403 });
    }
  });

  it('a WebSocket from the server’s own origin, from an allowed origin, or without Origin gets through', async () => {
    const own = new URL(t.url).origin;
    expect(await upgrade(t.wsUrl, { origin: own })).toEqual({ opened: true });
    expect(await upgrade(t.wsUrl, { origin: ALLOWED_ORIGIN })).toEqual({ opened: true });
    expect(await upgrade(t.wsUrl, {})).toEqual({ opened: true });
  });
});

describe('serving beyond this machine', () => {
  /** A port that was free a moment ago. */
  async function freePort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  function connects(port: number): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  }

  it('HOST=0.0.0.0 without a token refuses to start, with a clear error, and nothing listens', async () => {
    const t = await startTestApp({ HOST: '0.0.0.0' });
    try {
      const port = await freePort();
      await expect(startHttpServer(t.app, { port })).rejects.toThrow(/BOTARMY_API_TOKEN/);
      expect(await connects(port)).toBe(false);
    } finally {
      await t.close();
    }
  });

  it('HOST=0.0.0.0 with a token starts, and asks for the token', async () => {
    const t = await startTestApp({ HOST: '0.0.0.0', BOTARMY_API_TOKEN: TOKEN });
    const server = await startHttpServer(t.app, { port: 0 });
    try {
      const url = `http://127.0.0.1:${server.port}`;
      expect((await gqlResponse(url, '{ projects { totalCount } }')).status).toBe(401);
      expect((await gqlResponse(url, '{ projects { totalCount } }', {}, { token: TOKEN })).status).toBe(200);
    } finally {
      await server.close();
      await t.close();
    }
  });
});

describe('without a token, on loopback', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('still refuses a foreign origin’s WebSocket: a page on another site must not drive the API', async () => {
    expect(await upgrade(t.wsUrl, { origin: 'https://evil.example' })).toEqual({ status: 403 });
    expect(await upgrade(t.wsUrl, { origin: new URL(t.url).origin })).toEqual({ opened: true });
  });
});
