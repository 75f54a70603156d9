import { ArrayMaxSize, IsEnum, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { AgentNameEnum } from './types/agent-type';
import { AGENT_NAMES } from '../domain/agents/pipeline';
import { Arg, Ctx, Field, Float, ID, InputType, Int, Mutation, Query, Resolver } from 'type-graphql';
import { forkProject } from '../app/fork-project';
import { projectAt } from '../history/project-at';
import type { GraphQLContext } from './context';
import { Project } from './types/project-type';
import { ReplayResultType } from './types/replay-type';
import { ProjectSnapshotType } from './types/snapshot-type';
import { NO_MODEL, badInput, notFound } from './user-errors';

@InputType({ description: "An agent's system prompt, replaced in a fork." })
export class AgentPromptInput {
  @Field(() => AgentNameEnum)
  @IsEnum(AgentNameEnum)
  agent: AgentNameEnum;

  @Field(() => String)
  @IsString()
  @Matches(/\S/, { message: 'a system prompt must not be empty' })
  @MaxLength(20000, { message: 'a system prompt must be at most 20000 characters' })
  prompt: string;
}

@InputType({ description: 'What a fork changes, from the fork point on; everything left out is kept.' })
export class ForkOverridesInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'name must not be empty' })
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'requirements must not be empty' })
  @MaxLength(20000, { message: 'requirements must be at most 20000 characters' })
  requirements?: string | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber()
  @Min(0, { message: 'confidenceThreshold must be between 0 and 1' })
  @Max(1, { message: 'confidenceThreshold must be between 0 and 1' })
  confidenceThreshold?: number | null;

  @Field(() => String, { nullable: true, description: 'A model name for the OpenAI-compatible provider.' })
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'model must be at most 200 characters' })
  model?: string | null;

  @Field(() => [AgentPromptInput], {
    nullable: true,
    description: 'System prompts to use instead of the agents\' own. The first agent whose prompt (or whose requirements) changed works again, and every agent after it.',
  })
  @IsOptional()
  @ValidateNested({ each: true })
  @ArrayMaxSize(4)
  systemPrompts?: AgentPromptInput[] | null;

  @Field(() => [AgentNameEnum], { nullable: true, description: 'Agents the fork pauses before, so its inherited work can be edited (editOutput) before the team goes on.' })
  @IsOptional()
  @IsEnum(AgentNameEnum, { each: true, message: 'breakpoints must be agent names' })
  breakpoints?: AgentNameEnum[] | null;
}

@Resolver()
export class HistoryResolver {
  @Query(() => ProjectSnapshotType, { description: 'The project, messages, actions, agents, artifacts and test runs as they were right after `version`.' })
  async projectAt(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('version', () => Int) version: number,
    @Ctx() { services }: GraphQLContext,
  ): Promise<ProjectSnapshotType> {
    if (version < 1) throw badInput('version', 'version must be 1 or more');
    const events = await services.store.readStream(projectId, { to: version });
    const snapshot = projectAt(events, version);
    if (!snapshot) throw notFound('project', projectId, 'projectId');
    const head = events[events.length - 1].streamVersion;
    // A version past the end is a mistake, not "now": answering with the final state would hide it.
    if (head < version) throw badInput('version', `the project has ${head} events; version must be from 1 to ${head}`);
    return ProjectSnapshotType.from(snapshot);
  }

  @Query(() => ReplayResultType, {
    description: "Runs today's workflow and agents again over the project's recording (no network call) and reports the first divergence, with its likely cause.",
  })
  async replay(@Arg('projectId', () => ID) projectId: string, @Ctx() { services }: GraphQLContext): Promise<ReplayResultType> {
    const recorded = await services.store.readStream(projectId);
    if (recorded.length === 0) throw notFound('project', projectId, 'projectId');
    return ReplayResultType.from(await services.replay(recorded));
  }

  @Mutation(() => Project, { description: "Starts a new project from the original's history up to atVersion, with optional changes." })
  async forkProject(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('atVersion', () => Int) atVersion: number,
    @Arg('overrides', () => ForkOverridesInput, { nullable: true }) overrides: ForkOverridesInput | null,
    @Ctx() { services }: GraphQLContext,
  ): Promise<Project> {
    if (overrides?.model && services.llm.offline) throw badInput('overrides.model', NO_MODEL);
    const forkId = await forkProject(services.store, services.commands.newId, projectId, atVersion, {
      ...(overrides?.name ? { name: overrides.name } : {}),
      ...(overrides?.requirements ? { requirements: overrides.requirements } : {}),
      ...(overrides?.confidenceThreshold != null ? { confidenceThreshold: overrides.confidenceThreshold } : {}),
      ...(overrides?.model ? { model: overrides.model } : {}),
      ...(overrides?.breakpoints?.length ? { breakpoints: AGENT_NAMES.filter((a) => overrides.breakpoints!.includes(a as AgentNameEnum)) } : {}),
      ...(overrides?.systemPrompts?.length ? { systemPrompts: Object.fromEntries(overrides.systemPrompts.map((p) => [p.agent, p.prompt])) } : {}),
    });
    return Project.from((await services.queries.project(forkId))!);
  }
}
