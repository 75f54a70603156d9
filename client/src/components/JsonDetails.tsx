import { useState, type ReactNode } from 'react';
import { prettyJson } from '../format';

interface JsonDetailsProps {
  summary: ReactNode;
  value: unknown;
  className?: string;
}

/** A <details> whose JSON is formatted and rendered only while it is open (LLM payloads can be large). */
export function JsonDetails({ summary, value, className }: JsonDetailsProps) {
  const [open, setOpen] = useState(false);
  return (
    <details className={className} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{summary}</summary>
      {open && <pre className="json">{prettyJson(value)}</pre>}
    </details>
  );
}
