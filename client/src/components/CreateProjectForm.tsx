import { useId, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { parseApiError } from '../errors';
import { navigate, projectHref } from '../hooks/useHashRoute';
import { CREATE_PROJECT_MUTATION, LLM_QUERY } from '../queries';
import type { LlmInfo, Project } from '../types';
import { ErrorNotice } from './ErrorNotice';

type Field = 'name' | 'requirements' | 'model';

/** Name + requirements. Invalid input (from the API or caught here first) is shown next to its field. */
export function CreateProjectForm() {
  const [name, setName] = useState('');
  const [requirements, setRequirements] = useState('');
  const [model, setModel] = useState('');
  const [{ data: server }] = useQuery<{ llm: LlmInfo }>({ query: LLM_QUERY });
  const llm = server?.llm;
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [generalErrors, setGeneralErrors] = useState<string[]>([]);
  const [{ fetching }, createProject] = useMutation<{ createProject: Project }>(CREATE_PROJECT_MUTATION);
  const nameRef = useRef<HTMLInputElement>(null);
  const requirementsRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  const focusFirstInvalid = (errors: Partial<Record<Field, string>>) => {
    if (errors.name) nameRef.current?.focus();
    else if (errors.requirements) requirementsRef.current?.focus();
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const local: Partial<Record<Field, string>> = {};
    if (!name.trim()) local.name = 'Give the project a name.';
    if (!requirements.trim()) local.requirements = 'Describe what the team should build.';
    setGeneralErrors([]);
    setFieldErrors(local);
    if (Object.keys(local).length) {
      focusFirstInvalid(local);
      return;
    }
    const result = await createProject({ input: { name: name.trim(), requirements: requirements.trim(), ...(model.trim() ? { model: model.trim() } : {}) } });
    if (result.error) {
      const info = parseApiError(result.error);
      const fields: Partial<Record<Field, string>> = {};
      const general = [...info.general];
      for (const [field, message] of Object.entries(info.fields)) {
        if (field === 'name' || field === 'requirements' || field === 'model') fields[field] = message;
        else general.push(message);
      }
      setFieldErrors(fields);
      setGeneralErrors(general);
      focusFirstInvalid(fields);
      return;
    }
    const project = result.data?.createProject;
    if (project) navigate(projectHref(project.id));
  };

  const describedBy = (field: Field, hint?: string) =>
    [hint, fieldErrors[field] ? `${id}-${field}-error` : null].filter(Boolean).join(' ') || undefined;

  return (
    <form className="create-form" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>New project</h2>
      <div className={`field${fieldErrors.name ? ' field-invalid' : ''}`}>
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          ref={nameRef}
          id={`${id}-name`}
          name="name"
          type="text"
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={fieldErrors.name ? true : undefined}
          aria-describedby={describedBy('name')}
          placeholder="e.g. Recipe box"
        />
        {fieldErrors.name && (
          <p className="field-error" id={`${id}-name-error`}>
            {fieldErrors.name}
          </p>
        )}
      </div>
      <div className={`field${fieldErrors.requirements ? ' field-invalid' : ''}`}>
        <label htmlFor={`${id}-requirements`}>Requirements</label>
        <p className="field-hint" id={`${id}-requirements-hint`}>
          What should the software do, and for whom? The analyst turns this into user stories.
        </p>
        <textarea
          ref={requirementsRef}
          id={`${id}-requirements`}
          name="requirements"
          rows={7}
          value={requirements}
          onChange={(e) => setRequirements(e.target.value)}
          aria-invalid={fieldErrors.requirements ? true : undefined}
          aria-describedby={describedBy('requirements', `${id}-requirements-hint`)}
          placeholder="A web app where a family can save recipes, tag them and plan the week's meals…"
        />
        {fieldErrors.requirements && (
          <p className="field-error" id={`${id}-requirements-error`}>
            {fieldErrors.requirements}
          </p>
        )}
      </div>
      {llm?.offline && (
        <p className="field-hint create-llm">
          Answered by the offline rule engine: this server has no model configured (set LLM_API_KEY or LLM_BASE_URL to use one).
        </p>
      )}
      {llm && !llm.offline && (
        <div className={`field${fieldErrors.model ? ' field-invalid' : ''}`}>
          <label htmlFor={`${id}-model`}>Model (optional)</label>
          <input
            id={`${id}-model`}
            name="model"
            type="text"
            autoComplete="off"
            value={model}
            onChange={(e) => setModel(e.target.value)}
            aria-invalid={fieldErrors.model ? true : undefined}
            aria-describedby={describedBy('model')}
            placeholder={`${llm.model} (the server's default, via ${llm.provider})`}
          />
          {fieldErrors.model && (
            <p className="field-error" id={`${id}-model-error`}>
              {fieldErrors.model}
            </p>
          )}
        </div>
      )}
      <ErrorNotice messages={generalErrors} title="The project was not created" />
      <button type="submit" className="button button-primary" disabled={fetching}>
        {fetching ? 'Creating…' : 'Create project'}
      </button>
    </form>
  );
}
