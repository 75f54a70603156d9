import { nestedDeeperThan } from '../domain/json-nesting';

/** Deeper than any agent's schema goes, and shallow enough for the recursive code an answer meets later. */
export const MAX_JSON_DEPTH = 64;

/**
 * Reads the JSON object out of a model's answer. Servers without structured output often wrap it in a
 * Markdown fence or a sentence, or put a reasoning block before it, so take what follows the reasoning, then the
 * fenced block, else the outermost braces. Linear in the answer's
 * length (no backtracking pattern), and an answer nested deeper than MAX_JSON_DEPTH is refused.
 */
export function extractJson(text: string): unknown {
  // A reasoning model's thoughts come first and may hold braces of their own: the answer is what follows them.
  const thought = text.lastIndexOf('</think>');
  const trimmed = (thought >= 0 ? text.slice(thought + '</think>'.length) : text).trim();
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    value = JSON.parse(fencedBlock(trimmed) ?? trimmed.slice(trimmed.indexOf('{'), trimmed.lastIndexOf('}') + 1));
  }
  if (nestedDeeperThan(value, MAX_JSON_DEPTH)) throw new SyntaxError(`the JSON is nested deeper than ${MAX_JSON_DEPTH} levels`);
  return value;
}

/** The text between the first ``` (with an optional `json` tag) and the next ```, or null. */
function fencedBlock(text: string): string | null {
  const open = text.indexOf('```');
  if (open < 0) return null;
  let start = open + 3;
  if (text.slice(start, start + 4).toLowerCase() === 'json') start += 4;
  const close = text.indexOf('```', start);
  return close < 0 ? null : text.slice(start, close);
}
