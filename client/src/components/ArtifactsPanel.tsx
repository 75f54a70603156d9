import { useEffect, useMemo, useRef, useState } from 'react';
import type { CombinedError } from 'urql';
import { ancestorFolders, buildFileTree } from '../file-tree';
import { formatBytes } from '../format';
import type { Artifact, ProjectStatus } from '../types';
import { CodeView, type MarkedLine } from './CodeView';
import { ErrorNotice } from './ErrorNotice';
import { FileTree } from './FileTree';
import { Panel } from './Panel';
import { WorkspaceZipLink } from './WorkspaceZipLink';

interface ArtifactsPanelProps {
  projectId: string;
  projectStatus: ProjectStatus;
  artifacts: Artifact[] | undefined;
  error: CombinedError | undefined;
  onRetry(): void;
  selectedPath: string | null;
  onSelect(path: string): void;
  /** The workspace download is the live one: hidden while the page shows a past version. */
  showDownload?: boolean;
  /** A line of the selected file to mark (opened from the Stories view). */
  markedLine?: MarkedLine | null;
}

/** The files the developer and tester wrote: a collapsible tree beside the selected file's code. */
export function ArtifactsPanel({ projectId, projectStatus, artifacts, error, onRetry, selectedPath, onSelect, showDownload = true, markedLine = null }: ArtifactsPanelProps) {
  const tree = useMemo(() => buildFileTree(artifacts ?? []), [artifacts]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const selected = artifacts?.find((a) => a.path === selectedPath) ?? null;
  const totalSize = artifacts?.reduce((sum, a) => sum + a.size, 0) ?? 0;

  // A file chosen from elsewhere (a message's file list) must be visible in the tree.
  useEffect(() => {
    if (!selectedPath) return;
    const ancestors = ancestorFolders(selectedPath);
    setCollapsed((c) => (ancestors.some((f) => c.has(f)) ? new Set([...c].filter((f) => !ancestors.includes(f))) : c));
  }, [selectedPath]);

  const toggle = (folder: string) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (next.has(folder)) next.delete(folder);
      else next.add(folder);
      return next;
    });

  // Picked in the tree: on a phone the code is below the tree, so bring it into view.
  const codeWrap = useRef<HTMLDivElement>(null);
  const pickFromTree = (path: string) => {
    onSelect(path);
    requestAnimationFrame(() => codeWrap.current?.scrollIntoView({ block: 'nearest' }));
  };

  const hasFiles = !!artifacts && artifacts.length > 0;
  return (
    <Panel
      id="files"
      title="Files"
      className="files-panel"
      meta={
        hasFiles ? (
          <>
            {artifacts.length} file{artifacts.length === 1 ? '' : 's'}, {formatBytes(totalSize)}
            {showDownload && (
              <>
                {' · '}
                <WorkspaceZipLink projectId={projectId}>Download .zip</WorkspaceZipLink>
              </>
            )}
          </>
        ) : undefined
      }
    >
      <ErrorNotice error={error} title="The files could not be loaded" onRetry={onRetry} />
      {!artifacts && !error && <p className="muted loading">Loading files…</p>}
      {artifacts && artifacts.length === 0 && (
        <p className="empty">
          {projectStatus === 'CANCELLED' || projectStatus === 'FAILED'
            ? 'No files — the project stopped before the developer wrote any.'
            : 'No files yet — the developer writes them after the design is accepted, then the tester adds its tests.'}
        </p>
      )}
      {hasFiles && (
        <div className="files-layout">
          <nav className="file-tree-wrap" aria-label="Project files">
            <FileTree folder={tree} collapsed={collapsed} onToggle={toggle} selectedPath={selectedPath} onSelect={pickFromTree} />
          </nav>
          <div className="code-wrap" ref={codeWrap}>
            {selected ? (
              <CodeView key={selected.path} projectId={projectId} artifact={selected} marked={markedLine} editable={showDownload && projectStatus !== 'ACTIVE'} />
            ) : (
              <p className="empty">Choose a file in the tree to read its code here.</p>
            )}
          </div>
        </div>
      )}
    </Panel>
  );
}
