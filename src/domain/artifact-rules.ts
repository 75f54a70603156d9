import { createHash } from 'node:crypto';
import type { SourceFile } from './agents/developer';

export interface ArtifactLimits {
  maxFileBytes: number;
  maxProjectBytes: number;
  maxFiles: number;
}

export const DEFAULT_ARTIFACT_LIMITS: ArtifactLimits = { maxFileBytes: 1024 * 1024, maxProjectBytes: 20 * 1024 * 1024, maxFiles: 500 };

export interface ArtifactProblem {
  path: string;
  reason: string;
}

export interface CheckedArtifact {
  path: string;
  content: string;
  sha256: string;
  size: number;
}

/**
 * A relative path inside the workspace, written with forward slashes and no `.` segments — or the reason it
 * cannot be one. Paths are checked as text here; the workspace checks symlinks on disk.
 */
export function normalizeArtifactPath(raw: string): { path: string } | { reason: string } {
  if (raw.includes('\0')) return { reason: 'the path contains a NUL byte' };
  const slashed = raw.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[a-zA-Z]:/.test(slashed)) return { reason: 'the path is absolute' };
  const segments = slashed.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return { reason: 'the path contains ..' };
  if (segments.length === 0) return { reason: 'the path is empty' };
  const path = segments.join('/');
  if (path.length > 255) return { reason: 'the path is longer than 255 characters' };
  return { path };
}

/**
 * Checks one agent output's files against the path rules and the limits, counting what the workspace already
 * holds (`existing`: path → size of its latest version). Pure: every rule except symlinks, which need the disk.
 */
export function checkArtifacts(
  files: readonly SourceFile[],
  existing: ReadonlyMap<string, number>,
  limits: ArtifactLimits,
): { accepted: CheckedArtifact[]; problems: ArtifactProblem[] } {
  const accepted: CheckedArtifact[] = [];
  const problems: ArtifactProblem[] = [];
  const sizes = new Map(existing);
  const seen = new Set<string>();
  for (const file of files) {
    const normalized = normalizeArtifactPath(file.path);
    if ('reason' in normalized) {
      problems.push({ path: file.path, reason: normalized.reason });
      continue;
    }
    const { path } = normalized;
    const size = Buffer.byteLength(file.content, 'utf8');
    if (seen.has(path)) problems.push({ path, reason: 'the same path appears twice in one output' });
    else if (size > limits.maxFileBytes) problems.push({ path, reason: `the file is ${size} bytes, over the ${limits.maxFileBytes}-byte limit` });
    else {
      seen.add(path);
      sizes.set(path, size);
      accepted.push({ path, content: file.content, size, sha256: createHash('sha256').update(file.content, 'utf8').digest('hex') });
    }
  }
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  if (sizes.size > limits.maxFiles) problems.push({ path: '*', reason: `the project would hold ${sizes.size} files, over the limit of ${limits.maxFiles}` });
  if (total > limits.maxProjectBytes) problems.push({ path: '*', reason: `the project would hold ${total} bytes, over the limit of ${limits.maxProjectBytes}` });
  return { accepted, problems };
}
