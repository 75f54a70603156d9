import { DomainError } from '../domain/domain-error';
import type { AnyStoredEvent, NewEvent } from '../events/envelope';
import type { EventStore } from '../events/event-store';
import { copyStream } from '../history/stream-copy';

export interface ForkOverrides {
  name?: string;
  requirements?: string;
  confidenceThreshold?: number;
  model?: string;
}

/**
 * Starts a new project whose history is the original's events up to `atVersion` (each copy naming its
 * origin), with the overrides applied to its creation, then a ProjectForked event. The workflow carries on
 * from there like for any project.
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
  const events = await store.readStream(projectId, { to: atVersion });
  const forkId = newId();
  const copies = copyStream(events, forkId, newId).map((event, i) => (i === 0 ? withOverrides(event, overrides) : event));
  const marker: NewEvent<'ProjectForked'> = {
    type: 'ProjectForked',
    data: { fromProjectId: projectId, atVersion, overrides: { ...overrides } },
    metadata: { actor: 'user', correlationId: forkId },
  };
  await store.append(forkId, [...copies, marker], 0);
  return forkId;
}

function withOverrides(event: NewEvent, overrides: ForkOverrides): NewEvent {
  const created = event as unknown as AnyStoredEvent & { type: 'ProjectCreated' };
  const name = overrides.name?.trim() || `${created.data.name.slice(0, 190)} (fork)`;
  return {
    ...event,
    data: {
      ...created.data,
      name,
      requirements: overrides.requirements?.trim() || created.data.requirements,
      settings: {
        ...created.data.settings,
        ...(overrides.confidenceThreshold !== undefined ? { confidenceThreshold: overrides.confidenceThreshold } : {}),
        ...(overrides.model ? { model: overrides.model } : {}),
      },
    },
  };
}
