import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredEvent } from '../../src/events/envelope';
import { replayProject } from '../../src/history/replay';
import { verifyStream } from '../../src/history/verify-chain';

const DIR = join(__dirname, '..', 'recordings');
const recordings = readdirSync(DIR).filter((f) => f.endsWith('.jsonl'));

/**
 * Recorded projects (made with `botarmy export`) replayed against today's code: a change to a prompt or a
 * workflow rule that alters behaviour shows up here as a divergence. When the change is intended, record the
 * project again.
 */
describe('recorded histories replay identically', () => {
  it('has recordings to replay', () => {
    expect(recordings.length).toBeGreaterThan(0);
  });

  it.each(recordings)('%s', async (file) => {
    const events = readFileSync(join(DIR, file), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as StoredEvent);
    expect(verifyStream(events)).toBeNull();
    const result = await replayProject(events);
    expect(result.divergence).toBeNull();
    expect(result).toMatchObject({ identical: true, compared: events.length });
  });
});
