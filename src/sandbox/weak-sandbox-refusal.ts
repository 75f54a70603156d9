import { isLoopbackHost } from '../server/config';
import type { SandboxStatus } from './sandbox';

/**
 * Why generated code must not run for requests from other machines, or null when it may: off loopback anyone
 * who can reach the API can make the team write code, so only an OS sandbox, or a person who accepted the
 * risk with BOTARMY_ALLOW_WEAK_SANDBOX=1, lets it run.
 */
export function weakSandboxRefusal(status: SandboxStatus, host: string, allowWeak: boolean): string | null {
  if (status.contained || allowWeak || isLoopbackHost(host)) return null;
  return (
    `HOST=${host} lets other machines have code written and run here, but no OS sandbox contains it (${status.note}). ` +
    "Install Debian's bubblewrap (apt-get install bubblewrap), bind to 127.0.0.1, or set BOTARMY_ALLOW_WEAK_SANDBOX=1 to accept the risk."
  );
}
