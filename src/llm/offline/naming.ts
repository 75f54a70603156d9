import pluralize from 'pluralize';

/**
 * Names that end up in generated code must be identifiers and file names whatever the requirements were written
 * in: accents are folded, other scripts and punctuation dropped, and a name never starts with a digit.
 */
export function nameWords(phrase: string): string[] {
  const folded = phrase
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  const parts = folded.split(/[^a-z0-9]+/).filter(Boolean);
  while (parts.length > 0 && /^[0-9]/.test(parts[0])) parts.shift();
  // Long phrases make unreadable identifiers; the last words carry the meaning of an English noun phrase.
  return parts.slice(-3);
}

export function camelCase(phrase: string): string {
  return nameWords(phrase)
    .map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1)))
    .join('');
}

export function pascalCase(phrase: string): string {
  const camel = camelCase(phrase);
  return camel && camel[0].toUpperCase() + camel.slice(1);
}

export function kebabCase(phrase: string): string {
  return nameWords(phrase).join('-');
}

/** The plural of a multi-word name inflects its last word only ("ticket type" → "ticket types"). */
export function pluralPhrase(phrase: string): string {
  const parts = phrase.toLowerCase().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '';
  parts[parts.length - 1] = pluralize.plural(parts[parts.length - 1]);
  return parts.join(' ');
}

/** Human words for a name given in camel or kebab case ("ticketType" → "ticket type"). */
export function spokenName(name: string): string {
  return nameWords(name).join(' ');
}

/** Groups that act as one ("finance approves", "staff check in guests") have no plural of their own. */
const COLLECTIVES = new Set(['finance', 'staff', 'support', 'hr', 'sales', 'management', 'security', 'accounting', 'anyone', 'everyone', 'site staff']);

/** People in the plural, for sentences such as "managers approve them". */
export function peopleWord(actor: string): string {
  return COLLECTIVES.has(actor) || COLLECTIVES.has(actor.split(' ').pop() ?? '') ? actor : pluralPhrase(actor);
}

/** Who acts where the text names nobody. */
export const DEFAULT_ACTOR = 'user';

/** "a, b and c", or "a, b or c" */
export function listWords(words: readonly string[], conjunction = 'and'): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

export function capitalize(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

/** "a" or "an" before a word, by its first sound as far as spelling tells. */
export function withArticle(noun: string): string {
  return /^[aeiou]/i.test(noun) && !/^(uni|use|user|eu|one)/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/** A word or phrase as a literal inside a regular expression. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
