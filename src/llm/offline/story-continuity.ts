import type { UserStory } from '../../domain/agents/analyst';

const number = (id: string): number => Number(/\d+$/.exec(id)?.[0] ?? 0);
const key = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ').trim();
/** Words without their figures: "at most 2 tanks" and "at most 3 tanks" are one rule in two versions. */
const shape = (text: string): string => key(text).replace(/\d+(?:[.,]\d+)*/g, '#');

/**
 * Pairs each of `next` with one of `earlier` that is alike, trying each likeness over all of them before the next
 * one, so a text that stayed is never taken for the new version of one that changed. Index in `next` → its pair.
 */
function pairUp<T>(earlier: readonly T[], next: readonly T[], text: (x: T) => string): Map<number, T> {
  const pairs = new Map<number, T>();
  const paired = new Set<T>();
  for (const alike of [key, shape]) {
    next.forEach((x, k) => {
      const was = pairs.has(k) ? undefined : earlier.find((e) => !paired.has(e) && alike(text(e)) === alike(text(x)));
      if (!was) return;
      pairs.set(k, was);
      paired.add(was);
    });
  }
  return pairs;
}

/**
 * Stories of a new round under the ids they had before: a story read again with the same title keeps its id, and
 * each of its criteria with the same text keeps its id too, so the tests and code that cite them still do. A title
 * or criterion that differs only in its figures (a limit a change raised) keeps its id as well: it is a new version
 * of the same rule, not a new rule beside the old one. What is new numbers on after the highest id the round before
 * used, never reusing one.
 */
export function continueStories(earlier: readonly UserStory[], next: readonly UserStory[]): UserStory[] {
  const stories = pairUp(earlier, next, (s) => s.title);
  let lastStory = Math.max(0, ...earlier.map((s) => number(s.id)));
  const continued = next.map((story, k): UserStory => {
    const was = stories.get(k);
    const id = was ? was.id : `S${++lastStory}`;
    const before = was?.acceptance_criteria ?? [];
    const criteria = pairUp(before, story.acceptance_criteria, (c) => c.text);
    let lastCriterion = Math.max(0, ...before.map((c) => number(c.id)));
    const acceptance_criteria = story.acceptance_criteria.map((c, i) => ({ ...c, id: criteria.get(i)?.id ?? `${id}.AC${++lastCriterion}` }));
    return { ...story, id, acceptance_criteria };
  });
  return continued.sort((a, b) => number(a.id) - number(b.id));
}
