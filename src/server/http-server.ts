import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import express from 'express';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { GraphQLContext } from '../graphql/context';
import { formatError } from '../graphql/format-error';
import { buildGraphQLSchema } from '../graphql/schema';
import type { App } from './app';
import { CLIENT_DIST } from './package-info';
import { workspaceZipHandler } from './workspace-zip';

export interface RunningServer {
  url: string;
  port: number;
  httpServer: Server;
  close(): Promise<void>;
}

const GRAPHQL_PATH = '/graphql';

/** Serves the API over HTTP, subscriptions over graphql-ws, the playground and the dashboard, all on one port. */
export async function startHttpServer(app: App, options: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const schema = await buildGraphQLSchema();
  const expressApp = express();
  const httpServer = createServer(expressApp);
  const context = (actor: string): GraphQLContext => ({ services: app.services, actor });

  const wsServer = new WebSocketServer({ server: httpServer, path: GRAPHQL_PATH });
  const wsCleanup = useServer(
    {
      schema,
      context: () => context('user'),
      onError: (_ctx, _id, _payload, errors) => {
        app.logger.warn({ errors: errors.map((e) => e.message) }, 'subscription error');
      },
    },
    wsServer,
  );

  const armor = new ApolloArmor({
    maxDepth: { n: 12 },
    costLimit: { maxCost: 20000 },
    maxAliases: { n: 30 },
    maxTokens: { n: 5000 },
  });
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    introspection: true,
    formatError,
    ...armor.protect(),
    plugins: [
      ...armor.protect().plugins,
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      {
        async serverWillStart() {
          return { async drainServer() { await wsCleanup.dispose(); } };
        },
      },
    ],
  });
  await apollo.start();

  expressApp.get('/health', async (_req, res) => {
    res.json({ status: 'ok', version: app.services.version, lastGlobalPosition: await app.store.lastPosition() });
  });

  expressApp.get('/projects/:id/workspace.zip', workspaceZipHandler(app.services));

  const playground = join(CLIENT_DIST, 'playground.html');
  // A browser opening /graphql gets the playground from our own bundle; API clients get GraphQL.
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
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, { context: async () => context('user') }),
  );
  expressApp.use(express.static(CLIENT_DIST, { index: 'index.html' }));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? app.config.port, options.host ?? app.config.host, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  app.logger.info({ url, graphql: `${url}${GRAPHQL_PATH}` }, 'server listening');
  return {
    url,
    port: address.port,
    httpServer,
    close: async () => {
      await apollo.stop();
      wsServer.close();
    },
  };
}
