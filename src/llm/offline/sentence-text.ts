import type { Sentence } from './tokens';

/** A sentence as written, with its punctuation, for the readers that look at word order rather than tags. */
export function sentenceText(s: Sentence): string {
  // A hyphen written after a word joins it to the next ("young-driver"), as the writer did.
  return s.tokens.map((t) => `${t.text}${t.punct}`).join(' ').replace(/(\w)- (?=\w)/g, '$1-');
}
