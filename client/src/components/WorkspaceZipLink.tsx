import { type MouseEvent, type ReactNode, useState } from 'react';
import { authHeaders, reportTokenRefused } from '../api-token';

export function workspaceZipHref(projectId: string): string {
  return `/projects/${encodeURIComponent(projectId)}/workspace.zip`;
}

/**
 * The workspace download. A plain link cannot carry the API token, so the click fetches the zip with the
 * Authorization header and saves the blob; the href stays for copying the address.
 */
export function WorkspaceZipLink({ projectId, className, children }: { projectId: string; className?: string; children: ReactNode }) {
  const [problem, setProblem] = useState<string | null>(null);
  const href = workspaceZipHref(projectId);

  const download = async (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    setProblem(null);
    try {
      const res = await fetch(href, { headers: authHeaders() });
      if (res.status === 401) return reportTokenRefused();
      if (!res.ok) return setProblem(`The download failed (HTTP ${res.status}).`);
      saveBlob(await res.blob(), fileName(res.headers.get('content-disposition')));
    } catch {
      setProblem('The BotArmy server cannot be reached.');
    }
  };

  return (
    <>
      <a className={className} href={href} download onClick={download}>
        {children}
      </a>
      {problem && (
        <span className="field-error" role="alert">
          {' '}
          {problem}
        </span>
      )}
    </>
  );
}

function fileName(disposition: string | null): string {
  return /filename="([^"]+)"/.exec(disposition ?? '')?.[1] ?? 'workspace.zip';
}

function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The download reads the URL after this turn; free the blob once it surely has.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
