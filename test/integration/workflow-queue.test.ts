import { join } from 'node:path';
import pino from 'pino';
import { createApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { tempDir } from '../support/temp-dir';

/** The parts of the workflow runner this test drives: its evaluation, and the scheduling that queues it. */
interface RunnerInside {
  evaluate(projectId: string): Promise<void>;
  schedule(projectId: string): void;
  idle(): Promise<void>;
}

describe("the workflow's queue of evaluations per project", () => {
  it('evaluates again for an event that comes while idle() waits behind a running evaluation', async () => {
    const dir = tempDir();
    const app = await createApp(loadConfig({ BOTARMY_DATA_DIR: join(dir.path, 'data') }), { logger: pino({ level: 'silent' }) });
    try {
      const runner = app.workflow as unknown as RunnerInside;
      const evaluated: string[] = [];
      let release: () => void = () => undefined;
      const running = new Promise<void>((resolve) => {
        release = resolve;
      });
      runner.evaluate = async (projectId) => {
        evaluated.push(projectId);
        if (evaluated.length === 1) await running;
      };
      // Given an evaluation running, and idle() queued behind it,
      runner.schedule('p');
      while (evaluated.length === 0) await new Promise((resolve) => setImmediate(resolve));
      const quiet = runner.idle();
      await new Promise((resolve) => setImmediate(resolve));
      // when an event of the project comes,
      runner.schedule('p');
      release();
      await quiet;
      // then the project is evaluated again, and idle() waited for it.
      expect(evaluated).toEqual(['p', 'p']);
    } finally {
      await app.close();
      dir.remove();
    }
  });
});
