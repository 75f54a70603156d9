import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import type { MutationRunRow } from '../../projections/mutation-run-projection';

@ObjectType('MutationRun', { description: 'One mutation run: the generated code changed in small ways, to see whether the tests notice.' })
export class MutationRunType {
  @Field(() => ID) id: string;
  @Field(() => Int) round: number;
  @Field({ description: 'running, completed, or failed (could not be carried out; see error)' }) status: string;
  @Field(() => String, { nullable: true, description: 'What made the mutants, with its version.' }) tool: string | null;
  @Field(() => Float, { nullable: true }) durationMs: number | null;
  @Field(() => Int, { nullable: true }) budgetMs: number | null;
  @Field(() => Boolean, { nullable: true, description: 'The time budget ran out; the mutants not run were skipped.' }) budgetExceeded: boolean | null;
  @Field(() => Int, { nullable: true }) created: number | null;
  @Field(() => Int, { nullable: true }) killed: number | null;
  @Field(() => Int, { nullable: true }) survived: number | null;
  @Field(() => Int, { nullable: true }) timedOut: number | null;
  @Field(() => Float, { nullable: true, description: 'Killed mutants over those run, in percent (0–100); null when none ran.' }) score: number | null;
  @Field(() => String, { nullable: true }) error: string | null;
  @Field(() => GraphQLISODateTime) startedAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) completedAt: Date | null;

  static from(row: MutationRunRow): MutationRunType {
    return Object.assign(new MutationRunType(), {
      ...row,
      budgetExceeded: row.budgetExceeded === null ? null : Boolean(row.budgetExceeded),
      startedAt: new Date(row.startedAt),
      completedAt: row.completedAt ? new Date(row.completedAt) : null,
    });
  }
}
