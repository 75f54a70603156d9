import { type ExecutionArgs, type FragmentDefinitionNode, getOperationAST, Kind } from 'graphql';
import { collectFields } from 'graphql/execution/collectFields';

/**
 * Marks a subscription field whose pushes are the current state of something (a project as it is now), not
 * events; put it on the field with type-graphql's `@Extensions`. Such a field is pushed after every event of
 * what it watches, yet most of them leave what a subscriber selected as it was, and events appended together
 * are each answered by the same read of the state. A push equal to the previous one tells the subscriber
 * nothing, so graphql-ws leaves it out (see withoutRepeats). An event stream must not be marked: two events
 * can look alike in the fields a subscriber selected, and each of them counts.
 */
export const CHANGES_ONLY = { changesOnly: true } as const;

/** Whether the subscription's root field is marked CHANGES_ONLY. */
export function sendsChangesOnly({ schema, document, operationName, variableValues }: ExecutionArgs): boolean {
  const operation = getOperationAST(document, operationName);
  const root = schema.getSubscriptionType();
  if (operation?.operation !== 'subscription' || !root) return false;
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  // Found as graphql-js's own subscribe finds it (fragments included); validation allows exactly one root field.
  const [nodes] = collectFields(schema, fragments, variableValues ?? {}, root, operation.selectionSet).values();
  const field = nodes?.[0] ? root.getFields()[nodes[0].name.value] : undefined;
  return field?.extensions.changesOnly === true;
}

/**
 * The results, each one only if it differs from the one sent before it (compared as the JSON the subscriber
 * would receive). The first is always sent, and the last sent is always the latest state read, so no change is
 * lost. Not an async generator: `return()` must reach the source at once, even while a `next()` waits for it,
 * or a subscriber who leaves a quiet project would leave its bus listener behind.
 */
export function withoutRepeats<T>(results: AsyncIterable<T>): AsyncIterableIterator<T> {
  const source = results[Symbol.asyncIterator]();
  let last: string | undefined;
  return {
    async next() {
      for (;;) {
        const step = await source.next();
        if (step.done) return step;
        const sent = JSON.stringify(step.value);
        if (sent === last) continue;
        last = sent;
        return step;
      }
    },
    return: (value?: unknown) => source.return?.(value) ?? Promise.resolve({ done: true, value: undefined }),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
