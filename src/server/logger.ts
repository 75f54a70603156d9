import pino, { type Logger } from 'pino';

/** Structured logs, one line per event that matters. Secrets are redacted wherever they might be logged. */
export function createLogger(level: string, destination: 1 | 2 = 1): Logger {
  return pino(
    {
      level,
      base: { app: 'botarmy' },
      redact: { paths: ['apiKey', '*.apiKey', 'authorization', '*.authorization', 'headers.authorization'], censor: '[redacted]' },
    },
    pino.destination(destination),
  );
}
