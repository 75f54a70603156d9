import { titleCase } from '../format';
import type { ProjectStatus } from '../types';

const DESCRIPTIONS: Record<ProjectStatus, string> = {
  ACTIVE: 'The agents are working',
  WAITING: 'Waiting for a person to answer an action',
  PAUSED: 'Stopped at a breakpoint until a person resumes',
  COMPLETED: 'Finished',
  CANCELLED: 'Cancelled',
  FAILED: 'Stopped after a failure',
};

export function StatusBadge({ status }: { status: ProjectStatus }) {
  return (
    <span className={`badge status-${status.toLowerCase()}`} title={DESCRIPTIONS[status] ?? status}>
      {titleCase(status)}
    </span>
  );
}
