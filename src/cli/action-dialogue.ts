import type { EventData } from '../events/catalog';
import { OPTION } from '../domain/escalation';

export interface ActionAnswer {
  optionId: string;
  response: string | null;
  grantTokens?: number;
  grantUsd?: number;
}

/**
 * Asks a person at a terminal to answer an action: a numbered choice, then what that option needs (its guidance,
 * the new requirements, an amount of tokens with the offered one as default). Typed words instead of a number are
 * guidance for a retry, where the action offers one. Asks again rather than sending an answer the action refuses.
 */
export async function answerAtTerminal(
  action: EventData<'ActionRequested'>,
  question: (prompt: string) => Promise<string>,
  out: (text: string) => void,
): Promise<ActionAnswer> {
  out(`\n${action.description}`);
  action.options.forEach((o, i) => out(`  ${i + 1}. ${o.label}${o.description ? ` — ${o.description}` : ''}`));
  const retry = action.options.find((o) => o.id === OPTION.retry);
  for (;;) {
    const answer = (await question(retry ? 'Pick a number, or type guidance: ' : 'Pick a number: ')).trim();
    const picked = /^\d+$/.test(answer) ? action.options[Number(answer) - 1] : undefined;
    if (!picked) {
      if (answer && retry && !/^\d+$/.test(answer)) return { optionId: retry.id, response: answer };
      out(`Pick one of 1 to ${action.options.length}.`);
      continue;
    }
    const asks = picked.asks;
    if (!asks) return { optionId: picked.id, response: null };
    if (asks.kind === 'tokens') return { optionId: picked.id, response: null, grantTokens: await amount(asks.prompt, asks.offered, WHOLE, question, out) };
    if (asks.kind === 'usd') return { optionId: picked.id, response: null, grantUsd: await amount(asks.prompt, asks.offered, DOLLARS, question, out) };
    for (;;) {
      const text = (await question(`${asks.prompt}${asks.required ? '' : ' (Enter to skip)'}: `)).trim();
      if (text || !asks.required) return { optionId: picked.id, response: text || null };
      out('This option needs an answer.');
    }
  }
}

const WHOLE = { pattern: /^\d+$/, hint: 'Give a whole number of tokens, or press Enter for the amount offered.' };
const DOLLARS = { pattern: /^\$?\d+(\.\d+)?$/, hint: 'Give an amount in dollars, such as 5 or 2.50, or press Enter for the amount offered.' };

async function amount(
  prompt: string,
  offered: number,
  kind: { pattern: RegExp; hint: string },
  question: (prompt: string) => Promise<string>,
  out: (text: string) => void,
): Promise<number> {
  for (;;) {
    const text = (await question(`${prompt} [${offered}]: `)).trim().replace(/[,_\s]/g, '');
    if (!text) return offered;
    const value = Number(text.replace(/^\$/, ''));
    if (kind.pattern.test(text) && value > 0 && Number.isFinite(value) && value <= Number.MAX_SAFE_INTEGER) return value;
    out(kind.hint);
  }
}
