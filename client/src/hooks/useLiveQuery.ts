import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useClient, type AnyVariables, type CombinedError, type DocumentInput } from 'urql';

/** Refreshes asked for within this window become one request. */
export const COALESCE_MS = 120;

export interface LiveQueryResult<Data> {
  /** The last good answer; kept while a later refresh fails. */
  data: Data | undefined;
  /** The last request's error, if it failed (cleared by the next success). */
  error: CombinedError | undefined;
  /** True once the first request has answered (with data or an error). */
  loaded: boolean;
  /** A refresh is on its way or running. */
  fetching: boolean;
  /** Asks for fresh data soon: every call within COALESCE_MS, or while a request runs, adds up to one more request. */
  refresh(): void;
  /** Asks at once (after a user's own change, or "try again"); still never two requests at a time. */
  refreshNow(): void;
}

interface Controller {
  key: string;
  inFlight: boolean;
  again: boolean;
  timer: ReturnType<typeof setTimeout> | null;
  disposed: boolean;
}

interface State<Data> {
  key: string;
  data: Data | undefined;
  error: CombinedError | undefined;
  loaded: boolean;
  fetching: boolean;
}

const initial = <Data,>(key: string): State<Data> => ({ key, data: undefined, error: undefined, loaded: false, fetching: true });

/**
 * A read model the page keeps current from events: fetched (network-only) on mount, then again whenever
 * `refresh()` is called — but coalesced, so a burst of 40 events that all touch it costs one or two
 * requests, not 40: calls are gathered for COALESCE_MS, at most one request runs at a time, and calls
 * that arrive while it runs schedule exactly one more.
 */
export function useLiveQuery<Data, Variables extends AnyVariables = AnyVariables>(
  query: DocumentInput<Data, Variables>,
  variables: Variables,
): LiveQueryResult<Data> {
  const client = useClient();
  const key = JSON.stringify(variables);
  const [state, setState] = useState<State<Data>>(() => initial<Data>(key));
  const controller = useRef<Controller | null>(null);
  const latest = useRef({ query, variables });
  latest.current = { query, variables };

  // run and schedule only read the controller they are given and the latest query, so they live as long as the client.
  const { run, schedule } = useMemo(() => {
    const schedule = (c: Controller) => {
      if (c.disposed || c.timer !== null) return;
      c.timer = setTimeout(() => {
        c.timer = null;
        void run(c);
      }, COALESCE_MS);
    };
    const run = async (c: Controller): Promise<void> => {
      if (c.disposed) return;
      if (c.inFlight) {
        c.again = true;
        return;
      }
      c.inFlight = true;
      setState((s) => (s.key === c.key && !s.fetching ? { ...s, fetching: true } : s));
      const { query: q, variables: v } = latest.current;
      const result = await client.query<Data, Variables>(q, v, { requestPolicy: 'network-only' }).toPromise();
      c.inFlight = false;
      if (c.disposed) return;
      const again = c.again;
      c.again = false;
      setState((s) =>
        s.key !== c.key ? s : { key: s.key, data: result.data ?? s.data, error: result.error, loaded: true, fetching: again },
      );
      if (again) schedule(c);
    };
    return { run, schedule };
  }, [client]);

  useEffect(() => {
    const c: Controller = { key, inFlight: false, again: false, timer: null, disposed: false };
    controller.current = c;
    setState((s) => (s.key === key ? s : initial<Data>(key)));
    void run(c);
    return () => {
      c.disposed = true;
      if (c.timer !== null) clearTimeout(c.timer);
    };
  }, [key, run]);

  const refresh = useCallback(() => {
    const c = controller.current;
    if (c) schedule(c);
  }, [schedule]);
  const refreshNow = useCallback(() => {
    const c = controller.current;
    if (!c) return;
    if (c.timer !== null) {
      clearTimeout(c.timer);
      c.timer = null;
    }
    void run(c);
  }, [run]);

  const current = state.key === key ? state : initial<Data>(key);
  return { data: current.data, error: current.error, loaded: current.loaded, fetching: current.fetching, refresh, refreshNow };
}
