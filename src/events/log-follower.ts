import type { Logger } from 'pino';
import type { StoredEvent } from './envelope';
import type { EventBus } from './event-bus';

/** Events read at a time while catching up. */
const BATCH = 1000;

/**
 * A log read in the order its writes settled, from a cursor only the log understands. Positions may be handed out
 * in another order than commits happen, so a follower cannot simply read on from the last position it saw.
 */
export interface SettledLog<Cursor> {
  /** Where the settled part of the log ends now. */
  settledEnd(): Promise<Cursor>;
  /** Settled events after `after`, in settling order, and the cursor after the last of them. */
  readSettled(after: Cursor, limit: number): Promise<{ events: StoredEvent[]; end: Cursor }>;
}

export interface LogFollowerOptions {
  /** A wake-up hint from the database that another instance appended (LISTEN/NOTIFY); the events come from the log. */
  listen?: (onNotice: () => void) => Promise<() => Promise<void>>;
  /** How often to look anyway, in case a hint was lost. */
  pollMs: number;
  logger: Logger;
}

/**
 * Feeds the bus from the global log, in log order, when several instances append to one database: the events of
 * every instance reach this one's subscribers and workflow, each once, with no gap. The log is read in settling
 * order, which never passes over a late commit; this instance's own appends come through here too, so a stream's
 * events reach the bus in their order whoever appended them.
 */
export class LogFollower<Cursor> {
  private cursor: Cursor | null = null;
  private reading: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;

  constructor(
    private readonly log: SettledLog<Cursor>,
    private readonly bus: EventBus,
    private readonly options: LogFollowerOptions,
  ) {}

  /** Follows from what the log holds now: subscribers catch up on earlier events from the log themselves. */
  async start(): Promise<void> {
    this.cursor = await this.log.settledEnd();
    this.unlisten = (await this.options.listen?.(() => this.poke())) ?? null;
    this.timer = setInterval(() => this.poke(), this.options.pollMs);
    this.timer.unref();
  }

  /** Something was appended: read on (one read at a time; a poke during a read reads again after it). */
  poke(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.readOn()
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'reading the log for other instances failed; trying again on the next hint'))
      .finally(() => {
        this.reading = null;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.unlisten?.();
    await this.reading;
  }

  private async readOn(): Promise<void> {
    for (;;) {
      if (this.cursor === null) return;
      const { events, end } = await this.log.readSettled(this.cursor, BATCH);
      if (events.length === 0) return;
      this.cursor = end;
      this.bus.publish(events);
      if (events.length < BATCH) return;
    }
  }
}
