/**
 * The small vocabulary the offline reader uses on top of compromise's tags. These are kinds of English
 * words, not words from particular requirement texts: compromise knows that "journeys" is a plural noun,
 * but not that "system" names the product rather than something it stores, or that "capacity" is a number.
 */

const words = (list: string): ReadonlySet<string> => new Set(list.trim().split(/\s+/));

/** Nouns that name the product, its parts or nothing in particular: never an entity. */
export const GENERIC_NOUNS = words(`
  system app platform thing things functionality web website software solution feature module
  interface backend frontend program stuff something anything everything nothing data information info kind
  sort place area aspect one ones use experience process workflow version screen button ui ux tech requirement requirements
  technology business company organisation organization startup firm cloud database online internet way
`);

/** Nouns that take a share of what follows "of" ("part of the stock", "a piece of work"): the "of" noun is the thing. */
export const PARTITIVE_NOUNS = words(`part parts piece pieces bit portion share kind sort type`);

/** Nouns that name the product when they head the phrase that introduces it ("a bike sharing service"). */
export const PRODUCT_NOUNS = new Set([
  ...GENERIC_NOUNS,
  ...words(`project application service tool tracker portal site api page hub desk planner gradebook`),
]);

/** Heads that describe a capability over their modifier ("film catalog", "user authentication"): the modifier is the entity. */
export const CAPABILITY_NOUNS = words(`
  authentication authorization authorisation functionality management tracking catalog catalogue list listing
  collection inventory history directory registry log feature capability integration scheduling ordering storage
  handling processing support administration maintenance overview update updates notification notifications
`);

/** Derived figures ("a summary of visits", "monthly rainfall totals"): they are computed from entities, not stored. */
export const AGGREGATE_NOUNS = words(`
  report reports total totals count counts average averages sum summary statistics stats result results percentage
  percentages breakdown chart charts dashboard analytics metric metrics figure figures ranking leaderboard export exports
`);

/** Units of time: a date field when attached to an entity, never an entity of their own. */
export const TIME_NOUNS = words(`
  time date day days week weeks month months year years hour hours minute minutes second seconds window deadline
  period morning afternoon evening night midnight noon midday weekend today tomorrow schedule timeslot slot start end due moment
`);

/**
 * Closed classes of English that are never a kind of record: indefinite pronouns, quantifiers (and "the top 3"), units of measure and
 * currencies, days of the week and months, and the words for an identifier itself ("checking an ID"). A text that
 * names them speaks of an amount, a time or a detail, not of a thing kept.
 */
export const NON_RECORD_NOUNS = words(`
  id ids identifier identifiers
  anyone anybody anything everyone everybody everything someone somebody something nobody nothing none noone
  more less most least many much few plenty maximum minimum max min majority half quarter dozen top bottom
  percent percentage euro euros dollar dollars pound pounds cent cents pence yen franc francs rupee rupees
  kilogram kilograms kg gram grams litre litres liter liters metre metres meter meters kilometre kilometres
  kilometer kilometers km mile miles inch inches foot feet
  monday tuesday wednesday thursday friday saturday sunday weekday weekdays
  january february march april may june july august september october november december
`);

/** Attribute nouns whose value is a number. */
export const NUMBER_NOUNS = words(`
  capacity price prices cost costs amount amounts total count number quantity mileage rate rating score age
  percentage weight size duration fee fees salary balance budget stock distance temperature height length points
  limit level rank seats places spaces value quota stars tip discount tax volume
`);

/** Verbs that say what a thing costs, weighs or lasts, never what someone does ("a booking costs 25"): a closed class. */
export const STATING_VERBS = words('cost weigh measure last');

/**
 * Verbs by which something is present somewhere ("a plate may appear twice") or a value sits in a range ("moisture
 * must lie between 14 and 20"): their subject is a detail, no maker.
 */
export const OCCURRENCE_VERBS = words('appear occur exist recur feature lie range');

/** Units a text's length is counted in ("at most 2000 words"): no things kept. A closed class. */
export const TEXT_UNITS = words('word character');

/** Verbs by which a place has room for people ("seats 120", "sleeps 4"): a closed class of English. */
export const ROOM_VERBS = words('seat sleep accommodate fit');

/** Nouns for room for one in something ("20 places", "6 seats"): a count of them is how many it takes. A closed class. */
export const ROOM_NOUNS = words('place seat space spot berth bed pitch');

/** Number nouns that count what follows them ("a number of servings"): the field is named by what is counted. */
export const COUNTING_HEADS = words('number count amount quantity total');

/** Attribute nouns whose value is yes or no. */
export const BOOLEAN_NOUNS = words(`consent permission agreement confirmation verification flag`);

/** Attribute nouns whose value is text even though they sound numeric ("serial number", "phone number"). */
export const CODE_NOUNS = words(`code reference number`);

/** Nouns that describe a record's state rather than a thing. */
export const STATE_NOUNS = words(`status state stage progress phase`);

/** Entities that are mostly an amount of money. */
export const MONEY_ENTITIES = words(`
  expense payment fine fee invoice donation transaction bill refund salary charge purchase sale deposit withdrawal
  payout budget tip
`);

/** Entities that are mostly a measured value. */
export const MEASURE_ENTITIES = words(`grade score rating reading measurement mark result`);

/** Entities known by a title and described in prose: work items rather than documents. */
export const TITLED_ENTITIES = words(`
  ticket issue bug task request incident case job project goal todo book film movie album song podcast episode
`);

/** Entities that are mostly written text. */
export const TEXT_ENTITIES = words(`
  post comment article review message note answer question story page entry reply feedback announcement
  essay chapter recipe
`);

/** Person nouns compromise does not always tag as Actor, and groups of people that act ("finance approves", "a party of 4"). */
export const PERSON_NOUNS = words(`
  user users customer member staff team people person anyone everyone someone somebody anybody student reader guest
  volunteer client patient visitor owner admin administrator finance hr sales support accounting security
  reception management organiser organizer participant employee author editor teacher trainer coach player
  parent child kid friend follower subscriber buyer seller vendor supplier landlord tenant driver rider passenger
  attendee applicant candidate recruiter moderator operator agent manager nurse doctor physician pharmacist
  librarian coordinator attendant cook chef waiter host instructor tutor mentor learner resident citizen
  homeowner shopper traveller traveler tourist worker contractor freelancer partner developer tester analyst
  designer reviewer approver auditor accountant clerk cashier courier dispatcher technician mechanic
  party group adult minor teenager senior infant toddler baby guardian master steward marshal referee umpire judge
  neighbour neighbor caretaker leader captain warden ranger guide registrar secretary guard lifeguard vet pilot concierge dean
  opponent rival colleague committee panel jury council crew squad
`);

/** Nouns for people acting as one ("a team"): people in a sentence, yet records a text may keep. A closed class. */
export const COLLECTIVE_NOUNS = words('team group club band choir crew squad party family household couple');

/** People nouns outside the lexicon, by their ending: "surveyors", "archivists", "trainees". */
export const PERSON_SUFFIX = /(er|or|ist|ian|ee)$/;

/** Words that make a requirement vague when they carry its meaning. */
export const VAGUE_WORDS = words(`
  thing things stuff something somehow better nicer improve improved fix whatever etc etcetera usual
  good great nice cool awesome easier simpler faster modern enough sufficient adequate appropriate reasonable suitable
`);

/** Phrases that point at knowledge the reader does not have. */
export const VAGUE_PHRASES: readonly string[] = [
  'you know',
  'i mean',
  'talked about',
  'we discussed',
  'as discussed',
  'like we said',
  'as usual',
  'the usual',
  'kind of',
  'sort of',
  'and so on',
  'or something',
  'something like',
  'the rest',
];

/** Verbs that grant an action to a person ("allow customers to …", "let staff …"). */
export const PERMISSION_VERBS = words(`let lets allow allows enable enables permit permits`);

/** What a requirement's verb does to the records it names; it decides stories, endpoints and tests. */
export type VerbClass = 'create' | 'view' | 'update' | 'remove';

const VERB_CLASSES: Record<VerbClass, ReadonlySet<string>> = {
  create: words(`
    create add submit write post publish record register open book reserve buy order upload enter log make leave
    send raise file schedule enrol enroll sign plan set share invite request apply borrow rent vote rate comment
    review save store keep capture collect define build draft hire donate purchase report issue start generate
    import ask answer propose suggest nominate claim manage
  `),
  view: words(`
    see view browse search find look list show display track read monitor compare export download print filter
    sort check get receive know access follow watch explore discover count calculate summarise summarize
  `),
  update: words(`
    update edit change modify approve reject assign resolve close move mark complete confirm accept decline refund
    return renew reschedule pay rename reorder rank transfer escalate verify validate moderate grade
    finish release ship deliver process handle dispatch upgrade extend adjust correct reopen acknowledge
    block unblock suspend reinstate
  `),
  remove: words(`delete remove cancel drop withdraw archive discard unsubscribe revoke erase deactivate expire`),
};

/**
 * Verbs of changing a record's details or of deleting it outright, not of moving it between statuses: "a confirmed
 * order cannot be edited" refuses the store's change of a record, not an action of its lifecycle.
 */
export const STORE_OPERATION_VERBS: ReadonlyMap<string, 'update' | 'remove'> = new Map([
  ...[...words('update edit change modify amend alter adjust correct rename')].map((v) => [v, 'update'] as const),
  ...[...words('delete remove erase')].map((v) => [v, 'remove'] as const),
]);

/** Whether the word is a verb this vocabulary knows, so that a clause can start with it ("…, mark tasks as done"). */
export function isKnownVerb(word: string): boolean {
  return Object.values(VERB_CLASSES).some((set) => set.has(word));
}

/**
 * Phrasal verbs whose class is not their head's ("check in" changes where a stay stands; "check" looks; "pick up"
 * collects; "drop off" brings something in, where "drop" removes).
 */
const PHRASAL_CLASSES: ReadonlyMap<string, VerbClass> = new Map([
  ['check in', 'update'],
  ['check out', 'update'],
  ['pick up', 'update'],
  ['drop off', 'create'],
  ['hand back', 'update'],
  ['give back', 'update'],
  ['bring back', 'update'],
  // "write off a broken bottle", "strike off a member": the record is ended, whatever the head makes.
  ['write off', 'remove'],
  ['strike off', 'remove'],
  ['cross off', 'remove'],
  ['take off', 'remove'],
  ['sign off', 'update'],
]);

/** The class of a verb given as its infinitive; unknown verbs that take an object are taken to record something. */
export function verbClass(verb: string): VerbClass {
  const phrasal = PHRASAL_CLASSES.get(verb);
  if (phrasal) return phrasal;
  const [head] = verb.split(' ');
  for (const cls of ['remove', 'update', 'view', 'create'] as const) if (VERB_CLASSES[cls].has(head)) return cls;
  return 'create';
}

/** Verbs that change or end a record someone else made ("approve", "cancel"): their acts are events, not records. */
export const CHANGING_VERBS: readonly string[] = [...VERB_CLASSES.update, ...VERB_CLASSES.remove];

/** Verbs after which a record changes state: the record needs a status. */
export const STATUS_VERBS = words(`
  approve reject resolve close cancel complete confirm accept decline assign refund publish ship deliver move
  escalate finish reopen acknowledge process dispatch return moderate mark
`);

/**
 * Verbs whose act is itself a record ("book a court" makes a booking). The noun is what people call that record,
 * so "players book a court" yields a booking that points at the court.
 */
export const RECORDING_VERBS: ReadonlyMap<string, string> = new Map([
  ['book', 'booking'],
  ['reserve', 'reservation'],
  ['borrow', 'loan'],
  ['rent', 'rental'],
  ['hire', 'hire'],
  ['enrol', 'enrolment'],
  ['enroll', 'enrollment'],
  ['register', 'registration'],
  ['subscribe', 'subscription'],
  ['sign up', 'signup'],
  ['apply', 'application'],
  ['comment', 'comment'],
  ['review', 'review'],
  ['reply', 'reply'],
  ['vote', 'vote'],
  ['donate', 'donation'],
  ['bid', 'bid'],
  ['order', 'order'],
  ['buy', 'purchase'],
  ['purchase', 'purchase'],
  ['adopt', 'adoption'],
  ['lease', 'lease'],
  ['pledge', 'pledge'],
  ['nominate', 'nomination'],
  ['request', 'request'],
]);

/** Verbs of asking for something or saying something of it ("apply for a permit", "review a film"): their records hold nothing. */
const ASKING_VERBS = words('apply request nominate bid comment review reply vote');

/** Records that put a thing with someone for a while (a loan, a booking, an order), not those that ask for it (an application). */
export const HOLDING_RECORDS: ReadonlySet<string> = new Set([...RECORDING_VERBS].filter(([verb]) => !ASKING_VERBS.has(verb)).map(([, noun]) => noun));

/** Verbs whose act ends a record's life: nothing that follows it starts from where they leave it ("cancel", "reject"). */
export const endsRecord = (verb: string): boolean =>
  verbClass(verb) === 'remove' || ['reject', 'decline', 'refuse', 'deny', 'return', 'check out', 'hand back', 'give back', 'bring back'].includes(verb);

/** Verbs that end or extend what a recording verb began ("return a book" ends its loan): closed class of English. */
export const RELATION_VERBS: ReadonlySet<string> = new Set([...words('return renew extend collect'), 'check in', 'check out', 'hand back', 'give back', 'bring back']);

/** Verbs of having: their object is a detail of their subject ("tools have a barcode"), and they do nothing. */
export const POSSESSION_VERBS = words('have has include contain hold carry');

/** Verbs by which a record tells something ("an application states the reason"): with a record as subject, its details. */
export const DESCRIBING_VERBS = words('name names state states specify specifies give gives show shows mention mentions');

/** Recording verbs that make a record of their own only with a preposition ("register for", "enrol in", "sign up for"). */
export const PREPOSITIONAL_MAKERS: ReadonlySet<string> = new Set([...words('register enrol enroll apply subscribe'), 'sign up']);

/**
 * Recording verbs whose object is often itself what the act makes ("buy a ticket" keeps the ticket, "order a
 * translation" the translation, "request a repair" the repair): their record is one of its own only where the text
 * also names it ("orders are placed", "each request").
 */
export const OBJECT_KEEPING_VERBS = words('order buy purchase request');

/** The records recording verbs make ("booking", "loan", "order"). */
export const RECORDING_NOUNS: ReadonlySet<string> = new Set(RECORDING_VERBS.values());

/** Names people use for the same kind of record: a text that says "reservations" books reservations, not bookings. */
export const RECORD_SYNONYMS: readonly ReadonlySet<string>[] = [
  words('booking reservation appointment'),
  words('loan rental hire'),
  words('enrolment enrollment registration signup subscription'),
];

/** Adjectives that become a field on the record they describe. */
export const ADJECTIVE_FIELDS: ReadonlyMap<string, { name: string; type: 'boolean' | 'date' }> = new Map([
  ['overdue', { name: 'dueDate', type: 'date' }],
  ['due', { name: 'dueDate', type: 'date' }],
  ['available', { name: 'available', type: 'boolean' }],
  ['free', { name: 'available', type: 'boolean' }],
  ['paid', { name: 'paid', type: 'boolean' }],
  ['active', { name: 'active', type: 'boolean' }],
  ['public', { name: 'public', type: 'boolean' }],
  ['private', { name: 'public', type: 'boolean' }],
  ['anonymous', { name: 'anonymous', type: 'boolean' }],
  ['recurring', { name: 'recurring', type: 'boolean' }],
  ['archived', { name: 'archived', type: 'boolean' }],
  ['urgent', { name: 'urgent', type: 'boolean' }],
]);

/** Verbs that imply a field on their object, with the field they imply. */
export const VERB_FIELDS: ReadonlyMap<string, { name: string; type: 'string' | 'number' | 'date' }> = new Map([
  ['assign', { name: 'assignee', type: 'string' }],
  ['rate', { name: 'rating', type: 'number' }],
  ['grade', { name: 'grade', type: 'number' }],
  ['score', { name: 'score', type: 'number' }],
  ['rank', { name: 'rank', type: 'number' }],
  ['buy', { name: 'price', type: 'number' }],
  ['sell', { name: 'price', type: 'number' }],
  ['purchase', { name: 'price', type: 'number' }],
  ['pay', { name: 'amount', type: 'number' }],
  ['schedule', { name: 'scheduledAt', type: 'date' }],
  ['vote', { name: 'votes', type: 'number' }],
]);

/** Verbs of judging something someone else made: the act sets a number on it ("judges score each photo"). */
export const JUDGING_VERBS = words('rate grade score rank');

/** Modal verbs that oblige or allow ("the mark must be …"): a closed class of English. */
export const MODALS = words('must should shall can may will');

/** Modal verbs negated, a closed class of English, as a regular-expression alternation: "cannot", "may not" … */
export const MODAL_NEGATION = "cannot|can't|can not|may not|must not|is not allowed to|are not allowed to|must never|can never|may never|should never|shall never|will never|never";

/** Conjunctions that open a condition on the clause before them; the condition qualifies a story, it is not one. */
export const CONDITION_WORDS = words(`when if before after until unless while once whenever provided providing`);

/** Verbs that name a plain operation on a record, the ones a role may be limited to ("only editors may change …"). */
export const OPERATION_VERBS: ReadonlyMap<string, 'create' | 'read' | 'update' | 'remove'> = new Map([
  ...[...words(`add create enter register write post log file`)].map((w): [string, 'create'] => [w, 'create']),
  ...[...words(`see view read access`)].map((w): [string, 'read'] => [w, 'read']),
  ...[...words(`change edit update modify amend correct alter`)].map((w): [string, 'update'] => [w, 'update']),
  ...[...words(`delete remove erase`)].map((w): [string, 'remove'] => [w, 'remove']),
]);

/**
 * A queue of people waiting for a place ("go on a waitlist"): what it promises (who gets a freed place, in which
 * order, told how) is a rule the team asks about rather than a record it builds. A closed class of English phrases.
 */
export const WAITING_LIST = /\b(?:waiting[\s-]+lists?|wait[\s-]*lists?|waiting[\s-]+lines?)\b/i;

/** Nouns of money a price is named by ("a booking fee of 5"): the field the store computes. */
export const PRICE_NOUNS = words(`fee charge price cost rate deposit fare toll rent`);

/** Units of money written after an amount ("12 euros"): they name no field. */
export const CURRENCY_WORDS = words(`euro euros dollar dollars pound pounds franc francs`);
