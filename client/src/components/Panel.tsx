import type { ReactNode } from 'react';

interface PanelProps {
  id: string;
  title: string;
  /** Shown beside the title, e.g. a count. */
  meta?: ReactNode;
  className?: string;
  children: ReactNode;
}

/**
 * A titled section of the project page. New panels (agents, usage, artifacts, test runs) are a
 * component that renders one of these, added to the list in ProjectPage.
 */
export function Panel({ id, title, meta, className, children }: PanelProps) {
  const headingId = `${id}-heading`;
  return (
    <section className={`panel${className ? ` ${className}` : ''}`} aria-labelledby={headingId} id={id}>
      <header className="panel-header">
        <h2 id={headingId}>{title}</h2>
        {meta !== undefined && <span className="panel-meta">{meta}</span>}
      </header>
      {children}
    </section>
  );
}
