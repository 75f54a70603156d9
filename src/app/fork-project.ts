import { DomainError } from '../domain/domain-error';
import { decideFork, forkPoint } from '../domain/fork';
import { foldWorkflow } from '../domain/workflow';
import type { ForkOverrides } from '../events/catalog';
import type { NewEvent } from '../events/envelope';
import type { EventStore } from '../events/event-store';
import { copyStream } from '../history/stream-copy';

/**
 * Starts a new project whose history is the original's events up to `atVersion` (each copy naming its origin,
 * copied as recorded), then the fork's own events: its overrides, in effect from there, and a new start for the
 * agents whose work they change. The workflow carries on from there like for any project.
 */
export async function forkProject(
  store: EventStore,
  newId: () => string,
  projectId: string,
  atVersion: number,
  overrides: ForkOverrides,
): Promise<string> {
  const current = await store.streamVersion(projectId);
  if (current === 0) throw new DomainError('NOT_FOUND', `project ${projectId} not found`, 'projectId');
  if (!Number.isInteger(atVersion) || atVersion < 1 || atVersion > current) {
    throw new DomainError('BAD_USER_INPUT', `atVersion must be between 1 and ${current}`, 'atVersion');
  }
  const origin = await store.readStream(projectId);
  const cut = forkPoint(origin, atVersion);
  const history = origin.slice(0, cut);
  const forkId = newId();
  const created = history[0].data as { name: string };
  const own = decideFork(foldWorkflow(projectId, history), projectId, cut, {
    ...overrides,
    name: overrides.name?.trim() || `${created.name.slice(0, 190)} (fork)`,
    ...(overrides.requirements !== undefined ? { requirements: overrides.requirements.trim() } : {}),
  }).map((e): NewEvent => ({ ...e, metadata: { actor: 'user', correlationId: forkId } }));
  await store.append(forkId, [...copyStream(history, forkId, newId), ...own], 0);
  return forkId;
}
