import { Field, Float, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';
import type { ArtifactRow } from '../../projections/artifact-projection';
import type { ArtifactVersionRow } from '../../projections/artifact-version-projection';
import type { TestRunRow } from '../../projections/test-run-projection';

@ObjectType('Artifact', { description: 'A file the team wrote, at its latest version.' })
export class ArtifactType {
  @Field() path: string;
  @Field(() => Int, { description: 'How many times the path has been written; ask artifact(version) for older ones.' })
  version: number;
  @Field() sha256: string;
  @Field(() => Int) size: number;
  @Field() agent: string;
  @Field(() => GraphQLISODateTime) updatedAt: Date;

  static from(row: ArtifactRow): ArtifactType {
    return Object.assign(new ArtifactType(), { ...row, updatedAt: new Date(row.updatedAt) });
  }
}

@ObjectType('ArtifactVersion', { description: 'One version of a file, with its content.' })
export class ArtifactVersionType {
  @Field() path: string;
  @Field(() => Int) version: number;
  @Field() content: string;
  @Field() sha256: string;
  @Field(() => Int) size: number;
  @Field() agent: string;
  @Field() stepId: string;
  @Field(() => Int, { description: 'The stream version of the ArtifactWritten event.' }) streamVersion: number;
  @Field(() => GraphQLISODateTime) createdAt: Date;

  static from(row: ArtifactVersionRow): ArtifactVersionType {
    return Object.assign(new ArtifactVersionType(), { ...row, createdAt: new Date(row.createdAt) });
  }
}

@ObjectType('TestCaseResult')
export class TestCaseResult {
  @Field() name: string;
  @Field() ok: boolean;
}

@ObjectType('TestRun', { description: 'One run of the tester’s tests against the developer’s code, in the sandbox.' })
export class TestRunType {
  @Field() id: string;
  @Field(() => Int) round: number;
  @Field({ description: 'running, passed or failed' }) status: string;
  @Field(() => [String], { nullable: true }) command: string[] | null;
  @Field(() => Int, { nullable: true }) exitCode: number | null;
  @Field(() => String, { nullable: true }) signal: string | null;
  @Field(() => Boolean, { nullable: true }) timedOut: boolean | null;
  @Field(() => Int, { nullable: true }) passed: number | null;
  @Field(() => Int, { nullable: true }) failed: number | null;
  @Field(() => Int, { nullable: true }) skipped: number | null;
  @Field(() => Float, { nullable: true }) durationMs: number | null;
  @Field(() => String, { nullable: true, description: 'The last 20 kB of the output.' }) output: string | null;
  @Field(() => [TestCaseResult], { nullable: true }) tests: TestCaseResult[] | null;
  @Field(() => GraphQLISODateTime) startedAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) completedAt: Date | null;

  static from(row: TestRunRow): TestRunType {
    return Object.assign(new TestRunType(), {
      ...row,
      timedOut: row.timedOut === null ? null : Boolean(row.timedOut),
      startedAt: new Date(row.startedAt),
      completedAt: row.completedAt ? new Date(row.completedAt) : null,
    });
  }
}
