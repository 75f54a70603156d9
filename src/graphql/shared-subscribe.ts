import { type ExecutionArgs, type ExecutionResult, createSourceEventStream, execute, print } from 'graphql';

type Subscribe = (args: ExecutionArgs) => Promise<AsyncGenerator<ExecutionResult> | ExecutionResult>;

/**
 * graphql's `subscribe`, executing each pushed event once per (event, operation, variables) however many clients
 * subscribed with that operation: a thousand dashboards on one project read the project once per change, not a
 * thousand times. Sources hand every subscriber the same event object (the bus publishes one), which keys the
 * cache; it is dropped with the event. The per-socket message is still serialised by graphql-ws.
 */
export function sharedSubscribe(): Subscribe {
  const results = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();
  return async (args) => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source as ExecutionResult;
    const key = JSON.stringify([print(args.document), args.operationName ?? null, args.variableValues ?? null]);
    const resultOf = (payload: unknown): Promise<ExecutionResult> => {
      const run = (): Promise<ExecutionResult> => Promise.resolve(execute({ ...args, rootValue: payload }));
      if (typeof payload !== 'object' || payload === null) return run();
      const byOperation = results.get(payload) ?? new Map<string, Promise<ExecutionResult>>();
      results.set(payload, byOperation);
      const known = byOperation.get(key);
      if (known) return known;
      const result = run();
      byOperation.set(key, result);
      return result;
    };
    const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    async function* mapped(): AsyncGenerator<ExecutionResult> {
      try {
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield await resultOf(next.value);
      } finally {
        await iterator.return?.();
      }
    }
    return mapped();
  };
}
