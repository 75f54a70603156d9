import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { SteeringCommand } from '../domain/steering';
import { EditFileInput } from './types/inputs';
import type { GraphQLContext } from './context';
import { AgentNameEnum } from './types/agent-type';
import { Project } from './types/project-type';

/** A person steering a run: breakpoints, resuming from one, and editing an agent's accepted output. */
@Resolver()
export class SteeringResolver {
  @Mutation(() => Project, { description: 'Sets the agents the project pauses before (replacing the earlier choice); an empty list removes them.' })
  setBreakpoints(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('agents', () => [AgentNameEnum]) agents: AgentNameEnum[],
    @Ctx() context: GraphQLContext,
  ): Promise<Project> {
    return steer(context, projectId, { type: 'SetBreakpoints', agents });
  }

  @Mutation(() => Project, { description: 'Lets a paused project go on: the agent it stopped before starts. CONFLICT when it is not paused.' })
  resumeProject(@Arg('projectId', () => ID) projectId: string, @Ctx() context: GraphQLContext): Promise<Project> {
    return steer(context, projectId, { type: 'ResumeProject' });
  }

  @Mutation(() => Project, {
    description:
      "Replaces an agent's accepted output (stories, design, files, tests) with a person's edit, checked against the agent's output schema. " +
      'The agents after it work again from the edit. Only while the project is paused, waiting for a person, or finished.',
  })
  editOutput(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('agent', () => AgentNameEnum) agent: AgentNameEnum,
    @Arg('output', () => GraphQLJSON) output: unknown,
    @Ctx() context: GraphQLContext,
  ): Promise<Project> {
    return steer(context, projectId, { type: 'EditOutput', agent, output, limits: context.services.artifactLimits });
  }

  @Mutation(() => Project, {
    description:
      'Writes one file of the workspace by hand (ArtifactEditedByPerson): a new file, or a new version of one the team wrote. From then on it is yours: ' +
      "an agent's answer that would change it is shown to you as a diff to take or leave. Only while the project is paused, waiting for a person, or finished.",
  })
  editFile(@Arg('input', () => EditFileInput) input: EditFileInput, @Ctx() context: GraphQLContext): Promise<Project> {
    return steer(context, input.projectId, { type: 'EditFile', path: input.path, content: input.content, limits: context.services.artifactLimits });
  }
}

async function steer({ services, actor }: GraphQLContext, projectId: string, command: SteeringCommand): Promise<Project> {
  await services.commands.steer(projectId, command, { actor, correlationId: projectId });
  return Project.from((await services.queries.project(projectId))!);
}
