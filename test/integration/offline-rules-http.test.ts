import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeAnalysis } from '../../src/llm/offline/analysis-writer';
import { writeCode } from '../../src/llm/offline/code-writer';
import { writeDesign } from '../../src/llm/offline/design-writer';
import { tempDir } from '../support/temp-dir';

/** The texts of the shared rules file: what a product owner wrote, and what the generated API must refuse. */
const RULES = readFileSync(join(__dirname, '../fixtures/shared-requirements/rules.txt'), 'utf8')
  .split(/\n\s*\n/)
  .map((t) => t.trim())
  .filter(Boolean);
const textAbout = (word: string): string => RULES.find((t) => t.toLowerCase().includes(word)) as string;
/** Our own texts full of rules, in other domains. */
const OWN_RULES = readFileSync(join(__dirname, '../fixtures/requirements/rules.txt'), 'utf8')
  .split(/\n\s*\n/)
  .map((t) => t.trim())
  .filter(Boolean);

interface Api {
  call(method: string, path: string, body?: unknown, role?: string): Promise<{ status: number; body: { id?: string; status?: string; error?: string; [field: string]: unknown } }>;
  stop(): void;
}

const dir = tempDir('botarmy-offline-http-');
afterAll(() => dir.remove());

/** Builds the offline team's project for a text and serves it, as a user would after downloading it. */
async function serve(name: string, requirements: string): Promise<Api> {
  const input = { requirements, guidance: [] };
  const analysis = writeAnalysis(input);
  const implementation = writeCode({ ...input, analysis, design: writeDesign({ ...input, analysis }) });
  const root = join(dir.path, name);
  for (const f of implementation.files) {
    mkdirSync(dirname(join(root, f.path)), { recursive: true });
    writeFileSync(join(root, f.path), f.content);
  }
  const child: ChildProcess = spawn(
    process.execPath,
    ['-e', "const s = require('./src/app').createApp(); s.listen(0, '127.0.0.1', () => console.log(s.address().port));"],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`the generated app exited with ${code}`)));
  });
  return {
    async call(method, path, body, role) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(role === undefined ? {} : { 'x-role': role }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : {} };
    },
    stop: () => child.kill(),
  };
}

describe('the offline team builds the rules it reads into the API', () => {
  it('refuses the third game a member borrows and a game already out, until it comes back', async () => {
    const api = await serve('games', textAbout('board game'));
    try {
      const date = new Date().toISOString();
      const dueDate = new Date(Date.parse(date) + 14 * 86_400_000).toISOString();
      const borrow = (memberId: string, gameId: string) => api.call('POST', '/loans', { memberId, gameId, date, dueDate });
      const first = await borrow('ada', 'chess');
      expect(first.status).toBe(201);
      expect(first.body.status).toBe('borrowed');
      expect((await borrow('ada', 'go')).status).toBe(201);
      const third = await borrow('ada', 'catan');
      expect(third).toEqual({ status: 409, body: { error: 'at most 2 active loans with the same member' } });
      expect((await borrow('grace', 'chess')).status).toBe(409);
      const returned = await api.call('POST', `/loans/${first.body.id}/return`);
      expect(returned.body.status).toBe('returned');
      expect((await api.call('POST', `/loans/${first.body.id}/return`)).status).toBe(409);
      expect((await borrow('grace', 'chess')).status).toBe(201);
      expect((await borrow('ada', 'catan')).status).toBe(201);
    } finally {
      api.stop();
    }
  });

  it('refuses a game borrowed for longer than 14 days, or due back before it was borrowed', async () => {
    const api = await serve('games-span', textAbout('board game'));
    try {
      const date = '2031-05-01T10:00:00.000Z';
      const borrow = (gameId: string, days: number) =>
        api.call('POST', '/loans', { memberId: gameId, gameId, date, dueDate: new Date(Date.parse(date) + days * 86_400_000).toISOString() });
      expect(await borrow('chess', 14.01)).toEqual({ status: 400, body: { error: 'dueDate must be at most 14 days after date' } });
      expect(await borrow('go', -1)).toEqual({ status: 400, body: { error: 'dueDate must not be before date' } });
      expect((await borrow('catan', 14)).status).toBe(201);
    } finally {
      api.stop();
    }
  });

  it('changes one detail of a proposal without its required title, and still refuses a change to a title too long', async () => {
    const api = await serve('proposal-change', OWN_RULES.find((t) => t.toLowerCase().includes('call for papers')) as string);
    try {
      const created = await api.call('POST', '/proposals', { title: 'Event sourcing', abstract: 'why', rating: 3, conferenceId: '1', speakerId: 'ada' });
      expect(created.status).toBe(201);
      const changed = await api.call('PATCH', `/proposals/${created.body.id}`, { abstract: 'why and how' });
      expect(changed).toMatchObject({ status: 200, body: { title: 'Event sourcing', abstract: 'why and how' } });
      expect(await api.call('PATCH', `/proposals/${created.body.id}`, { title: 'x'.repeat(81) })).toEqual({ status: 400, body: { error: 'title must be at most 80 characters long' } });
    } finally {
      api.stop();
    }
  });

  it('takes a table reservation only on the half hour between opening and two hours before closing', async () => {
    const api = await serve('tables', textAbout('restaurant'));
    try {
      const reserve = (time: string) => api.call('POST', '/reservations', { guest: 'Ana', date: `2031-06-10T${time}:00.000Z` });
      const error = { error: 'date must be a time of day from 12:00 at 30-minute steps, ending by 22:00' };
      expect(await reserve('11:30')).toEqual({ status: 400, body: error });
      expect(await reserve('20:30')).toEqual({ status: 400, body: error });
      expect(await reserve('12:15')).toEqual({ status: 400, body: error });
      expect((await reserve('12:00')).status).toBe(201);
      expect((await reserve('20:00')).status).toBe(201);
      const party = (partySize: number) => api.call('POST', '/reservations', { guest: 'Bo', date: '2031-06-11T13:00:00.000Z', partySize });
      expect(await party(7)).toEqual({ status: 400, body: { error: 'partySize must be at most 6' } });
      expect((await party(6)).status).toBe(201);
      // Cancelled in time it is cancelled; past the deadline (here, a table booked for yesterday) it is a no-show.
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const early = await api.call('POST', '/reservations', { guest: 'Cy', date: '2031-06-12T12:00:00.000Z' });
      const late = await api.call('POST', '/reservations', { guest: 'Di', date: `${yesterday}T12:00:00.000Z` });
      expect((await api.call('POST', `/reservations/${early.body.id}/cancel`)).body.status).toBe('cancelled');
      expect((await api.call('POST', `/reservations/${late.body.id}/cancel`)).body.status).toBe('no-show');
      // A guest with 3 no-shows cannot book any more; anyone else still can.
      for (let i = 0; i < 2; i += 1) {
        const missed = await api.call('POST', '/reservations', { guest: 'Di', date: `${yesterday}T12:00:00.000Z` });
        expect((await api.call('POST', `/reservations/${missed.body.id}/cancel`)).body.status).toBe('no-show');
      }
      expect(await api.call('POST', '/reservations', { guest: 'Di', date: '2031-06-13T12:00:00.000Z' })).toEqual({
        status: 409,
        body: { error: 'no new reservation with 3 reservations that are no-show with the same guest' },
      });
      expect((await api.call('POST', '/reservations', { guest: 'Ed', date: '2031-06-13T12:00:00.000Z' })).status).toBe(201);
    } finally {
      api.stop();
    }
  });

  it('refuses a job that ends before it starts or has no sender, and a plate registered twice', async () => {
    const jobs = await serve('courier', OWN_RULES.find((t) => t.includes('courier dispatch')) as string);
    try {
      const job = (dropOffTime: string, sender?: string) =>
        jobs.call('POST', '/jobs', { title: 'Flowers', courierId: 'c1', pickupTime: '2031-02-01T10:00:00.000Z', dropOffTime, ...(sender ? { sender } : {}) });
      expect(await job('2031-02-01T10:00:00.000Z', 'Ana')).toEqual({ status: 400, body: { error: 'dropOffTime must be after pickupTime' } });
      expect(await job('2031-02-01T11:00:00.000Z')).toEqual({ status: 400, body: { error: 'sender is required' } });
      expect((await job('2031-02-01T11:00:00.000Z', 'Ana')).status).toBe(201);
    } finally {
      jobs.stop();
    }
    const office = await serve('vehicles', OWN_RULES.find((t) => t.includes('Vehicle registration')) as string);
    try {
      const register = (ownerId: string) => office.call('POST', '/registrations', { vehicleId: 'v1', ownerId, plateNumber: 'KL-204' });
      expect((await register('o1')).status).toBe(201);
      expect(await register('o2')).toEqual({ status: 409, body: { error: 'at most 1 registration with the same plate number' } });
    } finally {
      office.stop();
    }
  });

  it('computes a lease deposit and an agency fee from the rent, whatever the client sends', async () => {
    const api = await serve('leases', OWN_RULES.find((t) => t.includes('Flat lettings')) as string);
    try {
      const lease = (internationalStudent: boolean) =>
        api.call('POST', '/leases', { name: 'Room 4', flatId: 'f1', rent: 640, startDate: '2031-09-01T00:00:00.000Z', internationalStudent, deposit: 1, agencyFee: 1 });
      expect((await lease(true)).body).toMatchObject({ deposit: 160, agencyFee: 32 });
      expect((await lease(false)).body).toMatchObject({ deposit: 160, agencyFee: 0 });
      expect(await api.call('POST', '/leases', { name: 'Room 5', flatId: 'f2', rent: 500 })).toEqual({ status: 400, body: { error: 'startDate is required' } });
    } finally {
      api.stop();
    }
  });

  it('refuses a car reserved twice for overlapping dates, a car in maintenance, and a driver too young', async () => {
    const api = await serve('cars', textAbout('car rental'));
    try {
      const reserve = (carId: string, from: string, to: string) =>
        api.call('POST', '/reservations', { carId, pickUpDate: `2031-03-${from}T09:00:00Z`, returnDate: `2031-03-${to}T09:00:00Z` });
      const maintained = await api.call('POST', '/cars', { name: 'van', status: 'in maintenance' });
      expect(await reserve(maintained.body.id as string, '01', '03')).toEqual({ status: 409, body: { error: 'the car is in maintenance' } });
      const available = await api.call('POST', '/cars', { name: 'van', status: 'available' });
      expect((await reserve(available.body.id as string, '01', '03')).status).toBe(201);
      // Staff mark a car as in maintenance: the car's status changes, and it cannot be reserved from then on.
      expect((await api.call('PATCH', `/cars/${available.body.id}`, { status: 'in maintenance' })).status).toBe(200);
      expect((await reserve(available.body.id as string, '05', '07')).status).toBe(409);
      expect((await reserve('c1', '10', '14')).status).toBe(201);
      expect(await reserve('c1', '12', '16')).toEqual({ status: 409, body: { error: 'another reservation with the same car overlaps these dates' } });
      expect((await reserve('c1', '14', '16')).status).toBe(201);
      expect((await reserve('c2', '12', '16')).status).toBe(201);
      expect((await reserve('c1', '20', '19')).status).toBe(400);
      expect(await api.call('POST', '/customers', { name: 'Sam', age: 20 })).toEqual({ status: 400, body: { error: 'age must be at least 21' } });
      expect((await api.call('POST', '/customers', { name: 'Kim', age: 21 })).status).toBe(201);
    } finally {
      api.stop();
    }
  });

  it('refuses a booking after it closes and a cancellation after its deadline, by the clock', async () => {
    const api = await serve('climbing', 'Climbers book wall sessions. Booking closes 30 minutes before a session starts, and climbers can cancel a booking up to 2 hours before.');
    try {
      const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
      const book = (startTime: string) => api.call('POST', '/bookings', { sessionId: 's1', startTime });
      expect(await book(inHours(0.25))).toEqual({ status: 409, body: { error: 'a booking can be created only until 30 minutes before its start time' } });
      const soon = await book(inHours(1));
      expect(soon.status).toBe(201);
      expect(await api.call('POST', `/bookings/${soon.body.id}/cancel`)).toEqual({
        status: 409,
        body: { error: 'a booking can be cancelled only until 2 hours before its start time' },
      });
      const later = await book(inHours(5));
      expect((await api.call('POST', `/bookings/${later.body.id}/cancel`)).body.status).toBe('cancelled');
    } finally {
      api.stop();
    }
  });

  it('refuses to cancel a paid invoice, and a VAT rate outside the three allowed', async () => {
    const api = await serve('invoices', textAbout('invoices'));
    try {
      const invoice = await api.call('POST', '/invoices', { amount: 120, vatRate: 20 });
      expect(invoice.body.status).toBe('drafted');
      const id = invoice.body.id as string;
      expect((await api.call('POST', `/invoices/${id}/send`)).body.status).toBe('sent');
      expect((await api.call('POST', `/invoices/${id}/pay`)).body.status).toBe('paid');
      expect(await api.call('POST', `/invoices/${id}/cancel`)).toEqual({ status: 409, body: { error: 'cannot cancel an invoice that is paid' } });
      expect((await api.call('GET', `/invoices/${id}`)).body.status).toBe('paid');
      const other = await api.call('POST', '/invoices', { amount: 80 });
      expect((await api.call('POST', `/invoices/${other.body.id}/cancel`)).body.status).toBe('cancelled');
      expect(await api.call('POST', '/invoices', { amount: 80, vatRate: 15 })).toEqual({ status: 400, body: { error: 'vatRate must be one of 0, 10, 20' } });
    } finally {
      api.stop();
    }
  });

  it('charges 0.50 for every started day a game comes back late, and nothing when it is on time', async () => {
    const api = await serve('games-late', textAbout('board game'));
    try {
      const daysFromNow = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
      const late = await api.call('POST', '/loans', { memberId: 'ada', gameId: 'chess', date: daysFromNow(-10), dueDate: daysFromNow(-2.5) });
      const onTime = await api.call('POST', '/loans', { memberId: 'bob', gameId: 'go', date: daysFromNow(0), dueDate: daysFromNow(3), lateFee: 0.01 });
      expect(onTime.body.lateFee).toBeUndefined();
      expect((await api.call('POST', `/loans/${late.body.id}/return`)).body).toMatchObject({ status: 'returned', lateFee: 1.5 });
      expect((await api.call('POST', `/loans/${onTime.body.id}/return`)).body).toMatchObject({ status: 'returned', lateFee: 0 });
    } finally {
      api.stop();
    }
  });

  it('prices a garden plot at 40, or 20 with a concession card, whatever the client sends', async () => {
    const api = await serve('garden', textAbout('garden plots'));
    try {
      expect((await api.call('POST', '/plots', { name: 'North 3', householdId: 'h1', price: 1 })).body.price).toBe(40);
      expect((await api.call('POST', '/plots', { name: 'North 4', householdId: 'h2', concessionCard: true })).body.price).toBe(20);
    } finally {
      api.stop();
    }
  });

  it('lets only the role the text names change a record: 403 for anyone else', async () => {
    const api = await serve('dental', OWN_RULES.find((t) => t.includes('dental practice')) as string);
    try {
      const note = await api.call('POST', '/notes', { title: 'Filling', body: 'upper left' });
      expect(note.status).toBe(201);
      const edit = (role?: string) => api.call('PATCH', `/notes/${note.body.id}`, { body: 'upper right' }, role);
      expect(await edit()).toEqual({ status: 403, body: { error: 'only a dentist can change a note' } });
      expect((await edit('hygienist')).status).toBe(403);
      expect((await api.call('GET', `/notes/${note.body.id}`)).body.body).toBe('upper left');
      expect(await edit('hygienist, Dentist')).toMatchObject({ status: 200, body: { body: 'upper right' } });
    } finally {
      api.stop();
    }
  });

  it('takes no more bookings of a class than its capacity, and a cancelled booking frees its place', async () => {
    const api = await serve('gym', 'A climbing gym. Staff schedule classes with a date and a capacity. Members book classes and cancel bookings.');
    try {
      const small = await api.call('POST', '/classes', { name: 'Bouldering', date: '2031-03-01T18:00:00.000Z', capacity: 2 });
      const other = await api.call('POST', '/classes', { name: 'Ropes', date: '2031-03-02T18:00:00.000Z', capacity: 2 });
      const book = (classId: string, member: string) => api.call('POST', '/bookings', { classId, member });
      const first = await book(small.body.id as string, 'ada');
      expect(first.status).toBe(201);
      expect((await book(small.body.id as string, 'grace')).status).toBe(201);
      expect(await book(small.body.id as string, 'alan')).toEqual({ status: 409, body: { error: 'the class has no capacity left for another booking' } });
      expect((await book(other.body.id as string, 'alan')).status).toBe(201);
      expect((await api.call('POST', `/bookings/${first.body.id}/cancel`)).body.status).toBe('cancelled');
      expect((await book(small.body.id as string, 'alan')).status).toBe(201);
    } finally {
      api.stop();
    }
  });

  it('takes an expense claim only within 30 days of its expense date, by the clock', async () => {
    const api = await serve('claims', 'Staff file expense claims with an amount and an expense date. Claims must be submitted within 30 days of the expense date.');
    try {
      const claim = (daysAgo: number) => api.call('POST', '/claims', { name: 'Train to Leeds', amount: 40, expenseDate: new Date(Date.now() - daysAgo * 86_400_000).toISOString() });
      expect((await claim(29)).status).toBe(201);
      expect(await claim(31)).toEqual({ status: 409, body: { error: 'a claim can be created only until 30 days after its expense date' } });
    } finally {
      api.stop();
    }
  });

  it('refuses a member a second massage within two weeks of the first, and takes another member\'s', async () => {
    const api = await serve('spa', 'A spa. Members book massages with a date. A member can book a massage at most once every 2 weeks.');
    try {
      const book = (memberId: string, days: number) => api.call('POST', '/bookings', { massageId: 'm1', memberId, date: new Date(Date.UTC(2031, 0, 1) + days * 86_400_000).toISOString() });
      expect((await book('ada', 0)).status).toBe(201);
      expect(await book('ada', 13)).toEqual({ status: 409, body: { error: 'another booking with the same member is less than 2 weeks away' } });
      expect((await book('grace', 1)).status).toBe(201);
      expect((await book('ada', 14)).status).toBe(201);
    } finally {
      api.stop();
    }
  });

  it('takes a deposit of 30 percent of the price it computes, whatever the client sends', async () => {
    const api = await serve('cameras', 'Customers rent cameras for a start date and an end date. A rental costs 20 per day. A rental needs a deposit of 30 percent of the price.');
    try {
      const rented = await api.call('POST', '/rentals', { cameraId: 'c1', startDate: '2031-06-01T10:00:00.000Z', endDate: '2031-06-04T10:00:00.000Z', price: 1, deposit: 1 });
      expect(rented.status).toBe(201);
      expect(rented.body).toMatchObject({ price: 60, deposit: 18 });
    } finally {
      api.stop();
    }
  });

  it('prices a ticket by its type, whatever the client sends, and refuses a type with no price', async () => {
    const api = await serve('museum', 'A museum. Visitors buy tickets with a date. A ticket costs 14 for adults and 7 for students.');
    try {
      const ticket = (type: string) => api.call('POST', '/tickets', { title: 'Entry', date: '2031-05-01T10:00:00.000Z', type, price: 1 });
      expect((await ticket('adult')).body.price).toBe(14);
      expect((await ticket('student')).body.price).toBe(7);
      expect(await ticket('pensioner')).toEqual({ status: 400, body: { error: 'type must be one of adult, student' } });
    } finally {
      api.stop();
    }
  });

  it('prices an order by the servings it is for, within their range, and keeps a confirmed order from changing', async () => {
    const api = await serve(
      'pies',
      'A pie shop. Customers order a pie with a pickup date and a number of servings between 4 and 24. A pie costs 2.5 per serving. Bakers confirm orders. Customers change orders. A confirmed order cannot be changed.',
    );
    try {
      const order = (servings: number) => api.call('POST', '/orders', { pieId: 'p1', pickupDate: '2031-04-01T10:00:00.000Z', customer: 'ada', servings, price: 1 });
      expect(await order(3)).toEqual({ status: 400, body: { error: 'servings must be from 4 to 24' } });
      const open = await order(6);
      expect(open.status).toBe(201);
      expect(open.body.price).toBe(15);
      const confirmed = await order(10);
      expect((await api.call('POST', `/orders/${confirmed.body.id}/confirm`)).body.status).toBe('confirmed');
      expect(await api.call('PATCH', `/orders/${confirmed.body.id}`, { servings: 12 })).toEqual({ status: 409, body: { error: 'cannot change an order that is confirmed' } });
      expect((await api.call('GET', `/orders/${confirmed.body.id}`)).body).toMatchObject({ servings: 10, price: 25 });
      const changed = await api.call('PATCH', `/orders/${open.body.id}`, { servings: 8 });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ servings: 8, price: 20 });
    } finally {
      api.stop();
    }
  });

  it('accepts only one application per flat, and one for another flat still', async () => {
    const api = await serve('flats', OWN_RULES.find((t) => t.includes('As a landlord')) as string);
    try {
      const apply = (flatId: string) => api.call('POST', '/applications', { flatId, tenant: 'ada' });
      const first = await apply('f1');
      const second = await apply('f1');
      const elsewhere = await apply('f2');
      expect((await api.call('POST', `/applications/${first.body.id}/accept`)).body.status).toBe('accepted');
      expect(await api.call('POST', `/applications/${second.body.id}/accept`)).toEqual({ status: 409, body: { error: 'another application with the same flat is already accepted' } });
      expect((await api.call('GET', `/applications/${second.body.id}`)).body.status).toBe('applied');
      expect((await api.call('POST', `/applications/${elsewhere.body.id}/accept`)).body.status).toBe('accepted');
      // Rejecting the second is still its own action.
      expect((await api.call('POST', `/applications/${second.body.id}/reject`)).body.status).toBe('rejected');
    } finally {
      api.stop();
    }
  });

  it('counts only the visits still ahead against a patient\'s limit of upcoming ones', async () => {
    const api = await serve('visits', 'Patients book visits at the clinic. A patient can have no more than 4 upcoming visits.');
    try {
      const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
      const book = (patientId: string, startTime: string) => api.call('POST', '/bookings', { visitId: 'v1', patientId, startTime });
      expect((await book('ada', inDays(-3))).status).toBe(201);
      for (const day of [1, 2, 3, 4]) expect((await book('ada', inDays(day))).status).toBe(201);
      expect(await book('ada', inDays(5))).toEqual({ status: 409, body: { error: 'at most 4 upcoming bookings with the same patient' } });
      // A visit already past is no upcoming one, nor is another patient's.
      expect((await book('ada', inDays(-1))).status).toBe(201);
      expect((await book('grace', inDays(5))).status).toBe(201);
    } finally {
      api.stop();
    }
  });

  it('refuses to lend a kayak staff marked damaged, and lends one they did not', async () => {
    const api = await serve('kayaks', 'Members borrow kayaks. Staff can mark a kayak as damaged, and a damaged kayak cannot be borrowed.');
    try {
      const red = await api.call('POST', '/kayaks', { name: 'red' });
      const blue = await api.call('POST', '/kayaks', { name: 'blue' });
      expect((await api.call('POST', `/kayaks/${red.body.id}/damage`)).body.status).toBe('damaged');
      const borrow = (kayakId: unknown) => api.call('POST', '/loans', { kayakId, member: 'ada' });
      expect(await borrow(red.body.id)).toEqual({ status: 409, body: { error: 'the kayak is damaged' } });
      expect((await borrow(blue.body.id)).status).toBe(201);
    } finally {
      api.stop();
    }
  });

  it('counts a member\'s games per calendar day of their date, whatever the time', async () => {
    const api = await serve('chess', 'Chess club. Members play games against each other. A member can play at most 2 games per day.');
    try {
      const play = (memberId: string, date: string) => api.call('POST', '/games', { name: 'friendly', memberId, date });
      expect((await play('ada', '2030-03-04T09:00:00Z')).status).toBe(201);
      expect((await play('ada', '2030-03-04T13:30:00Z')).status).toBe(201);
      expect(await play('ada', '2030-03-04T21:15:00Z')).toEqual({ status: 409, body: { error: 'at most 2 games with the same member on the same day of their date' } });
      expect((await play('ada', '2030-03-05T09:00:00Z')).status).toBe(201);
      expect((await play('grace', '2030-03-04T21:15:00Z')).status).toBe(201);
    } finally {
      api.stop();
    }
  });

  it('moves a print job along its route one step at a time, and cancels it only while it waits in the queue', async () => {
    const api = await serve(
      'print-jobs',
      'Customers submit print jobs with a file name. A job moves from queued to printing to ready to collected. A customer may cancel a job only while it is still queued.',
    );
    try {
      const submit = async () => (await api.call('POST', '/jobs', { fileName: 'poster.pdf' })).body;
      const job = await submit();
      expect(job.status).toBe('queued');
      expect((await api.call('POST', `/jobs/${job.id}/collect`)).status).toBe(409);
      expect((await api.call('POST', `/jobs/${job.id}/print`)).body.status).toBe('printing');
      expect(await api.call('POST', `/jobs/${job.id}/cancel`)).toEqual({ status: 409, body: { error: 'cannot cancel a job that is printing' } });
      expect((await api.call('POST', `/jobs/${job.id}/mark-ready`)).body.status).toBe('ready');
      expect((await api.call('POST', `/jobs/${job.id}/collect`)).body.status).toBe('collected');
      const waiting = await submit();
      expect((await api.call('POST', `/jobs/${waiting.id}/cancel`)).body.status).toBe('cancelled');
    } finally {
      api.stop();
    }
  });

  it('refuses a number plate twice on one sailing, and takes any number of bookings with no plate', async () => {
    const api = await serve(
      'sailings',
      'Drivers book places on a ferry sailing. A booking records the driver name, an optional number plate and the fare. The same number plate may never appear twice on one sailing.',
    );
    try {
      const book = (sailingId: string, numberPlate?: string) => api.call('POST', '/bookings', { sailingId, driverName: 'Ana', fare: '30', ...(numberPlate ? { numberPlate } : {}) });
      expect((await book('s1', 'AB12 CDE')).status).toBe(201);
      expect(await book('s1', 'AB12 CDE')).toEqual({ status: 409, body: { error: 'at most 1 booking with the same number plate and sailing' } });
      expect((await book('s2', 'AB12 CDE')).status).toBe(201);
      expect((await book('s1')).status).toBe(201);
      expect((await book('s1')).status).toBe(201);
    } finally {
      api.stop();
    }
  });
});
