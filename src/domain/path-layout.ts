/**
 * The files of one workspace as a file system sees them. A path is a file or a directory, never both; and
 * where the workspace may be unpacked on a case-insensitive file system (the zip on macOS or Windows),
 * `README.md` and `readme.md` are one file, so only one spelling may exist. Paths come in normalised
 * (see artifact-rules); writing a path again with the same spelling is a new version, not a conflict.
 */
export class PathLayout {
  /** Folded path → the spelling it first came with, and what it is. */
  private readonly entries = new Map<string, { path: string; kind: 'file' } | { path: string; kind: 'directory'; holds: string }>();

  constructor(files: Iterable<string> = []) {
    for (const file of files) this.add(file);
  }

  /** Why `path` cannot be a file next to the ones already here, or null when it can. */
  problemWith(path: string): string | null {
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const entry = this.entries.get(fold(segments.slice(0, i).join('/')));
      if (entry?.kind === 'file') return `"${entry.path}" is a file, so it cannot also be a directory`;
    }
    const entry = this.entries.get(fold(path));
    if (entry?.kind === 'directory') return `"${entry.path}" is a directory (it holds "${entry.holds}"), so it cannot also be a file`;
    if (entry && entry.path !== path) return `it would be the same file as "${entry.path}" on a case-insensitive file system`;
    return null;
  }

  add(path: string): void {
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const directory = segments.slice(0, i).join('/');
      const key = fold(directory);
      if (!this.entries.has(key)) this.entries.set(key, { path: directory, kind: 'directory', holds: path });
    }
    const key = fold(path);
    if (!this.entries.has(key)) this.entries.set(key, { path, kind: 'file' });
  }
}

/** What a case-insensitive, normalising file system (APFS, NTFS) takes to be the same name. */
function fold(path: string): string {
  return path.normalize('NFC').toLowerCase();
}
