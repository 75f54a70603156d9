import type { NewEvent, StoredEvent } from '../../src/events/envelope';
import { ConcurrencyError, InvalidEventError } from '../../src/events/errors';
import type { EventBus } from '../../src/events/event-bus';
import { GENESIS_HASH, eventHash } from '../../src/events/event-hash';
import type { EventStore } from '../../src/events/event-store';

export interface StoreUnderTest {
  store: EventStore;
  bus: EventBus;
  close(): Promise<void>;
}

const created = (name = 'Shop'): NewEvent => ({
  type: 'ProjectCreated',
  data: { name, requirements: 'Build a shop', settings: { confidenceThreshold: 0.7, maxAttempts: 3, maxRepairRounds: 3, tokenBudget: null, model: null } },
});
const message = (n: number): NewEvent => ({
  type: 'MessageSent',
  data: { messageId: `m${n}`, fromAgent: 'analyst', toAgent: 'architect', type: 'handoff', content: `hello ${n}`, confidence: 0.9, thread: 't', attempt: 1 },
});

/**
 * The contract every EventStore backend must pass. SQLite runs it today; another backend gets the same
 * guarantees by calling this with its own factory.
 */
export function eventStoreContract(name: string, factory: () => Promise<StoreUnderTest>): void {
  describe(`EventStore contract: ${name}`, () => {
    let sut: StoreUnderTest;
    beforeEach(async () => {
      sut = await factory();
    });
    afterEach(() => sut.close());

    it('appends a new stream at expected version 0 and numbers events 1, 2, 3', async () => {
      const stored = await sut.store.append('p1', [created(), message(1), message(2)], 0);
      expect(stored.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
      expect(await sut.store.streamVersion('p1')).toBe(3);
      const read = await sut.store.readStream('p1');
      expect(read).toEqual(stored);
      expect(read[0].data).toMatchObject({ name: 'Shop' });
      expect(read[0].schemaVersion).toBe(1);
    });

    it('keeps global positions monotonic across streams and reads them back in order', async () => {
      await sut.store.append('a', [created('A')], 0);
      await sut.store.append('b', [created('B')], 0);
      await sut.store.append('a', [message(1)], 1);
      const all = await sut.store.readAll();
      expect(all.map((e) => [e.streamId, e.streamVersion])).toEqual([['a', 1], ['b', 1], ['a', 2]]);
      expect(all.map((e) => e.globalPosition)).toEqual([1, 2, 3]);
      expect(await sut.store.lastPosition()).toBe(3);
      expect((await sut.store.readAll({ afterPosition: 1, limit: 1 })).map((e) => e.globalPosition)).toEqual([2]);
    });

    it('reads a slice of a stream by version range', async () => {
      await sut.store.append('p', [created(), message(1), message(2), message(3)], 0);
      expect((await sut.store.readStream('p', { from: 2, to: 3 })).map((e) => e.streamVersion)).toEqual([2, 3]);
      expect((await sut.store.readStream('p', { from: 4 })).map((e) => e.streamVersion)).toEqual([4]);
      expect(await sut.store.readStream('missing')).toEqual([]);
    });

    it('refuses an append at the wrong expected version with a typed error and writes nothing', async () => {
      await sut.store.append('p', [created()], 0);
      await expect(sut.store.append('p', [message(1)], 0)).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(sut.store.append('p', [message(1)], 5)).rejects.toMatchObject({ expectedVersion: 5, actualVersion: 1 });
      expect(await sut.store.streamVersion('p')).toBe(1);
    });

    it('lets exactly one of two concurrent appends with the same expected version win', async () => {
      await sut.store.append('p', [created()], 0);
      const results = await Promise.allSettled([
        sut.store.append('p', [message(1), message(2)], 1),
        sut.store.append('p', [message(3)], 1),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0].reason).toBeInstanceOf(ConcurrencyError);
      const stream = await sut.store.readStream('p');
      expect(stream.map((e) => e.streamVersion)).toEqual(stream.map((_, i) => i + 1));
    });

    it('is atomic: a batch with one invalid event writes none of it', async () => {
      await sut.store.append('p', [created()], 0);
      const bad = { type: 'MessageSent', data: { messageId: '' } } as unknown as NewEvent;
      await expect(sut.store.append('p', [message(1), bad], 1)).rejects.toBeInstanceOf(InvalidEventError);
      expect(await sut.store.streamVersion('p')).toBe(1);
      expect(await sut.store.lastPosition()).toBe(1);
    });

    it('refuses an unknown event type and names it', async () => {
      const unknown = { type: 'SomethingHappened', data: {} } as unknown as NewEvent;
      await expect(sut.store.append('p', [unknown], 0)).rejects.toThrow(/unknown event type "SomethingHappened"/);
      expect(await sut.store.lastPosition()).toBe(0);
    });

    it('refuses an invalid payload and names the bad field', async () => {
      const noName = { ...created(), data: { ...created().data, name: '   ' } } as NewEvent;
      await expect(sut.store.append('p', [noName], 0)).rejects.toThrow(/name/);
      expect(await sut.store.streamVersion('p')).toBe(0);
    });

    it('publishes committed events on the bus in log order, and nothing when an append fails', async () => {
      const seen: StoredEvent[] = [];
      sut.bus.subscribe((e) => seen.push(e));
      await sut.store.append('p', [created(), message(1)], 0);
      await expect(sut.store.append('p', [message(2)], 0)).rejects.toBeInstanceOf(ConcurrencyError);
      expect(seen.map((e) => e.streamVersion)).toEqual([1, 2]);
    });

    it('appends a batch of hundreds of events as one, in order, after what the stream held', async () => {
      await sut.store.append('p1', [created()], 0);
      const batch = Array.from({ length: 250 }, (_, i) => message(i + 1));
      const stored = await sut.store.append('p1', batch, 1);
      expect(stored.map((e) => e.streamVersion)).toEqual(Array.from({ length: 250 }, (_, i) => i + 2));
      const read = await sut.store.readStream('p1');
      expect(read.map((e) => (e.data as { messageId?: string }).messageId ?? null)).toEqual([null, ...batch.map((e) => (e.data as { messageId: string }).messageId)]);
      expect(read.slice(1).map((e) => e.globalPosition)).toEqual(stored.map((e) => e.globalPosition));
      expect(await sut.store.lastPosition()).toBe(251);
    });

    it('chains every event to the previous one in its stream by hash', async () => {
      const [first, second] = await sut.store.append('p', [created(), message(1)], 0);
      expect(first.prevHash).toBe(GENESIS_HASH);
      expect(first.hash).toBe(eventHash(GENESIS_HASH, first));
      expect(second.prevHash).toBe(first.hash);
      expect(second.hash).toBe(eventHash(first.hash, second));
    });

    it('reads only the named fields of the named types, as stored, when a reader asks for fields', async () => {
      const call = (costUsd?: number): NewEvent => ({
        type: 'LlmCallCompleted',
        data: {
          stepId: 's1', agent: 'analyst', attempt: 1, purpose: 'answer', provider: 'offline', model: 'm', latencyMs: 1.5, requestHash: 'h',
          messages: [{ role: 'user', content: 'a long prompt' }], rawAnswer: '{"a":1}', promptTokens: 12, completionTokens: 3,
          ...(costUsd === undefined ? {} : { costUsd }),
        },
      });
      const stored = await sut.store.append('p', [{ ...created(), metadata: { actor: 'user' } }, call(0.1 + 0.2), call(), message(1)], 0);
      const fields = new Map([
        ['LlmCallCompleted', ['agent', 'costUsd', 'promptTokens']],
        ['MessageSent', ['messageId']],
        ['ProjectCreated', []],
      ]);
      const read = await sut.store.readAll({ fields });
      // Numbers digit for digit, a field the data lacks left out, every event in order with its envelope.
      expect(read.map((e) => e.data)).toEqual([{}, { agent: 'analyst', costUsd: 0.30000000000000004, promptTokens: 12 }, { agent: 'analyst', promptTokens: 12 }, { messageId: 'm1' }]);
      expect(Object.keys(read[2].data as object)).not.toContain('costUsd');
      expect(read.map(({ globalPosition, streamId, streamVersion, type, schemaVersion, recordedAt }) => ({ globalPosition, streamId, streamVersion, type, schemaVersion, recordedAt }))).toEqual(
        stored.map(({ globalPosition, streamId, streamVersion, type, schemaVersion, recordedAt }) => ({ globalPosition, streamId, streamVersion, type, schemaVersion, recordedAt })),
      );
      expect(read.map((e) => [e.metadata, e.hash, e.prevHash])).toEqual(stored.map(() => [{}, '', '']));
      // A type not named comes whole; a page is a page.
      const page = await sut.store.readAll({ afterPosition: 1, limit: 1, fields: new Map([['MessageSent', ['messageId']]]) });
      expect(page.map((e) => e.data)).toEqual([stored[1].data]);
    });

    it('keeps metadata (correlation, causation, actor) as given', async () => {
      const [e] = await sut.store.append('p', [{ ...created(), metadata: { correlationId: 'c1', causationId: 'x', actor: 'user' } }], 0);
      expect((await sut.store.readStream('p'))[0].metadata).toMatchObject({ correlationId: 'c1', causationId: 'x', actor: 'user' });
      expect(e.metadata.actor).toBe('user');
    });
  });
}
