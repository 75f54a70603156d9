import { type AgentName, agentNamed } from '../domain/agents/pipeline';
import type { AnyStoredEvent, StoredEvent } from '../events/envelope';

/** One commit of a project's history as git tells it: who made it, when, why, and what it changed. */
export interface GitCommit {
  author: string;
  date: string;
  message: string;
  writes: { path: string; content: string }[];
  deletes: string[];
  /** Set on the last commit of a round that ended: `round-1`, `round-2`, … */
  tag?: string;
}

/** Where the team's own documents go beside the code: the requirements, the changes and each agent's answer. */
export const NOTES_DIR = '.botarmy';

/** An agent that writes no files commits its answer as a document; one that does commits its files. */
function notesOf(name: AgentName, output: Record<string, unknown>): GitCommit['writes'] {
  const agent = agentNamed(name);
  return agent.artifactsOf ? [] : [{ path: `${NOTES_DIR}/${agent.gives}.json`, content: `${JSON.stringify(output, null, 2)}\n` }];
}

const ENDINGS = new Set(['ProjectCompleted', 'ProjectFailed', 'ProjectCancelled']);

/**
 * A project's log as a git history: a commit for its requirements, for each change asked for and for each accepted
 * step or a person's edit (with the files it wrote and deleted), authored by the agent or the person; the last commit
 * of each round that ended is tagged with the round. Agents that write no files (the analyst, the architect) commit
 * their answer as JSON under `.botarmy/`, so the stories and the design have a history too.
 */
export function gitHistoryOf(events: readonly StoredEvent[]): GitCommit[] {
  const commits: GitCommit[] = [];
  const byStep = new Map<string, GitCommit>();
  const changes: string[] = [];
  let round = 1;
  const person = (e: StoredEvent): string => e.metadata.actor ?? 'person';
  const commit = (c: Omit<GitCommit, 'writes' | 'deletes'> & Partial<GitCommit>, stepId?: string): void => {
    const made = { writes: [], deletes: [], ...c };
    commits.push(made);
    if (stepId) byStep.set(stepId, made);
  };
  const fileOwner = (e: StoredEvent<'ArtifactWritten' | 'ArtifactDeleted'>): GitCommit => {
    const found = byStep.get(e.data.stepId);
    if (found) return found;
    commit({ author: e.data.agent, date: e.recordedAt, message: `${e.data.agent}: files of step ${e.data.stepId}` }, e.data.stepId);
    return commits[commits.length - 1];
  };
  for (const event of events as readonly AnyStoredEvent[]) {
    switch (event.type) {
      case 'ProjectCreated':
        commit({ author: person(event), date: event.recordedAt, message: `Requirements: ${event.data.name}`, writes: [{ path: `${NOTES_DIR}/requirements.md`, content: `${event.data.requirements}\n` }] });
        break;
      case 'ChangeRequested':
        round = event.data.round;
        changes.push(`## Round ${event.data.round}\n\n${event.data.text}\n`);
        commit({ author: person(event), date: event.recordedAt, message: `Round ${event.data.round}: ${event.data.text}`, writes: [{ path: `${NOTES_DIR}/changes.md`, content: changes.join('\n') }] });
        break;
      case 'AgentOutputAccepted': {
        const agent = agentNamed(event.data.agent);
        const message = `${event.data.agent}: ${agent.summarize(event.data.output)}\n\nStep ${event.data.stepId}, accepted by ${event.data.acceptedBy === 'person' ? 'a person' : 'its confidence'}.`;
        commit({ author: event.data.agent, date: event.recordedAt, message, writes: notesOf(event.data.agent, event.data.output) }, event.data.stepId);
        break;
      }
      case 'AgentOutputEdited':
        commit(
          { author: person(event), date: event.recordedAt, message: `Edited the ${event.data.agent}'s output (${event.data.replaces})`, writes: notesOf(event.data.agent, event.data.output) },
          event.data.stepId,
        );
        break;
      case 'ArtifactWritten':
        fileOwner(event).writes.push({ path: event.data.path, content: event.data.content });
        break;
      case 'ArtifactDeleted':
        fileOwner(event).deletes.push(event.data.path);
        break;
      case 'ArtifactEditedByPerson':
        commit({ author: person(event), date: event.recordedAt, message: `Wrote ${event.data.path} by hand`, writes: [{ path: event.data.path, content: event.data.content }] });
        break;
      default:
        if (ENDINGS.has(event.type) && commits.length > 0) commits[commits.length - 1].tag = `round-${round}`;
    }
  }
  return commits;
}
