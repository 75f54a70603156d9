import { decide, evolve, foldProject, initialProjectState } from '../../src/domain/project';
import { SETTINGS, streamOf } from '../support/event-factory';
import { refusal } from '../support/refusal';

const options = [{ id: 'accept', label: 'Accept' }, { id: 'abort', label: 'Abort' }];

function history() {
  const e = streamOf('p1');
  return {
    e,
    events: [
      e('ProjectCreated', { name: 'Shop', requirements: 'Build a shop', settings: SETTINGS }),
      e('ActionRequested', { actionId: 'a1', title: 'Unsure', description: '', priority: 'high', options, agent: 'analyst', reason: 'low_confidence' }),
    ],
  };
}


describe('project decider', () => {
  it('creates a project with trimmed fields and default settings, proof included', () => {
    expect(decide({ type: 'CreateProject', projectId: 'p1', name: '  Shop ', requirements: ' Build it ' }, initialProjectState)).toEqual([
      {
        type: 'ProjectCreated',
        data: { name: 'Shop', requirements: 'Build it', settings: { ...SETTINGS, proof: { maxRounds: 2, mutationBudgetMs: 60000 } }, pipeline: ['analyst', 'architect', 'developer', 'tester'] },
      },
    ]);
  });

  it('takes the proof settings asked for, each part on its own, 0 rounds included', () => {
    const settingsOf = (proof: { maxRounds?: number; mutationBudgetMs?: number }) =>
      (decide({ type: 'CreateProject', projectId: 'p1', name: 'Shop', requirements: 'Build it', settings: { maxAttempts: 5, proof } }, initialProjectState)[0].data as {
        settings: unknown;
      }).settings;
    expect(settingsOf({ maxRounds: 0 })).toEqual({ ...SETTINGS, maxAttempts: 5, proof: { maxRounds: 0, mutationBudgetMs: 60000 } });
    expect(settingsOf({ mutationBudgetMs: 5000 })).toEqual({ ...SETTINGS, maxAttempts: 5, proof: { maxRounds: 2, mutationBudgetMs: 5000 } });
  });

  it('refuses to create a project twice', () => {
    const state = foldProject(history().events);
    expect(refusal(() => decide({ type: 'CreateProject', projectId: 'p1', name: 'x', requirements: 'y' }, state)).code).toBe('CONFLICT');
  });

  it('given a pending action, resolves it with an option, a response or both', () => {
    const state = foldProject(history().events);
    expect(state.status).toBe('waiting');
    expect(decide({ type: 'RespondToAction', actionId: 'a1', optionId: 'accept', response: '  ' }, state)).toEqual([
      { type: 'ActionResolved', data: { actionId: 'a1', optionId: 'accept', response: null } },
    ]);
    expect(decide({ type: 'RespondToAction', actionId: 'a1', optionId: null, response: ' a library ' }, state)[0].data).toEqual({
      actionId: 'a1', optionId: null, response: 'a library',
    });
  });

  it('refuses an empty answer, an unknown option and an unknown action', () => {
    const state = foldProject(history().events);
    expect(refusal(() => decide({ type: 'RespondToAction', actionId: 'a1', optionId: null, response: ' ' }, state))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'response' });
    expect(refusal(() => decide({ type: 'RespondToAction', actionId: 'a1', optionId: 'maybe', response: null }, state))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'optionId' });
    expect(refusal(() => decide({ type: 'RespondToAction', actionId: 'zz', optionId: 'accept', response: null }, state)).code).toBe('NOT_FOUND');
  });

  it('given an answered action, refuses a second answer as a conflict and the project is active again', () => {
    const { e, events } = history();
    const state = [...events, e('ActionResolved', { actionId: 'a1', optionId: 'accept', response: null })].reduce(evolve, initialProjectState);
    expect(state.status).toBe('active');
    expect(refusal(() => decide({ type: 'RespondToAction', actionId: 'a1', optionId: 'abort', response: null }, state)).code).toBe('CONFLICT');
  });

  it('cancels an unfinished project, cancels its pending actions, and refuses to cancel it again', () => {
    const { e, events } = history();
    expect(decide({ type: 'CancelProject', reason: 'changed my mind' }, foldProject(events))).toEqual([
      { type: 'ProjectCancelled', data: { reason: 'changed my mind' } },
    ]);
    const cancelled = foldProject([...events, e('ProjectCancelled', { reason: 'changed my mind' })]);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.actions.a1.status).toBe('cancelled');
    expect(refusal(() => decide({ type: 'CancelProject', reason: 'again' }, cancelled)).code).toBe('CONFLICT');
    expect(refusal(() => decide({ type: 'CancelProject', reason: 'x' }, initialProjectState)).code).toBe('NOT_FOUND');
  });

  it('given an ended project, a change starts the next round; while it runs, or blank, or unknown, a change is refused', () => {
    const { e, events } = history();
    const running = foldProject(events);
    expect(refusal(() => decide({ type: 'RequestChange', text: 'add a search by author' }, running))).toMatchObject({ code: 'CONFLICT', field: 'projectId' });
    expect(refusal(() => decide({ type: 'RequestChange', text: 'x' }, initialProjectState)).code).toBe('NOT_FOUND');
    for (const end of [e('ProjectCompleted', { summary: 'done' }), e('ProjectFailed', { reason: 'broke' }), e('ProjectCancelled', { reason: 'stop' })]) {
      const ended = foldProject([...events, end]);
      expect(decide({ type: 'RequestChange', text: '  add a search by author ' }, ended)).toEqual([{ type: 'ChangeRequested', data: { round: 2, text: 'add a search by author' } }]);
      expect(refusal(() => decide({ type: 'RequestChange', text: '   ' }, ended))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
      expect(refusal(() => decide({ type: 'RequestChange', text: 'x'.repeat(20_001) }, ended))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    }
    const second = foldProject([...events, e('ProjectCompleted', { summary: 'done' }), e('ChangeRequested', { round: 2, text: 'add a search' })]);
    expect(second).toMatchObject({ status: 'active', round: 2 });
    expect(refusal(() => decide({ type: 'RequestChange', text: 'more' }, second)).code).toBe('CONFLICT');
    const third = foldProject([...events, e('ProjectCompleted', { summary: 'done' }), e('ChangeRequested', { round: 2, text: 'add a search' }), e('ProjectCompleted', { summary: 'again' })]);
    expect(decide({ type: 'RequestChange', text: 'more' }, third)).toEqual([{ type: 'ChangeRequested', data: { round: 3, text: 'more' } }]);
  });
});
