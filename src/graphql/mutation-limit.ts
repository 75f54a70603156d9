import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type OperationDefinitionNode } from 'graphql';
import type { RateLimiter } from '../server/rate-limit';
import type { GraphQLContext } from './context';

/**
 * Mutations append events, start agents and spend LLM tokens, so each client gets a budget of them per
 * minute; queries and subscriptions are bounded by the document limits instead. Null when the operation may run.
 */
export function mutationRefusal(limiter: RateLimiter, operation: OperationDefinitionNode | null | undefined, client: string): GraphQLError | null {
  if (operation?.operation !== 'mutation') return null;
  const decision = limiter.take(client);
  if (decision.allowed) return null;
  const seconds = Math.ceil(decision.retryAfterMs / 1000);
  return new GraphQLError(`Too many changes from this client; try again in ${seconds} s.`, {
    extensions: {
      code: 'RATE_LIMITED',
      retryAfterSeconds: seconds,
      http: { status: 429, headers: new Map([['retry-after', String(seconds)]]) },
    },
  });
}

/** The HTTP side: Apollo answers an error thrown here with its `http` status, before anything executes. */
export function mutationLimitPlugin(limiter: RateLimiter): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          const refusal = mutationRefusal(limiter, operation, contextValue.client);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
