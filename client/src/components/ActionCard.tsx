import { useId, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { parseApiError } from '../errors';
import { RESPOND_TO_ACTION_MUTATION } from '../queries';
import type { Action } from '../types';
import { ErrorNotice } from './ErrorNotice';
import { jumpToPanel } from './PageNav';
import { projectHref } from '../hooks/useHashRoute';
import { PriorityBadge } from './PriorityBadge';
import { RelativeTime } from './RelativeTime';

/** Why the team asks, in words (the reason's code otherwise, underscores as spaces). */
const REASONS: Record<string, string> = {
  low_confidence: 'low confidence',
  attempts_exhausted: 'attempts used up',
  budget_exceeded: 'budget spent',
  tests_failing: 'tests failing',
  step_timeout: 'step timed out',
  criteria_unproven: 'criteria not proven',
  person_file_changed: 'your file would change',
};

interface ActionCardProps {
  action: Action;
  onResponded(): void;
}

/**
 * A pending question from an agent: pick one of its options and/or write an answer, then send.
 * The options are toggle buttons; the text is sent with the chosen option, or alone.
 */
export function ActionCard({ action, onResponded }: ActionCardProps) {
  const [optionId, setOptionId] = useState<string | null>(null);
  const [response, setResponse] = useState('');
  const [tokens, setTokens] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [{ fetching }, respond] = useMutation<{ respondToAction: Action }>(RESPOND_TO_ACTION_MUTATION);
  const id = useId();
  const hasOptions = action.options.length > 0;
  const aboutCriteria = action.reason === 'criteria_unproven';
  // The chosen option says what it needs: its prompt labels the text box, or an amount of tokens is asked for.
  const asks = action.options.find((o) => o.id === optionId)?.asks ?? null;
  // An amount to grant: whole tokens, or dollars.
  const asksAmount = asks?.kind === 'TOKENS' || asks?.kind === 'USD';
  const amountField = asks?.kind === 'USD' ? 'grantUsd' : 'grantTokens';

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const text = response.trim();
    setGeneral([]);
    if (!optionId && !text) {
      setFieldErrors({
        [hasOptions ? 'optionId' : 'response']: hasOptions ? 'Choose an option or write an answer.' : 'Write an answer.',
      });
      return;
    }
    if (asks?.kind === 'TEXT' && asks.required && !text) {
      setFieldErrors({ response: `${asks.prompt} — this option needs it.` });
      return;
    }
    const grant = asksAmount && tokens.trim() ? Number(tokens.replace(/[,_\s$]/g, '')) : null;
    const valid = grant === null || (asks?.kind === 'USD' ? Number.isFinite(grant) && grant > 0 : Number.isInteger(grant) && grant >= 1);
    if (!valid) {
      setFieldErrors({
        [amountField]: asks?.kind === 'USD' ? 'Give an amount in dollars, such as 5 or 2.50, or leave it empty for the amount offered.' : 'Give a whole number of tokens, or leave it empty for the amount offered.',
      });
      return;
    }
    setFieldErrors({});
    const result = await respond({
      input: { actionId: action.id, ...(optionId ? { optionId } : {}), ...(text ? { response: text } : {}), ...(grant !== null ? { [amountField]: grant } : {}) },
    });
    if (result.error) {
      const info = parseApiError(result.error);
      const fields: Record<string, string> = {};
      const rest = [...info.general];
      for (const [field, message] of Object.entries(info.fields)) {
        if (field === 'optionId' || field === 'response' || field === 'grantTokens' || field === 'grantUsd') fields[field] = message;
        else rest.push(message);
      }
      setFieldErrors(fields);
      setGeneral(rest);
      return;
    }
    onResponded();
  };

  const optionsError = fieldErrors.optionId;
  const responseError = fieldErrors.response;
  const tokensError = fieldErrors[amountField];

  return (
    <li className={`action-card priority-border-${action.priority.toLowerCase()}`} data-action={action.id} data-reason={action.reason}>
      <form onSubmit={onSubmit} aria-labelledby={`${id}-title`} noValidate>
        <div className="action-head">
          <PriorityBadge priority={action.priority} />
          <h3 id={`${id}-title`}>{action.title}</h3>
        </div>
        <p className="muted action-meta">
          {action.agent ? `Asked by the ${action.agent}` : 'Asked'} <RelativeTime iso={action.createdAt} />
          {action.reason && <span className="chip action-reason">{REASONS[action.reason] ?? action.reason.replace(/_/g, ' ')}</span>}
        </p>
        {action.description && <div className="prose action-description">{action.description}</div>}
        {aboutCriteria && (
          <p className="action-criteria">
            <a
              href={projectHref(action.projectId)}
              onClick={(e) => {
                e.preventDefault();
                jumpToPanel('stories');
              }}
            >
              See their tests, code and surviving mutants in Stories
            </a>
          </p>
        )}
        {action.attachment && (
          <details className="action-attachment">
            <summary>Supporting output</summary>
            <pre className="output">{action.attachment}</pre>
          </details>
        )}

        {hasOptions && (
          <fieldset className={`action-options${optionsError ? ' field-invalid' : ''}`} aria-describedby={optionsError ? `${id}-options-error` : undefined}>
            <legend>Options</legend>
            <div className="option-buttons">
              {action.options.map((option) => {
                const selected = optionId === option.id;
                return (
                  <button
                    key={option.id}
                    type="button"
                    className={`option-button${selected ? ' option-selected' : ''}`}
                    aria-pressed={selected}
                    onClick={() => setOptionId(selected ? null : option.id)}
                  >
                    <span className="option-label">{option.label}</span>
                    {option.description && <span className="option-description">{option.description}</span>}
                  </button>
                );
              })}
            </div>
            {optionsError && (
              <p className="field-error" id={`${id}-options-error`}>
                {optionsError}
              </p>
            )}
          </fieldset>
        )}

        {asksAmount && (
          <div className={`field${tokensError ? ' field-invalid' : ''}`}>
            <label htmlFor={`${id}-tokens`}>{asks.prompt}</label>
            <input
              id={`${id}-tokens`}
              inputMode="numeric"
              value={tokens}
              onChange={(e) => setTokens(e.target.value)}
              placeholder={`${asks.offered ?? ''} (offered)`}
              aria-invalid={tokensError ? true : undefined}
              aria-describedby={tokensError ? `${id}-tokens-error` : undefined}
            />
            {tokensError && (
              <p className="field-error" id={`${id}-tokens-error`}>
                {tokensError}
              </p>
            )}
          </div>
        )}

        <div className={`field${responseError ? ' field-invalid' : ''}`}>
          <label htmlFor={`${id}-response`}>
            {asks?.kind === 'TEXT'
              ? asks.prompt
              : aboutCriteria
              ? 'Your words (kept beside each criterion you accept as open)'
              : hasOptions
                ? 'Your answer (optional with an option)'
                : 'Your answer'}
          </label>
          <textarea
            id={`${id}-response`}
            rows={3}
            value={response}
            onChange={(e) => setResponse(e.target.value)}
            aria-invalid={responseError ? true : undefined}
            aria-describedby={responseError ? `${id}-response-error` : undefined}
            placeholder={
              aboutCriteria
                ? 'Why they may stay open, or what the tester should check…'
                : hasOptions
                  ? 'Add guidance for the agent…'
                  : 'Tell the agent what to do…'
            }
          />
          {responseError && (
            <p className="field-error" id={`${id}-response-error`}>
              {responseError}
            </p>
          )}
        </div>
        <ErrorNotice messages={general} title="The answer was not sent" />
        <button type="submit" className="button button-primary" disabled={fetching}>
          {fetching ? 'Sending…' : 'Send answer'}
        </button>
      </form>
    </li>
  );
}
