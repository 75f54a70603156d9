import { Field, GraphQLISODateTime, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { RoundView } from '../../history/rounds';
import { TestRunType } from './artifact-type';
import { FileComparisonType, StoryComparisonType } from './comparison-type';

export enum RoundStatusEnum {
  RUNNING = 'running',
  COMPLETED = 'completed',
  FAILED = 'failed',
  CANCELLED = 'cancelled',
}
registerEnumType(RoundStatusEnum, { name: 'RoundStatus', description: 'Where a round of a project stands.' });

@ObjectType('Round', { description: 'One round of a project: round 1 from the requirements, each later one from a change a person asked for.' })
export class RoundType {
  @Field(() => Int) round: number;
  @Field(() => String, { nullable: true, description: 'What a person asked for; null for round 1.' }) change: string | null;
  @Field(() => Int, { description: 'The version of the event that started it.' }) fromVersion: number;
  @Field(() => GraphQLISODateTime) startedAt: Date;
  @Field(() => Int, { nullable: true, description: 'The version of the event that ended it; null while it runs.' }) endedAtVersion: number | null;
  @Field(() => RoundStatusEnum) status: RoundStatusEnum;
  @Field(() => [StoryComparisonType], { description: 'Stories it added, changed or dropped, against the round before (a: before, b: after).' })
  stories: StoryComparisonType[];
  @Field(() => [FileComparisonType], { description: 'Files it added, changed or deleted, against the round before, as unified diffs.' })
  files: FileComparisonType[];
  @Field(() => [TestRunType], { description: 'Its test runs, oldest first.' }) testRuns: TestRunType[];

  static from(r: RoundView): RoundType {
    return Object.assign(new RoundType(), {
      ...r,
      startedAt: new Date(r.startedAt),
      status: r.status as RoundStatusEnum,
      stories: r.stories.map(StoryComparisonType.from),
      files: r.files.map(FileComparisonType.from),
      testRuns: r.testRuns.map(TestRunType.from),
    });
  }
}
