import { createHash } from 'node:crypto';
import type { SourceFile } from './agents/developer';
import { PathLayout } from './path-layout';

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

/** NAME_MAX of Linux and macOS file systems: the longest name of one file or directory, in bytes. */
export const MAX_NAME_BYTES = 255;
/** The longest path, in bytes: well inside PATH_MAX (4096) once the workspace's own folder is in front. */
export const MAX_PATH_BYTES = 1024;

/**
 * A relative path inside the workspace, written with forward slashes and no `.` segments — or the reason it
 * cannot be one. Paths are checked as text here; the workspace checks symlinks on disk. Lengths count UTF-8
 * bytes, as the file system does: 200 characters can be 800 bytes.
 */
export function normalizeArtifactPath(raw: string): { path: string } | { reason: string } {
  if (raw.includes('\0')) return { reason: 'the path contains a NUL byte' };
  const control = /\p{Cc}/u.exec(raw);
  if (control) return { reason: `the path contains a control character (U+${codePoint(control[0])})` };
  // A lone surrogate becomes U+FFFD on disk, so two different paths could name one file.
  if (/\p{Cs}/u.test(raw)) return { reason: 'the path is not well-formed Unicode (it holds a lone surrogate)' };
  const slashed = raw.replace(/\\/g, '/');
  const segments = slashed.split('/').filter((s) => s !== '' && s !== '.');
  // A drive letter counts wherever the leading `./` segments put it: `./C:` is as absolute as `C:`.
  if (slashed.startsWith('/') || /^[a-zA-Z]:/.test(segments[0] ?? '')) return { reason: 'the path is absolute' };
  if (segments.includes('..')) return { reason: 'the path contains ..' };
  // A project's files become a git repository (export --git), where anything under .git would be git's own: a hook
  // or a config that runs. No spelling of it is a file of the project.
  if (segments.some((s) => s.toLowerCase() === '.git')) return { reason: 'git keeps its own files under .git' };
  if (segments.length === 0) return { reason: 'the path is empty' };
  const longest = segments.reduce((max, s) => Math.max(max, Buffer.byteLength(s, 'utf8')), 0);
  if (longest > MAX_NAME_BYTES) return { reason: `a name in the path is ${longest} bytes, over the ${MAX_NAME_BYTES}-byte limit of a file name` };
  const path = segments.join('/');
  const bytes = Buffer.byteLength(path, 'utf8');
  if (bytes > MAX_PATH_BYTES) return { reason: `the path is ${bytes} bytes, over the ${MAX_PATH_BYTES}-byte limit` };
  return { path };
}

function codePoint(char: string): string {
  return (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Why a path recorded in the log (an imported `ArtifactWritten`) cannot be written next to the files before it,
 * or null. It was normalised when it was first written, so any other spelling was made behind our back.
 */
export function recordedPathProblem(path: string, layout: PathLayout): string | null {
  const normalized = normalizeArtifactPath(path);
  if ('reason' in normalized) return normalized.reason;
  if (normalized.path !== path) return `the path is not in its normal form (${JSON.stringify(normalized.path)})`;
  return layout.problemWith(path);
}

/** An accepted output's files in their normal form: their paths were checked, and their sizes, when it was produced. */
export function normalizedFiles(files: readonly SourceFile[]): CheckedArtifact[] {
  return checkArtifacts(files, new Map(), { maxFileBytes: Infinity, maxProjectBytes: Infinity, maxFiles: Infinity }).accepted;
}

/**
 * Checks one agent output's files against the path rules and the limits, counting what the workspace already
 * holds (`existing`: path → size of its latest version): a new file may not turn an existing file into a
 * directory or the other way round. Pure: every rule except symlinks, which need the disk.
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
  const layout = new PathLayout(existing.keys());
  for (const file of files) {
    const normalized = normalizeArtifactPath(file.path);
    if ('reason' in normalized) {
      problems.push({ path: file.path, reason: normalized.reason });
      continue;
    }
    const { path } = normalized;
    const size = Buffer.byteLength(file.content, 'utf8');
    const conflict = layout.problemWith(path);
    if (seen.has(path)) problems.push({ path, reason: 'the same path appears twice in one output' });
    else if (size > limits.maxFileBytes) problems.push({ path, reason: `the file is ${size} bytes, over the ${limits.maxFileBytes}-byte limit` });
    else if (conflict) problems.push({ path, reason: conflict });
    else {
      seen.add(path);
      layout.add(path);
      sizes.set(path, size);
      accepted.push({ path, content: file.content, size, sha256: createHash('sha256').update(file.content, 'utf8').digest('hex') });
    }
  }
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  if (sizes.size > limits.maxFiles) problems.push({ path: '*', reason: `the project would hold ${sizes.size} files, over the limit of ${limits.maxFiles}` });
  if (total > limits.maxProjectBytes) problems.push({ path: '*', reason: `the project would hold ${total} bytes, over the limit of ${limits.maxProjectBytes}` });
  return { accepted, problems };
}
