import { criterionKind } from '../../src/llm/offline/criteria';
import type { ResourceField } from '../../src/llm/offline/resources';
import { ruleFunction, valueRuleOf } from '../../src/llm/offline/rules';

const fields: ResourceField[] = [
  { name: 'title', type: 'string', required: true },
  { name: 'rating', type: 'number', required: false },
  { name: 'price', type: 'number', required: false },
  { name: 'label', type: 'string', required: false },
];
const resource = { pascal: 'Kite', fields };
/** Counted nouns: the project's records and its people. */
const counted = new Set(['kite', 'flyer', 'member']);
const read = (text: string) => valueRuleOf({ id: 'S1.AC9', text }, resource, counted);

describe('the offline reader of rules on values', () => {
  it('reads a range, an upper and a lower limit on a number field the rule names', () => {
    expect(read('Rule: flyers rate kites from 1 to 5')).toMatchObject({ field: 'rating', min: 1, max: 5, message: 'rating must be from 1 to 5' });
    expect(read('Rule: the price of a kite is at most 80')).toMatchObject({ field: 'price', max: 80, message: 'price must be at most 80' });
    expect(read('Rule: a kite has a price of at least 12.5')).toMatchObject({ field: 'price', min: 12.5, message: 'price must be at least 12.5' });
    expect(read('Rule: a rating between 0 and 10')).toMatchObject({ field: 'rating', min: 0, max: 10 });
  });

  it('leaves counts, time windows, several limits, text fields and unnamed fields to a person', () => {
    for (const text of [
      'Rule: a member can hold at most 3 kites', // a count of records
      'Rule: a kite carries at most 2 flyers', // a count of people
      'Rule: flyers rate a kite at most 5 times', // a frequency
      'Rule: a kite can be returned up to 3 days before', // a time window
      'Rule: a rating of at least 1 and a price of at most 80', // two limits at once
      'Rule: the label has at most 20 letters', // not a number field
      'Rule: a kite weighs at most 4', // no field of that name
      'Rule: ratings go from 9 to 2', // an empty range
    ]) {
      expect({ text, rule: read(text) }).toEqual({ text, rule: undefined });
    }
  });

  it('writes a check that refuses a number outside the limits and lets any other value through to the store', () => {
    const rule = { ...read('Rule: flyers rate kites from 1 to 5'), functionName: 'checkKiteRating' } as Parameters<typeof ruleFunction>[0];
    const source = ruleFunction(rule);
    class ValidationError extends Error {}
    const check = new Function('ValidationError', `${source}\nreturn ${rule.functionName};`)(ValidationError) as (record: unknown) => void;
    for (const rating of [0, 6, -1]) expect(() => check({ rating })).toThrow(new ValidationError('rating must be from 1 to 5'));
    for (const record of [{ rating: 1 }, { rating: 5 }, { rating: 'x' }, {}, null, 'text']) expect(check(record)).toBeUndefined();
  });

  it('classifies criteria that state limits, windows or prohibitions as rules, whoever worded them', () => {
    expect(criterionKind('A member cannot borrow more than 3 kites')).toBe('rule');
    expect(criterionKind('Flyers can cancel a booking only before noon')).toBe('rule');
    expect(criterionKind('A kite can be booked at most once per day')).toBe('rule');
    expect(criterionKind('A flyer can create a kite and gets its id back')).toBe('create');
    expect(criterionKind('Creating a kite without a title returns 400')).toBe('reject');
  });
});
