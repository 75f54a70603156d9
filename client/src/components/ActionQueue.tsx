import type { CombinedError } from 'urql';
import { PRIORITY_RANK } from '../format';
import type { Action } from '../types';
import { ActionCard } from './ActionCard';
import { ErrorNotice } from './ErrorNotice';
import { Panel } from './Panel';
import { PriorityBadge } from './PriorityBadge';
import { RelativeTime } from './RelativeTime';

interface ActionQueueProps {
  actions: Action[] | undefined;
  fetching: boolean;
  error: CombinedError | undefined;
  onRefresh(): void;
  /** An action was answered from this page. */
  onResponded(actionId: string): void;
  /** A past version of the project: its questions are shown, not answerable. */
  readOnly?: boolean;
}

function byPriorityThenAge(a: Action, b: Action): number {
  return (PRIORITY_RANK[a.priority] ?? 9) - (PRIORITY_RANK[b.priority] ?? 9) || a.createdAt.localeCompare(b.createdAt);
}

/** What the agents are waiting on a person for, most urgent first; answered ones below. */
export function ActionQueue({ actions, fetching, error, onRefresh, onResponded, readOnly = false }: ActionQueueProps) {
  const pending = (actions ?? []).filter((a) => a.status === 'PENDING').sort(byPriorityThenAge);
  const closed = (actions ?? [])
    .filter((a) => a.status !== 'PENDING')
    .sort((a, b) => (b.resolvedAt ?? b.createdAt).localeCompare(a.resolvedAt ?? a.createdAt));

  return (
    <Panel
      id="actions"
      title="Action queue"
      className={pending.length ? 'actions-panel has-pending' : 'actions-panel'}
      meta={actions ? `${pending.length} waiting` : undefined}
    >
      <ErrorNotice error={error} title="Actions could not be loaded" onRetry={onRefresh} />
      {!actions && fetching && <p className="muted loading">Loading actions…</p>}
      {actions && pending.length === 0 && (
        <p className="empty">Nothing to answer — an agent will ask here when it is unsure or keeps failing.</p>
      )}
      {pending.length > 0 && (
        <ul className="action-cards">
          {pending.map((action) =>
            readOnly ? (
              <li key={action.id} className={`action-card action-card-past priority-border-${action.priority.toLowerCase()}`}>
                <div className="action-head">
                  <PriorityBadge priority={action.priority} />
                  <h3>{action.title}</h3>
                </div>
                {action.description && <div className="prose action-description">{action.description}</div>}
                <p className="muted">Waiting for an answer at this point in the history.</p>
              </li>
            ) : (
              <ActionCard key={action.id} action={action} onResponded={() => onResponded(action.id)} />
            ),
          )}
        </ul>
      )}
      {closed.length > 0 && (
        <details className="resolved-actions">
          <summary>Answered and cancelled ({closed.length})</summary>
          <ul>
            {closed.map((action) => {
              const chosen = action.options.find((o) => o.id === action.chosenOptionId);
              return (
                <li key={action.id}>
                  <strong>{action.title}</strong>{' '}
                  <span className="muted">
                    {action.status === 'CANCELLED' ? 'cancelled' : 'answered'}{' '}
                    {action.resolvedAt && <RelativeTime iso={action.resolvedAt} />}
                  </span>
                  {(chosen || action.response) && (
                    <p>
                      {chosen && <>Chose “{chosen.label}”. </>}
                      {action.response && <>“{action.response}”</>}
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        </details>
      )}
    </Panel>
  );
}
