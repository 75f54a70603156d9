import { hostname } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { ArtifactLimits } from '../domain/artifact-rules';
import type { SynchronousMode } from '../events/sqlite-database';
import { type ModelPrice, priceListSchema } from '../llm/price-table';

export interface LlmConfig {
  provider: 'offline' | 'openai-compatible';
  baseURL: string | undefined;
  apiKey: string | undefined;
  model: string;
  /** Deadline of one call: its concurrency slot is released then, whatever the server does. */
  timeoutMs: number;
  /** Calls per logical request, the first included, when failures are transient. */
  maxCalls: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  concurrency: number;
  /** The longest one agent step may wait for its model, retries and repair included, before it escalates. */
  stepTimeoutMs: number;
  /** Prices per model that the operator set, on top of the defaults (price-table.ts). */
  prices: Record<string, ModelPrice>;
  /** The spend in dollars each new project may reach before a person is asked; null: no limit. */
  budgetUsd: number | null;
}

/** Which runner contains generated code: `auto` takes bubblewrap where it works and says so when it does not. */
export type SandboxChoice = 'auto' | 'bubblewrap' | 'node-permission';

export interface SandboxConfig {
  choice: SandboxChoice;
  timeoutMs: number;
  memoryMb: number;
  /** What a run may write into its workspace, all files together. */
  diskMb: number;
  maxProcesses: number;
  maxOpenFiles: number;
  /** Run generated code without an OS sandbox even when the server is reachable beyond this machine. */
  allowWeakSandboxOffLoopback: boolean;
}

export interface AccessConfig {
  /** Required whenever the server binds beyond loopback; every operation must then carry it. */
  apiToken: string | undefined;
  /** Origins whose pages may open a WebSocket; the server's own origin is always allowed. */
  allowedOrigins: string[];
  maxSubscriptionsPerConnection: number;
  maxMessageBytes: number;
  mutationsPerMinute: number;
}

/** The proof step new projects get unless they ask otherwise. */
export interface ProofConfig {
  enabled: boolean;
  maxRounds: number;
  mutationBudgetMs: number;
}

/** Where the live trace goes (OTLP over HTTP with JSON), when anywhere. */
export interface TracesConfig {
  /** OTEL_EXPORTER_OTLP_ENDPOINT with the traces path, as the OpenTelemetry exporter spec builds it; null: no live trace. */
  url: string | null;
  /** Prompts, answers and people's words in the spans too. */
  messages: boolean;
}

export interface Config {
  proof: ProofConfig;
  traces: TracesConfig;
  limits: ArtifactLimits;
  sandbox: SandboxConfig;
  access: AccessConfig;
  port: number;
  host: string;
  dataDir: string;
  databaseFile: string;
  /** PostgreSQL holds the log and the read models when set; SQLite under the data dir otherwise. */
  databaseUrl: string | null;
  /** This server among several on one PostgreSQL database: whose claims on launched work are its own after a restart. */
  instanceId: string;
  /** How long past a piece of work's own deadline its claim holds: after that its holder is taken for dead. */
  claimGraceMs: number;
  synchronous: SynchronousMode;
  logLevel: string;
  llm: LlmConfig;
}

/** Reads `.env` (when present) into the environment; variables already set win. */
export function loadDotEnv(file = resolve(process.cwd(), '.env')): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

/** An unset or empty variable takes the default. */
const unset = (v: unknown) => (v === '' ? undefined : v);

const wholeNumber = (fallback: number, min = 1) =>
  z.preprocess(
    unset,
    z
      .string()
      .default(String(fallback))
      .transform((raw, ctx) => {
        const n = Number(raw);
        if (!Number.isInteger(n) || n < min) {
          ctx.addIssue({ code: 'custom', message: `must be a whole number of at least ${min}, got "${raw}"` });
          return z.NEVER;
        }
        return n;
      }),
  );

const flag = z.preprocess(unset, z.enum(['0', '1', 'true', 'false', 'yes', 'no']).default('0')).transform((v) => ['1', 'true', 'yes'].includes(v));

const text = (fallback: string) => z.preprocess(unset, z.string().default(fallback));
const optionalText = () => z.preprocess(unset, z.string().optional());

/** Every variable BotArmy reads, with its default and its rule: the README's tables come from here. */
const ENV_SCHEMA = z.object({
  PORT: wholeNumber(4000, 0).refine((n) => n <= 65535, 'must be a port number'),
  HOST: text('127.0.0.1'),
  BOTARMY_DATA_DIR: text('data'),
  BOTARMY_DATABASE_URL: z.preprocess(unset, z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL').optional()),
  BOTARMY_INSTANCE_ID: z.preprocess(unset, z.string().trim().min(1).max(200).optional()),
  BOTARMY_CLAIM_GRACE_MS: wholeNumber(30_000, 0),
  BOTARMY_SQLITE_SYNCHRONOUS: z.preprocess(
    (v) => (typeof v === 'string' && v !== '' ? v.toUpperCase() : undefined),
    z.enum(['OFF', 'NORMAL', 'FULL', 'EXTRA']).default('FULL'),
  ),
  LOG_LEVEL: text('info'),
  BOTARMY_MAX_FILE_BYTES: wholeNumber(1024 * 1024),
  BOTARMY_MAX_PROJECT_BYTES: wholeNumber(20 * 1024 * 1024),
  BOTARMY_MAX_FILES: wholeNumber(500),
  BOTARMY_SANDBOX: z.preprocess(unset, z.enum(['auto', 'bubblewrap', 'node-permission']).default('auto')),
  BOTARMY_TEST_TIMEOUT_MS: wholeNumber(60_000),
  BOTARMY_TEST_MEMORY_MB: wholeNumber(256),
  BOTARMY_TEST_DISK_MB: wholeNumber(64),
  BOTARMY_TEST_MAX_PROCESSES: wholeNumber(64),
  BOTARMY_TEST_MAX_OPEN_FILES: wholeNumber(256),
  BOTARMY_ALLOW_WEAK_SANDBOX: flag,
  BOTARMY_API_TOKEN: optionalText().refine((t) => t === undefined || t.length >= 16, 'must be at least 16 characters'),
  BOTARMY_ALLOWED_ORIGINS: text(''),
  BOTARMY_MAX_SUBSCRIPTIONS: wholeNumber(100),
  BOTARMY_MAX_MESSAGE_BYTES: wholeNumber(256 * 1024),
  BOTARMY_MUTATIONS_PER_MINUTE: wholeNumber(120),
  LLM_API_KEY: optionalText(),
  OPENAI_API_KEY: optionalText(),
  LLM_BASE_URL: optionalText(),
  LLM_PROVIDER: z.preprocess(
    (v) => (typeof v === 'string' && v !== '' ? v.toLowerCase() : undefined),
    z.enum(['offline', 'openai', 'openai-compatible']).optional(),
  ),
  LLM_MODEL: text('gpt-4o-mini'),
  LLM_TIMEOUT_MS: wholeNumber(120_000),
  LLM_MAX_CALLS: wholeNumber(5),
  LLM_RETRY_BASE_MS: wholeNumber(500),
  LLM_RETRY_MAX_MS: wholeNumber(30_000),
  LLM_CONCURRENCY: wholeNumber(4),
  BOTARMY_STEP_TIMEOUT_MS: wholeNumber(300_000),
  BOTARMY_PRICES: optionalText(),
  BOTARMY_PRICES_FILE: optionalText(),
  BOTARMY_BUDGET_USD: z.preprocess(unset, z.coerce.number().positive('must be a positive number of dollars').optional()),
  BOTARMY_PROOF: z.preprocess(unset, z.enum(['on', 'off']).default('on')),
  BOTARMY_PROOF_ROUNDS: wholeNumber(2, 0).refine((n) => n <= 10, 'must be at most 10'),
  BOTARMY_MUTATION_BUDGET_MS: wholeNumber(60_000, 1000),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(unset, z.url({ protocol: /^https?$/ }).optional()),
  OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: flag,
});

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ENV_SCHEMA.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; '));
  }
  const e = parsed.data;
  const dataDir = resolve(e.BOTARMY_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseFile: resolve(dataDir, 'botarmy.sqlite'),
    databaseUrl: e.BOTARMY_DATABASE_URL ?? null,
    instanceId: e.BOTARMY_INSTANCE_ID ?? `${hostname()}:${e.PORT}`,
    claimGraceMs: e.BOTARMY_CLAIM_GRACE_MS,
    synchronous: e.BOTARMY_SQLITE_SYNCHRONOUS,
    logLevel: e.LOG_LEVEL,
    llm: llmConfig(e),
    proof: { enabled: e.BOTARMY_PROOF === 'on', maxRounds: e.BOTARMY_PROOF_ROUNDS, mutationBudgetMs: e.BOTARMY_MUTATION_BUDGET_MS },
    traces: {
      url: e.OTEL_EXPORTER_OTLP_ENDPOINT ? `${e.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces` : null,
      messages: e.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT,
    },
    limits: { maxFileBytes: e.BOTARMY_MAX_FILE_BYTES, maxProjectBytes: e.BOTARMY_MAX_PROJECT_BYTES, maxFiles: e.BOTARMY_MAX_FILES },
    sandbox: {
      choice: e.BOTARMY_SANDBOX,
      timeoutMs: e.BOTARMY_TEST_TIMEOUT_MS,
      memoryMb: e.BOTARMY_TEST_MEMORY_MB,
      diskMb: e.BOTARMY_TEST_DISK_MB,
      maxProcesses: e.BOTARMY_TEST_MAX_PROCESSES,
      maxOpenFiles: e.BOTARMY_TEST_MAX_OPEN_FILES,
      allowWeakSandboxOffLoopback: e.BOTARMY_ALLOW_WEAK_SANDBOX,
    },
    access: {
      apiToken: e.BOTARMY_API_TOKEN,
      allowedOrigins: e.BOTARMY_ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
      maxSubscriptionsPerConnection: e.BOTARMY_MAX_SUBSCRIPTIONS,
      maxMessageBytes: e.BOTARMY_MAX_MESSAGE_BYTES,
      mutationsPerMinute: e.BOTARMY_MUTATIONS_PER_MINUTE,
    },
  };
}

/**
 * The offline provider unless a key or a base URL says there is a server to talk to (a local server such as
 * Ollama needs no key). LLM_PROVIDER=offline forces offline even when a key is set.
 */
function llmConfig(e: z.infer<typeof ENV_SCHEMA>): LlmConfig {
  const apiKey = e.LLM_API_KEY || e.OPENAI_API_KEY || undefined;
  const baseURL = e.LLM_BASE_URL;
  const provider = e.LLM_PROVIDER === 'offline' || (!e.LLM_PROVIDER && !apiKey && !baseURL) ? 'offline' : 'openai-compatible';
  return {
    provider,
    baseURL,
    apiKey,
    model: e.LLM_MODEL,
    timeoutMs: e.LLM_TIMEOUT_MS,
    maxCalls: e.LLM_MAX_CALLS,
    retryBaseDelayMs: e.LLM_RETRY_BASE_MS,
    retryMaxDelayMs: e.LLM_RETRY_MAX_MS,
    concurrency: e.LLM_CONCURRENCY,
    stepTimeoutMs: e.BOTARMY_STEP_TIMEOUT_MS,
    prices: { ...priceList('BOTARMY_PRICES_FILE', e.BOTARMY_PRICES_FILE && readFileText(e.BOTARMY_PRICES_FILE)), ...priceList('BOTARMY_PRICES', e.BOTARMY_PRICES) },
    budgetUsd: e.BOTARMY_BUDGET_USD ?? null,
  };
}

function readFileText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`BOTARMY_PRICES_FILE cannot be read: ${(error as Error).message}`);
  }
}

/** Prices as JSON: {"model": {"input": 0.5, "cachedInput": 0.1, "output": 1.5}}, dollars per million tokens. */
function priceList(name: string, json: string | undefined): Record<string, ModelPrice> {
  if (!json) return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new ConfigError(`${name} is not JSON: write {"model": {"input": 0.5, "output": 1.5}} in dollars per million tokens`);
  }
  const parsed = priceListSchema.safeParse(value);
  if (!parsed.success) throw new ConfigError(`${name} ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Loopback addresses: the only binds that need no token. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** A server reachable beyond this machine must have a token; refuse to start otherwise, before anything listens. */
export function assertSafeToServe(config: Config, host: string): void {
  if (!isLoopbackHost(host) && !config.access.apiToken) {
    throw new ConfigError(
      `HOST=${host} makes BotArmy reachable from other machines: set BOTARMY_API_TOKEN (16 or more characters) so every request must carry it, or bind to 127.0.0.1.`,
    );
  }
}
