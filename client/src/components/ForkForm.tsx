import { useId, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { parseApiError } from '../errors';
import { navigate, projectHref } from '../hooks/useHashRoute';
import { FORK_PROJECT_MUTATION } from '../queries';
import { agentLabel } from '../format';
import type { AgentName, Project } from '../types';
import { ErrorNotice } from './ErrorNotice';

interface ForkFormProps {
  projectId: string;
  atVersion: number;
  /** The project as it was at that version: its requirements are the form's starting point. */
  original: Pick<Project, 'name' | 'requirements'>;
  /** The project's agents in order: the ones a prompt or a pause can be set for. */
  pipeline: readonly AgentName[];
  onCancel(): void;
}

/** "Fork from here": a new project from the history up to `atVersion`, optionally with other requirements. */
export function ForkForm({ projectId, atVersion, original, pipeline, onCancel }: ForkFormProps) {
  const [name, setName] = useState(`${original.name} (fork at v${atVersion})`);
  const [requirements, setRequirements] = useState(original.requirements);
  const [promptAgent, setPromptAgent] = useState<AgentName | ''>('');
  const [prompt, setPrompt] = useState('');
  const [breakpoints, setBreakpoints] = useState<AgentName[]>([]);
  const [errors, setErrors] = useState<{ name?: string; requirements?: string; general: string[] }>({ general: [] });
  const [{ fetching }, fork] = useMutation<{ forkProject: Project }>(FORK_PROJECT_MUTATION);
  const id = useId();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const overrides: { name?: string; requirements?: string; systemPrompts?: { agent: AgentName; prompt: string }[]; breakpoints?: AgentName[] } = {};
    if (breakpoints.length) overrides.breakpoints = breakpoints;
    if (name.trim() && name.trim() !== original.name) overrides.name = name.trim();
    if (requirements.trim() && requirements.trim() !== original.requirements.trim()) overrides.requirements = requirements.trim();
    if (promptAgent && prompt.trim()) overrides.systemPrompts = [{ agent: promptAgent, prompt: prompt.trim() }];
    setErrors({ general: [] });
    const result = await fork({ projectId, atVersion, overrides });
    if (result.error) {
      const info = parseApiError(result.error);
      const next: { name?: string; requirements?: string; general: string[] } = { general: [...info.general] };
      for (const [field, message] of Object.entries(info.fields)) {
        if (/(^|\.)name$/.test(field)) next.name = message;
        else if (/(^|\.)requirements$/.test(field)) next.requirements = message;
        else next.general.push(message);
      }
      setErrors(next);
      return;
    }
    const forked = result.data?.forkProject;
    if (forked) navigate(projectHref(forked.id));
  };

  return (
    <form className="fork-form" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Fork from version {atVersion}</h3>
      <p className="field-hint">
        A new project starts with this one’s history up to here and runs on from it. Change the requirements, or one agent’s
        system prompt, to see what the team would do differently: the first agent whose input changed works again, and every
        agent after it.
      </p>
      <div className={`field${errors.name ? ' field-invalid' : ''}`}>
        <label htmlFor={`${id}-name`}>Name of the fork</label>
        <input
          id={`${id}-name`}
          type="text"
          autoFocus
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? `${id}-name-error` : undefined}
        />
        {errors.name && (
          <p className="field-error" id={`${id}-name-error`}>
            {errors.name}
          </p>
        )}
      </div>
      <div className={`field${errors.requirements ? ' field-invalid' : ''}`}>
        <label htmlFor={`${id}-requirements`}>Requirements</label>
        <textarea
          id={`${id}-requirements`}
          rows={4}
          value={requirements}
          onChange={(e) => setRequirements(e.target.value)}
          aria-invalid={errors.requirements ? true : undefined}
          aria-describedby={errors.requirements ? `${id}-requirements-error` : undefined}
        />
        {errors.requirements && (
          <p className="field-error" id={`${id}-requirements-error`}>
            {errors.requirements}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-prompt-agent`}>Another system prompt for (optional)</label>
        <select id={`${id}-prompt-agent`} value={promptAgent} onChange={(e) => setPromptAgent(e.target.value as AgentName | '')}>
          <option value="">no agent — keep every prompt</option>
          {pipeline.map((a) => (
            <option key={a} value={a}>
              the {agentLabel(a).toLowerCase()}
            </option>
          ))}
        </select>
        {promptAgent && (
          <textarea
            id={`${id}-prompt`}
            aria-label={`System prompt for the ${agentLabel(promptAgent).toLowerCase()}`}
            rows={4}
            value={prompt}
            onChange={(e) => setPrompt(e.target.value)}
            placeholder="You are the … of a small team. …"
          />
        )}
      </div>
      <fieldset className="field fork-breakpoints">
        <legend>Pause the fork before (to edit what it inherited first)</legend>
        {pipeline.map((a) => (
          <label key={a}>
            <input
              type="checkbox"
              checked={breakpoints.includes(a)}
              onChange={(e) => setBreakpoints((list) => (e.target.checked ? [...list, a] : list.filter((x) => x !== a)))}
            />
            the {agentLabel(a).toLowerCase()}
          </label>
        ))}
      </fieldset>
      <ErrorNotice messages={errors.general} title="The fork was not started" />
      <div className="form-buttons">
        <button type="submit" className="button button-primary" disabled={fetching}>
          {fetching ? 'Starting…' : 'Start the fork'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
