import type { ProjectSettings } from '../events/catalog';
import type { AnyStoredEvent, NewEvent, StoredEvent } from '../events/envelope';
import { AGENT_NAMES, type AgentInput, type AgentName } from './agents/agent';
import { PIPELINE } from './agents/pipeline';
import { type Escalation, OPTION, escalationEvent } from './escalation';

/**
 * The process manager, pure: `foldWorkflow` reads a project's stream into the state of its pipeline and
 * `nextCommand` says what should happen next. It is level-triggered — the answer depends only on the state,
 * not on which event arrived last — so after a restart the same function resumes every unfinished step.
 */

interface StepRef {
  stepId: string;
  attempt: number;
}

export interface AgentProgress {
  attempts: number;
  /** Attempts since a person last answered for this agent: what the attempt limit counts. */
  attemptsSinceAnswer: number;
  guidance: string[];
  running: (StepRef & { guidance: string[] }) | null;
  produced: (StepRef & { output: Record<string, unknown>; confidence: number }) | null;
  personAccepted: boolean;
  accepted: (StepRef & { output: Record<string, unknown> }) | null;
  lastFailure: (StepRef & { errors: string[] }) | null;
}

export interface PendingEscalation {
  actionId: string;
  reason: string;
  agent: AgentName | null;
}

export interface WorkflowState {
  projectId: string;
  exists: boolean;
  finished: boolean;
  requirements: string;
  settings: ProjectSettings | null;
  version: number;
  agents: Record<AgentName, AgentProgress>;
  pendingAction: PendingEscalation | null;
  abortRequested: boolean;
  tokensUsed: number;
  tokensGranted: number;
}

const emptyProgress = (): AgentProgress => ({
  attempts: 0,
  attemptsSinceAnswer: 0,
  guidance: [],
  running: null,
  produced: null,
  personAccepted: false,
  accepted: null,
  lastFailure: null,
});

export function initialWorkflowState(projectId: string): WorkflowState {
  return {
    projectId,
    exists: false,
    finished: false,
    requirements: '',
    settings: null,
    version: 0,
    agents: Object.fromEntries(AGENT_NAMES.map((a) => [a, emptyProgress()])) as Record<AgentName, AgentProgress>,
    pendingAction: null,
    abortRequested: false,
    tokensUsed: 0,
    tokensGranted: 0,
  };
}

function updateAgent(state: WorkflowState, agent: AgentName, change: Partial<AgentProgress>): WorkflowState {
  return { ...state, agents: { ...state.agents, [agent]: { ...state.agents[agent], ...change } } };
}

export function evolveWorkflow(state: WorkflowState, event: StoredEvent): WorkflowState {
  const s = { ...state, version: event.streamVersion };
  const e = event as AnyStoredEvent;
  switch (e.type) {
    case 'ProjectCreated':
      return { ...s, exists: true, requirements: e.data.requirements, settings: e.data.settings };
    case 'AgentStepStarted': {
      const p = s.agents[e.data.agent];
      return updateAgent(s, e.data.agent, {
        attempts: p.attempts + 1,
        attemptsSinceAnswer: p.attemptsSinceAnswer + 1,
        running: { stepId: e.data.stepId, attempt: e.data.attempt, guidance: e.data.guidance },
        produced: null,
        personAccepted: false,
      });
    }
    case 'LlmCallCompleted':
      return { ...s, tokensUsed: s.tokensUsed + e.data.promptTokens + e.data.completionTokens };
    case 'AgentOutputRejected':
      return updateAgent(s, e.data.agent, {
        running: null,
        lastFailure: { stepId: e.data.stepId, attempt: e.data.attempt, errors: e.data.errors },
      });
    case 'AgentOutputProduced':
      return updateAgent(s, e.data.agent, {
        running: null,
        produced: { stepId: e.data.stepId, attempt: e.data.attempt, output: e.data.output, confidence: e.data.confidence },
      });
    case 'AgentOutputAccepted':
      return updateAgent(s, e.data.agent, {
        produced: null,
        personAccepted: false,
        lastFailure: null,
        accepted: { stepId: e.data.stepId, attempt: e.data.attempt, output: e.data.output },
      });
    case 'ActionRequested':
      return { ...s, pendingAction: { actionId: e.data.actionId, reason: e.data.reason, agent: e.data.agent } };
    case 'ActionResolved':
      return resolveAction(s, e.data.optionId, e.data.response);
    case 'StepRetryRequested':
      return retryFrom(s, e.data.agent, e.data.guidance);
    case 'ProjectCompleted':
    case 'ProjectCancelled':
    case 'ProjectFailed':
      return { ...s, finished: true, pendingAction: null };
    default:
      return s;
  }
}

function resolveAction(s: WorkflowState, optionId: string | null, response: string | null): WorkflowState {
  const action = s.pendingAction;
  if (!action) return s;
  const cleared = { ...s, pendingAction: null };
  if (optionId === OPTION.abort) return { ...cleared, abortRequested: true };
  if (optionId === OPTION.continue) return { ...cleared, tokensGranted: cleared.tokensGranted + (s.settings?.tokenBudget ?? 0) };
  if (!action.agent) return cleared;
  const p = s.agents[action.agent];
  if (optionId === OPTION.accept) return updateAgent(cleared, action.agent, { personAccepted: true });
  // `retry`, or a free-text answer: another round of attempts, with the answer as guidance.
  return updateAgent(cleared, action.agent, {
    produced: null,
    attemptsSinceAnswer: 0,
    guidance: response ? [...p.guidance, response] : p.guidance,
  });
}

/** A person asked to redo an agent's work: it and every agent after it start over; its guidance is kept. */
function retryFrom(s: WorkflowState, agent: AgentName, guidance: string | null): WorkflowState {
  const from = AGENT_NAMES.indexOf(agent);
  const agents = { ...s.agents };
  for (const name of AGENT_NAMES.slice(from)) {
    agents[name] = {
      ...agents[name],
      running: null,
      produced: null,
      personAccepted: false,
      accepted: null,
      lastFailure: null,
      attemptsSinceAnswer: 0,
      guidance: name === agent && guidance ? [...agents[name].guidance, guidance] : agents[name].guidance,
    };
  }
  return { ...s, agents, finished: false, pendingAction: null, abortRequested: false };
}

export function foldWorkflow(projectId: string, events: readonly StoredEvent[]): WorkflowState {
  return events.reduce(evolveWorkflow, initialWorkflowState(projectId));
}

export type WorkflowCommand =
  | { type: 'StartStep'; agent: AgentName; stepId: string; attempt: number; guidance: string[] }
  | { type: 'RunStep'; agent: AgentName; stepId: string; attempt: number; input: AgentInput }
  | { type: 'AcceptOutput'; agent: AgentName; acceptedBy: 'threshold' | 'person' }
  | { type: 'Escalate'; escalation: Escalation }
  | { type: 'CompleteProject' }
  | { type: 'CancelProject'; reason: string };

export function currentAgent(state: WorkflowState): AgentName | null {
  return PIPELINE.find((a) => !state.agents[a.name].accepted)?.name ?? null;
}

/** What the pipeline needs next, or null when it is done, waiting for a person, or not a project. */
export function nextCommand(state: WorkflowState): WorkflowCommand | null {
  if (!state.exists || state.finished || !state.settings) return null;
  if (state.abortRequested) return { type: 'CancelProject', reason: 'aborted by a person' };
  if (state.pendingAction) return null;
  const agent = currentAgent(state);
  if (!agent) return { type: 'CompleteProject' };
  const p = state.agents[agent];
  const { confidenceThreshold, maxAttempts, tokenBudget } = state.settings;

  if (p.running) return { type: 'RunStep', agent, stepId: p.running.stepId, attempt: p.running.attempt, input: agentInput(state, agent, p.running.guidance) };
  if (p.produced) {
    if (p.personAccepted) return { type: 'AcceptOutput', agent, acceptedBy: 'person' };
    if (p.produced.confidence >= confidenceThreshold) return { type: 'AcceptOutput', agent, acceptedBy: 'threshold' };
    const questions = (p.produced.output.open_questions as string[] | undefined) ?? (p.produced.output.concerns as string[] | undefined);
    return {
      type: 'Escalate',
      escalation: { reason: 'low_confidence', agent, stepId: p.produced.stepId, confidence: p.produced.confidence, threshold: confidenceThreshold, questions },
    };
  }
  if (tokenBudget !== null && state.tokensUsed >= tokenBudget + state.tokensGranted) {
    return { type: 'Escalate', escalation: { reason: 'budget_exceeded', agent: null, tokensUsed: state.tokensUsed, tokenBudget: tokenBudget + state.tokensGranted } };
  }
  if (p.lastFailure && p.attemptsSinceAnswer >= maxAttempts) {
    return {
      type: 'Escalate',
      escalation: { reason: 'attempts_exhausted', agent, stepId: p.lastFailure.stepId, attempts: p.attemptsSinceAnswer, errors: p.lastFailure.errors },
    };
  }
  const attempt = p.attempts + 1;
  return { type: 'StartStep', agent, stepId: `${agent}-${attempt}`, attempt, guidance: p.guidance };
}

/** What an agent reads: the requirements, every accepted output before it, and the guidance its attempt carries. */
export function agentInput(state: WorkflowState, agent: AgentName, guidance: string[]): AgentInput {
  const out = (name: AgentName) => state.agents[name].accepted?.output as never;
  const input: AgentInput = { requirements: state.requirements, guidance };
  const index = AGENT_NAMES.indexOf(agent);
  if (index > 0) input.analysis = out('analyst');
  if (index > 1) input.design = out('architect');
  if (index > 2) input.implementation = out('developer');
  return input;
}

/** Pure: the events a workflow command appends (RunStep appends through the step runner instead). */
export function decideWorkflow(command: WorkflowCommand, state: WorkflowState, newId: () => string): NewEvent[] {
  switch (command.type) {
    case 'StartStep':
      return [{ type: 'AgentStepStarted', data: { stepId: command.stepId, agent: command.agent, attempt: command.attempt, guidance: command.guidance } }];
    case 'AcceptOutput': {
      const produced = state.agents[command.agent].produced;
      if (!produced) return [];
      const index = PIPELINE.findIndex((a) => a.name === command.agent);
      const agent = PIPELINE[index];
      const next = PIPELINE[index + 1];
      return [
        {
          type: 'AgentOutputAccepted',
          data: { stepId: produced.stepId, agent: command.agent, attempt: produced.attempt, output: produced.output, confidence: produced.confidence, acceptedBy: command.acceptedBy },
        },
        {
          type: 'MessageSent',
          data: {
            messageId: `${state.projectId}:${produced.stepId}:handoff`,
            fromAgent: command.agent,
            toAgent: next?.name ?? 'user',
            type: 'handoff',
            content: agent.summarize(produced.output),
            data: produced.output,
            confidence: produced.confidence,
            thread: state.projectId,
            attempt: produced.attempt,
          },
        },
      ];
    }
    case 'Escalate':
      return [escalationEvent(newId(), command.escalation)];
    case 'CompleteProject': {
      const summaries = PIPELINE.map((a) => `${a.name}: ${a.summarize(state.agents[a.name].accepted?.output)}`);
      return [{ type: 'ProjectCompleted', data: { summary: summaries.join('; ') } }];
    }
    case 'CancelProject':
      return [{ type: 'ProjectCancelled', data: { reason: command.reason } }];
    case 'RunStep':
      return [];
  }
}
