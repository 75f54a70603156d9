import { actionProjection } from './action-projection';
import { agentProjection } from './agent-projection';
import { messageProjection } from './message-projection';
import { projectProjection } from './project-projection';
import type { Projection, ReadModelRow } from './projection';

/** Every read model, in the order they are applied. */
export const PROJECTIONS: readonly Projection<ReadModelRow>[] = [
  projectProjection,
  messageProjection,
  actionProjection,
  agentProjection,
] as unknown as Projection<ReadModelRow>[];
