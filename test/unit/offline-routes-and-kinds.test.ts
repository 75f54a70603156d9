import { writeAnalysis } from '../../src/llm/offline/analysis-writer';
import type { AnalystOutput } from '../../src/domain/agents/analyst';

/** The offline analyst's answer for a text of our own; every text here is in a domain the samples do not use. */
const analyse = (requirements: string): AnalystOutput => writeAnalysis({ requirements, guidance: [] });
const criteria = (a: AnalystOutput): string[] => a.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text));
const fieldsOf = (a: AnalystOutput, name: string): string[] => a.entities.find((e) => e.name === name)?.fields.map((f) => f.name) ?? [];

describe('the offline analyst reads a route of states as a lifecycle', () => {
  it('given a job that moves from one state to the next, when read, then each step is an action from the state before', () => {
    const a = analyse('Customers submit print jobs with a file name and a due date. A job moves from queued to printing to ready to collected, and it can never go back to an earlier status.');
    const texts = criteria(a);
    expect(texts).toContain('A user can print a job that is queued; it becomes printing, and from any other status it is refused');
    expect(texts).toContain('A user can mark ready a job that is printing; it becomes ready, and from any other status it is refused');
    expect(texts).toContain('A user can collect a job that is ready; it becomes collected, and from any other status it is refused');
    // The route is built, so it is neither a criterion left to a person nor a question.
    expect(texts.some((t) => /moves from queued/.test(t))).toBe(false);
    expect(a.open_questions.some((q) => /moves from queued/.test(q))).toBe(false);
    // The store sets the status; making a job does not ask for one.
    expect(texts.find((t) => /can create a job/.test(t))).not.toMatch(/status/);
    // What is left to ask is who does the steps nobody was named for.
    expect(a.open_questions).toContain('Who may print, mark ready or collect a job?');
  });

  it('given an act allowed only while a record is in one state, when read, then it starts from that state alone', () => {
    const a = analyse('Customers submit print jobs with a file name. A job goes from queued to printing to collected. A customer may cancel a job only while it is still queued.');
    expect(criteria(a)).toContain('A customer can cancel a job that is queued; it becomes cancelled, and from any other status it is refused');
    expect(a.open_questions.some((q) => /only while/.test(q))).toBe(false);
  });

  it('given states written with arrows or listed after the last "to", when read, then they are the route in order', () => {
    const arrows = analyse('Clients place orders with a word count. Status goes draft -> assigned -> in review -> delivered.');
    expect(criteria(arrows)).toContain('A user can mark in review an order that is assigned; it becomes in review, and from any other status it is refused');
    expect(arrows.entities.map((e) => e.name)).toEqual(['order']);
    // "a word count" an order comes with is a number it holds, no report.
    expect(fieldsOf(arrows, 'order')).toContain('wordCount');
    const listed = analyse('Tailors take alterations with a garment and a price. An alteration goes from received to in progress, waiting for fabric and finished.');
    expect(criteria(listed)).toContain(
      'A user can mark waiting for fabric an alteration that is in progress; it becomes waiting for fabric, and from any other status it is refused',
    );
  });

  it('given a route between places, when read, then it is no lifecycle', () => {
    const a = analyse('Porters move crates with a weight and a label. A crate moves from one shelf to another.');
    expect(criteria(a).some((t) => /it becomes/.test(t))).toBe(false);
  });
});

describe('the offline analyst reads what a record is as its type', () => {
  it('given kinds said with articles after a semicolon, when read, then they are the values of its type, and no records', () => {
    const a = analyse('Staff keep a fleet list; each boat is a small dinghy, a large dinghy or a two-seat catamaran. Sailors book one boat for 1 to 4 hours.');
    expect(criteria(a)).toContain("Rule: A boat's type must be one of: small dinghy, large dinghy, two-seat catamaran");
    expect(a.entities.map((e) => e.name)).not.toContain('dinghy');
    expect(a.entities.map((e) => e.name)).not.toContain('catamaran');
    // Booking one boat is what a booking pointing at a boat means: nothing is left to ask about it.
    expect(a.open_questions.some((q) => /one boat/.test(q))).toBe(false);
  });

  it('given a record said to be one of some words, when read, then the words are its type, whatever the record holds', () => {
    expect(criteria(analyse('Organisers add sessions. A session is a lecture, a seminar or a lab. Students attend sessions.'))).toContain(
      "Rule: A session's type must be one of: lecture, seminar, lab",
    );
    expect(criteria(analyse('Staff keep a list of stalls. Each stall is indoor, outdoor or covered. Traders rent one stall for 1 to 3 days.'))).toContain(
      "Rule: A stall's type must be one of: indoor, outdoor, covered",
    );
    // The kinds that name the record again are its kinds without it.
    expect(criteria(analyse('Visitors buy passes for a museum. A pass is either a day pass or a season pass.'))).toContain("Rule: A pass's type must be one of: day, season");
  });

  it('given "one of:" with a colon, when read, then it is the values of the detail the record holds', () => {
    const a = analyse('Growers deliver crates of apples. A crate records the grower, the weight and the apple variety. The apple variety is one of: cox, gala, bramley or russet.');
    expect(criteria(a)).toContain("Rule: A crate's apple variety must be one of: cox, gala, bramley, russet");
    expect(fieldsOf(a, 'crate')).not.toContain('oneOf');
    // Said with an adjective the record's detail does not carry, it is still that detail.
    const held = analyse('Growers deliver crates of apples. A crate records the grower, the weight and the variety. The apple variety is one of: cox, gala or russet.');
    expect(criteria(held)).toContain("Rule: A crate's variety must be one of: cox, gala, russet");
  });
});

describe('the offline analyst reads a detail that may appear once per record', () => {
  it('given the same plate may never appear twice on one sailing, when read, then it is one booking per plate and sailing', () => {
    const a = analyse('Drivers book places on a ferry sailing. A booking records the driver name, an optional number plate and the fare. The same number plate may never appear twice on one sailing.');
    expect(criteria(a)).toContain('Rule: At most 1 booking with the same number plate and sailing id; one more is refused');
    // The plate is a detail found on bookings, no record of its own.
    expect(a.entities.map((e) => e.name)).not.toContain('plate');
    expect(fieldsOf(a, 'booking')).toContain('numberPlate');
  });
});

describe('the offline analyst asks about two limits that cannot both hold, in the words of the text', () => {
  it('given one limit and another on the same count later, when read, then it names both sentences and builds neither', () => {
    const a = analyse(
      'Members rent lockers at the pool. Each member may rent no more than one locker per season. To help swimming families, a member may rent up to three lockers in the same season, provided all the lockers are paid in advance.',
    );
    expect(a.open_questions).toContain(
      'These two cannot both hold: "Each member may rent no more than one locker per season." and "To help swimming families, a member may rent up to three lockers in the same season, provided all the lockers are paid in advance." Which one is right?',
    );
    expect(a.confidence).toBeLessThan(0.7);
    // A purpose that opens a sentence says why; what it names is no record.
    expect(a.entities.map((e) => e.name)).not.toContain('family');
  });
});

describe('the offline analyst reads a measured detail and the range it must lie in', () => {
  it('given a reading kept in percent and bounds said of its first word, when read, then the reading is bounded and nothing else is made', () => {
    const a = analyse(
      'Brewers log batches of cider. A batch records the brewer, the volume in litres, the apple blend and the sugar reading in percent. Sugar must lie between 4 and 12 percent. The apple blend is one of: sweet, sharp or bittersweet.',
    );
    expect(fieldsOf(a, 'batch')).toEqual(expect.arrayContaining(['volume', 'sugarReading', 'appleBlend']));
    expect(fieldsOf(a, 'batch')).not.toContain('sugar');
    expect(a.entities.map((e) => e.name)).toEqual(['batch']);
    expect(criteria(a)).toContain("Rule: A batch's sugar reading must be from 4 to 12");
    expect(criteria(a)).toContain("Rule: A batch's apple blend must be one of: sweet, sharp, bittersweet");
    // The unit a detail is kept in and the unit of a bound are no rules left to a person.
    expect(a.open_questions.filter((q) => /percent/.test(q))).toEqual([]);
  });

  it('given a compound detail a record keeps, when its last word is a measure, then the bound is on the compound', () => {
    const a = analyse('Keepers log hives with a weight and a brood level. The brood level must be between 1 and 10.');
    expect(criteria(a)).toContain("Rule: A hive's brood level must be from 1 to 10");
  });

  it('given values that only spell like participles, when listed, then they are values', () => {
    const a = analyse('Farmers sell sacks with a weight and a crop. The crop is one of: barley, rapeseed or oats.');
    expect(criteria(a)).toContain("Rule: A sack's crop must be one of: barley, rapeseed, oats");
  });
});

describe('the offline analyst keeps people registered with their own details', () => {
  it('given people registered for nothing with details of theirs, when read, then they are the record, with those details', () => {
    const a = analyse('As a club secretary I want to register umpires with their name, a grade and a phone number.');
    expect(a.entities.map((e) => e.name)).toEqual(['umpire']);
    expect(fieldsOf(a, 'umpire')).toEqual(expect.arrayContaining(['name', 'grade', 'phoneNumber']));
    // Registered for something, they are signed up to it: the registration is the record.
    expect(analyse('Parents register their children for summer camps with an allergy note.').entities.map((e) => e.name)).toContain('registration');
  });

  it('given a count per season where seasons are kept, when read, then it is each owner\'s count within the season', () => {
    const a = analyse('The club opens seasons with a start date. Skippers book berths for a season. Each skipper may book no more than two berths per season.');
    expect(criteria(a)).toContain('Rule: At most 2 bookings with the same skipper id and season id; one more is refused');
  });
});

describe('the offline analyst reads values and grants in more shapes', () => {
  it('given a bracketed choice of hyphenated words, when read, then they are the values of the detail', () => {
    const a = analyse('Clients order posters with a size and a finish (matt or high-gloss).');
    expect(criteria(a)).toContain("Rule: A poster's finish must be one of: matt, high-gloss");
  });

  it('given all the words a kept detail takes, listed with "and", when read, then they are its values, no acts or records', () => {
    const a = analyse('A cobbler takes repair jobs for shoes. A job records the customer, the shoe and the service. The services are heel, full sole and stitch repair.');
    expect(criteria(a)).toContain("Rule: A job's service must be one of: heel, full sole, stitch repair");
    expect(a.entities.map((e) => e.name)).not.toContain('repair');
  });

  it('given prices by kind that name the thing once, when read, then each kind has its price', () => {
    const a = analyse('Riders book saddle fittings for horses. A fitting costs 30 for small ponies, 45 for cobs and 60 for large horses.');
    expect(criteria(a)).toContain("Rule: A fitting's price depends on its type: 30 for small, 45 for cob, 60 for large; the store computes it");
  });

  it('given a role that may start doing an act, when read, then only that role may do it', () => {
    const a = analyse('Bakers bake loaves with a flour. A loaf moves from proving to baking to cooled. Only the head baker may start baking a loaf.');
    expect(criteria(a)).toContain('Rule: Only a head baker can bake a loaf; anyone else is refused');
  });
});

describe('the offline analyst reads the details a record is put up or kept with', () => {
  it('given things listed with a participle that states their details, when read, then listing them makes them', () => {
    const a = analyse('As a collector I want to list stamps I can swap, stating the country, the year and the face value.');
    expect(criteria(a)).toContain('A collector can create a stamp with country, year and face value; it is stored and returned with an id');
  });

  it('given a count among the details a record keeps, when read, then it is a number the record holds, no record', () => {
    const a = analyse('Editors commission articles; an article records the author, the section, the word count and the deadline.');
    expect(a.entities.map((e) => e.name)).toEqual(['article']);
    expect(fieldsOf(a, 'article')).toContain('wordCount');
  });
});

describe('the offline analyst reads terse notes', () => {
  it('given an act and a colon list of short nouns, then a plural heading and its words, when read, then they are details and their values', () => {
    const a = analyse('Kiln rota. Potters book kiln firings: potter, start time, cone, clay body. Clay bodies: stoneware, porcelain, earthenware, raku.');
    expect(fieldsOf(a, 'booking')).toEqual(expect.arrayContaining(['potter', 'startTime', 'cone', 'clayBody']));
    expect(criteria(a)).toContain("Rule: A booking's clay body must be one of: stoneware, porcelain, earthenware, raku");
    expect(a.entities.map((e) => e.name)).not.toContain('porcelain');
  });
});

describe('the offline analyst titles stories as a person would', () => {
  it('given a clause cut inside a relative clause or before its verb, when titled, then the title ends on a whole phrase', () => {
    const a = analyse('Members moor boats at the marina. A boat may only be placed on a berth whose maximum length is at least the boat length. Any booking that would take a berth over its weight limit is refused.');
    const titles = a.user_stories.map((s) => s.title);
    expect(titles.some((t) => /\b(?:whose|is|its)$/i.test(t))).toBe(false);
    expect(titles).toContain('Place boats on a berth');
  });
});

describe('the offline analyst reads a limit said with "no one of them" or "limited to"', () => {
  it('given "no X may V more than N", when read, then each X may V at most N', () => {
    const a = analyse('Members borrow ladders. No member may borrow more than 2 ladders.');
    expect(criteria(a)).toContain('Rule: At most 2 loans with the same member id; one more is refused');
  });

  it('given a count someone is limited to per period, when read, then it is at most that many per period', () => {
    const a = analyse('Members borrow ladders. Each member is limited to 4 loans per month.');
    expect(criteria(a)).toContain('Rule: At most 4 loans with the same member id in the same month of their date; one more is refused');
    // A size said of one record ("capped at 3 packets") is no count of records: it stays a question.
    const sized = analyse('Members request packets from a listing; each request is capped at 3 packets.');
    expect(criteria(sized).some((c) => /^Rule: At most 3 requests/.test(c))).toBe(false);
  });
});

describe('the offline analyst reads the length of what a record says', () => {
  it('given a record that may not exceed some words, when read, then its text is bounded, and words are no record', () => {
    const a = analyse('Pupils submit stories with a title and a text. A story may not exceed 1500 words.');
    expect(criteria(a)).toContain("Rule: A story's text must be at most 1500 words long");
    expect(a.entities.map((e) => e.name)).toEqual(['story']);
  });

  it('given a detail after "an", when read, then the article is no part of it', () => {
    const a = analyse('Authors send papers with a title and an abstract. The abstract cannot exceed 900 characters.');
    expect(fieldsOf(a, 'paper')).toEqual(expect.arrayContaining(['title', 'abstract']));
    expect(criteria(a)).toContain("Rule: A paper's abstract must be at most 900 characters long");
  });
});

describe('the offline analyst stays fast and careful on what it newly reads', () => {
  it('given a long list of kinds with no "or", when read, then it is read at once and makes no type', () => {
    const items = Array.from({ length: 40 }, (_, i) => `a part${'abcdefghijklmnopqrstuvwxyz'[i % 26]}${'abcdefghijklmnopqrstuvwxyz'[Math.floor(i / 26)]}`).join(', ');
    const a = analyse(`Campers hire kits with a size. A kit is ${items}, and a whistle.`);
    expect(criteria(a).some((c) => /type must be one of/.test(c))).toBe(false);
  });

  it('given "for each" opening a limit, when read, then it is the count of each one named', () => {
    expect(criteria(analyse('Members book courts with a date. For each member, at most 3 bookings can be open at once.'))).toContain(
      'Rule: At most 3 bookings with the same member id; one more is refused',
    );
  });

  it('given a word that only begins a detail which is no measure of it, when bounded, then the bound is asked, not put on that detail', () => {
    const a = analyse('Coaches log sessions with a date and a score comment. The score must be between 1 and 10.');
    expect(criteria(a).some((c) => /score comment must be/.test(c))).toBe(false);
  });

  it('given an act allowed only in the last state of a route, when read, then the rule is asked rather than dropping the act', () => {
    const a = analyse('Customers submit jobs with a file name. A job moves from queued to printing to ready. A customer may cancel a job only while it is ready.');
    expect(criteria(a)).toContain('Rule: A customer may cancel a job only while it is ready');
  });

  it('given a route that names no record, when its lifecycle is built, then the sentence is neither a criterion nor a question', () => {
    const a = analyse('Users upload files with a name. Status goes draft -> sent -> paid.');
    expect([...criteria(a), ...a.open_questions].some((t) => /Status goes/.test(t))).toBe(false);
  });

  it('given "is provided" or a noun ending a title, when read, then neither is taken for "if" or cut', () => {
    expect(fieldsOf(analyse('Each new member is provided a locker with a number.'), 'locker')).toContain('number');
    expect(analyse('Lawyers review each will.').user_stories.map((s) => s.title)).toContain('Review each will');
  });
});
