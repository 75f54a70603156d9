import type { ActionOption } from '../events/catalog';
import type { NewEvent } from '../events/envelope';
import { type AgentName, agentNamed } from './agents/pipeline';

export type EscalationReason = 'low_confidence' | 'attempts_exhausted' | 'budget_exceeded' | 'tests_failing' | 'step_timeout' | 'criteria_unproven' | 'person_file_changed';

/** The well-known option ids a person can pick; a free-text answer without one counts as `retry` with guidance. */
export const OPTION = { accept: 'accept', retry: 'retry', abort: 'abort', continue: 'continue', replaceRequirements: 'replace_requirements', keep: 'keep' } as const;

const ABORT: ActionOption = { id: OPTION.abort, label: 'Abort', description: 'Cancel the project.' };
const retry = (who: string): ActionOption => ({
  id: OPTION.retry,
  label: 'Retry with guidance',
  description: `Run the ${who} again with your guidance.`,
  asks: { kind: 'text', prompt: `Guidance for the ${who} (optional)`, required: false },
});
/** A vague or contradictory text is better answered with a clearer one than with notes on the old. */
const REPLACE_REQUIREMENTS: ActionOption = {
  id: OPTION.replaceRequirements,
  label: 'Use this as the requirements',
  description: 'Your answer replaces the requirements, and the analyst starts again from it.',
  asks: { kind: 'text', prompt: 'The requirements, in full', required: true },
};

export interface Escalation {
  reason: EscalationReason;
  agent: AgentName | null;
  stepId?: string;
  confidence?: number;
  threshold?: number;
  errors?: string[];
  attempts?: number;
  tokensUsed?: number;
  tokenBudget?: number;
  /** For a spend budget: dollars spent, and the budget with what was granted. */
  spentUsd?: number;
  budgetUsd?: number;
  /** Questions the agent itself raised, shown to the person. */
  questions?: string[];
  /** For failing tests: the rounds of fixes tried and the run's counts and output. */
  rounds?: number;
  failedTests?: number;
  output?: string;
  /** For a step past its deadline: how long it waited. */
  deadlineMs?: number;
  /** For unproven criteria: each one with its text and status, and the proof's one-line summary. */
  criteria?: { id: string; text: string; status: string }[];
  summary?: string;
  /** Supporting output to show beside the question, when it is more than the errors. */
  attachment?: string;
  /** For files a person edited by hand that an agent's answer would change: their paths. */
  paths?: string[];
}

/** What a person is asked, and with which choices, for each way a step can get stuck. */
export function escalationEvent(actionId: string, e: Escalation): NewEvent<'ActionRequested'> {
  const who = e.agent ?? 'the team';
  const questions = e.questions?.length ? `\n\nOpen questions:\n${e.questions.map((q) => `- ${q}`).join('\n')}` : '';
  const base = { actionId, agent: e.agent, reason: e.reason, ...(e.stepId ? { stepId: e.stepId } : {}) };
  switch (e.reason) {
    case 'low_confidence':
      return {
        type: 'ActionRequested',
        data: {
          ...base,
          title: `The ${who} is unsure (confidence ${pct(e.confidence)} < ${pct(e.threshold)})`,
          description:
            `The ${who}'s output is below the project's confidence threshold. Accept it as it is, ` +
            `or tell the ${who} what is missing and it will try again.${questions}`,
          priority: (e.confidence ?? 0) < 0.4 ? 'high' : 'medium',
          options: [
            { id: OPTION.accept, label: 'Accept and continue', description: 'Hand the output on as it is.' },
            retry(who),
            // An agent that reads nothing but the requirements may be unsure of them: a person can rewrite them.
            ...(e.agent && agentNamed(e.agent).reads.length === 0 ? [REPLACE_REQUIREMENTS] : []),
            ABORT,
          ],
        },
      };
    case 'attempts_exhausted':
      return {
        type: 'ActionRequested',
        data: {
          ...base,
          title: `The ${who} failed ${e.attempts} ${e.attempts === 1 ? 'time' : 'times'}`,
          description: `Every attempt failed. Last errors:\n${(e.errors ?? []).map((x) => `- ${x}`).join('\n')}`,
          priority: 'urgent',
          options: [retry(who), ABORT],
          ...(e.attachment ? { attachment: e.attachment } : e.errors?.length ? { attachment: e.errors.join('\n') } : {}),
        },
      };
    case 'step_timeout':
      return {
        type: 'ActionRequested',
        data: {
          ...base,
          title: `The ${who} got no answer from its model within ${e.deadlineMs ? duration(e.deadlineMs) : 'its deadline'}`,
          description:
            `The ${who}'s step ran past its deadline, so it was stopped rather than tried again: the model may be down, ` +
            `overloaded or too slow for this request. Retry when it is back (your answer is passed on as guidance), or stop here.` +
            (e.errors?.length ? `\n\n${e.errors.map((x) => `- ${x}`).join('\n')}` : ''),
          priority: 'urgent',
          options: [retry(who), ABORT],
        },
      };
    case 'tests_failing':
      return {
        type: 'ActionRequested',
        data: {
          ...base,
          title: `Tests still fail after ${e.rounds} ${e.rounds === 1 ? 'round' : 'rounds'} of fixes (${e.failedTests} failing)`,
          description:
            'The developer could not make the tests pass. Give the developer guidance for another round, ' +
            'accept the code as it is, or stop here. The failing run is attached.' +
            (e.errors?.length ? `\n\n${e.errors.join('\n')}` : ''),
          priority: 'high',
          options: [retry(who), { id: OPTION.accept, label: 'Accept as it is', description: 'Complete the project with failing tests, marked as such.' }, ABORT],
          ...(e.output ? { attachment: e.output } : {}),
        },
      };
    case 'criteria_unproven': {
      const criteria = e.criteria ?? [];
      const ids = criteria.map((c) => c.id);
      return {
        type: 'ActionRequested',
        data: {
          ...base,
          title: `${listOf(ids)} ${ids.length === 1 ? 'is' : 'are'} not proven`,
          description:
            `No test that would catch a bug proves ${ids.length === 1 ? 'this criterion' : 'these criteria'} ` +
            `after ${e.rounds} ${e.rounds === 1 ? 'round' : 'rounds'} of the tester trying again ` +
            `(${e.summary}; confidence ${pct(e.confidence)}, the share proven):\n` +
            criteria.map((c) => `- ${c.id} (${c.status}): ${c.text}`).join('\n') +
            (e.errors?.length ? `\n\n${e.errors.join('\n')}` : '') +
            '\n\nAccept them as open (your words are recorded with them), give the tester guidance for another try, or stop here.',
          priority: 'high',
          options: [
            {
              id: OPTION.accept,
              label: 'Accept them as open',
              description: 'Complete the project; these criteria are recorded as accepted with your words.',
              asks: { kind: 'text', prompt: 'Your words, kept beside each criterion you accept as open (optional)', required: false },
            },
            retry(who),
            ABORT,
          ],
          criteria: ids,
        },
      };
    }
    case 'person_file_changed': {
      const paths = e.paths ?? [];
      return {
        type: 'ActionRequested',
        data: {
          ...base,
          title: `The ${who} would change ${paths.length === 1 ? 'a file' : `${paths.length} files`} you edited: ${listOf(paths)}`,
          description:
            `You edited ${paths.length === 1 ? 'this file' : 'these files'} by hand, so the ${who}'s answer did not write over ${paths.length === 1 ? 'it' : 'them'}. ` +
            'Its changes are attached as a diff from your version. Take them, or keep yours (the team goes on either way).',
          priority: 'medium',
          options: [
            { id: OPTION.accept, label: `Take the ${who}'s changes`, description: 'Write its version; the file is the team’s again.' },
            { id: OPTION.keep, label: 'Keep mine', description: 'Your version stays, and stays yours.' },
          ],
          ...(e.attachment ? { attachment: e.attachment } : {}),
        },
      };
    }
    case 'budget_exceeded':
      if (e.budgetUsd !== undefined) {
        return {
          type: 'ActionRequested',
          data: {
            ...base,
            title: `Spend budget used up (${usd(e.spentUsd ?? 0)} of ${usd(e.budgetUsd)})`,
            description: `The project has spent its budget on model calls. Grant more to continue (${usd(e.budgetUsd)} more doubles it), or stop here.`,
            priority: 'high',
            options: [
              { id: OPTION.continue, label: 'Continue', description: 'Grant more dollars and carry on.', asks: { kind: 'usd', prompt: 'Dollars to grant', offered: e.budgetUsd } },
              ABORT,
            ],
          },
        };
      }
      return {
        type: 'ActionRequested',
        data: {
          ...base,
          title: `Token budget used up (${e.tokensUsed} of ${e.tokenBudget})`,
          description: `The project has used its token budget. Grant more tokens to continue (${e.tokenBudget} more doubles it), or stop here.`,
          priority: 'high',
          options: [
            {
              id: OPTION.continue,
              label: 'Continue',
              description: 'Grant more tokens and carry on.',
              asks: { kind: 'tokens', prompt: 'Tokens to grant', offered: Math.max(1, e.tokenBudget ?? 1) },
            },
            ABORT,
          ],
        },
      };
  }
}

const usd = (n: number): string => `$${n < 1 ? n.toFixed(4).replace(/0+$/, '').replace(/\.$/, '') : n.toFixed(2)}`;

/** "S1.AC2", "S1.AC2 and S2.AC1", "S1.AC2, S2.AC1 and S3.AC4", and past five "… and 3 more". */
function listOf(ids: readonly string[]): string {
  const named = ids.length > 5 ? [...ids.slice(0, 4), `${ids.length - 4} more`] : [...ids];
  return named.length <= 1 ? (named[0] ?? 'No criterion') : `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}`;
}

/** A wait as a person reads it: 5 min, 90 s, 1.5 s, 400 ms. */
function duration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 1000) return `${Number((ms / 1000).toFixed(1))} s`;
  return `${ms} ms`;
}

function pct(n: number | undefined): string {
  return `${Math.round((n ?? 0) * 100)}%`;
}
