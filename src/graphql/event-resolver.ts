import { Arg, Ctx, ID, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { StoredEvent } from '../events/envelope';
import { subscribeToStream } from '../events/stream-subscription';
import type { GraphQLContext } from './context';
import { EventType } from './types/event-type';
import { isEventType } from '../events/catalog';
import { AgentNameEnum } from './types/agent-type';
import { badInput, notFound, parseCursor } from './user-errors';

const MAX_EVENTS = 1000;

/** An agent's events: its steps and calls, what it sent, and anything it caused. */
function byAgent(event: StoredEvent, agent: string): boolean {
  const data = event.data as { agent?: string | null; fromAgent?: string };
  return data.agent === agent || data.fromAgent === agent || event.metadata.actor === agent;
}

function checkVersion(afterVersion: number): void {
  if (afterVersion < 0) throw badInput('afterVersion', 'afterVersion must be 0 or more');
}

@Resolver(() => EventType)
export class EventResolver {
  @Query(() => [EventType], {
    description:
      "A project's events in order: after a version or a cursor, within a version range, of some types or one agent. " +
      'Page with `first` and the last event\'s `cursor` as `after`.',
  })
  async events(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('afterVersion', () => Int, { defaultValue: 0 }) afterVersion: number,
    @Arg('limit', () => Int, { nullable: true, description: `Same as first. 1 to ${MAX_EVENTS}.` }) limit: number | null,
    @Arg('first', () => Int, { nullable: true, description: `1 to ${MAX_EVENTS} (default 100).` }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The cursor of the last event already seen.' }) after: string | null,
    @Arg('fromVersion', () => Int, { nullable: true }) fromVersion: number | null,
    @Arg('toVersion', () => Int, { nullable: true }) toVersion: number | null,
    @Arg('types', () => [String], { nullable: true, description: 'Only these event types.' }) types: string[] | null,
    @Arg('agent', () => AgentNameEnum, { nullable: true, description: "Only this agent's events." }) agent: AgentNameEnum | null,
    @Ctx() { services }: GraphQLContext,
  ): Promise<EventType[]> {
    checkVersion(afterVersion);
    const take = first ?? limit ?? 100;
    if (take < 1 || take > MAX_EVENTS) throw badInput(first !== null ? 'first' : 'limit', `${first !== null ? 'first' : 'limit'} must be between 1 and ${MAX_EVENTS}`);
    const unknown = (types ?? []).filter((t) => !isEventType(t));
    if (unknown.length) throw badInput('types', `unknown event types: ${unknown.join(', ')}`);
    const cursor = parseCursor(after) ?? 0;
    if ((await services.store.streamVersion(projectId)) === 0) throw notFound('project', projectId, 'projectId');
    const from = Math.max(afterVersion, cursor, (fromVersion ?? 1) - 1) + 1;
    const events = await services.store.readStream(projectId, { from, to: toVersion ?? undefined });
    return events
      .filter((e) => !types || types.includes(e.type))
      .filter((e) => !agent || byAgent(e, agent))
      .slice(0, take)
      .map(EventType.from);
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
    @Arg('compact', () => Boolean, { defaultValue: false, description: 'Leave out large fields (see Event.compacted).' })
    compact: boolean,
  ): EventType {
    return compact ? EventType.compact(event) : EventType.from(event);
  }
}
