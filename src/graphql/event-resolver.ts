import { Arg, Ctx, ID, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { StoredEvent } from '../events/envelope';
import { subscribeToStream } from '../events/stream-subscription';
import type { GraphQLContext } from './context';
import { EventType } from './types/event-type';
import { badInput, notFound } from './user-errors';

const MAX_EVENTS = 1000;

function checkVersion(afterVersion: number): void {
  if (afterVersion < 0) throw badInput('afterVersion', 'afterVersion must be 0 or more');
}

@Resolver(() => EventType)
export class EventResolver {
  @Query(() => [EventType], { description: "A project's events after a stream version, in order." })
  async events(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('afterVersion', () => Int, { defaultValue: 0 }) afterVersion: number,
    @Arg('limit', () => Int, { defaultValue: 100, description: `1 to ${MAX_EVENTS}.` }) limit: number,
    @Ctx() { services }: GraphQLContext,
  ): Promise<EventType[]> {
    checkVersion(afterVersion);
    if (limit < 1 || limit > MAX_EVENTS) throw badInput('limit', `limit must be between 1 and ${MAX_EVENTS}`);
    if ((await services.store.streamVersion(projectId)) === 0) throw notFound('project', projectId, 'projectId');
    const events = await services.store.readStream(projectId, { from: afterVersion + 1, to: afterVersion + limit });
    return events.map(EventType.from);
  }

  @Subscription(() => EventType, {
    description:
      'Every event of the project after afterVersion: the stored ones first, then live ones, with no gap or duplicate. ' +
      'Reconnect with the last streamVersion you saw to miss nothing.',
    subscribe: async ({ args, context }) => {
      const { services } = context as GraphQLContext;
      const afterVersion = (args.afterVersion as number | undefined) ?? 0;
      checkVersion(afterVersion);
      if ((await services.store.streamVersion(args.projectId)) === 0) throw notFound('project', args.projectId, 'projectId');
      return subscribeToStream(services.store, services.bus, args.projectId, afterVersion);
    },
  })
  projectEvents(
    @Root() event: StoredEvent,
    @Arg('projectId', () => ID) _projectId: string,
    @Arg('afterVersion', () => Int, { defaultValue: 0 }) _afterVersion: number,
  ): EventType {
    return EventType.from(event);
  }
}
