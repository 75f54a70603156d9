import type { AnalystOutput, UserStory } from '../../domain/agents/analyst';
import { type CriterionKind, criterionKind } from './criteria';
import type { FieldType } from './field-finder';
import { camelCase, escapeRegExp, kebabCase, nameWords, pascalCase, pluralPhrase, spokenName } from './naming';
import { readRule } from './rule';

export interface ResourceField {
  name: string;
  type: FieldType;
  required: boolean;
}

/** An entity as the API and the code see it: names for files, functions and paths, its fields and the stories it serves. */
export interface Resource {
  /** camelCase identifier ("ticketType"). */
  name: string;
  /** "ticket type" */
  spoken: string;
  /** "ticket types" */
  spokenPlural: string;
  /** Module file name without extension ("ticket-type"). */
  file: string;
  /** "TicketType", for function names. */
  pascal: string;
  /** "/ticket-types" */
  path: string;
  fields: ResourceField[];
  /** Criteria that name this resource, with what each asks of it. */
  criteria: { storyId: string; id: string; text: string; kind: CriterionKind }[];
  storyIds: string[];
}

/** File names the generated project uses for itself; an entity with one of these names gets a suffix. */
const RESERVED_FILES = new Set(['app', 'server', 'lib', 'index', 'test', 'package', 'readme']);
const FIELD_TYPES: readonly FieldType[] = ['string', 'number', 'boolean', 'date', 'id'];

/** Where the text first names the resource, or -1. */
function mentionAt(text: string, r: Pick<Resource, 'spoken' | 'spokenPlural'>): number {
  const names = [r.spokenPlural, r.spoken].map((n) => escapeRegExp(n).replace(/ /g, '[\\s-]+'));
  return text.search(new RegExp(`\\b(${names.join('|')})\\b`, 'i'));
}

function mentions(text: string, r: Pick<Resource, 'spoken' | 'spokenPlural'>): boolean {
  return mentionAt(text, r) >= 0;
}

/**
 * "can" and "may" (a closed class of English modal verbs) end the phrase of the person acting: in "A member can
 * change a loan's status" the criterion is about the loan, not the member.
 */
const MODAL = /\b(?:can|may|must|should|shall|will)\b(?!\s+be\b)/i;

/**
 * The resource a criterion is about: the first one named after the person acting ("A user can create a cart" is
 * about carts), else the first one named at all; of two names at the same place the longer ("ticket type" over
 * "ticket").
 */
/** What a criterion says after the person acting ("change a loan's status" of "A member can change a loan's status"). */
export function afterActor(text: string): string | undefined {
  const modal = MODAL.exec(text);
  return modal ? text.slice(modal.index + modal[0].length) : undefined;
}

function ownerOf(text: string, resources: readonly Resource[]): Resource | undefined {
  // A rule is about the record it opens with ("Rule: A tenancy must have a deposit"); only "who may" rules name people first.
  const rest = /^Rule: (?!Only )/.test(text) ? undefined : afterActor(text);
  const parts = rest !== undefined ? [rest, text] : [text];
  for (const part of parts) {
    const found = resources
      .map((r) => ({ r, at: mentionAt(part, r) }))
      .filter((m) => m.at >= 0)
      .sort((a, b) => a.at - b.at || b.r.spoken.length - a.r.spoken.length);
    if (found.length > 0) return found[0].r;
  }
  return undefined;
}

/**
 * The fields a module validates. The analyst's schema says nothing of which fields are required, so the rule is
 * the analyst's own order: the first field after the id is what the record is known by and must be given.
 */
function fieldsOf(entity: AnalystOutput['entities'][number]): ResourceField[] {
  const fields: ResourceField[] = [];
  for (const f of entity.fields) {
    const name = camelCase(f.name);
    if (!name || name === 'id' || fields.some((x) => x.name === name)) continue;
    fields.push({ name, type: FIELD_TYPES.includes(f.type) ? f.type : 'string', required: false });
  }
  if (fields.length === 0) fields.push({ name: 'name', type: 'string', required: false });
  fields[0].required = true;
  return fields;
}

function storyText(s: UserStory): string {
  return [s.title, s.i_want, ...s.acceptance_criteria.map((c) => c.text)].join(' ');
}

/** Reads the analysis into resources, with names that are safe as identifiers, file names and URL paths. */
export function resourcesOf(analysis: AnalystOutput): Resource[] {
  const resources: Resource[] = [];
  for (const entity of analysis.entities) {
    let words = nameWords(entity.name);
    if (words.length === 0) continue;
    if (RESERVED_FILES.has(words.join('-'))) words = [...words, 'record'];
    const phrase = words.join(' ');
    if (resources.some((r) => r.name === camelCase(phrase))) continue;
    resources.push({
      name: camelCase(phrase),
      spoken: spokenName(phrase),
      spokenPlural: pluralPhrase(phrase),
      file: kebabCase(phrase),
      pascal: pascalCase(phrase),
      path: `/${kebabCase(pluralPhrase(phrase))}`,
      fields: fieldsOf(entity),
      criteria: [],
      storyIds: [],
    });
  }
  // A criterion belongs to the resource it is about (see ownerOf).
  for (const story of analysis.user_stories) {
    const linked = resources.filter((r) => mentions(storyText(story), r));
    for (const r of linked) r.storyIds.push(story.id);
    for (const c of story.acceptance_criteria) {
      const owner = ownerOf(c.text, resources) ?? (linked.length === 1 ? linked[0] : undefined);
      owner?.criteria.push({ storyId: story.id, id: c.id, text: c.text, kind: criterionKind(c.text) });
    }
  }
  return resources;
}

/** Whether the stories ask to change or to remove a resource's records, which decides PATCH and DELETE. */
export function operationsOf(r: Resource): { update: boolean; remove: boolean } {
  // A rule on who may change or remove a record says that it can be changed or removed.
  const guarded = r.criteria.flatMap((c) => {
    const rule = c.kind === 'rule' ? readRule(c.text, [r]) : undefined;
    return rule?.kind === 'role' ? [rule.operation] : [];
  });
  return {
    update: guarded.includes('update') || r.criteria.some((c) => c.kind === 'update'),
    remove: guarded.includes('remove') || r.criteria.some((c) => c.kind === 'remove'),
  };
}

/** Stories whose criteria ask one of these things of the resource, else every story that names it. */
export function storiesAsking(r: Resource, kinds: readonly CriterionKind[]): string[] {
  const ids = [...new Set(r.criteria.filter((c) => kinds.includes(c.kind)).map((c) => c.storyId))];
  return ids.length > 0 ? ids : r.storyIds;
}
