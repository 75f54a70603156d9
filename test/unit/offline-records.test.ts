import { writeAnalysis } from '../../src/llm/offline/analysis-writer';
import { writeCode } from '../../src/llm/offline/code-writer';
import { writeDesign } from '../../src/llm/offline/design-writer';
import { readSentences } from '../../src/llm/offline/tokens';

/** Which nouns of a text the offline analyst keeps as records. Each text is our own, in a domain none of the samples use. */
const records = (requirements: string): string[] => writeAnalysis({ requirements, guidance: [] }).entities.map((e) => e.name);

describe('the offline analyst keeps records, not verbs, sizes or the business itself', () => {
  it('keeps the list for an activity as a record, and the things a list of things holds', () => {
    const found = records('A camping club: campers also keep packing lists with a title, and campers share packing lists.');
    expect(found).toEqual(['packingList']);
    // A list of things still keeps the things.
    expect(records('A film club: members keep a film list with a title and a year.')).toEqual(['film']);
    // "stop sending" is an action, not a kind of list.
    expect(records('A newsletter desk: editors write newsletters with a subject, and editors stop sending newsletters.')).toEqual(['newsletter']);
  });

  it('reads a person word as the subject across an adverb, and a gerund before a verb’s plural object as part of the noun', () => {
    const a = writeAnalysis({ requirements: 'A kitchen log: cooks add dishes with a name. Cooks also add shopping lists with a title, and cooks list shopping lists.', guidance: [] });
    const story = a.user_stories.find((s) => /shopping lists/i.test(s.title))!;
    expect(story).toMatchObject({ title: 'Add shopping lists with a title', as_a: 'cook' });
    expect(a.entities.map((e) => e.name)).toEqual(['dish', 'shoppingList']);
  });

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

  it('does not keep the business that opens the text as the one who acts, nor the scheme it runs', () => {
    expect(records('A rowing club lends boats to members. Members book boats for a morning.')).toEqual(['boat', 'booking']);
    const scooters = records('A town operates a scooter hire scheme. Riders unlock scooters and park them.');
    expect(scooters).toContain('scooter');
    expect(scooters.filter((r) => r === 'town' || r === 'scheme' || r === 'scooterHireScheme')).toEqual([]);
    // Named again as one of many, it is a record after all.
    expect(records('A gallery hires paintings to offices. Owners list galleries with an address.')).toContain('gallery');
  });

  it('makes no story of the business handling or tracking what it keeps', () => {
    const a = writeAnalysis({ requirements: 'A ferry company handles crossings. Captains schedule crossings with a date. Passengers book crossings.', guidance: [] });
    expect(a.user_stories.map((x) => x.title).filter((t) => /handle/i.test(t))).toEqual([]);
    expect(a.entities.map((e) => e.name)).toContain('crossing');
  });

  it('reads a word a particle follows after "or" as a phrasal verb, not a record: "sign up for walks or drop out"', () => {
    const a = writeAnalysis({ requirements: 'Rangers publish guided walks with a number of places; hikers sign up for walks or drop out.', guidance: [] });
    expect(a.entities.map((e) => e.name)).not.toContain('drop');
    const signUp = a.user_stories.find((x) => /^sign up/i.test(x.title))!;
    // Signing up for a walk makes a signup; the walk is the rangers' to publish.
    expect(signUp.acceptance_criteria.some((c) => /can create a walk/.test(c.text))).toBe(false);
  });

  it('gives the details said with a recording verb to the record it makes, and makes one only where the text names it', () => {
    const a = writeAnalysis({ requirements: 'Customers order a pie with a pickup date. Bakers confirm orders.', guidance: [] });
    const fields = (name: string) => a.entities.find((e) => e.name === name)?.fields.map((f) => f.name) ?? [];
    expect(fields('order')).toEqual(expect.arrayContaining(['pieId', 'pickupDate']));
    expect(fields('pie')).not.toContain('pickupDate');
    // "buy a ticket" keeps the ticket: no purchase the text never names.
    expect(records('Fans buy tickets for concerts with a seat number.')).not.toContain('purchase');
  });

  it('keeps the states a record is marked as out of the records, and a time booked with the booking', () => {
    const a = writeAnalysis({ requirements: 'Escape rooms. Groups book a room for a date and a start time. Hosts mark bookings as played or no-show.', guidance: [] });
    expect(a.entities.map((e) => e.name).sort()).toEqual(['booking', 'room']);
    expect(a.entities.find((e) => e.name === 'booking')?.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['date', 'startTime']));
  });

  it('makes a request of the thing requested where the text names requests, and lists with details as making', () => {
    const a = writeAnalysis({ requirements: 'Neighbours lend ladders. Neighbours list ladders with a height. Neighbours request ladders. The owner accepts each request.', guidance: [] });
    expect(a.entities.map((e) => e.name).sort()).toEqual(['ladder', 'request']);
    const story = (title: RegExp) => a.user_stories.find((x) => title.test(x.title))!.acceptance_criteria.map((c) => c.text);
    expect(story(/^list/i)[0]).toMatch(/can create a ladder with/);
    expect(story(/^request/i)[0]).toMatch(/can create a request with ladder id/);
    // "Tenants request repairs" keeps the repairs: no request the text never names.
    expect(records('Tenants request repairs with a description. Caretakers close repairs.')).toEqual(['repair']);
  });

  it('reads judging a record as setting its score, and a state a threshold reaches as a rule of the story making it', () => {
    const a = writeAnalysis({ requirements: 'Bakers enter loaves in a show. Tasters rate each loaf from 1 to 5. A loaf with a rating of 4 or more is commended.', guidance: [] });
    const all = a.user_stories.flatMap((x) => x.acceptance_criteria.map((c) => c.text));
    expect(all).toContain("A taster can change a loaf's rating (rate) and the change is kept");
    expect(all.filter((c) => /^A taster can create/.test(c))).toEqual([]);
    expect(a.user_stories.map((x) => x.title).filter((t) => /commend/i.test(t))).toEqual([]);
    expect(all).toContain('Rule: A loaf whose rating is 4 or more is marked commended');
    expect(a.confidence).toBeGreaterThanOrEqual(0.7);
  });

  it('is sure enough to build a clear text about one record that it read whole', () => {
    const a = writeAnalysis({ requirements: 'A book swap shelf: neighbours add books with a title and a condition, and others list books and find one by id.', guidance: [] });
    expect(a.entities.map((e) => e.name)).toEqual(['book']);
    expect(a.confidence).toBeGreaterThanOrEqual(0.7);
  });

  it('a league: teams registered with how many players, and results written into matches someone scheduled', () => {
    const a = writeAnalysis({
      requirements: 'A darts league. Captains register teams with a name and between 4 and 6 players. The organiser schedules matches with a date. Referees record the score of each match.',
      guidance: [],
    });
    expect(a.entities.map((e) => e.name).sort()).toEqual(['match', 'team']);
    const all = a.user_stories.flatMap((x) => x.acceptance_criteria.map((c) => c.text));
    expect(all).toEqual(expect.arrayContaining(["Rule: A team's player count must be from 4 to 6", "A referee can change a match's score (record) and the change is kept"]));
    expect(all.filter((c) => /^A referee can create/.test(c))).toEqual([]);
  });

  it('reads a short title line over the text as the product, not a record, and a plural person before a verb as the actor', () => {
    const a = writeAnalysis({ requirements: 'Harbour berth registry. Owners register boats with a length. Agents close berths.', guidance: [] });
    expect(a.entities.map((e) => e.name)).not.toContain('registry');
    expect(a.user_stories.find((x) => /close/i.test(x.title))?.as_a).toBe('agent');
  });

  it('records the direct object of "register", and a registration only for "register for"', () => {
    expect(records('Breeders register their horses with a name and a birth year.')).toEqual(['horse']);
    expect(records('Riders register for shows with a class.')).toContain('registration');
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

  it('keeps the act of changing a record as an event of it, not as a record of its own', () => {
    const found = records('Climbing wall passes. Climbers buy passes online; staff approve each pass. A climber can cancel a pass, and late cancellations are marked as lost.');
    expect(found).toContain('pass');
    expect(found).not.toContain('cancellation');
  });

  it('keeps an act noun that the text makes or gives details', () => {
    const found = records('Warranty desk. Customers file returns with a reason and a receipt number; clerks approve or reject each return.');
    expect(found).toContain('return');
  });

  it('reads a party as the people who come, not as a record', () => {
    const found = records('- Escape room sessions\n- A party books a session for a date\n- A session fits at most 8 people');
    expect(found).toContain('session');
    expect(found).not.toContain('party');
  });

  it('reads "the time of every weigh-in" as the weigh-in being kept, and a possessed detail as a field', () => {
    const analysis = writeAnalysis({ requirements: "As a coach I want to check a boxer's weight against the division's limit, and record the time of every weigh-in.", guidance: [] });
    const names = analysis.entities.map((e) => e.name);
    expect(names).toContain('weighIn');
    expect(names).not.toContain('weight');
    expect(analysis.entities.find((e) => e.name === 'weighIn')?.fields.some((f) => f.type === 'date')).toBe(true);
  });

  it('does not keep idioms after a preposition or place words as records', () => {
    const found = records('Film club archive. Members borrow reels and take them home; a reel without a label on file cannot be borrowed. Members pay by card.');
    expect(found).toContain('reel');
    expect(found).not.toContain('home');
    expect(found).not.toContain('file');
    expect(found).not.toContain('card');
  });

  it('reads where a borrowed thing comes from as a place, and what is booked after "for" or "in" as the thing booked', () => {
    const lending = records('Seed swap. Gardeners borrow seed packets from the cabinet and bring them back after the season.');
    expect(lending).toContain('packet');
    expect(lending).not.toContain('cabinet');
    expect(records('Pottery studio. Students sign up for workshops; a workshop takes at most 6 students.')).toContain('workshop');
  });

  it('keeps a thing described by details of its own even when its name can be a number', () => {
    const found = records('Choir library. The archivist catalogues each score with its arranger and title, and singers hand them back after a concert.');
    expect(found).toContain('score');
    expect(found).not.toContain('back');
  });
});

describe('the offline analyst reads who makes a record and who moves it on', () => {
  const analysis = (requirements: string) => writeAnalysis({ requirements, guidance: [] });
  const fieldsOf = (requirements: string, name: string) => analysis(requirements).entities.find((e) => e.name === name)?.fields.map((f) => f.name);

  it('reads "each project has …" as the details of one of many projects, where "the application" alone may be the product', () => {
    const text = 'A science fair for schools. Each project has a title, a poster and a table number. Students submit projects.';
    expect(records(text)).toEqual(['project']);
    expect(fieldsOf(text, 'project')).toEqual(expect.arrayContaining(['title', 'poster', 'tableNumber']));
  });

  it('takes the people a business lets act as the ones who act', () => {
    const a = analysis('A laundrette lets customers book washing machines for an hour.');
    expect(a.user_stories.find((s) => /book/i.test(s.title))?.as_a).toBe('customer');
  });

  it('reads a verb it does not know, done to a record made before, as a step of that record', () => {
    const a = analysis('Diners order meals with a table number. The chef plates the order, then a waiter serves it.');
    expect(a.entities.map((e) => e.name)).toContain('order');
    const criteria = a.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text));
    expect(criteria).toContain('A chef can plate an order that is ordered; it becomes plated, and from any other status it is refused');
    expect(criteria.some((c) => /waiter can serve an order/.test(c))).toBe(true);
    // A verb that links a subject to what it becomes is no step.
    const points = analysis('Drivers collect points with a date. A driver who reaches 100 points becomes gold.');
    expect(points.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text)).some((c) => /becomes? become/.test(c))).toBe(false);
  });

  it('reads a group registering with details of its own as that group kept, and signing up for something as a sign-up', () => {
    const choirs = 'Choir festival. Choirs register with a name, a conductor and a number of singers. Judges rank the choirs.';
    expect(records(choirs)).toEqual(['choir']);
    expect(fieldsOf(choirs, 'choir')).toEqual(expect.arrayContaining(['conductor', 'singers', 'rank']));
    expect(records('Volunteers sign up for shifts with a phone number. Coordinators publish shifts.')).toEqual(expect.arrayContaining(['shift', 'signup']));
    // Applying with details still makes an application.
    expect(records('Pupils apply for a grant with a letter. Teachers approve applications.')).toContain('application');
  });

  it('reads the words after "on two qualities:" as the qualities named, not as records', () => {
    expect(records('Tasters rate each wine from 1 to 5 on two qualities: aroma and finish. Growers enter wines with a vintage.')).toEqual(['wine']);
  });

  it('reads the act of a verb that made records as those records ("propose shows … approve proposals")', () => {
    const a = analysis('Community radio. Presenters propose shows with a title and a genre. The station manager approves or declines proposals.');
    expect(a.entities.map((e) => e.name)).toEqual(['show']);
    const criteria = a.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text));
    expect(criteria).toContain('A station manager can approve a show that is proposed; it becomes approved, and from any other status it is refused');
    // Neither "approves" nor "declines" is a value of anything.
    expect(criteria.some((c) => /one of: approves/.test(c))).toBe(false);
  });

  it('ends a title on a word of its own, not on the preposition or the "only" of what it cut', () => {
    const a = analysis('Boat hire. Skippers hire boats for a day. The harbour master approves a hire only if the skipper holds a licence. Skippers pay a deposit of 20 percent of the price of the boat.');
    for (const title of a.user_stories.map((s) => s.title)) expect(title).not.toMatch(/\b(?:of|only)$/);
  });

  it('reads a verb coordinated with another before their shared object as a verb, not a record', () => {
    const a = analysis('Library printers. Staff log print jobs. Technicians pick up jobs and pause or cancel them.');
    expect(a.entities.map((e) => e.name)).not.toContain('pause');
    const criteria = a.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text));
    expect(criteria.some((c) => /can pause a job/.test(c))).toBe(true);
  });

  it('keeps what a qualifying chunk names out of the clause’s objects ("…; after that there is no refund")', () => {
    const a = analysis('Dancers enrol in workshops. A dancer may withdraw up to 2 days before the start and gets a full refund; after that there is no refund.');
    const criteria = a.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text));
    expect(criteria.some((c) => /withdraw an enrolment/.test(c))).toBe(true);
    expect(criteria.some((c) => /withdraw a refund/.test(c))).toBe(false);
  });

  it('keeps no record of an act named after a verb that makes nothing ("skip approval")', () => {
    expect(records('Vets book surgery rooms for a date. A manager approves bookings. Urgent bookings skip approval.')).not.toContain('approval');
  });

  it('makes no step of a verb it does not know on records nothing moves between states', () => {
    const a = analysis('Teachers create quizzes with a title. Students take quizzes. Teachers duplicate quizzes for another class.');
    expect(a.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text)).some((c) => /becomes (?:taken|duplicated)/.test(c))).toBe(false);
  });

  it('keeps what people create in the plural as records, not as the product', () => {
    expect(records('Clients create projects with a budget. Freelancers send offers for projects.')).toContain('project');
  });

  it('reads the items after "has 3 parts:" as the details the record has', () => {
    const a = analysis('Customers place orders. Each order has 3 parts: a customer name, a list of dishes, and a delivery address.');
    expect(a.entities.find((e) => e.name === 'order')?.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['customerName', 'dishes', 'deliveryAddress']));
  });

  it('reads a committee, a panel or a jury as people who act, not as a record', () => {
    const a = analysis('Film festival. Directors submit films with a title. The jury rates films from 1 to 10.');
    expect(a.entities.map((e) => e.name)).not.toContain('jury');
    expect(a.user_stories.find((s) => /rate/i.test(s.title))?.as_a).toBe('jury');
  });

  it('reads "mark damaged items as broken" as breaking them, titled with the words the text uses', () => {
    const a = analysis('Media lab. Staff add items with a name. Staff mark damaged items as broken, and broken items cannot be lent.');
    expect(a.user_stories.map((s) => s.title)).toContain('Mark damaged items as broken');
    expect(a.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text)).some((c) => /can break an item .* it becomes broken/.test(c))).toBe(true);
  });

  it('reads an -s word after "and" and a plural object as one more object, not a verb', () => {
    expect(records('Studio kit. Students check out cameras and microphones for up to 3 days.')).toEqual(expect.arrayContaining(['camera', 'microphone']));
  });

  it('reads "each day needs 2 volunteers" as a verb and its count, not a record of needs', () => {
    expect(records('Beach cleaning rota. Volunteers sign up for cleaning days. Each day needs 2 volunteers and at most 6.')).not.toContain('need');
  });

  it('keeps the act a thing is brought in for as a record about it ("drop off bikes for repair")', () => {
    const a = analysis('Lawnmower workshop. Owners drop off mowers for repair. Mechanics close repairs.');
    expect(a.entities.map((e) => e.name)).toContain('repair');
    expect(a.entities.find((e) => e.name === 'repair')?.fields.map((f) => f.name)).toContain('mowerId');
    // An act of changing a record stays that record's step: "submit drafts for approval" keeps no approval.
    expect(records('Writers submit drafts for approval. Editors approve drafts.')).not.toContain('approval');
  });

  it('ends a long title before the list it would cut', () => {
    const a = analysis('Cake show. Bakers enter cakes with a name, a weight of at most 5 kg and a flavour: lemon, chocolate or vanilla. Judges taste the cakes.');
    expect(a.user_stories.map((s) => s.title)).toEqual(['Enter cakes with a name']);
    // What tasting a cake changes, the text does not say: asked, not claimed as a change of some field.
    expect(a.open_questions.some((q) => /"Judges taste the cakes\." is not built/.test(q))).toBe(true);
  });

  it('reads a particle after a pronoun as part of the verb', () => {
    const a = analysis('A kayak club lends kayaks. Members borrow kayaks for a day and hand them back afterwards.');
    const criteria = a.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text));
    expect(criteria).toContain('A member can hand back a loan that is borrowed; it becomes handed back, and from any other status it is refused');
    expect(a.user_stories.map((s) => s.title)).toContain('Hand back the loans afterwards');
  });

  it('renews the thing applied for, not the application for it', () => {
    const a = analysis('Tenants apply for garages. A tenant can renew a garage once a year. Each garage has a number.');
    const criteria = a.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text));
    expect(criteria.some((c) => /renew a garage/.test(c))).toBe(true);
    expect(criteria.some((c) => /renew an application/.test(c))).toBe(false);
  });
});

describe('the offline analyst reads what a record tells and what a price is for', () => {
  it('keeps what a record names or states as its details, even when they are said as another thing’s', () => {
    const a = writeAnalysis({ requirements: 'Drivers apply for parking permits online. An application names the car’s plate number and the driver’s address. Clerks approve applications.', guidance: [] });
    const application = a.entities.find((e) => e.name === 'application');
    expect(application?.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['plateNumber', 'address']));
    expect(a.entities.map((e) => e.name)).not.toContain('permitsOnline');
  });

  it('reads a person word the tagger took for an adjective, before a verb and a count, as the subject', () => {
    const a = writeAnalysis({ requirements: 'Anglers buy fishing licences. An angler holds 2 licences at most.', guidance: [] });
    expect(a.entities.map((e) => e.name)).not.toContain('hold');
  });

  it('asks about a price for the second of a series instead of calling two prices a contradiction', () => {
    const a = writeAnalysis({ requirements: 'Owners register boats for a mooring. A mooring costs 300 per season, and a second mooring costs 450.', guidance: [] });
    expect(a.open_questions.some((q) => /cannot both hold/.test(q))).toBe(false);
    expect(a.open_questions.some((q) => /a second mooring costs 450/.test(q))).toBe(true);
  });

  it('makes no story of what only finishes or prices another rule: a bare amount, a charge paid, an act that costs', () => {
    const storiesOf = (requirements: string) => writeAnalysis({ requirements, guidance: [] }).user_stories;
    const meetings = storiesOf('Members book rooms for meetings. Cancelling more than 2 days before the meeting refunds the whole fee; later, 20 percent.');
    expect(meetings.map((s) => s.title).filter((t) => /percent|^later/i.test(t))).toEqual([]);
    expect(meetings.flatMap((s) => s.acceptance_criteria.map((c) => c.text))).toContain('Rule: Cancelling more than 2 days before the meeting refunds the whole fee; later, 20 percent');
    // Paying a stated fee is what it costs, not an action on the booking.
    const lanes = storiesOf('Members book lanes at the pool. Swimmers over 65 pay a reduced fee of 3 per visit.');
    expect(lanes.flatMap((s) => s.acceptance_criteria.map((c) => c.text)).filter((c) => /can pay/.test(c))).toEqual([]);
    // What an act costs is a rule of that act, and "per started 12 hours" no rate per hour.
    const drills = writeAnalysis({ requirements: 'Members borrow drills from the tool library. Returning a drill late costs 2 per started 12 hours.', guidance: [] });
    expect(drills.user_stories.map((s) => s.title).filter((t) => /cost|start/i.test(t))).toEqual([]);
    expect(drills.entities.flatMap((e) => e.fields.map((f) => f.name)).filter((f) => /rate/i.test(f))).toEqual([]);
  });

  it('reads an opening "when …," as the condition of the clause after it, and a unit as no detail of its own', () => {
    const a = writeAnalysis({ requirements: 'Anglers rent pegs at a lake. When a peg becomes free, the warden offers it to the angler who asked first. Each peg has a length in metres and a daily fee.', guidance: [] });
    expect(a.user_stories.map((s) => s.title).filter((t) => /become/i.test(t))).toEqual([]);
    expect(a.user_stories.find((s) => /^Offer/.test(s.title))?.i_want).toMatch(/ when a peg becomes free$/);
    const peg = a.entities.find((e) => e.name === 'peg');
    expect(peg?.fields.map((f) => f.name)).not.toContain('metre');
    // What follows "in metres and" is the peg's again, not a record the peg is in.
    expect(a.entities.map((e) => e.name)).not.toContain('fee');
    // With no comma to end it, the opening phrase belongs to the main clause.
    const hives = writeAnalysis({ requirements: 'Keepers register hives. After every visit the keeper notes the weight of the hive, and the keeper lists visits.', guidance: [] });
    expect(hives.user_stories.length).toBeGreaterThan(1);
  });

  it('reads "pay half" and "pay 5 per visit" as amounts, and paying an invoice as an act', () => {
    const a = writeAnalysis({ requirements: 'Members book saunas. A sauna costs 12 per visit, and members over 65 pay half. Students pay the reduced price. Members pay their invoices online.', guidance: [] });
    const actions = a.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text)).filter((c) => /can pay/.test(c));
    expect(actions.every((c) => /an invoice/.test(c))).toBe(true);
    expect(actions.length).toBeGreaterThan(0);
  });

  it('reads a compound name over the text as a name, not as a verb and its object', () => {
    expect(records('Help line for a charity. Callers open cases with a summary.')).toEqual(['case']);
    expect(records('Village pond permits. Anglers apply for a permit with their name.')).not.toContain('village');
    // A person acting, a verb the vocabulary knows, or a gerund keep their reading.
    expect(records('Staff approve requests. Members send requests with a reason.')).toEqual(['request']);
  });

  it('reads "where tailors log fittings and clients collect their suits" as two people acting', () => {
    const a = writeAnalysis({ requirements: 'A tailor shop where tailors log fittings and clients collect their suits.', guidance: [] });
    expect(a.user_stories.map((s) => [s.as_a, s.title])).toEqual(expect.arrayContaining([['tailor', 'Log fittings']]));
    expect(a.user_stories.some((s) => s.as_a === 'client')).toBe(true);
  });
});

describe('the offline analyst reads kinds, values and activities as details, not records', () => {
  const criteria = (requirements: string): string[] => writeAnalysis({ requirements, guidance: [] }).user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text));

  it('reads "order pine or spruce planks" as the kinds of one thing the order holds, wherever a kind is named again', () => {
    const text = 'Timber yard\n- Builders order pine or spruce planks in whole metres\n- Pine costs 9 per metre and spruce 7\n- Staff mark orders as cut or collected';
    // The planks ordered are kept, with their kind; neither kind is a record.
    expect(records(text).sort()).toEqual(['order', 'plank']);
    expect(criteria(text)).toContain("Rule: A plank's type must be one of: pine, spruce");
    // A list with commas and an adjective before it is the same: "weekly cello, flute or drum classes".
    expect(records('A music school. Parents book weekly cello, flute or drum classes for their child. Teachers cancel bookings.').sort()).toEqual(['booking', 'class']);
  });

  it('reads alternatives in brackets inside a sentence as the values of the word before them', () => {
    const text = 'A club vote. Any member can stand for one office (chair, clerk or warden) by handing in a form signed by 5 members. The secretary approves each form.';
    const found = records(text);
    expect(found).not.toEqual(expect.arrayContaining(['chair']));
    expect(found).not.toContain('clerk');
    expect(found).not.toContain('warden');
    expect(criteria(text).some((c) => /office must be one of: chair, clerk, warden/.test(c))).toBe(true);
  });

  it('reads a gerund with no determiner as an activity, and the -s word after it as its verb', () => {
    const text = 'Ice rink. Skaters book sessions with a coach. Skating is allowed from 08:00 to 22:00 and only from October to March. Staff cancel sessions.';
    expect(records(text)).toEqual(['session']);
    const tokens = readSentences('Sailing runs for 4 hours each morning, and every owner books at most one berth per week.')[0].tokens;
    expect(tokens.slice(0, 2).map((t) => t.pos)).toEqual(['noun', 'verb']);
    // With a determiner, a gerund names a thing kept: "a booking", "each meeting".
    expect(records('Members book a meeting with a coach, and coaches cancel each meeting.')).toContain('meeting');
  });
});

describe('the offline analyst keeps one record for a request and for an entry, with the details listed for it', () => {
  const criteria = (requirements: string): string[] => writeAnalysis({ requirements, guidance: [] }).user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text));

  it('reads what is requested with no determiner as what the request is about, wherever it is named again', () => {
    const text = 'As a nurse I want to request leave for a date with a number of days. As a ward manager I want to approve or reject leave requests. Approved leave is paid at the daily rate.';
    expect(records(text)).toEqual(['request']);
  });

  it('reads the act of the verb that makes a record as that record: "enter photos … entries close"', () => {
    expect(records('Quilt show. Makers enter quilts in one category. Entries close on 30 June; late entries are refused. Judges score every quilt from 1 to 10.')).toEqual(['quilt']);
  });

  it('reads a word before a noun in a list of details "with" opened as part of a compound name, not a verb', () => {
    const a = writeAnalysis({ requirements: 'Customers file a repair claim for a bike with its frame number, purchase date and a description of the fault. Mechanics approve or reject claims.', guidance: [] });
    expect(a.entities.map((e) => e.name)).toEqual(['claim']);
    expect(a.entities[0].fields.map((f) => f.name)).toEqual(expect.arrayContaining(['frameNumber', 'purchaseDate', 'description']));
  });

  it('reads "at most 10 hours of overtime a week" as an amount, not a time after a date', () => {
    const found = criteria('Crew members book shifts. Supervisors approve or cancel bookings, and crew members work their bookings. A crew member can work at most 10 hours of overtime per week.');
    expect(found.filter((c) => /after its/.test(c))).toEqual([]);
  });
});

describe('the offline analyst reads a place taken in something as that thing booked', () => {
  const analysed = (requirements: string) => writeAnalysis({ requirements, guidance: [] });
  const text =
    'As a host I want to offer a boat trip with a harbour, a departure time and between 2 and 8 free places. As a guest I want to request a place on a trip. As a host I want to accept or decline each request. Hosts must be at least 21 years old. A guest can cancel for free up to 6 hours before departure.';

  it('keeps no record of the places, and counts them on the trip, within the bounds given', () => {
    const a = analysed(text);
    // The host is kept for the age rule.
    expect(a.entities.map((e) => e.name).sort()).toEqual(['host', 'request', 'trip']);
    expect(a.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text))).toContain("Rule: A trip's places must be from 2 to 8");
  });

  it('cancels what the person requested when the act names nothing, not the owner of a time it names', () => {
    const cancel = analysed(text).user_stories.find((s) => /^Cancel/.test(s.title));
    expect(cancel?.acceptance_criteria[0].text).toMatch(/^A guest can cancel a request/);
  });
});

describe('the offline analyst reads terse notes', () => {
  const notes = 'pottery studio - courses\nmembers book courses w/ tutors\nglaze: matte | gloss | satin\nmax 3 courses per member per month\nonly admin can add tutors';

  it('reads "w/" as "with", values set apart by bars as the values of the word before the colon, and a word before a modal as a noun', () => {
    const a = writeAnalysis({ requirements: notes, guidance: [] });
    const names = a.entities.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['course', 'tutor']));
    for (const value of ['matte', 'gloss', 'satin']) expect(names).not.toContain(value);
    const found = a.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text));
    expect(found.some((c) => /glaze must be one of: matte, gloss, satin/.test(c))).toBe(true);
    expect(found).toContain('Rule: At most 3 courses with the same member id in the same month of their date; one more is refused');
    expect(found).toContain('Rule: Only an admin can add a tutor; anyone else is refused');
  });

  it('reads a word opening a line before a bare amount as a noun', () => {
    const tokens = readSentences('price 40 per term')[0].tokens;
    expect(tokens[0].pos).toBe('noun');
  });
});

describe('the offline analyst reads counts and overlaps held by someone', () => {
  it('keeps the things a person may register at most some of, not a registration of them', () => {
    expect(records('Bike club. A rider registers each bike with its frame number. A rider may register at most 3 bikes.')).toEqual(['bike']);
  });

  it('reads "a coach cannot have two sessions that overlap" as an overlap per coach', () => {
    const a = writeAnalysis({ requirements: 'Swimmers book sessions with a coach, choosing a start time and an end time. A coach cannot have two sessions that overlap.', guidance: [] });
    expect(a.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text))).toContain('Rule: Two sessions with the same coach id cannot overlap between start time and end time; the later one is refused');
  });
});

describe('the offline analyst keeps details and events out of the records', () => {
  it('reads a participle closing an item of a with-list as describing it, not as the clause’s verb', () => {
    const a = writeAnalysis({ requirements: 'The clinic shall record referrals with the patient, the doctor, the urgency and the number of visits allowed. Doctors approve referrals.', guidance: [] });
    expect(a.entities.map((e) => e.name)).not.toContain('urgency');
    expect(a.entities.find((e) => e.name === 'referral')?.fields.map((f) => f.name)).toContain('urgency');
  });

  it('reads "the return of a canoe" as an event of the canoe, and the -s word after "or more" as a verb', () => {
    expect(records('Paddlers rent canoes. As a dock hand I want to record the return of a canoe and whether it is damaged.')).not.toContain('return');
    const tokens = readSentences('a mark of 50 or more passes.')[0].tokens;
    expect(tokens[tokens.length - 1].pos).toBe('verb');
  });
});

describe('the offline analyst reads the words of terse notes as a person would', () => {
  it('parts two phrases at a dash with spaces, and joins words only at a dash inside a word', () => {
    const tokens = readSentences('bike shed - drop-off desk')[0].tokens;
    expect(tokens.map((t) => t.lower)).toEqual(['bike', 'shed', 'drop-off', 'desk']);
    expect(tokens[1].punct).toBe(',');
  });

  it('reads the word after "else" as what is done instead, and a word between a verb’s two nouns as a compound’s', () => {
    const tokens = readSentences('heavy parcels need customs declaration form, else reject')[0].tokens;
    expect(tokens.find((t) => t.lower === 'reject')?.pos).toBe('verb');
    expect(tokens.find((t) => t.lower === 'declaration')?.pos).toBe('noun');
  });

  it('asks about a note that says what happens otherwise, instead of dropping it', () => {
    const a = writeAnalysis({ requirements: 'courier depot\ncouriers log parcels w/ weight\nheavy parcels need customs declaration form, else reject', guidance: [] });
    expect(a.open_questions.some((q) => /else reject/.test(q))).toBe(true);
  });
});

describe('the offline analyst reads the details a participle lists', () => {
  it('reads "…, giving the licence plate and the zone" as details of what is applied for, and their values after', () => {
    const a = writeAnalysis({ requirements: 'Residents apply for a parking permit for a car, giving the licence plate and the zone.\nZone is one of A, B or C.', guidance: [] });
    expect(a.entities.map((e) => e.name)).not.toContain('zone');
    expect(a.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text)).some((c) => /zone must be one of: A, B, C/.test(c))).toBe(true);
  });
});

describe('the offline analyst reads a role at work, details in brackets and a clause that only describes a noun', () => {
  const text = 'Cheese cave. The affineur registers each cheese with its maker, its milk (cow, goat, ewe or buffalo) and the shelf it ripens on. Shop assistants sell cheeses by weight.';

  it('reads "the affineur registers each cheese" as a person at work, not as a record holding cheeses', () => {
    const a = writeAnalysis({ requirements: text, guidance: [] });
    expect(a.entities.map((e) => e.name)).toEqual(['cheese']);
    expect(a.user_stories[0].acceptance_criteria[0].text).toMatch(/^An affineur can create a cheese/);
  });

  it('keeps a bracketed detail in its list, whatever ends the list, and its values as the values of that detail', () => {
    const a = writeAnalysis({ requirements: text, guidance: [] });
    expect(a.entities[0].fields.map((f) => f.name)).toEqual(expect.arrayContaining(['maker', 'milk', 'shelf']));
    const found = a.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text));
    expect(found).toContain("Rule: A cheese's milk must be one of: cow, goat, ewe, buffalo");
  });

  it('reads values with accents and values that look like participles as values', () => {
    const found = writeAnalysis({ requirements: 'Tea room. Servers take orders with a table number and a pot; the pot: herbal, smoked, rooibos or flavoured. Waiters serve each order.', guidance: [] })
      .user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text));
    expect(found.some((c) => /pot must be one of: herbal, smoked, rooibos, flavoured/.test(c))).toBe(true);
    const accented = writeAnalysis({ requirements: 'Perfume bar. Staff log each bottle with a scent (floral, woody, rosé or sparkling) and a size.', guidance: [] })
      .user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text));
    expect(accented).toContain("Rule: A bottle's scent must be one of: floral, woody, rose, sparkling");
  });
});

describe('the offline analyst stops where the text points at what it does not say', () => {
  const analysed = (requirements: string) => writeAnalysis({ requirements, guidance: [] });

  it('asks about "like we did before", a named person’s past way and "what they want", and is not confident', () => {
    const a = analysed('Ferry timetable. Plan the sailings the way Omar planned them last season, and tickets should be handled like we did before. Crew should get what they want from the screens.');
    const asked = a.open_questions.join('\n');
    expect(asked).toContain('"like we did before"');
    expect(asked).toContain('"the way Omar planned them"');
    expect(asked).toContain('"what they want"');
    expect(a.confidence).toBeLessThan(0.7);
  });

  it('asks about a named person’s things, "the way they usually do" and "same as we agreed", whatever the tense', () => {
    const a = analysed('Riding stables. Run the bookings the way stables usually do, use the rates card Priya keeps behind the desk, and handle refunds same as we agreed in spring.');
    const asked = a.open_questions.join('\n');
    expect(asked).toContain('"the way stables usually do"');
    expect(asked).toContain('"same as we agreed"');
    expect(a.confidence).toBeLessThan(0.7);
    const named = analysed('Florist orders. Customers order bouquets with a size. Deliveries follow the list Tom keeps at the till. Staff cancel orders.');
    expect(named.open_questions.join('\n')).toContain('"the list Tom keeps"');
  });

  it('takes "3 hours before" and "closed for good" as plain words', () => {
    const a = analysed('Kayak hire. Paddlers book kayaks for a date. A paddler can cancel up to 3 hours before. A cancelled booking is closed for good.');
    expect(a.open_questions.join('\n')).not.toMatch(/not written down|relies on knowledge/);
  });
});

describe('the offline analyst reads what a thing turns out to be, and idioms of how or when', () => {
  const analysed = (requirements: string) => writeAnalysis({ requirements, guidance: [] });
  const criteria = (requirements: string): string[] => analysed(requirements).user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text));

  it('reads "a bout ends as a win, a loss or a draw" as the result of the bout, not as three records or details', () => {
    const text = 'Fencing club. Referees record bouts between two fencers. A bout ends as a win, a loss or a draw. Fencers see their bouts.';
    const a = analysed(text);
    expect(a.entities.map((e) => e.name)).toEqual(['bout']);
    expect(a.entities[0].fields.map((f) => f.name)).not.toEqual(expect.arrayContaining(['win']));
    expect(criteria(text)).toContain("Rule: A bout's result must be one of: win, loss, draw");
  });

  it('reads an -s word opening a sentence before a plain verb as the subject: "Marks run from 0 to 40"', () => {
    const tokens = readSentences('Marks run from 0 to 40.')[0].tokens;
    expect(tokens.slice(0, 2).map((t) => t.pos)).toEqual(['noun', 'verb']);
    expect(analysed('Tutors mark each essay. Marks run from 0 to 40.').entities.map((e) => e.name)).toEqual(['essay']);
  });

  it('keeps no record or detail of an idiom such as "in advance" or "in full"', () => {
    const a = analysed('Boat hire. Every trip is booked in advance for a 2-hour slot, and skippers are paid in full. Staff cancel trips.');
    const words = a.entities.flatMap((e) => [e.name, ...e.fields.map((f) => f.name)]);
    expect(words).not.toContain('advance');
    expect(words).not.toContain('full');
  });
});

describe('the offline analyst asks only for the details the text names', () => {
  it('knows a thing described in words of its own by them, and invents a name only for a thing described by nothing', () => {
    const a = writeAnalysis({ requirements: 'Kite shop. Staff list kites with a colour, a wingspan and a price. Customers rent kites and return them. Staff add reels.', guidance: [] });
    const kite = a.entities.find((e) => e.name === 'kite');
    expect(kite?.fields.map((f) => f.name)).not.toContain('name');
    const found = a.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text));
    expect(found).toContain('Creating a kite without a colour is refused with a validation error');
    expect(found.some((c) => /kite without a name/.test(c))).toBe(false);
    // A reel is described by nothing: it is known by a name, and a person is asked what else it holds.
    expect(a.entities.find((e) => e.name === 'reel')?.fields.map((f) => f.name)).toContain('name');
  });
});

describe('the offline team requires the detail a record is known by, never its state', () => {
  it('requires the description of a claim listed with a status first, in the criteria and in the code alike', () => {
    const input = { requirements: 'Insurance desk. Agents log claims with a status, a description and an amount. Agents approve or reject claims.', guidance: [] };
    const analysis = writeAnalysis(input);
    expect(analysis.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text))).toContain('Creating a claim without a description is refused with a validation error');
    const code = writeCode({ ...input, analysis, design: writeDesign({ ...input, analysis }) }).files.find((f) => f.path === 'src/claim.js')?.content ?? '';
    expect(code).toMatch(/"description": \{[^}]*"required": true/);
    expect(code).toMatch(/"status": \{[^}]*"required": false/);
  });
});

describe('the offline analyst reads a participle listing what a thing comes with as "with"', () => {
  it('reads "requests naming a variety, a seed type (…) and a pickup date" as the request’s details, values and all', () => {
    const a = writeAnalysis({ requirements: 'Seed library. Growers send in requests naming a variety, a seed type (heirloom, hybrid or wild) and a pickup date. Volunteers fill each request.', guidance: [] });
    expect(a.entities.map((e) => e.name)).toEqual(['request']);
    expect(a.entities[0].fields.map((f) => f.name)).toEqual(expect.arrayContaining(['variety', 'seedType', 'pickupDate']));
    expect(a.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text))).toContain("Rule: A request's seed type must be one of: heirloom, hybrid, wild");
  });
});

describe('the offline analyst keeps the act one person does to another as a record, where the text names it', () => {
  it('reads "fencers challenge other fencers … one open challenge" as challenges between fencers, limited per fencer', () => {
    const a = writeAnalysis({ requirements: 'Fencing salle. Fencers challenge other fencers to a bout. A fencer can have only one open challenge at a time. Coaches cancel challenges.', guidance: [] });
    const challenge = a.entities.find((e) => e.name === 'challenge');
    expect(challenge?.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['fencerId', 'challenger']));
    const found = a.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text));
    expect(found).toContain('A fencer can create a challenge with fencer id, challenger and date; it is stored and returned with an id');
    expect(found).toContain('Rule: At most 1 active challenge with the same fencer id; one more is refused');
  });

  it('keeps no record of an act whose noun the text uses only as someone’s detail ("name the adults … an adult’s name")', () => {
    const a = writeAnalysis({ requirements: 'Holiday camp. Parents name the adults who may fetch their child. Staff check an adult\'s name at the gate and log each departure.', guidance: [] });
    expect(a.entities.map((e) => e.name)).not.toContain('name');
  });
});

describe('the offline analyst reads values listed with commas alone, and what an act closes a record as', () => {
  const text = 'Pest control desk. Tenants report sightings with a flat number and a pest (mice, rats, cockroaches, other). Inspectors close each sighting as treated or no action.';

  it('reads bracketed values with no "or" as the values of the detail before them', () => {
    const a = writeAnalysis({ requirements: text, guidance: [] });
    expect(a.entities.map((e) => e.name)).toEqual(['sighting']);
    expect(a.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text))).toContain("Rule: A sighting's pest must be one of: mice, rats, cockroaches, other");
  });

  it('reads "Inspectors close each sighting as treated or no action" as closing, with no record of an action', () => {
    const a = writeAnalysis({ requirements: text, guidance: [] });
    expect(a.entities.map((e) => e.name)).not.toContain('action');
    expect(a.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text))).toContain(
      'An inspector can close a sighting that is reported; it becomes closed, and from any other status it is refused',
    );
  });
});

describe('the offline analyst reads putting one’s name down as signing up, and counts people by what puts them somewhere', () => {
  const text = 'Allotment work days. Volunteers put their names down for one task on each work day, and each task takes only one volunteer per day. Volunteers withdraw signups.';

  it('keeps no record of names: the signup for the task is what is kept', () => {
    const a = writeAnalysis({ requirements: text, guidance: [] });
    expect(a.entities.map((e) => e.name)).not.toContain('name');
    expect(a.entities.map((e) => e.name)).toContain('signup');
  });

  it('counts the signups per task and day, not the volunteers', () => {
    const found = writeAnalysis({ requirements: 'Bell tower. Ringers register with a name and a phone number. Ringers put their names down for one bell on each date, and each bell takes only one ringer per date.', guidance: [] })
      .user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text));
    expect(found).toContain('Rule: At most 1 signup with the same bell id and date; one more is refused');
    expect(found.some((c) => /At most 1 ringer/.test(c))).toBe(false);
  });
});

describe('the offline analyst reads "a lot of" as a quantity and a lot as a thing', () => {
  it('keeps the lots an auction sells, and no lot in "a lot of bidders"', () => {
    const a = writeAnalysis({ requirements: 'Charity auction. Organisers enter donated lots with a description and a reserve price. Bidders bid on lots. A lot of bidders join online.', guidance: [] });
    expect(a.entities.map((e) => e.name)).toEqual(expect.arrayContaining(['lot', 'bid']));
    expect(a.entities.find((e) => e.name === 'lot')?.fields.map((f) => f.name)).toContain('description');
  });
});

describe('the offline analyst reads one-of-a-kind roles and phrasal verbs that end a record', () => {
  it('reads "the cellar keeper writes off broken casks" as a person ending a record, and "only … may write off" as that role’s', () => {
    const a = writeAnalysis({ requirements: 'Brewery cellar. Brewers log casks with a beer and a size. The cellar keeper writes off broken casks.', guidance: [] });
    expect(a.entities.map((e) => e.name)).toEqual(['cask']);
    const found = a.user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text));
    expect(found).toContain('A cellar keeper can write off a cask that is logged; it becomes written off, and from any other status it is refused');
    const only = writeAnalysis({ requirements: 'Brewery cellar. Brewers log casks with a beer and a size. Only the head brewer may write off a cask.', guidance: [] })
      .user_stories.flatMap((s) => s.acceptance_criteria.map((c) => c.text));
    expect(only).toContain('Rule: Only a head brewer can write off a cask; anyone else is refused');
    expect(only.some((c) => /can add a cask/.test(c))).toBe(false);
  });
});

describe('the offline analyst keeps the record an act makes when people act with details and no object', () => {
  it('reads "joggers enter online with their name, a shirt size and a phone number … 300 entries" as entries with those details', () => {
    const a = writeAnalysis({ requirements: 'Fun run. Joggers enter online with their name, a shirt size and a phone number. The run is capped at 300 entries. Staff refund entries.', guidance: [] });
    const entry = a.entities.find((e) => e.name === 'entry');
    expect(entry?.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['name', 'shirtSize', 'phoneNumber']));
    // An entry described in words of its own gets no invented title or body.
    expect(entry?.fields.map((f) => f.name)).not.toEqual(expect.arrayContaining(['title']));
    expect(a.user_stories[0].acceptance_criteria[0].text).toMatch(/^A jogger can create an entry with /);
  });
});
