import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type RequestHandler } from 'express';
import type { GraphQLContext } from '../graphql/context';
import { createFormatError } from '../graphql/format-error';
import { mutationLimitPlugin } from '../graphql/mutation-limit';
import { buildGraphQLSchema } from '../graphql/schema';
import { APOLLO_VALIDATION, documentTooLong } from '../graphql/validation';
import { Access } from './access';
import type { App } from './app';
import { assertSafeToServe, ConfigError } from './config';
import { weakSandboxRefusal } from '../sandbox/weak-sandbox-refusal';
import { startGraphqlWsServer } from './graphql-ws-server';
import { errorBody, jsonErrorHandler, notFoundHandler } from './json-errors';
import { CLIENT_DIST } from './package-info';
import { clientKey, RateLimiter } from './rate-limit';
import { workspaceZipHandler } from './workspace-zip';

export interface RunningServer {
  url: string;
  port: number;
  httpServer: Server;
  close(): Promise<void>;
}

const GRAPHQL_PATH = '/graphql';

/** A request body holds one document (at most GRAPHQL_LIMITS.maxDocumentChars) and its variables. */
const MAX_BODY = '1mb';

/**
 * Serves the API over HTTP, subscriptions over graphql-ws, the playground and the dashboard, all on one port.
 * Both GraphQL doors share the token check (Access), the document limits (graphql/validation), the mutation
 * budget (RateLimiter) and the error formatter; the static dashboard, the playground page and /health stay open.
 */
export async function startHttpServer(app: App, options: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const host = options.host ?? app.config.host;
  // Before anything is built or bound: a server reachable from elsewhere without a token must not start at all.
  assertSafeToServe(app.config, host);
  const weak = weakSandboxRefusal(app.sandbox.status, host, app.config.sandbox.allowWeakSandboxOffLoopback);
  if (weak) throw new ConfigError(weak);
  const { access: limits } = app.config;
  const schema = await buildGraphQLSchema();
  const access = new Access(limits.apiToken);
  const limiter = new RateLimiter(limits.mutationsPerMinute);
  const formatError = createFormatError(app.logger);
  const context = (client: string): GraphQLContext => ({ services: app.services, actor: 'user', client });
  const expressApp = express();
  expressApp.disable('x-powered-by');
  const httpServer = createServer(expressApp);

  const ws = startGraphqlWsServer({
    httpServer,
    path: GRAPHQL_PATH,
    schema,
    access,
    allowedOrigins: limits.allowedOrigins,
    maxSubscriptionsPerConnection: limits.maxSubscriptionsPerConnection,
    maxMessageBytes: limits.maxMessageBytes,
    limiter,
    formatError,
    context,
    logger: app.logger,
  });

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    introspection: true,
    formatError,
    ...APOLLO_VALIDATION,
    plugins: [
      mutationLimitPlugin(limiter),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      {
        async serverWillStart() {
          return { async drainServer() { await ws.dispose(); } };
        },
      },
    ],
  });
  await apollo.start();

  // Open for probes; how far the log has grown is told only to a caller that may read it.
  expressApp.get('/health', async (req, res) => {
    const { kind, contained } = app.sandbox.status;
    const health = { status: 'ok', version: app.services.version, sandbox: { kind, contained } };
    res.json(access.allows(req.headers.authorization) ? { ...health, lastGlobalPosition: await app.store.lastPosition() } : health);
  });

  expressApp.get('/projects/:id/workspace.zip', access.requireToken(), workspaceZipHandler(app.services));

  const playground = join(CLIENT_DIST, 'playground.html');
  // A browser opening /graphql gets the playground from our own bundle (it holds no data); API clients get GraphQL.
  expressApp.get(GRAPHQL_PATH, (req, res, next) => {
    if (req.accepts(['application/json', 'text/html']) === 'text/html' && !req.query.query) {
      if (existsSync(playground)) res.sendFile(playground);
      else res.status(503).type('text').send('The playground is not built: run `npm run build`.');
      return;
    }
    next();
  });
  expressApp.use(
    GRAPHQL_PATH,
    // The token is checked before the body is even read.
    access.requireToken(),
    express.json({ limit: MAX_BODY }),
    refuseLongDocuments(),
    expressMiddleware(apollo, { context: async ({ req }) => context(clientKey(req)) }),
  );
  expressApp.use(express.static(CLIENT_DIST, { index: 'index.html' }));
  expressApp.use(notFoundHandler());
  expressApp.use(jsonErrorHandler(app.logger));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? app.config.port, host, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shownHost}:${address.port}`;
  app.logger.info({ url, graphql: `${url}${GRAPHQL_PATH}`, tokenRequired: access.tokenRequired }, 'server listening');
  return {
    url,
    port: address.port,
    httpServer,
    close: async () => {
      await apollo.stop();
    },
  };
}

/**
 * The document-length limit for HTTP, applied before Apollo parses anything (Apollo has no hook where a refusal
 * is answered as a client error before parsing); graphql-ws applies the same check in parseAndValidate.
 */
function refuseLongDocuments(): RequestHandler {
  return (req, res, next) => {
    const query = req.method === 'GET' ? req.query.query : (req.body as { query?: unknown } | undefined)?.query;
    const tooLong = documentTooLong(query);
    if (!tooLong) return next();
    res.status(413).json(errorBody(tooLong.message, String(tooLong.extensions.code)));
  };
}
