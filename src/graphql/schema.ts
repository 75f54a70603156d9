import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { ActionResolver } from './action-resolver';
import { AgentResolver } from './agent-resolver';
import { ArtifactResolver } from './artifact-resolver';
import { ArtifactVersionResolver } from './artifact-version-resolver';
import { CompareResolver } from './compare-resolver';
import { CoverageResolver } from './coverage-resolver';
import { HistoryResolver } from './history-resolver';
import { EventResolver } from './event-resolver';
import { MessageResolver } from './message-resolver';
import { ProjectResolver } from './project-resolver';
import { RoundResolver } from './round-resolver';
import { ServerResolver } from './server-resolver';
import { SteeringResolver } from './steering-resolver';

/**
 * type-graphql insists on a PubSub once any subscription exists, but ours supply their own iterators
 * (catch-up from the log, then the bus), so topic-based subscriptions are refused rather than silently empty.
 */
const topicsUnsupported = {
  publish(): never {
    throw new Error('publish through the event store: subscriptions read the event bus');
  },
  subscribe(): never {
    throw new Error('topic subscriptions are not supported: give the subscription a subscribe function');
  },
};

export const RESOLVERS = [ProjectResolver, MessageResolver, ActionResolver, AgentResolver, ArtifactResolver, ArtifactVersionResolver, HistoryResolver, EventResolver, CoverageResolver, CompareResolver, RoundResolver, SteeringResolver, ServerResolver] as const;

let built: Promise<GraphQLSchema> | null = null;

/**
 * Built once per process: type-graphql keeps its metadata globally, and a second build in the same process
 * leaves the first schema's argument resolvers broken. The schema holds no state, so every server shares it.
 */
export function buildGraphQLSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: RESOLVERS,
    validate: { forbidUnknownValues: false },
    pubSub: topicsUnsupported,
  });
  return built;
}
