import type { CombinedError } from 'urql';
import { parseApiError } from '../errors';

interface ErrorNoticeProps {
  /** An urql error, or messages already prepared. */
  error?: CombinedError | null;
  messages?: string[];
  title?: string;
  onRetry?: () => void;
}

/** A page-level error box, announced to screen readers. Renders nothing without an error. */
export function ErrorNotice({ error, messages, title = 'Something went wrong', onRetry }: ErrorNoticeProps) {
  const lines = messages ?? (error ? parseApiError(error).general : []);
  if (lines.length === 0) return null;
  return (
    <div className="notice notice-error" role="alert">
      <strong>{title}</strong>
      {lines.length === 1 ? (
        <p>{lines[0]}</p>
      ) : (
        <ul>
          {lines.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="button button-small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
