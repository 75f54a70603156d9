import type { Logger } from 'pino';
import type { EventBus } from './event-bus';
import type { EventStore } from './event-store';

/** Events read at a time while catching up. */
const BATCH = 1000;

export interface LogFollowerOptions {
  /** A wake-up hint from the database that another instance appended (LISTEN/NOTIFY); the events come from the log. */
  listen?: (onNotice: () => void) => Promise<() => Promise<void>>;
  /** How often to look anyway, in case a hint was lost. */
  pollMs: number;
  logger: Logger;
}

/**
 * Feeds the bus from the global log, in log order, when several instances append to one database: the events of
 * every instance reach this one's subscribers and workflow, each once, with no gap. The store's reader never skips
 * a late commit, so following it by position is enough; this instance's own appends come through here too, so a
 * stream's events reach the bus in their order whoever appended them.
 */
export class LogFollower {
  private position = 0;
  private reading: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly bus: EventBus,
    private readonly options: LogFollowerOptions,
  ) {}

  /** Follows from what the log holds now: subscribers catch up on earlier events from the log themselves. */
  async start(): Promise<void> {
    this.position = await this.store.lastPosition();
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
      const events = await this.store.readAll({ afterPosition: this.position, limit: BATCH });
      if (events.length === 0) return;
      this.position = events[events.length - 1].globalPosition;
      this.bus.publish(events);
      if (events.length < BATCH) return;
    }
  }
}
