import type { NewEvent } from '../events/envelope';
import type { WorkflowState } from './workflow';

/** What an instance does with launched work: run it (it holds the claim), claim it first, or leave it to the holder. */
export type ClaimDecision = { kind: 'run' } | { kind: 'claim'; event: NewEvent<'StepClaimed'> } | { kind: 'wait'; untilMs: number };

/**
 * Pure: whether this instance may run a piece of launched work. Work nobody holds, or whose holder's lease has
 * passed (the holder died or was cut off), is claimed; work this instance holds (it restarted) runs again at once;
 * work another instance holds waits for its lease.
 */
export function decideClaim(state: WorkflowState, workId: string, instance: string, nowMs: number, leaseMs: number): ClaimDecision {
  const held = state.claims[workId];
  if (held?.instance === instance) return { kind: 'run' };
  const until = held ? Date.parse(held.leaseUntil) : Number.NEGATIVE_INFINITY;
  if (until > nowMs) return { kind: 'wait', untilMs: until };
  return { kind: 'claim', event: { type: 'StepClaimed', data: { workId, instance, leaseUntil: new Date(nowMs + leaseMs).toISOString() } } };
}
