import type { UserStory } from '../../src/domain/agents/analyst';
import { continueStories } from '../../src/llm/offline/story-continuity';

const story = (id: string, title: string, criteria: string[]): UserStory => ({
  id,
  title,
  as_a: 'gardener',
  i_want: title.toLowerCase(),
  so_that: 'seeds are shared',
  priority: 'must',
  acceptance_criteria: criteria.map((text, k) => ({ id: `${id}.AC${k + 1}`, text })),
});

describe('stories of a change round keep the ids of the round before', () => {
  const earlier = [story('S1', 'Add seeds', ['stores a seed', 'refuses a seed without a name']), story('S2', 'List seeds', ['lists every seed'])];

  it('given the same stories read in another order with a new one first → old ids kept, the new one numbered after the highest', () => {
    const next = [story('S1', 'Add swap meetings', ['stores a meeting']), story('S2', 'List seeds', ['lists every seed']), story('S3', 'Add seeds', ['stores a seed', 'refuses a seed without a name'])];
    expect(continueStories(earlier, next).map((s) => [s.id, s.title, s.acceptance_criteria.map((c) => c.id)])).toEqual([
      ['S1', 'Add seeds', ['S1.AC1', 'S1.AC2']],
      ['S2', 'List seeds', ['S2.AC1']],
      ['S3', 'Add swap meetings', ['S3.AC1']],
    ]);
  });

  it('given a story whose criterion now reads differently → that criterion gets a new id, the others keep theirs', () => {
    const next = [story('S1', 'Add seeds', ['stores a seed with its sowing month', 'refuses a seed without a name'])];
    expect(continueStories(earlier, next)[0].acceptance_criteria).toEqual([
      { id: 'S1.AC3', text: 'stores a seed with its sowing month' },
      { id: 'S1.AC2', text: 'refuses a seed without a name' },
    ]);
  });

  it('given a story the round before did not have → never reuses the id of one it dropped', () => {
    const next = [story('S1', 'Add seeds', ['stores a seed']), story('S2', 'Remove seeds', ['removes a seed'])];
    expect(continueStories(earlier, next).map((s) => s.id)).toEqual(['S1', 'S3']);
  });
});
