import { useConnection } from '../clients-context';

const LABELS = {
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
  disconnected: 'Disconnected',
} as const;

const HINTS = {
  connecting: 'Opening the live connection to the server',
  connected: 'Live updates are on',
  reconnecting: 'The live connection dropped; retrying with backoff. Updates missed meanwhile are caught up on reconnect.',
  disconnected: 'The server refused the live connection; reload the page to try again.',
} as const;

/** The live connection's state, in the header. Announced politely when it changes. */
export function ConnectionIndicator() {
  const { status, lastError } = useConnection();
  const hint = lastError && status !== 'connected' ? `${HINTS[status]} (${lastError})` : HINTS[status];
  return (
    <div className={`connection connection-${status}`} role="status" title={hint}>
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-label">{LABELS[status]}</span>
      {status === 'disconnected' && (
        <button type="button" className="button button-small" onClick={() => window.location.reload()}>
          Reload
        </button>
      )}
    </div>
  );
}
