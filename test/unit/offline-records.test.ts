import { writeAnalysis } from '../../src/llm/offline/analysis-writer';

/** Which nouns of a text the offline analyst keeps as records. Each text is our own, in a domain none of the samples use. */
const records = (requirements: string): string[] => writeAnalysis({ requirements, guidance: [] }).entities.map((e) => e.name);

describe('the offline analyst keeps records, not verbs, sizes or the business itself', () => {
  it('does not take a verb after "that" for a noun', () => {
    const found = records('Kennel bookings. Owners book a kennel for their dog. A dog gets the smallest kennel that suits its size.');
    expect(found).toContain('kennel');
    expect(found).not.toContain('suit');
  });

  it('does not keep the one business the text serves, named first and then only as "the" one', () => {
    const found = records('Bakery cake orders. Customers order cakes for a pick-up date. Orders over 3 tiers must phone the bakery.');
    expect(found).toContain('order');
    expect(found).not.toContain('bakery');
  });

  it('keeps the record a heading is about, even when later named only as "the" one', () => {
    const found = records('Bike hire for a seaside town: staff list bikes with a size, and riders check the bike before the hire can be confirmed.');
    expect(found).toContain('hire');
  });

  it('keeps a noun that the text also names as one of many', () => {
    const found = records('Bakery chain stock. Managers record stock for each bakery. A bakery can order flour from the depot.');
    expect(found).toContain('bakery');
  });

  it('reads a number of people as a size, not as people kept on record', () => {
    const found = records('Boat trips. Skippers list boats; boats carry 4, 8 or 12 people. Visitors book a trip on a boat.');
    expect(found).toContain('boat');
    expect(found).not.toContain('person');
    expect(found).not.toContain('people');
  });
});
