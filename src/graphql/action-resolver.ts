import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from './context';
import { Action, ActionStatusEnum } from './types/action-type';
import { RespondToActionInput } from './types/inputs';
import { notFound } from './user-errors';

@Resolver(() => Action)
export class ActionResolver {
  @Query(() => [Action], { description: "A project's actions, oldest first, optionally by status." })
  async actions(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('status', () => ActionStatusEnum, { nullable: true }) status: ActionStatusEnum | null,
    @Ctx() { services }: GraphQLContext,
  ): Promise<Action[]> {
    if (!(await services.queries.project(projectId))) throw notFound('project', projectId, 'projectId');
    return (await services.queries.actions(projectId, status ?? undefined)).map(Action.from);
  }

  @Mutation(() => Action, {
    description: 'Answers a pending action: appends ActionResolved. CONFLICT when it is already answered.',
  })
  async respondToAction(
    @Arg('input', () => RespondToActionInput) input: RespondToActionInput,
    @Ctx() { services, actor }: GraphQLContext,
  ): Promise<Action> {
    const action = await services.queries.action(input.actionId);
    if (!action) throw notFound('action', input.actionId, 'actionId');
    await services.commands.execute(
      action.projectId,
      {
        type: 'RespondToAction',
        actionId: input.actionId,
        optionId: input.optionId ?? null,
        response: input.response ?? null,
        ...(input.grantTokens != null ? { grantTokens: input.grantTokens } : {}),
        ...(input.grantUsd != null ? { grantUsd: input.grantUsd } : {}),
      },
      { actor, correlationId: input.actionId },
    );
    return Action.from((await services.queries.action(input.actionId)) ?? action);
  }
}
