import { type UserStory, analyst } from '../../src/domain/agents/analyst';
import { writeAnalysis } from '../../src/llm/offline/analysis-writer';
import { analystAnswer } from '../support/agent-fixtures';
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

  it('given a criterion that differs only in its figures → it keeps its id, a new version of the same rule', () => {
    const limits = [story('S1', 'Borrow seeds', ['at most 2 packets per gardener', 'at most 5 packets per month'])];
    const next = [story('S1', 'Borrow seeds', ['at most 5 packets per month', 'at most 3 packets per gardener', 'at most 1 packets per day'])];
    expect(continueStories(limits, next)[0].acceptance_criteria).toEqual([
      { id: 'S1.AC2', text: 'at most 5 packets per month' },
      { id: 'S1.AC1', text: 'at most 3 packets per gardener' },
      { id: 'S1.AC3', text: 'at most 1 packets per day' },
    ]);
  });

  it('given a story the round before did not have → never reuses the id of one it dropped', () => {
    const next = [story('S1', 'Add seeds', ['stores a seed']), story('S2', 'Remove seeds', ['removes a seed'])];
    expect(continueStories(earlier, next).map((s) => s.id)).toEqual(['S1', 'S3']);
  });
});

describe('the analyst in a change round', () => {
  const earlier = { ...analystAnswer(), user_stories: [story('S1', 'Add seeds', ['stores a seed']), story('S2', 'List seeds', ['lists every seed'])] };
  const input = { requirements: 'A seed swap', guidance: [], changes: ['Drop the list'], earlier };

  it('given an answer that keeps every earlier story, or names the ones it removes → nothing wrong with it', () => {
    expect(analyst.problemsWith!({ ...earlier, user_stories: [...earlier.user_stories, story('S3', 'Swap seeds', ['swaps'])] }, input)).toEqual([]);
    expect(analyst.problemsWith!({ ...earlier, user_stories: [earlier.user_stories[0]], removed_stories: ['S2'] }, input)).toEqual([]);
  });

  it('given an answer where an earlier story silently disappears → says which, so the model answers again', () => {
    expect(analyst.problemsWith!({ ...earlier, user_stories: [earlier.user_stories[0]] }, input)).toEqual([
      'user_stories: the stories S2 (List seeds) of the round before are missing: keep each under its id, or list its id in removed_stories',
    ]);
    expect(analyst.problemsWith!({ ...earlier, user_stories: [] }, { requirements: 'x', guidance: [] })).toEqual([]);
  });

  it('the offline analyst names the stories a change no longer reads as removed', () => {
    const round1 = writeAnalysis({ requirements: 'A seed swap: gardeners add seeds with a name, and gardeners list seeds.', guidance: [] });
    const moved = { ...round1, user_stories: [...round1.user_stories, story('S9', 'Paint the shed', ['the shed is painted'])] };
    const round2 = writeAnalysis({ requirements: 'A seed swap: gardeners add seeds with a name, and gardeners list seeds.', guidance: [], changes: ['Gardeners can also remove a seed.'], earlier: moved });
    expect(round2.removed_stories).toEqual(['S9']);
    expect(analyst.problemsWith!(round2, { requirements: '', guidance: [], earlier: moved })).toEqual([]);
  });
});
