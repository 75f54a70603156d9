import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { compareProjects } from '../history/compare-projects';
import type { GraphQLContext } from './context';
import { ProjectComparisonType } from './types/comparison-type';
import { notFound } from './user-errors';

@Resolver()
export class CompareResolver {
  @Query(() => ProjectComparisonType, {
    description:
      'Two projects side by side, typically a fork (b) and its origin (a): stories, design, files as unified diffs, the latest ' +
      'test runs, tokens, duration and the first event where their logs part. a and b may be the same project.',
  })
  async compareProjects(
    @Arg('a', () => ID) a: string,
    @Arg('b', () => ID) b: string,
    @Ctx() { services }: GraphQLContext,
  ): Promise<ProjectComparisonType> {
    const [left, right] = await Promise.all([services.store.readStream(a), services.store.readStream(b)]);
    if (left.length === 0) throw notFound('project', a, 'a');
    if (right.length === 0) throw notFound('project', b, 'b');
    return ProjectComparisonType.from(compareProjects(left, right));
  }
}
