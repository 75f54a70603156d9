import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ArtifactLimits } from '../domain/artifact-rules';
import type { SynchronousMode } from '../events/sqlite-database';
import type { SandboxOptions } from '../sandbox/test-runner';

export interface LlmConfig {
  provider: 'offline' | 'openai-compatible';
  baseURL: string | undefined;
  apiKey: string | undefined;
  model: string;
  timeoutMs: number;
  /** Calls per logical request, the first included, when failures are transient. */
  maxCalls: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  concurrency: number;
}

export interface Config {
  limits: ArtifactLimits;
  sandbox: SandboxOptions;
  port: number;
  host: string;
  dataDir: string;
  databaseFile: string;
  synchronous: SynchronousMode;
  logLevel: string;
  llm: LlmConfig;
}

const SYNCHRONOUS_MODES: SynchronousMode[] = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];

/** Reads `.env` (when present) into the environment; variables already set win. */
export function loadDotEnv(file = resolve(process.cwd(), '.env')): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const synchronous = (env.BOTARMY_SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase() as SynchronousMode;
  if (!SYNCHRONOUS_MODES.includes(synchronous)) {
    throw new Error(`BOTARMY_SQLITE_SYNCHRONOUS must be one of ${SYNCHRONOUS_MODES.join(', ')}`);
  }
  const dataDir = resolve(env.BOTARMY_DATA_DIR ?? 'data');
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir,
    databaseFile: resolve(dataDir, 'botarmy.sqlite'),
    synchronous,
    logLevel: env.LOG_LEVEL ?? 'info',
    llm: loadLlmConfig(env),
    limits: {
      maxFileBytes: positiveInt(env, 'BOTARMY_MAX_FILE_BYTES', 1024 * 1024),
      maxProjectBytes: positiveInt(env, 'BOTARMY_MAX_PROJECT_BYTES', 20 * 1024 * 1024),
      maxFiles: positiveInt(env, 'BOTARMY_MAX_FILES', 500),
    },
    sandbox: {
      timeoutMs: positiveInt(env, 'BOTARMY_TEST_TIMEOUT_MS', 60_000),
      memoryMb: positiveInt(env, 'BOTARMY_TEST_MEMORY_MB', 256),
    },
  };
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of at least 1, got "${raw}"`);
  return n;
}

/**
 * The offline provider unless a key or a base URL says there is a server to talk to (a local server such as
 * Ollama needs no key). LLM_PROVIDER=offline forces offline even when a key is set.
 */
function loadLlmConfig(env: NodeJS.ProcessEnv): LlmConfig {
  const apiKey = env.LLM_API_KEY || env.OPENAI_API_KEY || undefined;
  const baseURL = env.LLM_BASE_URL || undefined;
  const requested = env.LLM_PROVIDER?.toLowerCase();
  if (requested && !['offline', 'openai', 'openai-compatible'].includes(requested)) {
    throw new Error(`LLM_PROVIDER must be offline or openai-compatible, got "${env.LLM_PROVIDER}"`);
  }
  const provider = requested === 'offline' || (!requested && !apiKey && !baseURL) ? 'offline' : 'openai-compatible';
  return {
    provider,
    baseURL,
    apiKey,
    model: env.LLM_MODEL || 'gpt-4o-mini',
    timeoutMs: positiveInt(env, 'LLM_TIMEOUT_MS', 120_000),
    maxCalls: positiveInt(env, 'LLM_MAX_CALLS', 5),
    retryBaseDelayMs: positiveInt(env, 'LLM_RETRY_BASE_MS', 500),
    retryMaxDelayMs: positiveInt(env, 'LLM_RETRY_MAX_MS', 30_000),
    concurrency: positiveInt(env, 'LLM_CONCURRENCY', 4),
  };
}
