import type { SandboxStatus } from '../../src/sandbox/sandbox';
import { weakSandboxRefusal } from '../../src/sandbox/weak-sandbox-refusal';

const weak: SandboxStatus = { kind: 'node-permission', contained: false, note: 'bubblewrap not found (install Debian\'s bubblewrap)' };
const strong: SandboxStatus = { kind: 'bubblewrap', contained: true, note: 'bubblewrap 0.8.0: no network' };

describe('weakSandboxRefusal', () => {
  it('refuses to serve generated code off loopback with only the permission model, and says what to do', () => {
    const refusal = weakSandboxRefusal(weak, '0.0.0.0', false);
    expect(refusal).toContain('HOST=0.0.0.0');
    expect(refusal).toContain("bubblewrap not found (install Debian's bubblewrap)");
    expect(refusal).toContain('BOTARMY_ALLOW_WEAK_SANDBOX=1');
    expect(weakSandboxRefusal(weak, '192.168.1.10', false)).not.toBeNull();
  });

  it.each(['127.0.0.1', 'localhost', '::1', '127.0.1.1'])('allows the weak sandbox on loopback (%s)', (host) => {
    expect(weakSandboxRefusal(weak, host, false)).toBeNull();
  });

  it('allows it off loopback when the user opted in', () => {
    expect(weakSandboxRefusal(weak, '0.0.0.0', true)).toBeNull();
  });

  it('allows an OS sandbox anywhere', () => {
    expect(weakSandboxRefusal(strong, '0.0.0.0', false)).toBeNull();
  });
});
