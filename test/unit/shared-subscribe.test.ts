import { EventEmitter, on } from 'node:events';
import { GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString, type ExecutionResult, parse } from 'graphql';
import { sharedSubscribe } from '../../src/graphql/shared-subscribe';

/** A schema whose one subscription counts how often a pushed event is resolved. */
function counting() {
  const events = new EventEmitter();
  let resolved = 0;
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLInt, resolve: () => 1 } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        changed: {
          type: GraphQLString,
          args: { prefix: { type: GraphQLString } },
          subscribe: async function* () {
            for await (const [event] of on(events, 'event')) yield event;
          },
          resolve: (event: { name: string }, args: { prefix?: string }) => {
            resolved += 1;
            return `${args.prefix ?? ''}${event.name}`;
          },
        },
      },
    }),
  });
  return { schema, publish: (event: object) => events.emit('event', event), resolved: () => resolved };
}

const subscriber = async (subscribe: ReturnType<typeof sharedSubscribe>, schema: GraphQLSchema, query: string) => {
  const stream = (await subscribe({ schema, document: parse(query), contextValue: {} })) as AsyncGenerator<ExecutionResult>;
  return { next: async () => (await stream.next()).value as ExecutionResult, stop: () => stream.return(undefined) };
};

describe('a pushed event is executed once per operation, however many clients run it', () => {
  it('resolves one event once for two clients with the same operation, again for other variables and other events', async () => {
    const { schema, publish, resolved } = counting();
    const subscribe = sharedSubscribe();
    const a = await subscriber(subscribe, schema, 'subscription { changed }');
    const b = await subscriber(subscribe, schema, 'subscription   {  changed  }');
    const c = await subscriber(subscribe, schema, 'subscription { changed(prefix: "> ") }');
    const first = { name: 'one' };
    const pending = [a.next(), b.next(), c.next()];
    publish(first);
    expect(await Promise.all(pending)).toEqual([{ data: { changed: 'one' } }, { data: { changed: 'one' } }, { data: { changed: '> one' } }]);
    expect(resolved()).toBe(2);
    const again = [a.next(), b.next()];
    publish({ name: 'two' });
    expect(await Promise.all(again)).toEqual([{ data: { changed: 'two' } }, { data: { changed: 'two' } }]);
    // c has not asked for its next push yet, so nothing ran for it.
    expect(resolved()).toBe(3);
    await Promise.all([a.stop(), b.stop(), c.stop()]);
  });

  it('answers an operation that cannot subscribe with its errors, not a stream', async () => {
    const { schema } = counting();
    const result = (await sharedSubscribe()({ schema, document: parse('subscription { missing }'), contextValue: {} })) as ExecutionResult;
    expect(result.errors?.[0].message).toMatch(/missing/);
  });
});
