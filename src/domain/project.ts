import type { ActionOption, ProjectSettings } from '../events/catalog';
import type { NewEvent, StoredEvent } from '../events/envelope';
import { AGENT_NAMES, type AgentName } from './agents/pipeline';
import { DomainError } from './domain-error';

/** The project aggregate: what a project's stream says about it, folded by `evolve`. */
export interface PendingAction {
  id: string;
  options: ActionOption[];
  status: 'pending' | 'resolved' | 'cancelled';
}

export interface ProjectState {
  id: string | null;
  name: string;
  requirements: string;
  settings: ProjectSettings | null;
  status: 'none' | 'active' | 'waiting' | 'paused' | 'completed' | 'cancelled' | 'failed';
  version: number;
  actions: Record<string, PendingAction>;
  /** 1 while the team works from the requirements; each change a person asks for starts the next. */
  round: number;
}

export const initialProjectState: ProjectState = {
  id: null,
  name: '',
  requirements: '',
  settings: null,
  status: 'none',
  version: 0,
  actions: {},
  round: 1,
};

export type ProofSettings = NonNullable<ProjectSettings['proof']>;

export const DEFAULT_PROOF: ProofSettings = { maxRounds: 2, mutationBudgetMs: 60_000 };

/** New projects prove their criteria; projects recorded without `proof` keep running without it. */
export const DEFAULT_SETTINGS: ProjectSettings = {
  confidenceThreshold: 0.7,
  maxAttempts: 3,
  maxRepairRounds: 3,
  tokenBudget: null,
  model: null,
  proof: DEFAULT_PROOF,
};

export function evolve(state: ProjectState, event: StoredEvent): ProjectState {
  const next = { ...state, version: event.streamVersion };
  switch (event.type) {
    case 'ProjectCreated': {
      const d = (event as StoredEvent<'ProjectCreated'>).data;
      return { ...next, id: event.streamId, name: d.name, requirements: d.requirements, settings: d.settings, status: 'active' };
    }
    case 'ActionRequested': {
      const d = (event as StoredEvent<'ActionRequested'>).data;
      return { ...next, status: 'waiting', actions: { ...state.actions, [d.actionId]: { id: d.actionId, options: d.options, status: 'pending' } } };
    }
    case 'ActionResolved': {
      const d = (event as StoredEvent<'ActionResolved'>).data;
      const actions = { ...state.actions, [d.actionId]: { ...state.actions[d.actionId], status: 'resolved' as const } };
      const stillWaiting = Object.values(actions).some((a) => a.status === 'pending');
      return { ...next, actions, status: state.status === 'waiting' && !stillWaiting ? 'active' : state.status };
    }
    case 'ChangeRequested':
      return { ...next, status: 'active', round: (event as StoredEvent<'ChangeRequested'>).data.round };
    case 'ProjectPaused':
      return { ...next, status: 'paused' };
    case 'ProjectResumed':
      return { ...next, status: 'active' };
    case 'StepRetryRequested':
    case 'AgentOutputEdited': {
      const actions = Object.fromEntries(
        Object.entries(state.actions).map(([id, a]) => [id, a.status === 'pending' ? { ...a, status: 'cancelled' as const } : a]),
      );
      // A pause holds through an edit or a retry: the person resumes when they have looked.
      return { ...next, status: state.status === 'paused' ? 'paused' : 'active', actions };
    }
    case 'ProjectCompleted':
    case 'ProjectCancelled':
    case 'ProjectFailed': {
      const status = event.type === 'ProjectCompleted' ? 'completed' : event.type === 'ProjectCancelled' ? 'cancelled' : 'failed';
      const actions = Object.fromEntries(
        Object.entries(state.actions).map(([id, a]) => [id, a.status === 'pending' ? { ...a, status: 'cancelled' as const } : a]),
      );
      return { ...next, status, actions };
    }
    default:
      return next;
  }
}

export function foldProject(events: readonly StoredEvent[]): ProjectState {
  return events.reduce(evolve, initialProjectState);
}

/**
 * Settings a new project asks for; what it leaves out, proof's parts included, takes the defaults.
 * `proof: null` creates the project without the proof step.
 */
export type RequestedSettings = Partial<Omit<ProjectSettings, 'proof'>> & { proof?: Partial<ProofSettings> | null };

export type ProjectCommand =
  | { type: 'CreateProject'; projectId: string; name: string; requirements: string; settings?: RequestedSettings }
  | { type: 'RespondToAction'; actionId: string; optionId: string | null; response: string | null; grantTokens?: number; grantUsd?: number }
  | { type: 'CancelProject'; reason: string }
  | { type: 'RetryStep'; agent: AgentName; guidance: string | null }
  | { type: 'RequestChange'; text: string };

/** As long as the requirements may be: a change is more requirements. */
export const MAX_CHANGE_CHARS = 20_000;

/** More than any project needs, and far from where token counts lose precision. */
const MAX_GRANT = 1_000_000_000;
const MAX_GRANT_USD = 1_000_000;

export function isFinished(state: ProjectState): boolean {
  return state.status === 'completed' || state.status === 'cancelled' || state.status === 'failed';
}

/** Pure: decides which events a command produces against the project's current state, or refuses it. */
export function decide(command: ProjectCommand, state: ProjectState): NewEvent[] {
  switch (command.type) {
    case 'CreateProject': {
      if (state.status !== 'none') throw new DomainError('CONFLICT', `project ${command.projectId} already exists`);
      return [
        {
          type: 'ProjectCreated',
          data: {
            name: command.name.trim(),
            requirements: command.requirements.trim(),
            settings: settingsOf(command.settings),
            pipeline: [...AGENT_NAMES],
          },
        },
      ];
    }
    case 'RespondToAction': {
      const action = state.actions[command.actionId];
      if (!action) throw new DomainError('NOT_FOUND', `action ${command.actionId} not found`, 'actionId');
      if (action.status !== 'pending') {
        throw new DomainError('CONFLICT', `action ${command.actionId} is already ${action.status}`, 'actionId');
      }
      const response = command.response?.trim() ? command.response.trim() : null;
      if (command.optionId === null && response === null) {
        throw new DomainError('BAD_USER_INPUT', 'pick an option or write a response', 'response');
      }
      if (command.optionId !== null && !action.options.some((o) => o.id === command.optionId)) {
        throw new DomainError(
          'BAD_USER_INPUT',
          `optionId must be one of ${action.options.map((o) => o.id).join(', ')}`,
          'optionId',
        );
      }
      const option = action.options.find((o) => o.id === command.optionId);
      if (option?.asks?.kind === 'text' && option.asks.required && response === null) {
        throw new DomainError('BAD_USER_INPUT', `"${option.label}" needs an answer: ${option.asks.prompt.toLowerCase()}`, 'response');
      }
      if (command.grantTokens !== undefined && option?.asks?.kind !== 'tokens') {
        throw new DomainError('BAD_USER_INPUT', 'grantTokens goes only with an option that grants tokens', 'grantTokens');
      }
      if (command.grantUsd !== undefined && option?.asks?.kind !== 'usd') {
        throw new DomainError('BAD_USER_INPUT', 'grantUsd goes only with an option that grants dollars', 'grantUsd');
      }
      if (option?.asks?.kind === 'usd') {
        const grantUsd = command.grantUsd ?? option.asks.offered;
        if (!(Number.isFinite(grantUsd) && grantUsd > 0 && grantUsd <= MAX_GRANT_USD)) {
          throw new DomainError('BAD_USER_INPUT', `grantUsd must be more than 0 and at most ${MAX_GRANT_USD} dollars`, 'grantUsd');
        }
        return [{ type: 'ActionResolved', data: { actionId: command.actionId, optionId: command.optionId, response, grantUsd } }];
      }
      if (option?.asks?.kind !== 'tokens') return [{ type: 'ActionResolved', data: { actionId: command.actionId, optionId: command.optionId, response } }];
      const grantTokens = command.grantTokens ?? option.asks.offered;
      if (!Number.isInteger(grantTokens) || grantTokens < 1 || grantTokens > MAX_GRANT) {
        throw new DomainError('BAD_USER_INPUT', `grantTokens must be a whole number from 1 to ${MAX_GRANT}`, 'grantTokens');
      }
      return [{ type: 'ActionResolved', data: { actionId: command.actionId, optionId: command.optionId, response, grantTokens } }];
    }
    case 'CancelProject': {
      if (state.status === 'none') throw new DomainError('NOT_FOUND', 'project not found', 'id');
      if (isFinished(state)) throw new DomainError('CONFLICT', `project is already ${state.status}`, 'id');
      return [{ type: 'ProjectCancelled', data: { reason: command.reason } }];
    }
    case 'RetryStep': {
      if (state.status === 'none') throw new DomainError('NOT_FOUND', 'project not found', 'projectId');
      if (state.status === 'cancelled') throw new DomainError('CONFLICT', 'project is cancelled', 'projectId');
      const guidance = command.guidance?.trim() ? command.guidance.trim() : null;
      return [{ type: 'StepRetryRequested', data: { agent: command.agent, guidance } }];
    }
    case 'RequestChange': {
      if (state.status === 'none') throw new DomainError('NOT_FOUND', 'project not found', 'projectId');
      // A round builds on a finished one: while the team works, a person steers with answers, retries and edits.
      if (!isFinished(state)) throw new DomainError('CONFLICT', `project is ${state.status}: a change can be asked for once it has ended`, 'projectId');
      const text = command.text.trim();
      if (text === '') throw new DomainError('BAD_USER_INPUT', 'say what should change', 'text');
      if (text.length > MAX_CHANGE_CHARS) throw new DomainError('BAD_USER_INPUT', `a change must be at most ${MAX_CHANGE_CHARS} characters`, 'text');
      return [{ type: 'ChangeRequested', data: { round: state.round + 1, text } }];
    }
  }
}

function settingsOf(requested: RequestedSettings = {}): ProjectSettings {
  const { proof, ...rest } = requested;
  const settings: ProjectSettings = { ...DEFAULT_SETTINGS, ...rest };
  if (proof === null) delete settings.proof;
  else settings.proof = { ...DEFAULT_PROOF, ...proof };
  return settings;
}

/** The proof a new project gets: what it asked for on top of the server's defaults, or none when both say so. */
export function requestedProof(defaults: ProofSettings | null, asked: Partial<ProofSettings>): Partial<ProofSettings> | null {
  if (Object.keys(asked).length === 0) return defaults;
  return { ...(defaults ?? DEFAULT_PROOF), ...asked };
}
