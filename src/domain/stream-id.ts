import { z } from 'zod';

/**
 * A stream id is also a folder name (`data/workspaces/<id>/`) and a prefix of other ids (`<id>:…`), so it is
 * held to letters, digits, `-` and `_`, and kept short. The server's ids are ulids (26 characters); the cap
 * leaves room for ids people choose, such as `botarmy import --as shop-copy`.
 */
export const MAX_STREAM_ID_LENGTH = 64;

export const streamIdSchema = z
  .string()
  .min(1, 'a stream id must not be empty')
  .max(MAX_STREAM_ID_LENGTH, `a stream id must be at most ${MAX_STREAM_ID_LENGTH} characters`)
  .regex(/^[A-Za-z0-9_-]+$/, 'a stream id may hold only letters, digits, - and _');

/** Why `id` cannot be a stream id, or null when it can. */
export function streamIdProblem(id: string): string | null {
  const parsed = streamIdSchema.safeParse(id);
  return parsed.success ? null : parsed.error.issues[0].message;
}
