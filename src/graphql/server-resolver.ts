import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from './context';

@ObjectType({ description: "Who answers the agents on this server: a model provider and its default model, or the offline rule engine." })
export class LlmInfo {
  @Field({ description: 'openai-compatible, or offline.' }) provider: string;
  @Field({ description: 'The default model; a project may name another (createProject model) unless offline.' }) model: string;
  @Field({ description: 'No model is configured: the built-in rule engine answers, and no model can be chosen.' }) offline: boolean;
}

@Resolver()
export class ServerResolver {
  @Query(() => LlmInfo, { description: 'Who answers the agents on this server, for a client choosing a model.' })
  llm(@Ctx() { services }: GraphQLContext): LlmInfo {
    return Object.assign(new LlmInfo(), services.llm);
  }
}
