import { writeAnalysis } from '../../src/llm/offline/analysis-writer';
import { readSentences } from '../../src/llm/offline/tokens';
import { isWithdrawal } from '../../src/llm/offline/withdrawal-reader';

const HANGAR = 'A glider club. Pilots book gliders for a day and cancel bookings. Pilots log flights with a duration. Instructors sign logbooks.';

/** Round 1 from the requirements, then round 2 with one change: the stories and records each round keeps. */
function rounds(requirements: string, change: string) {
  const first = writeAnalysis({ requirements, guidance: [] });
  const second = writeAnalysis({ requirements, guidance: [], changes: [change], earlier: first });
  const titles = (a: typeof first) => a.user_stories.map((s) => s.title);
  return { first, second, before: titles(first), after: titles(second), records: second.entities.map((e) => e.name) };
}

describe('a change that takes something away (offline reader)', () => {
  it.each([
    ['Flights are no longer logged.'],
    ['We do not need flights any more.'],
    ['Drop the flights.'],
    ['Please remove flights.'],
  ])('given "%s" → the record, its stories and the fields naming it are gone; the rest kept under their ids', (change) => {
    const { first, second, before, after, records } = rounds(HANGAR, change);
    expect(before.some((t) => /flight/i.test(t))).toBe(true);
    expect(after.some((t) => /flight/i.test(t))).toBe(false);
    expect(records).not.toContain('flight');
    expect(JSON.stringify(second.entities)).not.toMatch(/flightId/);
    const removed = first.user_stories.filter((s) => /flight/i.test(s.title)).map((s) => s.id);
    expect(second.removed_stories).toEqual(removed);
    expect(second.user_stories.map((s) => s.id)).toEqual(first.user_stories.map((s) => s.id).filter((id) => !removed.includes(id)));
  });

  it('given one action that stops ("can no longer cancel bookings") → that story goes, the record and its other stories stay', () => {
    const { before, after, records } = rounds(HANGAR, 'Pilots can no longer cancel bookings.');
    expect(before.some((t) => /^cancel/i.test(t))).toBe(true);
    expect(after.some((t) => /^cancel/i.test(t))).toBe(false);
    expect(after.some((t) => /^book/i.test(t))).toBe(true);
    expect(records).toContain('booking');
  });

  it('given a withdrawal that names nothing the text keeps → nothing is taken away; a person is asked what should go', () => {
    const { first, second } = rounds(HANGAR, "We don't need the newsletter anymore.");
    expect(second.user_stories.map((s) => s.id)).toEqual(first.user_stories.map((s) => s.id));
    expect(second.open_questions[0]).toMatch(/^"We don't need the newsletter anymore" asks to take something away/);
    expect(second.confidence).toBeLessThan(0.7);
  });

  it('given a sentence that frees from a duty or limits an action → not a withdrawal', () => {
    for (const text of ['Pilots do not need to sign in to see gliders.', 'A pilot may not book more than 2 gliders.', 'Gliders not flown for a year are checked.']) {
      expect(isWithdrawal(readSentences(text)[0])).toBe(false);
    }
    for (const text of ['Gliders are no longer booked.', 'Remove the logbooks.', 'Nobody needs logbooks anymore.']) {
      expect(isWithdrawal(readSentences(text)[0])).toBe(true);
    }
  });
});
