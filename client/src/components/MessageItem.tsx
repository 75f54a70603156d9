import { memo, useState } from 'react';
import { formatPercent } from '../format';
import type { Message } from '../types';
import { JsonDetails } from './JsonDetails';
import { RelativeTime } from './RelativeTime';

const LONG = 800;

/** One message between agents: who to whom, what kind, how sure, when; the content; its data a click away. */
export const MessageItem = memo(function MessageItem({
  message,
  confidenceThreshold,
}: {
  message: Message;
  confidenceThreshold: number | null;
}) {
  const [expanded, setExpanded] = useState(false);
  const long = message.content.length > LONG;
  const content = long && !expanded ? `${message.content.slice(0, LONG).trimEnd()}…` : message.content;
  const lowConfidence = message.confidence !== null && confidenceThreshold !== null && message.confidence < confidenceThreshold;
  const hasData = message.data !== null && message.data !== undefined;

  return (
    <li className="message">
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
        <span className="muted message-time">
          <RelativeTime iso={message.createdAt} />
        </span>
      </div>
      <div className="prose message-content">{content}</div>
      {long && (
        <button type="button" className="link-button" onClick={() => setExpanded((e) => !e)} aria-expanded={expanded}>
          {expanded ? 'Show less' : `Show all ${message.content.length} characters`}
        </button>
      )}
      {hasData && <JsonDetails className="message-data" summary="Data" value={message.data} />}
    </li>
  );
});
