export interface TreeFile<T> {
  kind: 'file';
  name: string;
  path: string;
  item: T;
}

export interface TreeFolder<T> {
  kind: 'folder';
  name: string;
  /** The folder's path, e.g. `src/lib`; '' for the root. */
  path: string;
  children: TreeNode<T>[];
  /** Files anywhere below. */
  fileCount: number;
}

export type TreeNode<T> = TreeFile<T> | TreeFolder<T>;

/**
 * Paths (`src/lib/store.js`, `README.md`) into a tree: folders first, then files, each sorted by name.
 * A folder with a single subfolder and no files stays as it is (no merging), so paths read as written.
 */
export function buildFileTree<T extends { path: string }>(items: readonly T[]): TreeFolder<T> {
  const root: TreeFolder<T> = { kind: 'folder', name: '', path: '', children: [], fileCount: 0 };
  for (const item of items) {
    const parts = item.path.split('/').filter((part) => part !== '');
    if (parts.length === 0) continue;
    let folder = root;
    folder.fileCount += 1;
    for (let i = 0; i < parts.length - 1; i += 1) {
      const name = parts[i]!;
      let next = folder.children.find((c): c is TreeFolder<T> => c.kind === 'folder' && c.name === name);
      if (!next) {
        next = { kind: 'folder', name, path: parts.slice(0, i + 1).join('/'), children: [], fileCount: 0 };
        folder.children.push(next);
      }
      next.fileCount += 1;
      folder = next;
    }
    folder.children.push({ kind: 'file', name: parts[parts.length - 1]!, path: item.path, item });
  }
  sortTree(root);
  return root;
}

function sortTree<T>(folder: TreeFolder<T>): void {
  folder.children.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
  for (const child of folder.children) if (child.kind === 'folder') sortTree(child);
}

/** `src/lib/store.js` → ['src', 'src/lib']: the folders to open to show a file. */
export function ancestorFolders(path: string): string[] {
  const parts = path.split('/').filter((part) => part !== '');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** A file to show first: the README, else the first file under src/, else the first file. */
export function defaultFile<T extends { path: string }>(items: readonly T[]): string | null {
  const paths = items.map((i) => i.path).sort();
  return (
    paths.find((p) => /^readme(\.md)?$/i.test(p)) ??
    paths.find((p) => p.startsWith('src/')) ??
    paths[0] ??
    null
  );
}
