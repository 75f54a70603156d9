import { parse } from 'graphql';
import { LiveQueue } from '../../src/events/live-queue';
import { sendsChangesOnly, withoutRepeats } from '../../src/graphql/changes-only';
import { buildGraphQLSchema } from '../../src/graphql/schema';

describe('subscriptions that send changes only', () => {
  it('leave out a result equal to the one sent just before it, and nothing else', async () => {
    const source = new LiveQueue<{ data: { status: string; version?: number } }>();
    const pushes = [
      { data: { status: 'ACTIVE' } },
      { data: { status: 'ACTIVE' } },
      { data: { status: 'WAITING' } },
      { data: { status: 'WAITING' } },
      { data: { status: 'ACTIVE' } },
      { data: { status: 'ACTIVE', version: 7 } },
    ];
    pushes.forEach((p) => source.push(p));
    const sent = withoutRepeats(source);
    const received = [];
    for (let n = 0; n < 4; n++) received.push((await sent.next()).value);
    expect(received).toEqual([pushes[0], pushes[2], pushes[4], pushes[5]]);
  });

  it('end their source at once when the subscriber leaves while waiting for the next change', async () => {
    let closed = false;
    const source = new LiveQueue<number>(() => (closed = true));
    const sent = withoutRepeats(source);
    const waiting = sent.next();
    await sent.return!();
    expect(closed).toBe(true);
    await expect(waiting).resolves.toEqual({ done: true, value: undefined });
  });

  it('are the subscription fields marked for it (projectChanged), however the field is reached', async () => {
    const schema = await buildGraphQLSchema();
    const marked = (query: string, operationName?: string) => sendsChangesOnly({ schema, document: parse(query), operationName });
    expect(marked('subscription { projectChanged(projectId: "p") { status } }')).toBe(true);
    expect(marked('subscription { now: projectChanged(projectId: "p") { status } }')).toBe(true);
    expect(marked('subscription { ...F } fragment F on Subscription { projectChanged(projectId: "p") { status } }')).toBe(true);
    // An event stream sends every event, even two that look alike in the fields selected.
    expect(marked('subscription { projectEvents(projectId: "p") { type } }')).toBe(false);
    // The project list reads a push as "this project moved", so it gets every one.
    expect(marked('subscription { projectsChanged { id } }')).toBe(false);
    expect(marked('subscription A { projectEvents(projectId: "p") { type } } subscription B { projectChanged(projectId: "p") { id } }', 'B')).toBe(true);
    expect(marked('query { project(id: "p") { id } }')).toBe(false);
  });
});
