import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema, getOperationAST } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { sharedSubscribe } from '../graphql/shared-subscribe';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { sendsChangesOnly, withoutRepeats } from '../graphql/changes-only';
import type { GraphQLContext } from '../graphql/context';
import { mutationRefusal } from '../graphql/mutation-limit';
import { parseAndValidate } from '../graphql/validation';
import { type Access, UNAUTHENTICATED_CLOSE } from './access';
import { originAllowed } from './origin-check';
import { clientKey, type RateLimiter } from './rate-limit';

export interface GraphqlWsOptions {
  httpServer: Server;
  path: string;
  schema: GraphQLSchema;
  access: Access;
  allowedOrigins: readonly string[];
  maxSubscriptionsPerConnection: number;
  maxMessageBytes: number;
  limiter: RateLimiter;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  context: (client: string) => GraphQLContext;
  logger: Logger;
}

/**
 * graphql-ws on the HTTP server's port, behind the same doors as HTTP: the origin check at the upgrade, the
 * token in `connectionParams.authorization` at `connection_init`, and for every operation the same parse and
 * validation rules, the same mutation budget and the same error formatting as Apollo applies. graphql-ws only
 * executes what `onSubscribe` hands it, so nothing unchecked runs.
 */
export function startGraphqlWsServer(options: GraphqlWsOptions): { dispose(): Promise<void> } {
  const { httpServer, path, schema, access, logger } = options;
  // `maxPayload`: ws closes the socket (1009) on a larger message before anything parses it.
  const wsServer = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });

  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== path) return refuseUpgrade(socket, 404, 'Not Found');
    if (!originAllowed(req, options.allowedOrigins)) {
      logger.warn({ origin: req.headers.origin, host: req.headers.host }, 'refused a WebSocket from a foreign origin');
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    wsServer.handleUpgrade(req, socket, head, (ws) => wsServer.emit('connection', ws, req));
  });

  const format = (error: GraphQLError): GraphQLFormattedError => {
    // Apollo drops the `http` hint before formatting; a socket has no status to set either.
    const { http: _http, ...extensions } = error.extensions;
    return options.formatError({ ...error.toJSON(), extensions }, error);
  };

  const server = useServer(
    {
      schema,
      // Close reasons never carry an exception's message.
      isProd: true,
      // Each pushed event is executed once per operation and variables, for every client that runs them.
      subscribe: sharedSubscribe(),
      onConnect: (ctx) => {
        if (access.allows(ctx.connectionParams?.authorization)) return true;
        logger.warn({ client: clientKey(ctx.extra.request) }, 'refused a WebSocket without a valid token');
        // Closed here with our own code and reason; graphql-ws's own 4403 close that follows is then a no-op.
        ctx.extra.socket.close(UNAUTHENTICATED_CLOSE.code, UNAUTHENTICATED_CLOSE.reason);
        return false;
      },
      onSubscribe: (ctx, _id, payload) => {
        // graphql-ws has already registered this operation, so it counts itself.
        if (Object.keys(ctx.subscriptions).length > options.maxSubscriptionsPerConnection) {
          return [
            new GraphQLError(`At most ${options.maxSubscriptionsPerConnection} operations may run at once on one connection.`, {
              extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' },
            }),
          ];
        }
        const checked = parseAndValidate(schema, payload.query);
        if ('errors' in checked) return checked.errors;
        const operation = getOperationAST(checked.document, payload.operationName);
        if (!operation) {
          const named = payload.operationName ? `Unknown operation named "${payload.operationName}".` : 'Name the operation to run.';
          return [new GraphQLError(named, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })];
        }
        const client = clientKey(ctx.extra.request);
        const refused = mutationRefusal(options.limiter, operation, client);
        if (refused) return [refused];
        return {
          schema,
          document: checked.document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: options.context(client),
        };
      },
      // A subscription that pushes state (projectChanged) sends a push only when it differs from the one before.
      onOperation: (_ctx, _id, _payload, args, result) =>
        typeof result === 'object' && Symbol.asyncIterator in result && sendsChangesOnly(args) ? withoutRepeats(result) : undefined,
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map(format) } : undefined),
      onError: (_ctx, _id, _payload, errors) => errors.map(format),
    },
    wsServer,
  );

  return {
    dispose: async () => {
      await server.dispose();
    },
  };
}

/** Answers an upgrade we will not take with a plain HTTP status, then hangs up. */
function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
