import { Field, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';
import type { ProjectSnapshot } from '../../history/project-at';
import { Action } from './action-type';
import { AgentType } from './agent-type';
import { ArtifactType, TestRunType } from './artifact-type';
import { CoverageType } from './coverage-type';
import { Message } from './message-type';
import { MutationRunType } from './mutation-run-type';
import { Project } from './project-type';

@ObjectType('ProjectSnapshot', { description: 'A project as it was right after one version of its stream, rebuilt from the log.' })
export class ProjectSnapshotType {
  @Field(() => Int) version: number;
  @Field(() => GraphQLISODateTime) recordedAt: Date;
  @Field(() => Project) project: Project;
  @Field(() => [Message]) messages: Message[];
  @Field(() => [Action]) actions: Action[];
  @Field(() => [AgentType]) agents: AgentType[];
  @Field(() => [ArtifactType]) artifacts: ArtifactType[];
  @Field(() => [TestRunType]) testRuns: TestRunType[];
  @Field(() => [MutationRunType]) mutationRuns: MutationRunType[];
  @Field(() => CoverageType, { nullable: true, description: 'The acceptance criteria and their proof as of this version.' })
  coverage: CoverageType | null;

  static from(s: ProjectSnapshot): ProjectSnapshotType {
    return Object.assign(new ProjectSnapshotType(), {
      version: s.version,
      recordedAt: new Date(s.recordedAt),
      project: Project.from(s.project),
      messages: s.messages.map(Message.from),
      actions: s.actions.map(Action.from),
      agents: s.agents.map(AgentType.from),
      artifacts: s.artifacts.map(ArtifactType.from),
      testRuns: s.testRuns.map(TestRunType.from),
      mutationRuns: s.mutationRuns.map(MutationRunType.from),
      coverage: s.coverage && CoverageType.from(s.coverage),
    });
  }
}
