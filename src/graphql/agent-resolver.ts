import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from './context';
import { usageBySteps } from '../history/step-usage';
import { AgentType, StepUsageType, Usage } from './types/agent-type';
import { RetryStepInput } from './types/inputs';
import { Project } from './types/project-type';
import { notFound } from './user-errors';

@Resolver()
export class AgentResolver {
  @Query(() => [AgentType], { description: "Each agent's status, current task, attempt and tokens, in pipeline order." })
  async agents(@Arg('projectId', () => ID) projectId: string, @Ctx() { services }: GraphQLContext): Promise<AgentType[]> {
    if (!(await services.queries.project(projectId))) throw notFound('project', projectId, 'projectId');
    return (await services.queries.agents(projectId)).map(AgentType.from);
  }

  @Query(() => Usage, { description: 'Tokens used and dollars spent, per agent and in total.' })
  async usage(@Arg('projectId', () => ID) projectId: string, @Ctx() { services }: GraphQLContext): Promise<Usage> {
    const project = await services.queries.project(projectId);
    if (!project) throw notFound('project', projectId, 'projectId');
    return Usage.from(await services.queries.agents(projectId), project.settings);
  }

  @Query(() => [StepUsageType], { description: "Tokens and dollars per agent step, from the calls in the project's log, in the order the steps ran." })
  async usageBySteps(@Arg('projectId', () => ID) projectId: string, @Ctx() { services }: GraphQLContext): Promise<StepUsageType[]> {
    const events = await services.store.readStream(projectId);
    if (events.length === 0) throw notFound('project', projectId, 'projectId');
    return usageBySteps(events).map(StepUsageType.from);
  }

  @Mutation(() => Project, { description: 'Cancels a project that is still running or waiting; CONFLICT when it already ended.' })
  async cancelProject(@Arg('id', () => ID) id: string, @Ctx() { services, actor }: GraphQLContext): Promise<Project> {
    await services.commands.execute(id, { type: 'CancelProject', reason: 'cancelled by a person' }, { actor, correlationId: id });
    return Project.from((await services.queries.project(id))!);
  }

  @Mutation(() => Project, {
    description: "Runs an agent's step again (and every step after it), with optional guidance in its prompt.",
  })
  async retryStep(@Arg('input', () => RetryStepInput) input: RetryStepInput, @Ctx() { services, actor }: GraphQLContext): Promise<Project> {
    await services.commands.execute(
      input.projectId,
      { type: 'RetryStep', agent: input.agent, guidance: input.guidance ?? null },
      { actor, correlationId: input.projectId },
    );
    return Project.from((await services.queries.project(input.projectId))!);
  }
}
