import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { roundsOf } from '../history/rounds';
import type { GraphQLContext } from './context';
import { RoundType } from './types/round-type';
import { notFound } from './user-errors';

@Resolver()
export class RoundResolver {
  @Query(() => [RoundType], {
    description: "A project's rounds, oldest first: what each asked for, the stories and files it changed (unified diffs) and its test runs.",
  })
  async rounds(@Arg('projectId', () => ID) projectId: string, @Ctx() { services }: GraphQLContext): Promise<RoundType[]> {
    const events = await services.store.readStream(projectId);
    if (events.length === 0) throw notFound('project', projectId, 'projectId');
    return roundsOf(events).map(RoundType.from);
  }
}
