/**
 * What an acceptance criterion asks of a resource's API, told from its words. The offline analyst words its
 * criteria so that they classify exactly; criteria from a model are classified on a best-effort basis, and a
 * criterion that fits no kind is a rule a person checks.
 */
export type CriterionKind = 'create' | 'reject' | 'list' | 'get' | 'update' | 'remove' | 'action' | 'rule';

/** The kinds a plain operation of a record's store does; actions and rules have functions of their own. */
export type OperationKind = Exclude<CriterionKind, 'action' | 'rule'>;

const KIND_PATTERNS: readonly [CriterionKind, RegExp][] = [
  ['rule', /^rule\b/i],
  ['action', /; it becomes .+, and from any other status it is refused$/i],
  // The offline analyst's own wording, matched first because field names inside it ("assignee") mislead the rest.
  ['create', /is stored and returned with an id/i],
  ['reject', /is refused with a validation error/i],
  ['list', /returns every .* that was created/i],
  ['get', /can be fetched by its id/i],
  ['update', /and the change is kept/i],
  ['remove', /after which it is no longer listed/i],
  // Limits, time windows and negations make a criterion a business rule, not a plain operation on a record
  // ("A member cannot borrow more than 3 tools"); a test of the plain operation would not prove it. Negations,
  // quantifiers, comparatives and prepositions of time are closed classes of English.
  [
    'rule',
    /\b(cannot|can't|can ?not|must not|may not|never|only|once|twice|at most|at least|no more than|more than|less than|fewer than|up to|unless|until|before|after|within|per)\b/i,
  ],
  ['reject', /\b(validation|invalid|missing|without|required|refused)\b/i],
  ['remove', /\b(no longer listed|remov\w*|delet\w*|cancel\w*)\b/i],
  ['update', /\b(chang\w*|updat\w*|edit\w*|modif\w*|approv\w*|reject\w*|assign\w*|resolv\w*|mark\w*|refund\w*|clos\w*)\b/i],
  ['get', /\b(by its id|fetched|not[- ]found|unknown id)\b/i],
  ['list', /\b(list\w*|every|all|search\w*|brows\w*)\b/i],
  ['create', /\b(creat\w*|add\w*|submit\w*|stor\w*|record\w*|sav\w*|regist\w*|book\w*|reserv\w*|new|with an id)\b/i],
];

export function criterionKind(text: string): CriterionKind {
  return KIND_PATTERNS.find(([, pattern]) => pattern.test(text))?.[0] ?? 'rule';
}
