import { RateLimiter } from '../../src/server/rate-limit';

/** The token bucket on a clock the test moves: no waiting, no timing. */
describe('RateLimiter', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000_000;
  });

  it('allows a full minute’s budget at once, then refuses with the time until the next one', () => {
    const limiter = new RateLimiter(60, clock);
    for (let i = 0; i < 60; i++) expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterMs: 1000 });
  });

  it('refills continuously: one more per 1/perMinute of a minute, never above the budget', () => {
    const limiter = new RateLimiter(60, clock);
    for (let i = 0; i < 60; i++) limiter.take('a');
    now += 999;
    expect(limiter.take('a').allowed).toBe(false);
    now += 1;
    expect(limiter.take('a')).toEqual({ allowed: true });
    now += 10 * 60_000;
    for (let i = 0; i < 60; i++) expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('keeps one budget per client', () => {
    const limiter = new RateLimiter(2, clock);
    limiter.take('a');
    limiter.take('a');
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('forgets clients whose buckets are full again once it holds too many, and remembers the rest', () => {
    const limiter = new RateLimiter(2, clock, 3);
    limiter.take('busy');
    limiter.take('busy');
    now += 60_000;
    for (const client of ['x', 'y', 'z']) limiter.take(client);
    // 'busy' refilled and was forgotten; x, y and z are remembered with one call left each.
    expect(limiter.take('busy')).toEqual({ allowed: true });
    for (const client of ['x', 'y', 'z']) {
      expect(limiter.take(client).allowed).toBe(true);
      expect(limiter.take(client).allowed).toBe(false);
    }
  });
});
