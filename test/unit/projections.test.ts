import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredEvent } from '../../src/events/envelope';
import { pickFields } from '../../src/events/event-chain';
import { actionProjection } from '../../src/projections/action-projection';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { InMemoryProjector } from '../../src/projections/in-memory-projector';
import { messageProjection } from '../../src/projections/message-projection';
import { projectProjection } from '../../src/projections/project-projection';
import { defineProjection } from '../../src/projections/projection';
import { PROJECTIONS } from '../../src/projections/read-models';
import { SETTINGS, streamOf } from '../support/event-factory';

const options = [
  { id: 'accept', label: 'Accept and continue' },
  { id: 'abort', label: 'Abort' },
];

function given() {
  const e = streamOf('p1');
  const history = [
    e('ProjectCreated', { name: 'Shop', requirements: 'Build a shop', settings: SETTINGS }),
    e('MessageSent', { messageId: 'm1', fromAgent: 'analyst', toAgent: 'architect', type: 'handoff', content: '3 stories', data: { stories: 3 }, confidence: 0.9, thread: 'p1', attempt: 1 }),
    e('ActionRequested', { actionId: 'a1', title: 'Unsure', description: 'Too vague', priority: 'high', options, agent: 'analyst', reason: 'low_confidence' }),
  ];
  return { e, history, projector: new InMemoryProjector(PROJECTIONS).apply(history) };
}

describe('project projection', () => {
  it('given ProjectCreated, shows an active project at version 1 with its name, requirements and settings', () => {
    const e = streamOf('p1');
    const [row] = new InMemoryProjector(PROJECTIONS)
      .apply([e('ProjectCreated', { name: 'Shop', requirements: 'Build a shop', settings: SETTINGS }, '2026-01-01T10:00:00.000Z')])
      .rows(projectProjection);
    expect(row).toEqual({
      id: 'p1', name: 'Shop', requirements: 'Build a shop', spec: null, specVersions: null, status: 'active', version: 1, settings: SETTINGS,
      createdPosition: 1, forkedFrom: null, forkedAtVersion: null, warnings: null, round: 1, changes: [], pausedBefore: null, createdAt: '2026-01-01T10:00:00.000Z', updatedAt: '2026-01-01T10:00:00.000Z',
    });
  });

  it('given a pending action, is waiting; when the action is resolved, is active again with the new version', () => {
    const { e, projector } = given();
    expect(projector.rows(projectProjection)[0]).toMatchObject({ status: 'waiting', version: 3 });
    projector.apply([e('ActionResolved', { actionId: 'a1', optionId: 'accept', response: null }, '2026-01-02T00:00:00.000Z')]);
    expect(projector.rows(projectProjection)[0]).toMatchObject({ status: 'active', version: 4, updatedAt: '2026-01-02T00:00:00.000Z' });
  });

  it.each([
    ['ProjectCompleted', 'completed', { summary: 'done' }],
    ['ProjectCancelled', 'cancelled', { reason: 'user' }],
    ['ProjectFailed', 'failed', { reason: 'boom' }],
  ] as const)('when %s, the project is %s', (type, status, data) => {
    const { e, projector } = given();
    projector.apply([e(type, data as never)]);
    expect(projector.rows(projectProjection)[0].status).toBe(status);
  });

  it('ignores events of a stream that has no ProjectCreated', () => {
    const e = streamOf('ghost');
    const projector = new InMemoryProjector(PROJECTIONS).apply([e('ProjectCompleted', { summary: 'x' })]);
    expect(projector.rows(projectProjection)).toEqual([]);
  });
});

describe('message projection', () => {
  it('given a project with a handoff and a question, lists the request, the handoff and the question in order', () => {
    const { projector } = given();
    const rows = projector.rows(messageProjection).sort((a, b) => a.position - b.position);
    expect(rows.map((m) => [m.fromAgent, m.toAgent, m.type])).toEqual([
      ['user', 'analyst', 'handoff'],
      ['analyst', 'architect', 'handoff'],
      ['analyst', 'human', 'question'],
    ]);
    expect(rows[1]).toMatchObject({ id: 'm1', content: '3 stories', data: { stories: 3 }, confidence: 0.9, attempt: 1, thread: 'p1', status: 'delivered' });
  });

  it("when an action is answered, adds the person's answer to the conversation", () => {
    const { e, projector } = given();
    projector.apply([e('ActionResolved', { actionId: 'a1', optionId: null, response: 'Use a library domain' })]);
    const answer = projector.rows(messageProjection).find((m) => m.type === 'answer');
    expect(answer).toMatchObject({ fromAgent: 'human', content: 'Use a library domain', thread: 'a1' });
  });
});

describe('action projection', () => {
  it('given ActionRequested, shows a pending action with its options and priority', () => {
    const { projector } = given();
    expect(projector.rows(actionProjection)).toEqual([
      expect.objectContaining({ id: 'a1', projectId: 'p1', status: 'pending', priority: 'high', options, reason: 'low_confidence', agent: 'analyst', resolvedAt: null }),
    ]);
  });

  it('when resolved, records the chosen option, the response and when', () => {
    const { e, projector } = given();
    projector.apply([e('ActionResolved', { actionId: 'a1', optionId: 'accept', response: 'fine' }, '2026-01-03T00:00:00.000Z')]);
    expect(projector.rows(actionProjection)[0]).toMatchObject({ status: 'resolved', chosenOptionId: 'accept', response: 'fine', resolvedAt: '2026-01-03T00:00:00.000Z' });
  });

  it('when the project is cancelled, cancels its pending actions only', () => {
    const { e, projector } = given();
    projector.apply([
      e('ActionRequested', { actionId: 'a2', title: 'Second', description: '', priority: 'low', options, agent: null, reason: 'question' }),
      e('ActionResolved', { actionId: 'a2', optionId: 'accept', response: null }),
      e('ProjectCancelled', { reason: 'user' }),
    ]);
    const byId = Object.fromEntries(projector.rows(actionProjection).map((a) => [a.id, a.status]));
    expect(byId).toEqual({ a1: 'cancelled', a2: 'resolved' });
  });
});

describe('the in-memory fold', () => {
  // A read model of its own: one counter row per id an event names, ids named twice included.
  interface Counter {
    id: string;
    seen: number;
  }
  const counters = defineProjection<Counter>({
    name: 'counters',
    entity: class {} as never,
    handlers: {
      MessageSent: { rows: (e) => ({ ids: [e.data.messageId, e.data.messageId, 'all'] }), apply: (row, _e, id) => ({ id, seen: (row?.seen ?? 0) + 1 }) },
      ProjectCancelled: { rows: () => ({ where: { seen: 1 } }), apply: () => undefined },
    },
  });
  const said = (e: ReturnType<typeof streamOf>, messageId: string) =>
    e('MessageSent', { messageId, fromAgent: 'analyst', toAgent: 'architect', type: 'status', content: 'x', data: null, confidence: null, thread: 'p1', attempt: 1 });

  it('gives each row an event names the row as it stood before that event, however often the event names it', () => {
    const e = streamOf('p1');
    const projector = new InMemoryProjector([counters as never, ...PROJECTIONS]).apply([e('ProjectCreated', { name: 'Shop', requirements: 'Build a shop', settings: SETTINGS }), said(e, 'm1'), said(e, 'm2'), said(e, 'm1')]);
    expect(projector.rows(counters)).toEqual([
      { id: 'all', seen: 3 },
      { id: 'm1', seen: 2 },
      { id: 'm2', seen: 1 },
    ]);
    // Events of other types still reach every other read model, each in its order.
    expect(projector.rows(projectProjection)[0]).toMatchObject({ id: 'p1', version: 4 });
    expect(projector.rows(messageProjection).map((m) => m.id)).toEqual(expect.arrayContaining(['m1', 'm2']));
    // Rows picked by their values: each that matches, as it stood.
    projector.apply([e('ProjectCancelled', { reason: 'done' })]);
    expect(projector.rows(counters)).toEqual([
      { id: 'all', seen: 3 },
      { id: 'm1', seen: 2 },
    ]);
  });
});

describe('what a rebuild reads of each event', () => {
  const fields = new ProjectionRunner(PROJECTIONS).fields;

  it('is the fields the handlers name, and the whole data of a type any handler reads whole', () => {
    expect(fields.get('LlmCallCompleted')).toEqual(['agent', 'completionTokens', 'costUsd', 'promptTokens']);
    expect(fields.get('StepClaimed')).toEqual([]);
    expect(fields.has('AgentOutputAccepted')).toBe(false);
    expect(fields.has('MessageSent')).toBe(false);
  });

  // A handler that reads a field it does not name would fold differently here.
  it.each(readdirSync(join(__dirname, '..', 'recordings')).filter((f) => f.endsWith('.jsonl')))('folds %s into the same rows as the whole events', (file) => {
    const events = readFileSync(join(__dirname, '..', 'recordings', file), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as StoredEvent);
    const partial = events.map((e) => ({ ...e, data: pickFields(e.data as Record<string, unknown>, fields, e.type), metadata: {}, hash: '', prevHash: '' }) as StoredEvent);
    expect(partial.some((e, i) => JSON.stringify(e.data) !== JSON.stringify(events[i].data))).toBe(true);
    const whole = new InMemoryProjector(PROJECTIONS).apply(events);
    const read = new InMemoryProjector(PROJECTIONS).apply(partial);
    for (const projection of PROJECTIONS) expect(read.rows(projection)).toEqual(whole.rows(projection));
  });
});
