import { ProjectStates } from '../../src/app/project-states';
import { foldProject } from '../../src/domain/project';
import { foldWorkflow } from '../../src/domain/workflow';
import type { StoredEvent } from '../../src/events/envelope';
import type { ReadStreamOptions } from '../../src/events/event-store';
import { SETTINGS, streamOf } from '../support/event-factory';

/** A log that counts how many events each read hands out: the states must read only what they have not folded. */
function logOf(events: StoredEvent[]) {
  const log = {
    events,
    handedOut: 0,
    async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
      const found = log.events.filter((e) => e.streamId === streamId && e.streamVersion >= (options.from ?? 1) && e.streamVersion <= (options.to ?? Infinity));
      log.handedOut += found.length;
      return found;
    },
  };
  return log;
}

const e = streamOf('p1');
const history = [
  e('ProjectCreated', { name: 'Shop', requirements: 'Build a shop', settings: SETTINGS }),
  e('AgentStepStarted', { stepId: 'analyst-1', agent: 'analyst', attempt: 1, guidance: [] }),
];

describe('ProjectStates: each project folded once, advanced by the events after it', () => {
  it('folds the same states as a full fold, reading each event once', async () => {
    const log = logOf([...history]);
    const states = new ProjectStates(log);
    const first = await states.current('p1');
    expect(first.workflow).toEqual(foldWorkflow('p1', log.events));
    expect(first.project).toEqual(foldProject(log.events));
    expect(first).toMatchObject({ version: 2, lastPosition: 2 });
    log.events.push(streamOf('p1', 3)('AgentOutputRejected', { stepId: 'analyst-1', agent: 'analyst', attempt: 1, reason: 'invalid_output', errors: ['bad'] }));
    const second = await states.current('p1');
    expect(second.workflow).toEqual(foldWorkflow('p1', log.events));
    expect(second.version).toBe(3);
    expect(log.handedOut).toBe(3);
    await states.current('p1');
    expect(log.handedOut).toBe(3);
  });

  it('skips events it holds and stops at a gap, so that only stored events, in order, ever move a state', async () => {
    const log = logOf([...history]);
    const states = new ProjectStates(log);
    await states.current('p1');
    const later = streamOf('p1', 3);
    const third = later('ProjectCancelled', { reason: 'stop' });
    const fourth = later('ProjectCancelled', { reason: 'again' });
    expect(states.advance('p1', [history[1], fourth]).version).toBe(2);
    log.events.push(third, fourth);
    const caught = await states.current('p1');
    expect(caught.version).toBe(4);
    expect(caught.project.status).toBe('cancelled');
  });

  it('keeps the view that has seen more when two readers race', async () => {
    const log = logOf([...history]);
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const read = log.readStream;
    let calls = 0;
    // The first reader's answer (two events) arrives after the second reader's (three events).
    log.readStream = async (streamId, options) => {
      const found = await read(streamId, options);
      calls += 1;
      if (calls === 1) await slow;
      return found;
    };
    const states = new ProjectStates(log);
    const first = states.current('p1');
    await new Promise((resolve) => setImmediate(resolve));
    log.events.push(streamOf('p1', 3)('ProjectCancelled', { reason: 'stop' }));
    expect((await states.current('p1')).version).toBe(3);
    release();
    expect((await first).version).toBe(3);
    expect((await states.current('p1')).project.status).toBe('cancelled');
  });

  it('answers from the view it holds, folding what the bus brings, and reads only when it has none or knows it is behind', async () => {
    const log = logOf([...history]);
    const states = new ProjectStates(log);
    expect((await states.latest('p1')).version).toBe(2);
    expect(log.handedOut).toBe(2);
    const later = streamOf('p1', 3);
    const third = later('AgentOutputRejected', { stepId: 'analyst-1', agent: 'analyst', attempt: 1, reason: 'invalid_output', errors: ['bad'] });
    log.events.push(third);
    // Appended behind its back and not yet heard of: the held view answers, as it would for a decision whose append then fails.
    expect((await states.latest('p1')).version).toBe(2);
    states.observe(third);
    expect((await states.latest('p1')).version).toBe(3);
    expect(log.handedOut).toBe(2);
    const fourth = later('ProjectCancelled', { reason: 'stop' });
    const fifth = later('ProjectCancelled', { reason: 'again' });
    log.events.push(fourth, fifth);
    // The bus brings the fifth without the fourth: a gap, so the next decision reads the tail.
    states.observe(fifth);
    expect((await states.latest('p1')).version).toBe(5);
    expect(log.handedOut).toBe(4);
    log.events.push(streamOf('p1', 6)('ProjectCancelled', { reason: 'once more' }));
    states.markBehind('p1');
    expect((await states.latest('p1')).version).toBe(6);
    // Another project's event is not folded into nothing: that project is read when it is first asked for.
    states.observe(streamOf('p2')('ProjectCreated', { name: 'Other', requirements: 'r', settings: SETTINGS }));
    expect(log.handedOut).toBe(5);
  });
});
