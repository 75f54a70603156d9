import type { ForkOverrides, ProjectSettings } from '../events/catalog';

/** A project's settings once a fork's overrides are in effect; what the fork left out is kept. */
export function settingsAfterFork(settings: ProjectSettings, overrides: ForkOverrides): ProjectSettings {
  const { confidenceThreshold, model, systemPrompts, breakpoints } = overrides;
  return {
    ...settings,
    ...(confidenceThreshold !== undefined ? { confidenceThreshold } : {}),
    ...(model !== undefined ? { model } : {}),
    ...(systemPrompts !== undefined ? { systemPrompts: { ...settings.systemPrompts, ...systemPrompts } } : {}),
    ...(breakpoints !== undefined ? { breakpoints } : {}),
  };
}
