import pluralize from 'pluralize';
import type { AnalystOutput } from '../../domain/agents/analyst';
import { PERSON_NOUNS, VERB_FIELDS } from './lexicon';
import { pascalCase, spokenName } from './naming';
import type { Resource, ResourceField } from './resources';

/**
 * The one kind of business rule the offline developer implements: a limit on a number a record holds ("a rating
 * from 1 to 5", "a price of at most 200"). Everything else — counts of records ("at most 3 loans"), time windows,
 * who may do what — stays a rule the code does not implement, said openly rather than guessed.
 */
export interface ValueRule {
  criterionId: string;
  /** The rule as the criterion words it, for the comment above its code. */
  text: string;
  field: string;
  min?: number;
  max?: number;
  /** The function that checks it in the module ("checkRecipeRating"). */
  functionName: string;
  /** What a refused record is told ("rating must be from 1 to 5"). */
  message: string;
}

const NUMBER = '(-?\\d+(?:\\.\\d+)?)';
/** Closed classes of English: the phrases that bound a quantity. */
const RANGE = new RegExp(`\\b(?:from|between)\\s+${NUMBER}\\s+(?:to|and)\\s+${NUMBER}\\b`, 'gi');
const MAX = new RegExp(`\\b(?:at most|no more than|not more than|up to|a maximum of|maximum of|maximum)\\s+${NUMBER}`, 'gi');
const MIN = new RegExp(`\\b(?:at least|no less than|not less than|a minimum of|minimum of|minimum)\\s+${NUMBER}`, 'gi');
/** Conjunctions and prepositions of time and frequency: a limit with one of them is a window or a rate, not a value. */
const NOT_A_VALUE = /\b(before|after|until|till|within|per|once|twice|times|at a time|at once|when|while|unless|if)\b/i;

const words = (text: string): string[] => text.toLowerCase().match(/[a-z]+/g) ?? [];
const singular = (word: string): string => pluralize.singular(word);

/** The word right after the number a bound names ("3 tools" → "tools"), which says what is counted. */
function countedWord(text: string, end: number): string | undefined {
  return /^\s*([A-Za-z]+)/.exec(text.slice(end))?.[1]?.toLowerCase();
}

/** A number field the rule names ("rating", "price"), or one its verb stands for ("rate" → rating); one only. */
function fieldOf(text: string, fields: readonly ResourceField[]): ResourceField | undefined {
  const said = new Set(words(text).map(singular));
  const verbs = words(text).flatMap((w) => [w, w.replace(/(e?s|e?d)$/, ''), w.replace(/s$/, ''), w.replace(/d$/, '')]);
  const implied = new Set(verbs.map((v) => VERB_FIELDS.get(v)?.name).filter((n): n is string => n !== undefined));
  const numeric = fields.filter((f) => f.type === 'number');
  const named = numeric.filter((f) => {
    const parts = spokenName(f.name).split(' ');
    return parts.every((p) => said.has(singular(p))) || implied.has(f.name);
  });
  return named.length === 1 ? named[0] : undefined;
}

/** Reads a rule criterion of a resource as a value limit on one of its number fields, when it is one. */
export function valueRuleOf(criterion: { id: string; text: string }, r: Pick<Resource, 'pascal' | 'fields'>, counted: ReadonlySet<string>): Omit<ValueRule, 'functionName'> | undefined {
  const text = criterion.text.replace(/^rule:\s*/i, '');
  if (NOT_A_VALUE.test(text)) return undefined;
  const ranges = [...text.matchAll(RANGE)];
  const maxes = [...text.matchAll(MAX)];
  const mins = [...text.matchAll(MIN)];
  if (ranges.length + maxes.length + mins.length !== 1) return undefined;
  const match = ranges[0] ?? maxes[0] ?? mins[0];
  // "at most 3 tools", "at least 2 players": a count of records or people, not a value a record holds.
  const next = countedWord(text, (match.index ?? 0) + match[0].length);
  if (next !== undefined && counted.has(singular(next))) return undefined;
  const field = fieldOf(text, r.fields);
  if (!field) return undefined;
  const min = ranges[0] ? Number(ranges[0][1]) : mins[0] ? Number(mins[0][1]) : undefined;
  const max = ranges[0] ? Number(ranges[0][2]) : maxes[0] ? Number(maxes[0][1]) : undefined;
  if (min !== undefined && max !== undefined && min > max) return undefined;
  const bound = min !== undefined && max !== undefined ? `from ${min} to ${max}` : min !== undefined ? `at least ${min}` : `at most ${max}`;
  return { criterionId: criterion.id, text, field: field.name, min, max, message: `${field.name} must be ${bound}` };
}

/** The value rules of a resource, each with a function name of its own within the module. */
export function valueRulesOf(r: Resource, counted: ReadonlySet<string>): ValueRule[] {
  const rules: ValueRule[] = [];
  for (const c of r.criteria.filter((x) => x.kind === 'rule')) {
    const rule = valueRuleOf(c, r, counted);
    if (!rule) continue;
    const base = `check${r.pascal}${pascalCase(spokenName(rule.field))}`;
    let name = base;
    for (let n = 2; rules.some((x) => x.functionName === name); n += 1) name = `${base}${n}`;
    rules.push({ ...rule, functionName: name });
  }
  return rules;
}

/** Nouns that are counted rather than measured: the records of the project and the people who use it. */
export function countedNouns(resources: readonly Resource[], people: Iterable<string>): Set<string> {
  return new Set([...resources.flatMap((r) => r.spoken.split(' ').slice(-1)), ...[...people].map(singular)]);
}

/** The JavaScript of a rule's check, as the developer writes it into the module. */
export function ruleFunction(rule: ValueRule): string {
  const tests = [
    ...(rule.min !== undefined ? [`value < ${rule.min}`] : []),
    ...(rule.max !== undefined ? [`value > ${rule.max}`] : []),
  ].join(' || ');
  return `/** ${rule.criterionId}: ${rule.text.replace(/\*\//g, '* /')} */
function ${rule.functionName}(record) {
  const value = record == null ? undefined : record.${rule.field};
  if (typeof value === 'number' && (${tests})) throw new ValidationError('${rule.message}');
}`;
}

/** The value rules of every resource of an analysis, in the resources' order: what the developer implements. */
export function valueRulesOfProject(resources: readonly Resource[], analysis: AnalystOutput): ValueRule[][] {
  const counted = countedNouns(resources, [...PERSON_NOUNS, ...analysis.user_stories.map((s) => s.as_a)]);
  return resources.map((r) => valueRulesOf(r, counted));
}
