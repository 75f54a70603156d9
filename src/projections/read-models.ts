import { actionProjection } from './action-projection';
import { agentProjection } from './agent-projection';
import { artifactProjection } from './artifact-projection';
import { artifactVersionProjection } from './artifact-version-projection';
import { coverageProjection } from './coverage-projection';
import { endpointModeProjection } from './endpoint-mode-projection';
import { mutationRunProjection } from './mutation-run-projection';
import { testRunProjection } from './test-run-projection';
import { messageProjection } from './message-projection';
import { projectProjection } from './project-projection';
import type { Projection, ReadModelRow } from './projection';

/** Every read model, in the order they are applied. */
export const PROJECTIONS: readonly Projection<ReadModelRow>[] = [
  projectProjection,
  messageProjection,
  actionProjection,
  agentProjection,
  artifactProjection,
  artifactVersionProjection,
  testRunProjection,
  mutationRunProjection,
  coverageProjection,
  endpointModeProjection,
] as unknown as Projection<ReadModelRow>[];
