import { requestedProof } from '../domain/project';
import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Args, Ctx, Extensions, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { StoredEvent } from '../events/envelope';
import { subscribeToLiveStream, subscribeToTypes } from '../events/stream-subscription';
import { CHANGES_ONLY } from './changes-only';
import type { GraphQLContext } from './context';
import { ConnectionType, toConnection } from './types/connection';
import { CreateProjectInput, PageArgs, RequestChangeInput } from './types/inputs';
import { AgentNameEnum } from './types/agent-type';
import { Project, ProjectStatusEnum } from './types/project-type';
import { NO_MODEL, badInput, notFound, parseCursor } from './user-errors';

const ProjectConnection = ConnectionType('Project', Project);

/** What moves a project in a list: it appears, changes status, or an agent finishes its part. */
const LIST_CHANGES = new Set([
  'ProjectCreated',
  'ActionRequested',
  'ActionResolved',
  'AgentOutputAccepted',
  'StepRetryRequested',
  'ProjectCompleted',
  'ProjectCancelled',
  'ProjectFailed',
]);

@Resolver(() => Project)
export class ProjectResolver {
  @FieldResolver(() => GraphQLJSON, { nullable: true, description: 'Accepted agent outputs keyed by agent name.' })
  async spec(@Root() project: Project, @Ctx() { services }: GraphQLContext): Promise<unknown> {
    return project.spec !== undefined ? project.spec : services.queries.projectSpec(project.id);
  }

  @FieldResolver(() => [AgentNameEnum], { description: 'The agents this project runs, in order: the team as it was when the project was created.' })
  async pipeline(@Root() project: Project, @Ctx() { services }: GraphQLContext): Promise<AgentNameEnum[]> {
    return (await services.queries.agents(project.id)).map((row) => row.agent as AgentNameEnum);
  }

  @FieldResolver(() => String, { description: "Who answers the project's agents: its model and provider, or the offline rule engine." })
  answeredBy(@Root() project: Project, @Ctx() { services }: GraphQLContext): string {
    const { llm } = services;
    return llm.offline ? 'the offline rule engine (no model)' : `${project.model ?? llm.model} (${llm.provider})`;
  }

  @Query(() => Project, { description: 'One project; NOT_FOUND when the id is unknown.' })
  async project(@Arg('id', () => ID) id: string, @Ctx() { services }: GraphQLContext): Promise<Project> {
    const row = await services.queries.project(id);
    if (!row) throw notFound('project', id);
    return Project.from(row);
  }

  @Query(() => ProjectConnection, { description: 'Projects, newest first, with cursor pagination.' })
  async projects(
    @Arg('status', () => ProjectStatusEnum, { nullable: true }) status: ProjectStatusEnum | null,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() { services }: GraphQLContext,
  ) {
    const page = await services.queries.projects({ status: status ?? undefined, first, after: parseCursor(after) });
    return toConnection(page, Project.from);
  }

  @Mutation(() => Project, { description: 'Starts a project: appends ProjectCreated and returns the new project.' })
  async createProject(
    @Arg('input', () => CreateProjectInput) input: CreateProjectInput,
    @Ctx() { services, actor }: GraphQLContext,
  ): Promise<Project> {
    // A model named on a server without one would be silently answered by the rule engine instead.
    if (input.model && services.llm.offline) throw badInput('model', NO_MODEL);
    const id = services.commands.newId();
    await services.commands.execute(
      id,
      {
        type: 'CreateProject',
        projectId: id,
        name: input.name,
        requirements: input.requirements,
        settings: {
          ...(input.confidenceThreshold != null ? { confidenceThreshold: input.confidenceThreshold } : {}),
          ...(input.maxAttempts != null ? { maxAttempts: input.maxAttempts } : {}),
          ...(input.tokenBudget != null ? { tokenBudget: input.tokenBudget } : {}),
          ...(input.model ? { model: input.model.trim() } : {}),
          ...((input.budgetUsd ?? services.defaultBudgetUsd) !== null ? { budgetUsd: input.budgetUsd ?? services.defaultBudgetUsd } : {}),
          ...(input.breakpoints?.length ? { breakpoints: input.breakpoints } : {}),
          proof: requestedProof(services.proofDefaults, {
            ...(input.proofRounds != null ? { maxRounds: input.proofRounds } : {}),
            ...(input.mutationBudgetMs != null ? { mutationBudgetMs: input.mutationBudgetMs } : {}),
          }),
        },
      },
      { actor, correlationId: id },
    );
    const row = await services.queries.project(id);
    if (!row) throw new Error(`project ${id} was appended but its read model is missing`);
    return Project.from(row);
  }

  @Mutation(() => Project, {
    description:
      'Asks for more of a project that ended (completed, failed or cancelled): appends ChangeRequested and starts the next round, ' +
      'in which every agent amends its earlier work and the whole suite, old tests included, must pass again. CONFLICT while it runs.',
  })
  async requestChange(@Arg('input', () => RequestChangeInput) input: RequestChangeInput, @Ctx() { services, actor }: GraphQLContext): Promise<Project> {
    await services.commands.execute(input.projectId, { type: 'RequestChange', text: input.text }, { actor, correlationId: input.projectId });
    return Project.from((await services.queries.project(input.projectId))!);
  }

  @Subscription(() => Project, {
    description:
      'The project as it is now, then the project read model after each change to it: ' +
      'a push only when what you selected differs from the push before it.',
    subscribe: async ({ args, context }) => {
      const { services } = context as GraphQLContext;
      if (!(await services.queries.project(args.projectId))) throw notFound('project', args.projectId, 'projectId');
      const changes = subscribeToLiveStream(services.bus, args.projectId);
      changes.push({ streamId: args.projectId });
      return changes;
    },
  })
  @Extensions(CHANGES_ONLY)
  async projectChanged(
    @Root() event: Pick<StoredEvent, 'streamId'>,
    @Arg('projectId', () => ID) _projectId: string,
    @Ctx() { services }: GraphQLContext,
  ): Promise<Project> {
    const row = await services.queries.project(event.streamId);
    if (!row) throw notFound('project', event.streamId, 'projectId');
    return Project.from(row);
  }

  @Subscription(() => Project, {
    description: 'Any project, each time it is created or its status or agent progress changes: for live project lists.',
    subscribe: ({ context }) => subscribeToTypes((context as GraphQLContext).services.bus, LIST_CHANGES),
  })
  async projectsChanged(@Root() event: Pick<StoredEvent, 'streamId'>, @Ctx() { services }: GraphQLContext): Promise<Project> {
    const row = await services.queries.project(event.streamId);
    if (!row) throw notFound('project', event.streamId, 'projectId');
    return Project.from(row);
  }
}
