import { join } from 'node:path';
import pino from 'pino';
import { ConcurrencyError } from '../../src/events/errors';
import { verifyStream } from '../../src/history/verify-chain';
import type { LlmProvider } from '../../src/llm/llm-port';
import { OfflineProvider } from '../../src/llm/offline-provider';
import { createApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { tempDir } from '../support/temp-dir';
import { eventsOfType, waitForEvent } from '../support/wait-for-event';

/**
 * The workflow and the step runners decide over the state this process holds, without reading the stream first.
 * Another process's append is not on this process's bus: the version check must refuse what was decided without
 * it, and the deciders must read the tail and go on.
 */
describe('another process appending to a project the workflow drives', () => {
  it('has the appends decided without its event refused, and the project goes on from the tail', async () => {
    const dir = tempDir();
    const config = loadConfig({ BOTARMY_DATA_DIR: join(dir.path, 'data'), BOTARMY_SQLITE_SYNCHRONOUS: 'NORMAL', BOTARMY_PROOF: 'off' });
    const logger = pino({ level: 'silent' });
    const offline = new OfflineProvider();
    let behindItsBack = async (): Promise<void> => undefined;
    let calls = 0;
    // The architect's answer arrives after the other process wrote: what the step runner records is decided too early.
    const provider: LlmProvider = {
      name: 'offline',
      model: offline.model,
      complete: async (request) => {
        const reply = await offline.complete(request);
        if (++calls === 2) await behindItsBack();
        return reply;
      },
    };
    const app = await createApp(config, { logger, provider });
    const neighbour = await createApp(config, { logger });
    try {
      behindItsBack = async () => {
        const version = await neighbour.store.streamVersion('p');
        await neighbour.store.append('p', [{ type: 'MessageSent', data: { messageId: 'from-next-door', fromAgent: 'human', toAgent: 'architect', type: 'status', content: 'Written by another process.', confidence: null, thread: 'p', attempt: 1 } }], version);
      };
      const refused: string[] = [];
      const append = app.store.append.bind(app.store);
      app.store.append = async (streamId, events, expectedVersion) => {
        try {
          return await append(streamId, events, expectedVersion);
        } catch (error) {
          if (error instanceof ConcurrencyError) refused.push(...events.map((e) => e.type));
          throw error;
        }
      };
      await app.startWorkflow();
      const requirements = 'A recipe book: cooks add recipes with a title, ingredients and steps, and readers list recipes and find one by id.';
      await app.services.commands.execute('p', { type: 'CreateProject', projectId: 'p', name: 'Recipes', requirements, settings: { proof: null } });
      await waitForEvent(app, 'p', (e) => e.type === 'AgentStepStarted' && (e.data as { agent: string }).agent === 'developer', 60_000);
      await app.workflow.stop();

      // The architect's step records its answer with its output, in one append decided before the other process wrote.
      expect(refused).toEqual(['LlmCallCompleted', 'AgentOutputProduced']);
      const events = await app.store.readStream('p');
      expect(verifyStream(events)).toBeNull();
      expect(eventsOfType(events, 'MessageSent').map((e) => e.data.messageId)).toContain('from-next-door');
      expect(eventsOfType(events, 'LlmCallCompleted').map((e) => e.data.agent)).toEqual(['analyst', 'architect']);
      expect(eventsOfType(events, 'AgentOutputAccepted').map((e) => e.data.agent)).toEqual(['analyst', 'architect']);
      expect(eventsOfType(events, 'AgentStepStarted').map((e) => e.data.agent)).toEqual(['analyst', 'architect', 'developer']);
    } finally {
      await app.close();
      await neighbour.close();
      dir.remove();
    }
  }, 90_000);
});
