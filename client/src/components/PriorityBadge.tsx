import { titleCase } from '../format';
import type { ActionPriority } from '../types';

export function PriorityBadge({ priority }: { priority: ActionPriority }) {
  return <span className={`badge priority-${priority.toLowerCase()}`}>{titleCase(priority)}</span>;
}
