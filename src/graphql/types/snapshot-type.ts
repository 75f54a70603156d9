import { Field, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';
import type { ProjectSnapshot } from '../../history/project-at';
import { Action } from './action-type';
import { AgentType } from './agent-type';
import { ArtifactType, TestRunType } from './artifact-type';
import { Message } from './message-type';
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
    });
  }
}
