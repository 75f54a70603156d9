import type { NewEvent } from '../events/envelope';
import type { WorkflowState } from './workflow';

/** What an instance does with launched work: run it (it holds the claim), claim it first, or leave it to the holder. */
export type ClaimDecision = { kind: 'run' } | { kind: 'claim'; event: NewEvent<'StepClaimed'> } | { kind: 'wait'; untilMs: number };

/**
 * Pure: whether another instance drives the project now — it took the project's last claim and its lease lasts —
 * and until when. Its decisions would race that instance's for nothing: this one leaves them to it, and looks again
 * when the lease has passed (the holder died) or when the project's next event comes.
 */
export function drivenElsewhere(state: WorkflowState, instance: string, nowMs: number): { untilMs: number } | null {
  const last = state.lastClaim;
  if (!last || last.instance === instance) return null;
  const until = Date.parse(last.leaseUntil);
  return until > nowMs ? { untilMs: until } : null;
}

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
