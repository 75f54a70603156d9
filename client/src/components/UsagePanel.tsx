import type { CombinedError } from 'urql';
import { agentLabel, formatNumber, formatPercent, formatUsd } from '../format';
import type { Usage } from '../types';
import { ErrorNotice } from './ErrorNotice';
import { Panel } from './Panel';

interface UsagePanelProps {
  usage: Usage | undefined;
  error: CombinedError | undefined;
  onRetry(): void;
}

/** Tokens and dollars per agent and in total, with the budgets when the project has them. */
export function UsagePanel({ usage, error, onRetry }: UsagePanelProps) {
  const max = usage ? Math.max(1, ...usage.byAgent.map((a) => a.totalTokens)) : 1;
  return (
    <Panel
      id="usage"
      title="Usage"
      className="usage-panel"
      meta={usage ? `${formatNumber(usage.totalTokens)} tokens · ${formatUsd(usage.costUsd)}` : undefined}
    >
      <ErrorNotice error={error} title="Usage could not be loaded" onRetry={onRetry} />
      {!usage && !error && <p className="muted loading">Loading usage…</p>}
      {usage && usage.llmCalls === 0 && (
        <p className="empty">No tokens used yet — every call an agent makes to the model is counted here.</p>
      )}
      {usage && usage.llmCalls > 0 && (
        <table className="usage-table">
          <caption className="visually-hidden">Tokens used per agent</caption>
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col" className="num usage-split">
                Prompt
              </th>
              <th scope="col" className="num usage-split">
                Output
              </th>
              <th scope="col" className="num">
                Total
              </th>
              <th scope="col" className="num">
                Calls
              </th>
              <th scope="col" className="num">
                Cost
              </th>
            </tr>
          </thead>
          <tbody>
            {usage.byAgent.map((a) => (
              <tr key={a.agent}>
                <th scope="row">
                  {agentLabel(a.agent)}
                  <span className="usage-bar" aria-hidden="true">
                    <span style={{ width: `${(a.totalTokens / max) * 100}%` }} />
                  </span>
                </th>
                <td className="num usage-split">{formatNumber(a.promptTokens)}</td>
                <td className="num usage-split">{formatNumber(a.completionTokens)}</td>
                <td className="num">{formatNumber(a.totalTokens)}</td>
                <td className="num">{a.llmCalls}</td>
                <td className="num">{formatUsd(a.costUsd)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td className="num usage-split">{formatNumber(usage.promptTokens)}</td>
              <td className="num usage-split">{formatNumber(usage.completionTokens)}</td>
              <td className="num usage-total">{formatNumber(usage.totalTokens)}</td>
              <td className="num">{usage.llmCalls}</td>
              <td className="num usage-cost">{formatUsd(usage.costUsd)}</td>
            </tr>
          </tfoot>
        </table>
      )}
      {usage && usage.tokenBudget !== null && (
        <div className="budget">
          <p>
            Budget: {formatNumber(usage.totalTokens)} of {formatNumber(usage.tokenBudget)} tokens (
            {formatPercent(usage.totalTokens / Math.max(1, usage.tokenBudget))})
          </p>
          <progress max={usage.tokenBudget} value={Math.min(usage.totalTokens, usage.tokenBudget)} aria-label="Token budget used" />
        </div>
      )}
      {usage && usage.budgetUsd !== null && (
        <div className="budget">
          <p>
            Spend budget: {formatUsd(usage.costUsd)} of {formatUsd(usage.budgetUsd)} ({formatPercent(usage.costUsd / usage.budgetUsd)})
          </p>
          <progress max={usage.budgetUsd} value={Math.min(usage.costUsd, usage.budgetUsd)} aria-label="Spend budget used" />
        </div>
      )}
    </Panel>
  );
}
