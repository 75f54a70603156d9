import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { accessAllowed, forgetToken, onTokenRefused, storedToken, storeToken } from '../api-token';

/** Whatever talks to the API (the dashboard's clients, the playground's fetcher): made once access is granted. */
export interface ApiSession {
  dispose(): void;
}

type Phase<S> = { name: 'checking' } | { name: 'asking'; refused: boolean } | { name: 'ready'; session: S };

interface TokenGateProps<S extends ApiSession> {
  /** Makes the session; called only after the server has let the stored token (or none) in. */
  connect(): S;
  children(session: S): ReactNode;
}

/**
 * Asks for the API token when the server says UNAUTHENTICATED, and only then: on a server without a token the
 * page starts straight away. A token refused later (it was changed on the server) closes the session and asks
 * again; the new session picks up the new token.
 */
export function TokenGate<S extends ApiSession>({ connect, children }: TokenGateProps<S>) {
  const [phase, setPhase] = useState<Phase<S>>({ name: 'checking' });
  const session = useRef<S | null>(null);
  const connectRef = useRef(connect);

  useEffect(() => {
    let current = true;
    const open = () => {
      session.current = connectRef.current();
      setPhase({ name: 'ready', session: session.current });
    };
    void accessAllowed().then((allowed) => {
      if (!current) return;
      if (allowed) open();
      else setPhase({ name: 'asking', refused: storedToken() !== null });
    });
    const stopListening = onTokenRefused(() => {
      session.current?.dispose();
      session.current = null;
      forgetToken();
      setPhase({ name: 'asking', refused: true });
    });
    return () => {
      current = false;
      stopListening();
      session.current?.dispose();
      session.current = null;
    };
  }, []);

  const submit = async (token: string): Promise<boolean> => {
    storeToken(token);
    if (!(await accessAllowed())) {
      forgetToken();
      setPhase({ name: 'asking', refused: true });
      return false;
    }
    session.current = connectRef.current();
    setPhase({ name: 'ready', session: session.current });
    return true;
  };

  if (phase.name === 'checking') return <p className="token-gate-checking muted loading">Connecting to BotArmy…</p>;
  if (phase.name === 'asking') return <TokenForm refused={phase.refused} onSubmit={submit} />;
  return <>{children(phase.session)}</>;
}

function TokenForm({ refused, onSubmit }: { refused: boolean; onSubmit(token: string): Promise<boolean> }) {
  const id = useId();
  const [token, setToken] = useState('');
  const [checking, setChecking] = useState(false);
  const [wasRefused, setWasRefused] = useState(refused);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (!token.trim()) return;
    setChecking(true);
    const accepted = await onSubmit(token.trim());
    if (!accepted) {
      setChecking(false);
      setWasRefused(true);
    }
  };

  return (
    <main className="token-gate">
      <form className="token-form" onSubmit={send} aria-labelledby={`${id}-title`} noValidate>
        <h1 id={`${id}-title`}>
          <img src="/favicon.svg" alt="" width="24" height="24" /> BotArmy needs its API token
        </h1>
        <p className="field-hint">
          This server was started with <code>BOTARMY_API_TOKEN</code>. Enter that token once; this browser keeps it for this
          site.
        </p>
        {wasRefused && (
          <div className="notice notice-error" role="alert">
            <strong>That token was refused.</strong> Check it and enter it again.
          </div>
        )}
        <div className={`field${wasRefused ? ' field-invalid' : ''}`}>
          <label htmlFor={`${id}-token`}>API token</label>
          <input
            id={`${id}-token`}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            aria-invalid={wasRefused || undefined}
            autoFocus
          />
        </div>
        <button type="submit" className="button button-primary" disabled={checking || !token.trim()}>
          {checking ? 'Checking…' : 'Continue'}
        </button>
      </form>
    </main>
  );
}
