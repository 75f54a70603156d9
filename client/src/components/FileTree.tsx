import type { TreeFolder } from '../file-tree';
import { formatBytes } from '../format';
import type { Artifact } from '../types';

interface FileTreeProps {
  folder: TreeFolder<Artifact>;
  collapsed: ReadonlySet<string>;
  onToggle(folder: string): void;
  selectedPath: string | null;
  onSelect(path: string): void;
}

/**
 * Folders are disclosure buttons (aria-expanded), files are buttons marked aria-current when shown;
 * all of them are in the tab order, so the tree works with a keyboard alone.
 */
export function FileTree({ folder, collapsed, onToggle, selectedPath, onSelect }: FileTreeProps) {
  return (
    <ul className={folder.path === '' ? 'file-tree' : 'file-tree-children'}>
      {folder.children.map((node) => {
        if (node.kind === 'folder') {
          const open = !collapsed.has(node.path);
          return (
            <li key={`d:${node.path}`} className="tree-folder">
              <button
                type="button"
                className="tree-item tree-folder-button"
                aria-expanded={open}
                onClick={() => onToggle(node.path)}
                title={node.path}
                data-folder={node.path}
              >
                <span className="tree-caret" aria-hidden="true">
                  {open ? '▾' : '▸'}
                </span>
                <span className="tree-name">{node.name}/</span>
                <span className="tree-meta">{node.fileCount}</span>
              </button>
              {open && <FileTree folder={node} collapsed={collapsed} onToggle={onToggle} selectedPath={selectedPath} onSelect={onSelect} />}
            </li>
          );
        }
        const selected = node.path === selectedPath;
        return (
          <li key={`f:${node.path}`} className="tree-file">
            <button
              type="button"
              className={`tree-item tree-file-button${selected ? ' tree-selected' : ''}`}
              aria-current={selected ? 'true' : undefined}
              onClick={() => onSelect(node.path)}
              title={`${node.path} — version ${node.item.version}, ${formatBytes(node.item.size)}, by the ${node.item.agent}`}
              data-path={node.path}
            >
              <span className="tree-name">{node.name}</span>
              {node.item.version > 1 && <span className="tree-version">v{node.item.version}</span>}
              <span className="tree-meta">{formatBytes(node.item.size)}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
