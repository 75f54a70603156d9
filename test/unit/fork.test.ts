import { decideFork, forkPoint } from '../../src/domain/fork';
import { decideWorkflow, foldWorkflow, nextCommand } from '../../src/domain/workflow';
import { analystAnswer, architectAnswer, developerAnswer } from '../support/agent-fixtures';
import { SETTINGS, streamOf } from '../support/event-factory';

type Event = ReturnType<ReturnType<typeof streamOf>>;
const fileOf = (content = 'module.exports = {};\n') => ({
  content,
  sha256: 'a'.repeat(64),
  size: content.length,
});

/** A library project up to the developer's accepted code: its files `src/book.js` and `src/member.js`. */
function library(e: ReturnType<typeof streamOf>): Event[] {
  const accepted = (agent: 'analyst' | 'architect' | 'developer', output: object) =>
    e('AgentOutputAccepted', { stepId: `${agent}-1`, agent, attempt: 1, output: output as Record<string, unknown>, confidence: 0.9, acceptedBy: 'threshold' });
  return [
    e('ProjectCreated', { name: 'Library', requirements: 'A library', settings: SETTINGS }),
    e('AgentStepStarted', { stepId: 'analyst-1', agent: 'analyst', attempt: 1, guidance: [] }),
    accepted('analyst', analystAnswer()),
    accepted('architect', architectAnswer()),
    accepted('developer', developerAnswer()),
    e('MessageSent', { messageId: 'p1:developer-1:handoff', fromAgent: 'developer', toAgent: 'tester', type: 'handoff', content: 'code', confidence: 0.9, thread: 'p1', attempt: 1 }),
    ...['src/book.js', 'src/member.js'].map((path) =>
      e('ArtifactWritten', { stepId: 'developer-1', agent: 'developer', attempt: 1, path, version: 1, ...fileOf() }),
    ),
  ];
}

describe('forking a project', () => {
  it('given a cut between an accepted output and its files → the fork takes the handoff and the files with it', () => {
    const events = library(streamOf('p1'));
    const accepted = events.findIndex((e) => e.type === 'AgentOutputAccepted' && (e.data as { agent: string }).agent === 'developer') + 1;
    expect(forkPoint(events, accepted)).toBe(events.length);
    expect(forkPoint(events, accepted + 2)).toBe(events.length);
    // A cut before the acceptance stays where it was asked.
    expect(forkPoint(events, accepted - 1)).toBe(accepted - 1);
  });

  it('given new requirements after agents worked → the fork asks the team to start over from the analyst', () => {
    const state = foldWorkflow('p1', library(streamOf('p1')));
    expect(decideFork(state, 'p0', 9, { requirements: 'A recipe book' })).toEqual([
      { type: 'ProjectForked', data: { fromProjectId: 'p0', atVersion: 9, overrides: { requirements: 'A recipe book' } } },
      { type: 'StepRetryRequested', data: { agent: 'analyst', guidance: null } },
    ]);
    // The same requirements, or only a new name or threshold, change nothing any agent read.
    expect(decideFork(state, 'p0', 9, { requirements: 'A library', name: 'x', confidenceThreshold: 0.2 })).toHaveLength(1);
  });

  it('given a new system prompt for the architect → it and the agents after it start over, the analyst keeps its work', () => {
    const events = library(streamOf('p1'));
    const fork = decideFork(foldWorkflow('p1', events), 'p0', 9, { systemPrompts: { architect: 'Be brief.' } });
    expect(fork[1]).toEqual({ type: 'StepRetryRequested', data: { agent: 'architect', guidance: null } });
    const e = streamOf('p1', events.length + 1);
    const forked = [...events, e(fork[0].type, fork[0].data as never), e(fork[1].type, fork[1].data as never)];
    const state = foldWorkflow('p1', forked);
    expect(state.agents.analyst.accepted).not.toBeNull();
    expect(nextCommand(state)).toMatchObject({ type: 'StartStep', agent: 'architect' });
    const started = e('AgentStepStarted', { stepId: 'architect-1', agent: 'architect', attempt: 1, guidance: [] });
    expect(nextCommand(foldWorkflow('p1', [...forked, started]))).toMatchObject({ type: 'RunStep', agent: 'architect', systemPrompt: 'Be brief.' });
  });

  it('given a prompt override for an agent that has not worked yet → no start-over, the prompt simply applies when it runs', () => {
    const e = streamOf('p1');
    const state = foldWorkflow('p1', [e('ProjectCreated', { name: 'L', requirements: 'A library', settings: SETTINGS })]);
    expect(decideFork(state, 'p0', 1, { systemPrompts: { tester: 'Test edge cases.' } })).toHaveLength(1);
  });

  it('given a developer that started over → accepting its new code deletes the files it no longer returns', () => {
    const events = library(streamOf('p1'));
    const e = streamOf('p1', events.length + 1);
    const code = { ...developerAnswer(), files: [{ path: 'src/recipe.js', content: 'module.exports = {};\n' }, { path: 'src/book.js', content: 'module.exports = 1;\n' }] };
    const state = foldWorkflow('p1', [
      ...events,
      e('StepRetryRequested', { agent: 'developer', guidance: null }),
      e('AgentStepStarted', { stepId: 'developer-2', agent: 'developer', attempt: 2, guidance: [] }),
      e('AgentOutputProduced', { stepId: 'developer-2', agent: 'developer', attempt: 2, output: code, confidence: 0.9, modelConfidence: 0.9 }),
    ]);
    const decided = decideWorkflow({ type: 'AcceptOutput', agent: 'developer', acceptedBy: 'threshold' }, state, () => 'id');
    expect(decided.filter((x) => x.type === 'ArtifactWritten').map((x) => [(x.data as { path: string }).path, (x.data as { version: number }).version])).toEqual([
      ['src/recipe.js', 1],
      ['src/book.js', 2],
    ]);
    expect(decided.filter((x) => x.type === 'ArtifactDeleted').map((x) => x.data)).toEqual([{ stepId: 'developer-2', agent: 'developer', path: 'src/member.js', version: 1 }]);
  });

  it('given a repair round (not a start-over) → nothing is deleted', () => {
    const events = library(streamOf('p1'));
    const e = streamOf('p1', events.length + 1);
    const code = { ...developerAnswer(), files: [{ path: 'src/book.js', content: 'module.exports = 2;\n' }] };
    const state = foldWorkflow('p1', [
      ...events,
      e('AgentStepStarted', { stepId: 'developer-2', agent: 'developer', attempt: 2, guidance: [] }),
      e('AgentOutputProduced', { stepId: 'developer-2', agent: 'developer', attempt: 2, output: code, confidence: 0.9, modelConfidence: 0.9 }),
    ]);
    const decided = decideWorkflow({ type: 'AcceptOutput', agent: 'developer', acceptedBy: 'threshold' }, state, () => 'id');
    expect(decided.map((x) => x.type)).not.toContain('ArtifactDeleted');
  });
});
