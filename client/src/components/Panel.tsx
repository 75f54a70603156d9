import type { ReactNode } from 'react';

interface PanelProps {
  id: string;
  title: string;
  /** Shown beside the title, e.g. a count. */
  meta?: ReactNode;
  className?: string;
  children: ReactNode;
}

/** A titled section of the project page; `id` is what the in-page navigation jumps to. */
export function Panel({ id, title, meta, className, children }: PanelProps) {
  const headingId = `${id}-heading`;
  return (
    <section className={`panel${className ? ` ${className}` : ''}`} aria-labelledby={headingId} id={id}>
      <header className="panel-header">
        {/* Focusable from script only: the in-page navigation moves focus here. */}
        <h2 id={headingId} tabIndex={-1}>
          {title}
        </h2>
        {meta !== undefined && <span className="panel-meta">{meta}</span>}
      </header>
      {children}
    </section>
  );
}
