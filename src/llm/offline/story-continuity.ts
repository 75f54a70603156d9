import type { UserStory } from '../../domain/agents/analyst';

const number = (id: string): number => Number(/\d+$/.exec(id)?.[0] ?? 0);
const key = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Stories of a new round under the ids they had before: a story read again with the same title keeps its id, and
 * each of its criteria with the same text keeps its id too, so the tests and code that cite them still do. What is
 * new numbers on after the highest id the round before used, never reusing one.
 */
export function continueStories(earlier: readonly UserStory[], next: readonly UserStory[]): UserStory[] {
  const byTitle = new Map(earlier.map((s) => [key(s.title), s]));
  let lastStory = Math.max(0, ...earlier.map((s) => number(s.id)));
  const taken = new Set<string>();
  const continued = next.map((story): UserStory => {
    const before = byTitle.get(key(story.title));
    const usable = before && !taken.has(before.id) ? before : undefined;
    const id = usable ? usable.id : `S${++lastStory}`;
    taken.add(id);
    const criteria = new Map((usable?.acceptance_criteria ?? []).map((c) => [key(c.text), c.id]));
    let lastCriterion = Math.max(0, ...(usable?.acceptance_criteria ?? []).map((c) => number(c.id)));
    const used = new Set<string>();
    const acceptance_criteria = story.acceptance_criteria.map((c) => {
      const same = criteria.get(key(c.text));
      const criterionId = same && !used.has(same) ? same : `${id}.AC${++lastCriterion}`;
      used.add(criterionId);
      return { ...c, id: criterionId };
    });
    return { ...story, id, acceptance_criteria };
  });
  return continued.sort((a, b) => number(a.id) - number(b.id));
}
