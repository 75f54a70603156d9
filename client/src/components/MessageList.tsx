import type { MessagesResult } from '../hooks/useMessages';
import { ErrorNotice } from './ErrorNotice';
import { MessageItem } from './MessageItem';
import { Panel } from './Panel';

interface MessageListProps {
  messages: MessagesResult;
  confidenceThreshold: number | null;
  onOpenFile?: (path: string) => void;
}

/** The conversation between the agents, oldest first. */
export function MessageList({ messages, confidenceThreshold, onOpenFile }: MessageListProps) {
  const { messages: list, totalCount, hasNextPage, loaded, fetching, error, loadMore } = messages;
  return (
    <Panel id="messages" title="Conversation" meta={totalCount !== null ? `${list.length} of ${totalCount}` : undefined}>
      <ErrorNotice error={error} title="Messages could not be loaded" onRetry={loadMore} />
      {!loaded && !error && <p className="muted loading">Loading messages…</p>}
      {loaded && list.length === 0 && !error && (
        <p className="empty">No messages yet — the analyst will post here once it starts.</p>
      )}
      {list.length > 0 && (
        <ol className="messages">
          {list.map((message) => (
            <MessageItem key={message.id} message={message} confidenceThreshold={confidenceThreshold} onOpenFile={onOpenFile} />
          ))}
        </ol>
      )}
      {hasNextPage && (
        <button type="button" className="button" onClick={loadMore} disabled={fetching}>
          {fetching ? 'Loading…' : 'Load newer messages'}
        </button>
      )}
    </Panel>
  );
}
