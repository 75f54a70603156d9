import nlp from 'compromise';

interface Conjugation {
  PastTense?: string;
  Participle?: string;
  Gerund?: string;
}

/** English spelling of a regular past participle: "close" → "closed", "carry" → "carried". */
function regularParticiple(verb: string): string {
  if (verb.endsWith('e')) return `${verb}d`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ied`;
  return `${verb}ed`;
}

/** The past participle of a verb ("pay" → "paid", "check in" → "checked in"): the state its action leaves a record in. */
export function participleOf(verb: string): string {
  const [head, ...particle] = verb.toLowerCase().trim().split(/\s+/);
  const forms = (nlp(head).verbs().conjugate() as Conjugation[])[0];
  const word = forms?.Participle ?? forms?.PastTense ?? regularParticiple(head);
  return [word.split(' ').pop() ?? word, ...particle].join(' ');
}

/** The verb a participle comes from ("paid" → "pay", "reserved" → "reserve"), or undefined for a word that is none. */
export function infinitiveOf(word: string): string | undefined {
  const w = word.toLowerCase();
  const said = nlp(w).verbs().toInfinitive().text().trim();
  const candidates = [said, w.slice(0, -1), w.slice(0, -2), w.slice(0, -3), `${w.slice(0, -3)}y`].filter((c) => /^[a-z]{2,}$/.test(c) && c !== w);
  // "broken" is not "broke" + n: a past tense is no infinitive of its own, but leads to one ("broke" → "break").
  const matching = candidates.flatMap((c) => (isPastTense(c) ? [nlp(c).verbs().toInfinitive().text().trim()] : [c])).filter((c) => participleOf(c) === w);
  // "accepted" could be "accepte" + d by spelling alone; a verb compromise knows wins over a guess.
  return matching.find((c) => (nlp(c).verbs().conjugate() as Conjugation[]).length > 0) ?? matching[0];
}

/** The verb a gerund comes from ("printing" → "print", "shipping" → "ship"), or undefined for a word that is none. */
export function infinitiveOfGerund(word: string): string | undefined {
  const w = word.toLowerCase();
  if (!/ing$/.test(w)) return undefined;
  const stem = w.slice(0, -3);
  return [stem, `${stem}e`, stem.slice(0, -1)].find((v) => v.length >= 2 && (nlp(v).verbs().conjugate() as Conjugation[])[0]?.Gerund === w);
}

/** Whether compromise knows the word as the past tense of another verb ("broke", "froze"). */
function isPastTense(word: string): boolean {
  const infinitive = nlp(word).verbs().toInfinitive().text().trim();
  return infinitive !== '' && infinitive !== word;
}

/**
 * Whether a noun names the act of a verb by English derivation: "cancellation" (cancel), "approval" (approve),
 * "return" (return), "closure" (close), "acceptance" (accept), "completion" (complete), "assignment" (assign),
 * "entry" (enter), "submission" (submit).
 */
export function namesActOf(noun: string, verb: string): boolean {
  const stem = verb.replace(/e$/, '');
  const forms = [
    verb,
    `${verb}ation`,
    `${verb}lation`,
    `${stem}ation`,
    `${stem}al`,
    `${verb}al`,
    `${verb}ment`,
    `${verb}ance`,
    `${stem}ance`,
    `${verb}ion`,
    `${stem}ion`,
    `${stem}ure`,
    `${verb}y`,
    // "enter" → "entry", "submit" → "submission".
    ...(/[^e]er$/.test(verb) ? [verb.replace(/er$/, 'ry')] : []),
    ...(/mit$/.test(verb) ? [verb.replace(/t$/, 'ssion')] : []),
  ];
  return forms.includes(noun);
}
