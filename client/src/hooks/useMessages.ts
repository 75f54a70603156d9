import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient, type CombinedError } from 'urql';
import { MESSAGES_QUERY } from '../queries';
import type { Message, MessageConnection } from '../types';

const PAGE_SIZE = 100;
/** Pages are followed automatically up to this many messages; past it, "Load more" does it. */
const AUTO_LOAD_LIMIT = 500;

export interface MessagesResult {
  messages: Message[];
  totalCount: number | null;
  hasNextPage: boolean;
  loaded: boolean;
  fetching: boolean;
  error: CombinedError | undefined;
  loadMore(): void;
  /** Call when an event that adds a message arrives (see conversation-events.ts); fetches what came after the last cursor, if anything. */
  notifyMessageEvent(streamVersion: number): void;
}

interface Cursor {
  projectId: string;
  endCursor: string | null;
  hasNextPage: boolean;
  inFlight: boolean;
  again: boolean;
  ids: Set<string>;
  maxVersion: number;
  count: number;
}

interface State {
  projectId: string;
  messages: Message[];
  totalCount: number | null;
  hasNextPage: boolean;
  loaded: boolean;
  fetching: boolean;
  error: CombinedError | undefined;
}

const initialState = (projectId: string): State => ({
  projectId,
  messages: [],
  totalCount: null,
  hasNextPage: false,
  loaded: false,
  fetching: false,
  error: undefined,
});

const newCursor = (projectId: string): Cursor => ({
  projectId,
  endCursor: null,
  hasNextPage: false,
  inFlight: false,
  again: false,
  ids: new Set(),
  maxVersion: 0,
  count: 0,
});

/**
 * The project's messages, oldest first. The list only ever grows at its end, so instead of
 * re-running the whole query it asks (network-only) for what comes after the last cursor:
 * on first load, on "load more", and when an event that adds a message (CONVERSATION_EVENTS) arrives newer
 * than any loaded message.
 */
export function useMessages(projectId: string): MessagesResult {
  const client = useClient();
  const [state, setState] = useState<State>(() => initialState(projectId));
  const cursor = useRef<Cursor>(newCursor(projectId));

  const fetchMore = useCallback(
    async (c: Cursor) => {
      if (c.inFlight) {
        c.again = true;
        return;
      }
      c.inFlight = true;
      setState((s) => (s.projectId === c.projectId ? { ...s, fetching: true } : s));
      try {
        do {
          c.again = false;
          const result = await client
            .query<{ messages: MessageConnection }>(
              MESSAGES_QUERY,
              { projectId: c.projectId, first: PAGE_SIZE, after: c.endCursor },
              { requestPolicy: 'network-only' },
            )
            .toPromise();
          if (cursor.current !== c) return; // the page moved on to another project
          const connection = result.data?.messages;
          if (result.error || !connection) {
            setState((s) => ({ ...s, error: result.error, loaded: true }));
            return;
          }
          const fresh = connection.nodes.filter((m) => !c.ids.has(m.id));
          for (const message of fresh) {
            c.ids.add(message.id);
            c.maxVersion = Math.max(c.maxVersion, message.streamVersion);
          }
          c.count += fresh.length;
          if (connection.pageInfo.endCursor) c.endCursor = connection.pageInfo.endCursor;
          c.hasNextPage = connection.pageInfo.hasNextPage;
          setState((s) => ({
            ...s,
            messages: fresh.length ? s.messages.concat(fresh) : s.messages,
            totalCount: connection.totalCount,
            hasNextPage: connection.pageInfo.hasNextPage,
            loaded: true,
            error: undefined,
          }));
          if (c.hasNextPage && c.count < AUTO_LOAD_LIMIT && fresh.length > 0) c.again = true;
        } while (c.again);
      } finally {
        c.inFlight = false;
        if (cursor.current === c) setState((s) => ({ ...s, fetching: false }));
      }
    },
    [client],
  );

  useEffect(() => {
    const c = newCursor(projectId);
    cursor.current = c;
    setState(initialState(projectId));
    void fetchMore(c);
    return () => {
      if (cursor.current === c) cursor.current = newCursor('');
    };
  }, [projectId, fetchMore]);

  const loadMore = useCallback(() => void fetchMore(cursor.current), [fetchMore]);

  const notifyMessageEvent = useCallback(
    (streamVersion: number) => {
      const c = cursor.current;
      if (!c.projectId) return;
      // Already loaded, or there are older pages to read first (the button shows that).
      if (streamVersion <= c.maxVersion || c.hasNextPage) return;
      void fetchMore(c);
    },
    [fetchMore],
  );

  const current = state.projectId === projectId ? state : initialState(projectId);
  return { ...current, loadMore, notifyMessageEvent };
}
