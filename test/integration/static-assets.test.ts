import { existsSync } from 'node:fs';
import { CLIENT_DIST } from '../../src/server/package-info';
import { startTestServer, type TestServer } from '../support/test-app';

/** The built playground and dashboard are served from our own bundle: nothing comes from a CDN. */
describe('playground and dashboard assets', () => {
  let t: TestServer;
  beforeAll(async () => {
    if (!existsSync(CLIENT_DIST)) throw new Error('run `npm run build` first (npm test does)');
    t = await startTestServer();
  });
  afterAll(() => t.close());

  async function page(path: string, accept = 'text/html'): Promise<{ status: number; type: string; body: string }> {
    const res = await fetch(`${t.url}${path}`, { headers: { accept } });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
  }

  /** Scripts, stylesheets and icons the page loads (links to other pages, such as the playground, are not assets). */
  function localAssets(html: string): string[] {
    return [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((url) => url !== '/graphql');
  }

  it.each([['/graphql', 'GraphiQL playground'], ['/', 'dashboard']])('GET %s in a browser serves the %s with only local assets', async (path) => {
    const { status, type, body } = await page(path);
    expect(status).toBe(200);
    expect(type).toContain('text/html');
    const assets = localAssets(body);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      expect(asset).toMatch(/^\//);
      const res = await fetch(`${t.url}${asset}`);
      expect(res.status).toBe(200);
      const text = await res.text();
      // No script or stylesheet pulls code from another host at run time.
      expect(text).not.toMatch(/<script[^>]+src="https?:\/\//);
      expect(text).not.toMatch(/@import\s+url\(["']?https?:/);
    }
  });

  it('GET /graphql from an API client still speaks GraphQL', async () => {
    const res = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
