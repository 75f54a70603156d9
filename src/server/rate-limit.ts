import type { IncomingMessage } from 'node:http';

/** What `take` answers: allowed, or refused with how long until one more is allowed. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per client: `perMinute` calls at once, then refilled continuously at `perMinute` a minute.
 * Buckets are kept in memory; a full bucket carries no information, so full buckets are dropped whenever the
 * map grows past `maxClients` (a flood of addresses cannot grow it without bound).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxClients = 10_000,
  ) {
    this.perMs = perMinute / 60_000;
  }

  take(client: string): RateDecision {
    const now = this.now();
    const bucket = this.refilled(this.buckets.get(client), now);
    if (bucket.tokens < 1) {
      this.buckets.set(client, bucket);
      return { allowed: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / this.perMs) };
    }
    this.buckets.set(client, { tokens: bucket.tokens - 1, updatedAt: now });
    if (this.buckets.size > this.maxClients) this.dropFull(now);
    return { allowed: true };
  }

  private refilled(bucket: Bucket | undefined, now: number): Bucket {
    if (!bucket) return { tokens: this.perMinute, updatedAt: now };
    return { tokens: Math.min(this.perMinute, bucket.tokens + (now - bucket.updatedAt) * this.perMs), updatedAt: now };
  }

  private dropFull(now: number): void {
    for (const [client, bucket] of this.buckets) {
      if (this.refilled(bucket, now).tokens >= this.perMinute) this.buckets.delete(client);
    }
  }
}

/** Whom a limit applies to: the remote address, the same for a client's HTTP requests and its WebSockets. */
export function clientKey(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}
