import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLISODateTime } from 'type-graphql';
import type { ProjectRow } from '../../projections/project-projection';
import { AgentNameEnum } from './agent-type';

export enum ProjectStatusEnum {
  ACTIVE = 'active',
  WAITING = 'waiting',
  PAUSED = 'paused',
  COMPLETED = 'completed',
  CANCELLED = 'cancelled',
  FAILED = 'failed',
}
registerEnumType(ProjectStatusEnum, {
  name: 'ProjectStatus',
  description: 'ACTIVE: agents are working; WAITING: a person must answer an action; PAUSED: stopped at a breakpoint until a person resumes; the rest are final.',
});

@ObjectType({ description: 'Where a fork came from: the project and the last of its versions the fork copied.' })
export class ForkOrigin {
  @Field(() => ID) projectId: string;
  @Field(() => Int) atVersion: number;
}

@ObjectType({ description: 'Something a person accepted short of done, by the agent it concerns.' })
export class ProjectWarning {
  @Field() agent: string;
  @Field() text: string;
}

@ObjectType({ description: 'A change a person asked for after the project ended: it started a round of its own.' })
export class ProjectChange {
  @Field(() => Int, { description: '2 for the first change: round 1 worked from the requirements.' }) round: number;
  @Field() text: string;
  @Field(() => GraphQLISODateTime) requestedAt: Date;
}

@ObjectType({ description: 'A project: the requirements a person typed and what the team has made of them so far.' })
export class Project {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() requirements: string;
  /** Accepted agent outputs keyed by agent; undefined for a list row, which reads them only when asked (ProjectResolver.spec). */
  spec: unknown;
  @Field(() => ProjectStatusEnum) status: ProjectStatusEnum;
  @Field(() => Int, { description: 'The version of the project stream: the number of events in it.' }) version: number;
  @Field(() => Float) confidenceThreshold: number;
  @Field(() => Int) maxAttempts: number;
  @Field(() => Int, { nullable: true }) tokenBudget: number | null;
  @Field(() => String, { nullable: true, description: "The model this project asked for; null: the server's default." }) model: string | null;
  @Field(() => Float, { nullable: true, description: 'Dollars it may spend on model calls before a person is asked; null: no limit.' }) budgetUsd: number | null;
  @Field(() => [ProjectWarning], { description: 'Set when it completed with something a person accepted short of done (failing tests, open criteria).' })
  warnings: ProjectWarning[];
  @Field(() => [AgentNameEnum], { description: 'The agents the project pauses before, for a person to read and edit the work so far.' })
  breakpoints: AgentNameEnum[];
  @Field(() => AgentNameEnum, { nullable: true, description: 'Set while PAUSED: the agent resuming starts.' })
  pausedBefore: AgentNameEnum | null;
  @Field(() => ForkOrigin, { nullable: true, description: 'Set when the project is a fork of another.' }) forkedFrom: ForkOrigin | null;
  @Field(() => Int, { description: 'The round the team is in or last finished: 1 from the requirements, one more for each change asked for.' })
  round: number;
  @Field(() => [ProjectChange], { description: 'The changes asked for after the project ended, oldest first.' }) changes: ProjectChange[];
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime) updatedAt: Date;

  static from(row: ProjectRow): Project {
    return Object.assign(new Project(), {
      id: row.id,
      name: row.name,
      requirements: row.requirements,
      spec: row.spec,
      status: row.status as ProjectStatusEnum,
      version: row.version,
      confidenceThreshold: row.settings.confidenceThreshold,
      maxAttempts: row.settings.maxAttempts,
      tokenBudget: row.settings.tokenBudget,
      model: row.settings.model,
      budgetUsd: row.settings.budgetUsd ?? null,
      warnings: row.warnings ?? [],
      breakpoints: (row.settings.breakpoints ?? []) as AgentNameEnum[],
      pausedBefore: row.pausedBefore as AgentNameEnum | null,
      forkedFrom: row.forkedFrom ? { projectId: row.forkedFrom, atVersion: row.forkedAtVersion ?? 0 } : null,
      round: row.round,
      changes: row.changes.map((c) => Object.assign(new ProjectChange(), { ...c, requestedAt: new Date(c.requestedAt) })),
      createdAt: new Date(row.createdAt),
      updatedAt: new Date(row.updatedAt),
    });
  }
}
