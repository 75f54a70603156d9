import type { ForkOverrides } from '../events/catalog';
import type { AnyStoredEvent, NewEvent, StoredEvent } from '../events/envelope';
import type { AgentName } from './agents/pipeline';
import type { WorkflowState } from './workflow';

/**
 * Where a fork really cuts the origin's stream. An accepted output, its handoff and the files it writes are one
 * decision: a fork between them would hold an accepted developer with no code on disk, so a cut inside that
 * decision moves to its end.
 */
export function forkPoint(events: readonly StoredEvent[], atVersion: number): number {
  const accepted = [...events]
    .filter((e) => e.streamVersion <= atVersion)
    .reverse()
    .find((e): e is StoredEvent<'AgentOutputAccepted'> => e.type === 'AgentOutputAccepted');
  if (!accepted) return atVersion;
  let end = atVersion;
  for (const e of events as AnyStoredEvent[]) {
    if (e.streamVersion <= accepted.streamVersion) continue;
    if (!belongsTo(e, accepted.data.stepId)) break;
    end = Math.max(end, e.streamVersion);
  }
  return end;
}

function belongsTo(event: AnyStoredEvent, stepId: string): boolean {
  if (event.type === 'ArtifactWritten' || event.type === 'ArtifactDeleted') return event.data.stepId === stepId;
  return event.type === 'MessageSent' && event.data.type === 'handoff' && event.data.messageId.endsWith(`:${stepId}:handoff`);
}

/**
 * The events that make a copied history a fork: the marker with the overrides, in effect from here on, and — when an
 * override changes what an agent that already worked would have read (the requirements reach every agent, a system
 * prompt its own agent) — a request that it and every agent after it work again, so the fork takes its changes
 * instead of carrying on with answers to the old question.
 */
export function decideFork(state: WorkflowState, fromProjectId: string, atVersion: number, overrides: ForkOverrides): NewEvent[] {
  const marker: NewEvent<'ProjectForked'> = { type: 'ProjectForked', data: { fromProjectId, atVersion, overrides } };
  const from = rerunFrom(state, overrides);
  if (!from) return [marker];
  return [marker, { type: 'StepRetryRequested', data: { agent: from, guidance: null } }];
}

function rerunFrom(state: WorkflowState, overrides: ForkOverrides): AgentName | null {
  const changed = state.pipeline.filter((agent) => {
    if (overrides.requirements !== undefined && overrides.requirements !== state.requirements) return true;
    const prompt = overrides.systemPrompts?.[agent];
    return prompt !== undefined && prompt !== state.settings?.systemPrompts?.[agent];
  });
  const first = changed[0];
  if (!first) return null;
  const worked = state.pipeline.slice(state.pipeline.indexOf(first)).some((agent) => state.agents[agent].attempts > 0 || state.agents[agent].accepted);
  return worked || state.finished || state.pendingAction ? first : null;
}
