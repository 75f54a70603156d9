import { memo, useState } from 'react';
import { formatAbsolute, formatClock, formatPercent } from '../format';
import type { Message } from '../types';
import { JsonDetails } from './JsonDetails';
import { handoffKind, MessageData } from './MessageData';

const LONG = 800;

/**
 * One message between agents: who to whom, what kind, how sure, when; the content; a handoff's structured
 * output rendered for people (stories, design, files, test plan), with the raw JSON a click away.
 */
export const MessageItem = memo(function MessageItem({
  message,
  confidenceThreshold,
  onOpenFile,
}: {
  message: Message;
  confidenceThreshold: number | null;
  onOpenFile?: (path: string) => void;
}) {
  const [expanded, setExpanded] = useState(false);
  const long = message.content.length > LONG;
  const content = long && !expanded ? `${message.content.slice(0, LONG).trimEnd()}…` : message.content;
  const lowConfidence = message.confidence !== null && confidenceThreshold !== null && message.confidence < confidenceThreshold;
  const hasData = message.data !== null && message.data !== undefined;
  const kind = handoffKind(message.data);

  return (
    <li className={`message message-${message.type}${kind ? ` message-from-${kind}` : ''}`} data-from={message.fromAgent}>
      <div className="message-meta">
        <span className="message-route">
          <span className={`agent agent-${message.fromAgent}`}>{message.fromAgent}</span>
          <span aria-hidden="true"> → </span>
          <span className="visually-hidden"> to </span>
          <span className={`agent agent-${message.toAgent}`}>{message.toAgent}</span>
        </span>
        <span className="chip">{message.type}</span>
        {message.confidence !== null && (
          <span
            className={`confidence${lowConfidence ? ' confidence-low' : ''}`}
            title={lowConfidence ? 'Below the project’s confidence threshold' : 'Confidence'}
          >
            {formatPercent(message.confidence)} confident
          </span>
        )}
        {message.attempt > 1 && <span className="chip chip-warn">attempt {message.attempt}</span>}
        {message.status && <span className="muted message-status">{message.status.toLowerCase()}</span>}
        <time className="muted message-time" dateTime={message.createdAt} title={formatAbsolute(message.createdAt)}>
          {formatClock(message.createdAt)}
        </time>
      </div>
      <div className="prose message-content">{content}</div>
      {long && (
        <button type="button" className="link-button" onClick={() => setExpanded((e) => !e)} aria-expanded={expanded}>
          {expanded ? 'Show less' : `Show all ${message.content.length} characters`}
        </button>
      )}
      {hasData && <MessageData data={message.data} onOpenFile={onOpenFile} />}
      {hasData && <JsonDetails className="message-data" summary="Raw JSON" value={message.data} />}
    </li>
  );
});
