import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import pLimit from 'p-limit';
import PQueue from 'p-queue';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ulid } from 'ulid';
import { AgentStepRunner } from '../app/agent-step-runner';
import { MutationStepRunner } from '../app/mutation-step-runner';
import { TestStepRunner } from '../app/test-step-runner';
import { WorkflowRunner } from '../app/workflow-runner';
import { Workspaces } from '../workspace/workspace';
import { chooseSandbox, limitsOf } from '../sandbox/choose-sandbox';
import type { Sandbox } from '../sandbox/sandbox';
import type { LlmProvider } from '../llm/llm-port';
import { createProvider } from '../llm/provider-factory';
import { OFFLINE } from '../llm/offline-provider';
import { PriceTable } from '../llm/price-table';
import { llmRetryPolicy } from '../llm/retry-policy';
import { MIGRATIONS } from '../../migrations';
import { CommandHandler } from '../app/command-handler';
import { EventBus } from '../events/event-bus';
import { SqliteDatabase } from '../events/sqlite-database';
import { SqliteEventStore } from '../events/sqlite-event-store';
import type { EventStore } from '../events/event-store';
import { EVENTS_CHANNEL, PostgresDatabase } from '../events/postgres-database';
import { LogFollower } from '../events/log-follower';
import { type CommitCursor, PostgresEventStore } from '../events/postgres-event-store';
import type { Services } from '../graphql/context';
import { ProjectionRunner } from '../projections/projection-runner';
import { PROJECTIONS } from '../projections/read-models';
import { ReadModelQueries } from '../projections/read-model-queries';
import type { StoredEvent } from '../events/envelope';
import { replayProject } from '../history/replay';
import type { LaunchedWork } from '../domain/workflow';
import type { Config } from './config';
import { LiveTraceExport } from './live-trace-export';
import { createLogger } from './logger';
import { APP_VERSION } from './package-info';

/** The composition root: the database, the log with its inline projections, the bus and the services on top. */
export interface App {
  config: Config;
  logger: Logger;
  /** Where the log and the read models are kept: SQLite under the data dir, or PostgreSQL (BOTARMY_DATABASE_URL). */
  db: SqliteDatabase | PostgresDatabase;
  store: EventStore;
  bus: EventBus;
  projections: ProjectionRunner;
  services: Services;
  provider: LlmProvider;
  workflow: WorkflowRunner;
  workspaces: Workspaces;
  /** What contains generated code; its status says how well, for `serve`, /health and `doctor`. */
  sandbox: Sandbox;
  /** Starts driving pipelines (and resumes unfinished ones). `serve` and `run` do; `rebuild` does not. */
  startWorkflow(options?: { only?: string }): Promise<void>;
  close(): Promise<void>;
}

export interface AppOverrides {
  logger?: Logger;
  provider?: LlmProvider;
  sandbox?: Sandbox;
}

export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  // Before the database opens: an explicit BOTARMY_SANDBOX=bubblewrap that cannot work stops the start here.
  const sandbox = overrides.sandbox ?? (await chooseSandbox(config.sandbox));
  logger.info({ sandbox: sandbox.status.kind, contained: sandbox.status.contained, note: sandbox.status.note }, 'sandbox chosen');
  const projections = new ProjectionRunner(PROJECTIONS);
  const bus = new EventBus();
  const inline = projections.apply.bind(projections);
  const db = config.databaseUrl
    ? await PostgresDatabase.open({ url: config.databaseUrl, entities: projections.entities })
    : await SqliteDatabase.open({ file: config.databaseFile, entities: projections.entities, migrations: MIGRATIONS, synchronous: config.synchronous });
  // On PostgreSQL other instances append too: the bus is fed from the log, in its order, by a follower.
  let follower: LogFollower<CommitCursor> | null = null;
  let store: EventStore;
  if (db instanceof PostgresDatabase) {
    const shared = new PostgresEventStore(db, { inline, appVersion: APP_VERSION, onCommitted: () => follower?.poke() });
    follower = new LogFollower(shared, bus, { listen: (onNotice) => db.listen(EVENTS_CHANNEL, onNotice), pollMs: FOLLOW_POLL_MS, logger });
    await follower.start();
    store = shared;
  } else {
    store = new SqliteEventStore(db, { inline, bus, appVersion: APP_VERSION });
  }
  bus.subscribe((event) =>
    logger.info({ event: event.type, streamId: event.streamId, streamVersion: event.streamVersion, position: event.globalPosition }, 'event appended'),
  );
  const commands = new CommandHandler(store, ulid);
  const queries = new ReadModelQueries(db.reader, db.readStatements);
  const provider = overrides.provider ?? createProvider(config.llm);
  // What earlier runs learned about this server's models: no probe again after a restart.
  if (provider.endpoint && provider.remember) {
    for (const known of await queries.endpointModes(provider.endpoint)) provider.remember(known.model, known.mode);
  }
  const workspaces = new Workspaces(join(config.dataDir, 'workspaces'));
  const steps = new AgentStepRunner({
    commands,
    provider,
    slots: new PQueue({ concurrency: config.llm.concurrency }),
    retryPolicy: llmRetryPolicy({ maxCalls: config.llm.maxCalls, baseDelayMs: config.llm.retryBaseDelayMs, maxDelayMs: config.llm.retryMaxDelayMs }),
    logger,
    limits: config.limits,
    workspaces,
    existingArtifacts: async (projectId) => new Map((await queries.artifacts(projectId)).map((a) => [a.path, a.size])),
    stepTimeoutMs: config.llm.stepTimeoutMs,
    prices: new PriceTable(config.llm.prices),
  });
  const runnerDeps = {
    commands,
    workspaces,
    sandbox,
    limits: limitsOf(config.sandbox),
    logger,
    latestArtifacts: (projectId: string) => queries.artifacts(projectId, { withContent: true }),
  };
  const tests = new TestStepRunner(runnerDeps);
  const mutationRuns = new MutationStepRunner(runnerDeps);
  const workflow = new WorkflowRunner({
    store,
    states: commands.states,
    bus,
    steps,
    tests,
    mutationRuns,
    logger,
    newId: ulid,
    unfinishedProjects: () => queries.unfinishedProjectIds(),
    // Several instances may share a PostgreSQL log: each piece of launched work is claimed for as long as it may take.
    ...(config.databaseUrl ? { claims: { instance: config.instanceId, leaseMs: (work: LaunchedWork) => leaseFor(work, config) } } : {}),
  });
  const proofDefaults = config.proof.enabled ? { maxRounds: config.proof.maxRounds, mutationBudgetMs: config.proof.mutationBudgetMs } : null;
  // A replay runs every agent again in memory: one at a time, so replays never crowd out the live projects.
  const replays = pLimit(1);
  const replay = (recorded: readonly StoredEvent[]) => replays(() => replayProject(recorded, { limits: config.limits, maxCalls: config.llm.maxCalls }));
  const services: Services = { store, bus, commands, queries, logger, version: APP_VERSION, proofDefaults, replay, artifactLimits: config.limits, llm: { provider: provider.name, model: provider.model, offline: provider.name === OFFLINE }, defaultBudgetUsd: config.llm.budgetUsd };
  const traces = config.traces.url
    ? new LiveTraceExport({ store, bus, logger, exporter: new OTLPTraceExporter({ url: config.traces.url }), options: { messages: config.traces.messages } })
    : null;
  let workflowStarted = false;
  return {
    config,
    logger,
    db,
    store,
    bus,
    projections,
    services,
    provider,
    workflow,
    workspaces,
    sandbox,
    startWorkflow: async (options = {}) => {
      workflowStarted = true;
      logger.info({ provider: provider.name, model: provider.model }, 'workflow started');
      // The trace goes live with the work: commands that only read or copy the log send nothing.
      traces?.start();
      await workflow.start(options);
    },
    close: async () => {
      if (workflowStarted) await workflow.stop();
      await traces?.close();
      await follower?.stop();
      await store.close();
    },
  };
}

/** How often an instance on PostgreSQL reads the log for other instances' events when no notification came. */
const FOLLOW_POLL_MS = 1000;

/** A claim lasts as long as its work may take, and a grace for recording the outcome (BOTARMY_CLAIM_GRACE_MS). */
function leaseFor(work: LaunchedWork, config: Config): number {
  const deadline = work.type === 'RunStep' ? config.llm.stepTimeoutMs : work.type === 'RunTests' ? config.sandbox.timeoutMs : work.budgetMs + config.sandbox.timeoutMs;
  return deadline + config.claimGraceMs;
}

/** Drops every read model and replays the whole log through the same projections, in one transaction. */
export async function rebuildReadModels(app: App): Promise<number> {
  return app.db.transaction((manager, statements) =>
    app.projections.rebuild(manager, statements, (afterPosition, fields) => app.store.readAll({ afterPosition, limit: REBUILD_BATCH, fields })),
  );
}

/**
 * Events a rebuild reads at a time. Small enough that a batch's parsed events die young (with 1,000 the collector
 * spent three times as long promoting them), large enough that a project's rows settle within a batch or two.
 */
const REBUILD_BATCH = 250;
