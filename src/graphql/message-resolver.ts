import { Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from './context';
import { ConnectionType, toConnection } from './types/connection';
import { PageArgs } from './types/inputs';
import { Message } from './types/message-type';
import { notFound, parseCursor } from './user-errors';

const MessageConnection = ConnectionType('Message', Message);

@Resolver(() => Message)
export class MessageResolver {
  @Query(() => MessageConnection, { description: "A project's conversation, oldest first." })
  async messages(
    @Arg('projectId', () => ID) projectId: string,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() { services }: GraphQLContext,
  ) {
    if (!(await services.queries.project(projectId))) throw notFound('project', projectId, 'projectId');
    const page = await services.queries.messages(projectId, { first, after: parseCursor(after) });
    return toConnection(page, Message.from);
  }
}
