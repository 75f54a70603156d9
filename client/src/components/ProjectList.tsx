import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useSubscription } from 'urql';
import { PROJECTS_CHANGED_SUBSCRIPTION } from '../queries';
import { titleCase } from '../format';
import { PROJECT_STATUSES, type ProjectStatus } from '../types';
import { ProjectListChunk } from './ProjectListChunk';

/** Projects, newest first, filterable by status, paged with a cursor. */
export function ProjectList() {
  const [status, setStatus] = useState<ProjectStatus | null>(null);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const id = useId();
  const [total, setTotal] = useState<{ status: ProjectStatus | null; count: number } | null>(null);
  const onTotal = useCallback((count: number) => setTotal({ status, count }), [status]);
  const refreshToken = useListChanges();

  return (
    <section className="project-list" aria-labelledby={`${id}-title`}>
      <div className="list-toolbar">
        <h2 id={`${id}-title`}>
          Recent projects{total && total.status === status && <span className="count"> ({total.count})</span>}
        </h2>
        <label className="inline-field">
          <span>Status</span>
          <select
            value={status ?? ''}
            onChange={(e) => {
              setStatus((e.target.value || null) as ProjectStatus | null);
              setCursors([null]);
            }}
          >
            <option value="">All</option>
            {PROJECT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {titleCase(s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ul className="project-rows">
        {cursors.map((after, i) => (
          <ProjectListChunk
            key={after ?? 'first'}
            status={status}
            after={after}
            isFirst={i === 0}
            isLast={i === cursors.length - 1}
            onLoadMore={(endCursor) => setCursors((c) => (c.includes(endCursor) ? c : [...c, endCursor]))}
            onTotal={onTotal}
            refreshToken={refreshToken}
          />
        ))}
      </ul>
    </section>
  );
}

/** Bumps whenever any project appears or changes; a burst of changes within 200 ms is one bump. */
function useListChanges(): number {
  const [token, setToken] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [{ data }] = useSubscription<{ projectsChanged: { id: string } }>({ query: PROJECTS_CHANGED_SUBSCRIPTION });
  useEffect(() => {
    if (!data || timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      setToken((t) => t + 1);
    }, 200);
  }, [data]);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  return token;
}
