import { useState, type ReactNode } from 'react';
import { UnifiedDiff } from './UnifiedDiff';

interface DiffDetailsProps {
  summary: ReactNode;
  diff: string;
  /** What a screen reader calls the diff. */
  label: string;
  initiallyOpen?: boolean;
}

/** A <details> whose diff is rendered only while it is open: a project's files can add up to many thousand lines. */
export function DiffDetails({ summary, diff, label, initiallyOpen = false }: DiffDetailsProps) {
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <details className="diff-details" open={initiallyOpen} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{summary}</summary>
      {open && <UnifiedDiff diff={diff} label={label} />}
    </details>
  );
}
