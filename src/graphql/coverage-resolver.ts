import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { coverageOf } from '../projections/coverage-projection';
import type { GraphQLContext } from './context';
import { CoverageType } from './types/coverage-type';
import { MutationRunType } from './types/mutation-run-type';
import { notFound } from './user-errors';

/** The proof read side: how far the acceptance criteria are proven, and the mutation runs that judged it. */
@Resolver()
export class CoverageResolver {
  @Query(() => CoverageType, {
    nullable: true,
    description: 'Each acceptance criterion with its status, citing tests, code and surviving mutants; null when the project does not exist.',
  })
  async coverage(@Arg('projectId', () => ID) projectId: string, @Ctx() { services }: GraphQLContext): Promise<CoverageType | null> {
    const row = await services.queries.coverage(projectId);
    return row && CoverageType.from(coverageOf(row));
  }

  @Query(() => [MutationRunType], { description: 'Every mutation run of the project, in order, with its counts and score.' })
  async mutationRuns(@Arg('projectId', () => ID) projectId: string, @Ctx() { services }: GraphQLContext): Promise<MutationRunType[]> {
    if (!(await services.queries.project(projectId))) throw notFound('project', projectId, 'projectId');
    return (await services.queries.mutationRuns(projectId)).map(MutationRunType.from);
  }
}
