import type { AnyStoredEvent, StoredEvent } from '../events/envelope';
import { addUsd } from '../domain/dollars';

/** What one agent step's calls used and cost: its answer, any repair, and the retries of both. */
export interface StepUsage {
  stepId: string;
  agent: string;
  attempt: number;
  llmCalls: number;
  failedCalls: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

/** Each step's usage, in the order the steps first called a model, from the calls recorded in the log. */
export function usageBySteps(events: readonly StoredEvent[]): StepUsage[] {
  const steps = new Map<string, StepUsage>();
  for (const e of events as AnyStoredEvent[]) {
    if (e.type !== 'LlmCallCompleted' && e.type !== 'LlmCallFailed') continue;
    const step = steps.get(e.data.stepId) ?? { stepId: e.data.stepId, agent: e.data.agent, attempt: e.data.attempt, llmCalls: 0, failedCalls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 };
    step.llmCalls += 1;
    if (e.type === 'LlmCallFailed') step.failedCalls += 1;
    else {
      step.promptTokens += e.data.promptTokens;
      step.completionTokens += e.data.completionTokens;
      step.costUsd = addUsd(step.costUsd, e.data.costUsd ?? 0);
    }
    steps.set(step.stepId, step);
  }
  return [...steps.values()];
}
