import type { Change } from '../types';

/** What became of a file or story: added, removed, changed or unchanged, as a coloured word. */
export function ChangeBadge({ status }: { status: Change }) {
  return <span className={`badge change-${status.toLowerCase()}`}>{status.toLowerCase()}</span>;
}

/** A file's path with what became of it, as a diff's summary line. */
export function FileHead({ path, status }: { path: string; status: Change }) {
  return (
    <span className="compare-item-head">
      <code className="compare-path">{path}</code>
      <ChangeBadge status={status} />
    </span>
  );
}

/** "2 added, 1 changed": how many of each, in a fixed order; undefined when there are none. */
export function changeCounts(items: { status: Change }[]): string | undefined {
  const order: Change[] = ['ADDED', 'REMOVED', 'CHANGED', 'UNCHANGED'];
  const parts = order.map((status) => [status, items.filter((i) => i.status === status).length] as const).filter(([, n]) => n > 0);
  return parts.length ? parts.map(([status, n]) => `${n} ${status.toLowerCase()}`).join(', ') : undefined;
}
