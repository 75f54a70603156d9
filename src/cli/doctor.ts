import { accessSync, constants } from 'node:fs';
import type { App } from '../server/app';
import { isLoopbackHost } from '../server/config';
import { weakSandboxRefusal } from '../sandbox/weak-sandbox-refusal';

export interface DoctorLine {
  check: string;
  ok: boolean;
  detail: string;
}

/**
 * What `botarmy doctor` reports: one line per thing an operator must know before serving — the data directory,
 * the log, the sandbox that contains generated code, the model and who may reach the API. Never a secret.
 */
export async function doctorReport(app: App): Promise<DoctorLine[]> {
  const { config } = app;
  const lines: DoctorLine[] = [];
  let writable = true;
  try {
    accessSync(config.dataDir, constants.W_OK);
  } catch {
    writable = false;
  }
  lines.push({ check: 'data', ok: writable, detail: `${config.dataDir} (${writable ? 'writable' : 'not writable'})` });
  const where = config.databaseUrl ? `PostgreSQL at ${withoutPassword(config.databaseUrl)}` : `${config.databaseFile}, synchronous=${config.synchronous}`;
  lines.push({ check: 'log', ok: true, detail: `${where}, last global position ${await app.store.lastPosition()}` });
  const { status } = app.sandbox;
  lines.push({ check: 'sandbox', ok: status.contained, detail: `${status.kind}: ${status.note}` });
  const llm = config.llm;
  lines.push({
    check: 'model',
    ok: true,
    detail:
      llm.provider === 'offline'
        ? 'the offline rule engine (no LLM_API_KEY or LLM_BASE_URL set)'
        : `${llm.model} at ${llm.baseURL ?? "OpenAI's API"}${llm.apiKey ? ', key set' : ', no key'}`,
  });
  const exposed = !isLoopbackHost(config.host);
  const refusal = weakSandboxRefusal(status, config.host, config.sandbox.allowWeakSandboxOffLoopback);
  const tokenMissing = exposed && !config.access.apiToken;
  lines.push({
    check: 'access',
    ok: !tokenMissing && !refusal,
    detail: tokenMissing
      ? `HOST=${config.host} without BOTARMY_API_TOKEN: serve will refuse to start`
      : refusal
        ? refusal
        : `HOST=${config.host}, ${config.access.apiToken ? 'token required' : 'loopback only, no token'}, ${config.access.allowedOrigins.length} extra allowed origins`,
  });
  return lines;
}

/** A database URL fit to print: the password is a secret. */
function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
