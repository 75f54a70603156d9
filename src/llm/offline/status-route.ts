import type { Lifecycle } from './lifecycle-reader';
import { infinitiveOf } from './verb-forms';

/** A state on a route: one to three words ("waiting for parts"), no article (a route between places names them with one), never "to". */
const ROUTE_ITEM = '(?!to\\b|the\\b|an?\\b|and\\b|or\\b|it\\b|they\\b|then\\b)[a-z]+(?: (?!to\\b|and\\b|or\\b|then\\b|it\\b)[a-z]+){0,2}';

/** Verbs that move a record along its states, and back ("never goes back"): a closed class of English motion verbs. */
export const ROUTE_VERBS = new Set(['move', 'go', 'pass', 'progress', 'run']);

/** "a job moves from queued to printing to ready", "status goes draft to assigned to delivered": states in their order. */
const STATUS_ROUTE = new RegExp(
  `\\b(?:moves?|goes|go|pass(?:es)?|progress(?:es)?|runs?)\\s+(from\\s+${ROUTE_ITEM}(?:\\s+to\\s+${ROUTE_ITEM})+(?:(?:,\\s*${ROUTE_ITEM})*,?\\s+(?:and|then)\\s+${ROUTE_ITEM})?|${ROUTE_ITEM}(?:\\s+to\\s+${ROUTE_ITEM}){2,})`,
);

/**
 * The states a sentence routes a record through, in order, and where the route is said; undefined when it names none.
 * "moves from one shelf to another" is a route between things: a route of states has three or names a state by its act.
 */
export function statusRoute(text: string): { states: string[]; at: number } | undefined {
  const m = STATUS_ROUTE.exec(text.toLowerCase());
  if (!m) return undefined;
  // "from booked in to in repair, waiting for parts and ready": the list after the last "to" goes on in order.
  const states = m[1].replace(/^from\s+/, '').split(/\s+to\s+|\s*,\s*(?:and\s+|then\s+)?|\s+(?:and|then)\s+/);
  const named = states.length >= 3 || states.some((x) => infinitiveOf(x.split(' ')[0]) !== undefined);
  return named ? { states, at: m.index } : undefined;
}

/** The route a sentence gives, where a record's lifecycle was built from it; undefined otherwise. */
export function builtRoute(text: string, lifecycles: readonly Lifecycle[]): { states: string[]; at: number } | undefined {
  const route = statusRoute(text);
  return route && lifecycles.some((l) => route.states.every((s) => l.statuses.includes(s))) ? route : undefined;
}
