import type { NewEvent } from '../events/envelope';
import type { AgentName } from './agents/agent';
import type { EventData } from '../events/catalog';
import type { WorkflowState } from './workflow';

/**
 * What launched work (an agent step, a test run, a mutation run) reports when it ends. The workflow may have
 * moved on meanwhile (the project was cancelled, the step timed out and another attempt started), so whether
 * the report still counts is decided over the project's state as it is when the report arrives.
 */
export type WorkOutcome =
  /** Facts that happened whatever became of the project (an LLM call was made and paid for): always recorded. */
  | { type: 'RecordFacts'; events: NewEvent[] }
  /** An agent step's result: it counts only while that step is still the agent's running one. */
  | { type: 'RecordStepOutcome'; agent: AgentName; stepId: string; events: NewEvent[] }
  | { type: 'CompleteTestRun'; runId: string; round: number; result: Omit<EventData<'TestRunCompleted'>, 'runId' | 'round'> }
  | { type: 'CompleteMutationRun'; runId: string; round: number; result: Omit<EventData<'MutationRunCompleted'>, 'runId' | 'round'> };

/** Pure: the events a report of ended work appends, or none when the workflow no longer waits for it. */
export function decideOutcome(outcome: WorkOutcome, state: WorkflowState): NewEvent[] {
  if (outcome.type === 'RecordFacts') return outcome.events;
  if (state.finished) return [];
  switch (outcome.type) {
    case 'RecordStepOutcome':
      return state.agents[outcome.agent].running?.stepId === outcome.stepId ? outcome.events : [];
    case 'CompleteTestRun':
      return state.tests.running?.runId === outcome.runId
        ? [{ type: 'TestRunCompleted', data: { runId: outcome.runId, round: outcome.round, ...outcome.result } }]
        : [];
    case 'CompleteMutationRun':
      return state.mutation.running?.runId === outcome.runId
        ? [{ type: 'MutationRunCompleted', data: { runId: outcome.runId, round: outcome.round, ...outcome.result } }]
        : [];
  }
}
