import type { Logger } from 'pino';
import type { CommandHandler } from '../app/command-handler';
import type { EventBus } from '../events/event-bus';
import type { EventStore } from '../events/event-store';
import type { ReadModelQueries } from '../projections/read-model-queries';
import type { ArtifactLimits } from '../domain/artifact-rules';
import type { ProofSettings } from '../domain/project';
import type { StoredEvent } from '../events/envelope';
import type { ReplayResult } from '../history/replay';

/** What every resolver may use: one command handler, the read-model queries, and the log for history. */
export interface Services {
  store: EventStore;
  bus: EventBus;
  commands: CommandHandler;
  queries: ReadModelQueries;
  logger: Logger;
  version: string;
  /** The proof step new projects get unless they ask otherwise; null when the server is set to skip it. */
  proofDefaults: ProofSettings | null;
  /** Today's workflow and agents over a recording, compared with it (`replayProject` with this server's limits). */
  replay(recorded: readonly StoredEvent[]): Promise<ReplayResult>;
  /** Who answers the agents on this server: a model provider and its default model, or the offline rule engine. */
  llm: { provider: string; model: string; offline: boolean };
  /** The spend budget a new project gets unless it names one (BOTARMY_BUDGET_USD); null: none. */
  defaultBudgetUsd: number | null;
  /** What an output may write: the limits an agent's files meet, which a person's edit meets too. */
  artifactLimits: ArtifactLimits;
}

export interface GraphQLContext {
  services: Services;
  actor: string;
  /** Who is calling, for per-client limits: the remote address of the HTTP request or the WebSocket. */
  client: string;
}
