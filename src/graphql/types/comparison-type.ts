import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ComparedSide, FileComparison, Parting, ProjectComparison, StoryComparison, TestCaseComparison, TextComparison } from '../../history/compare-projects';
import { AgentNameEnum, Usage } from './agent-type';
import { TestRunType } from './artifact-type';
import { EventType } from './event-type';
import { Project } from './project-type';

export enum ChangeEnum {
  ADDED = 'added',
  REMOVED = 'removed',
  CHANGED = 'changed',
  UNCHANGED = 'unchanged',
}
registerEnumType(ChangeEnum, { name: 'Change', description: 'What became of a file, story or design from project a to project b.' });

@ObjectType('ComparedProject', { description: 'One side of a comparison: the project as its log ends, what it cost and how long it ran.' })
export class ComparedProjectType {
  @Field(() => Project) project: Project;
  @Field(() => Usage) usage: Usage;
  @Field(() => GraphQLISODateTime, { description: "The first event's time; a fork's first event is its origin's, copied." }) startedAt: Date;
  @Field(() => GraphQLISODateTime, { description: "The last event's time." }) endedAt: Date;
  @Field(() => Float, { description: 'From the first event to the last, in milliseconds.' }) durationMs: number;
  @Field(() => TestRunType, { nullable: true, description: 'The latest test run, or null before the first.' }) lastTestRun: TestRunType | null;

  static from(side: ComparedSide): ComparedProjectType {
    return Object.assign(new ComparedProjectType(), {
      project: Project.from(side.project),
      usage: Object.assign(new Usage(), {
        ...side.tokens,
        byAgent: side.tokens.byAgent.map((t) => ({ ...t, agent: t.agent as AgentNameEnum })),
        tokenBudget: side.project.settings.tokenBudget,
        budgetUsd: side.project.settings.budgetUsd ?? null,
      }),
      startedAt: new Date(side.startedAt),
      endedAt: new Date(side.endedAt),
      durationMs: side.durationMs,
      lastTestRun: side.lastTestRun && TestRunType.from(side.lastTestRun),
    });
  }
}

@ObjectType('TextComparison', { description: 'A document in both projects, as a unified diff from a to b.' })
export class TextComparisonType {
  @Field(() => ChangeEnum) status: ChangeEnum;
  @Field({ description: 'Empty when unchanged; an added or removed document is diffed against /dev/null.' }) diff: string;

  static from(c: TextComparison): TextComparisonType {
    return Object.assign(new TextComparisonType(), { status: c.status as ChangeEnum, diff: c.diff });
  }
}

@ObjectType('FileComparison', { description: 'A file at its latest version in each project.' })
export class FileComparisonType extends TextComparisonType {
  @Field() path: string;

  static override from(f: FileComparison): FileComparisonType {
    return Object.assign(new FileComparisonType(), { ...f, status: f.status as ChangeEnum });
  }
}

@ObjectType('StoryComparison', { description: "One of the analyst's user stories, matched by id; the diff is of the story as JSON." })
export class StoryComparisonType extends TextComparisonType {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true, description: 'Null when project a has no story with this id.' }) titleA: string | null;
  @Field(() => String, { nullable: true, description: 'Null when project b has no story with this id.' }) titleB: string | null;

  static override from(s: StoryComparison): StoryComparisonType {
    return Object.assign(new StoryComparisonType(), { ...s, status: s.status as ChangeEnum });
  }
}

@ObjectType('TestCaseComparison', { description: "One test by name in each project's latest test run." })
export class TestCaseComparisonType {
  @Field() name: string;
  @Field(() => Boolean, { nullable: true, description: "Whether it passed in a's latest run; null when not in it." }) okA: boolean | null;
  @Field(() => Boolean, { nullable: true, description: "Whether it passed in b's latest run; null when not in it." }) okB: boolean | null;

  static from(t: TestCaseComparison): TestCaseComparisonType {
    return Object.assign(new TestCaseComparisonType(), t);
  }
}

@ObjectType('Parting', {
  description:
    'The first stream version where the two logs differ in type or data. Metadata and timings (latencyMs, durationMs) do not count, ' +
    "and each log's own project id and action ids are read as the same, so a fork's copied events equal their originals.",
})
export class PartingType {
  @Field(() => Int) version: number;
  @Field(() => EventType, { nullable: true, description: "a's event at that version; null when a's log ends before it." }) a: EventType | null;
  @Field(() => EventType, { nullable: true, description: "b's event at that version; null when b's log ends before it." }) b: EventType | null;
  @Field(() => [String], { description: 'The payload fields that differ, or ["type"] when the event types do.' }) fields: string[];

  static from(p: Parting): PartingType {
    return Object.assign(new PartingType(), { version: p.version, a: p.a && EventType.from(p.a), b: p.b && EventType.from(p.b), fields: p.fields });
  }
}

@ObjectType('ProjectComparison', { description: 'Two projects side by side, typically a fork (b) and its origin (a).' })
export class ProjectComparisonType {
  @Field(() => ComparedProjectType) a: ComparedProjectType;
  @Field(() => ComparedProjectType) b: ComparedProjectType;
  @Field(() => [StoryComparisonType]) stories: StoryComparisonType[];
  @Field(() => TextComparisonType, { description: "The architect's accepted design, as JSON." }) design: TextComparisonType;
  @Field(() => [FileComparisonType], { description: 'Every path either project wrote, by path.' }) files: FileComparisonType[];
  @Field(() => [TestCaseComparisonType], { description: "The tests of both latest runs: a's in order, then those only b has." }) tests: TestCaseComparisonType[];
  @Field(() => PartingType, { nullable: true, description: 'Null when the logs never differ.' }) parting: PartingType | null;

  static from(c: ProjectComparison): ProjectComparisonType {
    return Object.assign(new ProjectComparisonType(), {
      a: ComparedProjectType.from(c.a),
      b: ComparedProjectType.from(c.b),
      stories: c.stories.map(StoryComparisonType.from),
      design: TextComparisonType.from(c.design),
      files: c.files.map(FileComparisonType.from),
      tests: c.tests.map(TestCaseComparisonType.from),
      parting: c.parting && PartingType.from(c.parting),
    });
  }
}
