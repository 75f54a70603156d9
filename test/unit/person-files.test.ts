import { createHash } from 'node:crypto';
import { DEFAULT_ARTIFACT_LIMITS } from '../../src/domain/artifact-rules';
import { foldProject } from '../../src/domain/project';
import { decideSteering } from '../../src/domain/steering';
import { decideAhead, foldWorkflow, nextCommand } from '../../src/domain/workflow';
import type { NewEvent, StoredEvent } from '../../src/events/envelope';
import { ANSWERS } from '../support/agent-fixtures';
import { SETTINGS, streamOf } from '../support/event-factory';
import { refusal } from '../support/refusal';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
type Agent = keyof typeof ANSWERS;
type Make = ReturnType<typeof streamOf>;

const code = (a: string) => ({ ...ANSWERS.developer(), files: [{ path: 'src/a.js', content: a }, { path: 'src/b.js', content: 'b' }] });
const accepted = (e: Make, agent: Agent, attempt = 1, output: object = ANSWERS[agent]()) =>
  e('AgentOutputAccepted', { stepId: `${agent}-${attempt}`, agent, attempt, output: output as never, confidence: 0.9, acceptedBy: 'threshold' });
const file = (e: Make, path: string, content: string, version = 1) =>
  e('ArtifactWritten', { stepId: 'developer-1', agent: 'developer', attempt: 1, path, version, content, sha256: sha(content), size: content.length });
const byHand = (e: Make, path: string, content: string, version: number) => e('ArtifactEditedByPerson', { path, version, content, sha256: sha(content), size: content.length });

/** Round 1 done, src/a.js then rewritten by a person, and round 2 under way up to the developer's answer. */
function history(e: Make, developerWrites: string, mine = 'mine'): StoredEvent[] {
  return [
    e('ProjectCreated', { name: 'Shop', requirements: 'Build a shop', settings: SETTINGS }),
    accepted(e, 'analyst'), accepted(e, 'architect'), accepted(e, 'developer', 1, code('a')), file(e, 'src/a.js', 'a'), file(e, 'src/b.js', 'b'), accepted(e, 'tester'),
    e('ProjectCompleted', { summary: 'done' }),
    byHand(e, 'src/a.js', mine, 2),
    e('ChangeRequested', { round: 2, text: 'Add a search' }),
    accepted(e, 'analyst', 2), accepted(e, 'architect', 2),
    e('AgentStepStarted', { stepId: 'developer-2', agent: 'developer', attempt: 2, guidance: [] }),
    e('AgentOutputProduced', { stepId: 'developer-2', agent: 'developer', attempt: 2, output: { ...code(developerWrites), files: [...code(developerWrites).files, { path: 'src/c.js', content: 'c' }] }, confidence: 0.9, modelConfidence: 0.9 }),
  ];
}

/** Appends what the workflow decides next, as the runner would, and returns the stream after it. */
function decideOn(e: Make, events: StoredEvent[]): { events: StoredEvent[]; decided: NewEvent[] } {
  const state = foldWorkflow('p1', events);
  const decided = decideAhead(nextCommand(state)!, state, () => 'a1');
  return { events: [...events, ...decided.map((x) => e(x.type as never, x.data as never))], decided };
}

describe('files a person wrote by hand', () => {
  it('given a file written by hand, when the developer works → it reads the file as the person left it', () => {
    const e = streamOf('p1');
    const events = history(e, 'a2').slice(0, -1);
    const next = nextCommand(foldWorkflow('p1', events));
    expect(next).toMatchObject({ type: 'RunStep', agent: 'developer', input: { personFiles: [{ path: 'src/a.js', content: 'mine' }] } });
  });

  it('given the developer changes it → its other files are written, the hand-written one is not, and the person is asked with a diff', () => {
    const e = streamOf('p1');
    const { decided } = decideOn(e, history(e, 'a2'));
    const files = decided.filter((x) => x.type.startsWith('Artifact')).map((x) => (x.data as { path: string }).path);
    expect(files).toEqual(['src/c.js']);
    const asked = decided.find((x) => x.type === 'ActionRequested')!.data as { reason: string; options: { id: string }[]; attachment: string; title: string };
    expect(asked).toMatchObject({ reason: 'person_file_changed', options: [{ id: 'accept' }, { id: 'keep' }] });
    expect(asked.title).toMatch(/src\/a\.js/);
    expect(asked.attachment).toContain('--- yours/src/a.js\n+++ developer/src/a.js');
    expect(asked.attachment).toContain('-mine\n\\ No newline at end of file\n+a2');
  });

  it('given a file a person emptied by hand → it is theirs all the same: not written over, and asked about', () => {
    const e = streamOf('p1');
    const { decided } = decideOn(e, history(e, 'a2', ''));
    expect(decided.filter((x) => x.type.startsWith('Artifact')).map((x) => (x.data as { path: string }).path)).toEqual(['src/c.js']);
    expect(decided.find((x) => x.type === 'ActionRequested')!.data).toMatchObject({ reason: 'person_file_changed' });
  });

  it('given the person keeps theirs → nothing is written over it and the tester goes on', () => {
    const e = streamOf('p1');
    const asked = decideOn(e, history(e, 'a2')).events;
    const kept = [...asked, e('ActionResolved', { actionId: 'a1', optionId: 'keep', response: null })];
    const state = foldWorkflow('p1', kept);
    expect(state.proposals).toBeNull();
    expect(state.personFiles['src/a.js']).toBe('mine');
    expect(state.artifactHashes['src/a.js']).toBe(sha('mine'));
    expect(nextCommand(state)).toMatchObject({ type: 'StartStep', agent: 'tester' });
  });

  it('given the person takes the change → the developer’s version is written as the next version, and the file is the team’s again', () => {
    const e = streamOf('p1');
    const asked = decideOn(e, history(e, 'a2')).events;
    const taken = [...asked, e('ActionResolved', { actionId: 'a1', optionId: 'accept', response: null })];
    const { decided, events } = decideOn(e, taken);
    expect(decided[0]).toEqual({
      type: 'ArtifactWritten',
      data: { stepId: 'developer-2', agent: 'developer', attempt: 2, path: 'src/a.js', version: 3, content: 'a2', sha256: sha('a2'), size: 2 },
    });
    const state = foldWorkflow('p1', events);
    expect(state.personFiles).toEqual({});
    expect(state.proposals).toBeNull();
  });

  it('given the developer returns the file as the person left it → nothing is asked', () => {
    const e = streamOf('p1');
    const { decided } = decideOn(e, history(e, 'mine'));
    expect(decided.map((x) => x.type)).not.toContain('ActionRequested');
    expect(decided.filter((x) => x.type === 'ArtifactWritten').map((x) => (x.data as { path: string }).path)).toEqual(['src/c.js']);
  });
});

describe('writing a file by hand', () => {
  const e = streamOf('p1');
  const ended = [e('ProjectCreated', { name: 'Shop', requirements: 'Build a shop', settings: SETTINGS }), accepted(e, 'developer', 1, code('a')), file(e, 'src/a.js', 'a'), e('ProjectCompleted', { summary: 'done' })];
  const edit = (events: StoredEvent[], path: string, content: string) =>
    decideSteering({ type: 'EditFile', path, content, limits: DEFAULT_ARTIFACT_LIMITS }, foldProject(events), foldWorkflow('p1', events));

  it('given an ended project → a new version of the file, or a new file, by the person', () => {
    expect(edit(ended, './src/a.js', 'mine')).toEqual([{ type: 'ArtifactEditedByPerson', data: { path: 'src/a.js', version: 2, content: 'mine', sha256: sha('mine'), size: 4 } }]);
    expect(edit(ended, 'docs/notes.md', 'hi')).toEqual([{ type: 'ArtifactEditedByPerson', data: { path: 'docs/notes.md', version: 1, content: 'hi', sha256: sha('hi'), size: 2 } }]);
  });

  it('refuses while the team works, a path outside the workspace or under .git, a file over the limit and an edit that changes nothing', () => {
    expect(refusal(() => edit(ended.slice(0, 3), 'src/a.js', 'mine'))).toMatchObject({ code: 'CONFLICT' });
    expect(refusal(() => edit(ended, '../etc/passwd', 'x'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'path' });
    expect(refusal(() => edit(ended, 'src/a.js/inner.js', 'x'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'path' });
    expect(refusal(() => edit(ended, '.git/config', '[core]\n\tfsmonitor = touch /tmp/owned\n'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'path' });
    expect(refusal(() => edit(ended, 'big.txt', 'x'.repeat(DEFAULT_ARTIFACT_LIMITS.maxFileBytes + 1)))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'content' });
    expect(refusal(() => edit(ended, 'src/a.js', 'a'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'content' });
  });
});
