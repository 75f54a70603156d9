import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { parseApiError } from '../errors';
import { agentLabel } from '../format';
import { EDIT_OUTPUT_MUTATION, PROJECT_SPEC_QUERY } from '../queries';
import type { AgentName, Json, Project } from '../types';
import { ErrorNotice } from './ErrorNotice';

interface OutputEditorProps {
  id: string;
  projectId: string;
  agent: AgentName;
  onDone(): void;
}

/**
 * A person's edit of an agent's accepted output, as the JSON the agent answered (stories, design, files, tests). The
 * server checks it against the agent's output schema; the agents after it work again from the edit.
 */
export function OutputEditor({ id, projectId, agent, onDone }: OutputEditorProps) {
  const [{ data, error, fetching: loading }] = useQuery<{ project: { spec: Record<string, Json> | null } | null }>({
    query: PROJECT_SPEC_QUERY,
    variables: { id: projectId },
    requestPolicy: 'network-only',
  });
  const accepted = data?.project?.spec?.[agent.toLowerCase()];
  const [text, setText] = useState<string | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [{ fetching }, edit] = useMutation<{ editOutput: Project }>(EDIT_OUTPUT_MUTATION);
  const name = agentLabel(agent).toLowerCase();
  const shown = text ?? (accepted === undefined ? '' : JSON.stringify(accepted, null, 2));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    let output: unknown;
    try {
      output = JSON.parse(shown);
    } catch (cause) {
      setErrors([`The output is not valid JSON: ${(cause as Error).message}`]);
      return;
    }
    setErrors([]);
    const result = await edit({ projectId, agent, output });
    if (result.error) {
      const info = parseApiError(result.error);
      setErrors([...Object.values(info.fields), ...info.general]);
      return;
    }
    onDone();
  };

  if (loading) return <p className="muted loading">Loading the {name}’s output…</p>;
  return (
    <form id={id} className="output-editor" onSubmit={onSubmit} noValidate>
      <ErrorNotice error={error} title="The output could not be loaded" />
      <div className="field">
        <label htmlFor={`${id}-output`}>The {name}’s accepted output (JSON)</label>
        <textarea id={`${id}-output`} className="code-input" rows={16} spellCheck={false} value={shown} onChange={(e) => setText(e.target.value)} />
        <p className="field-hint">Saved as your edit, shown as such in the history. Every agent after the {name} works again from it.</p>
      </div>
      <ErrorNotice messages={errors} title="The edit was not saved" />
      <button type="submit" className="button button-small" disabled={fetching || accepted === undefined}>
        {fetching ? 'Saving…' : 'Save the edit'}
      </button>
    </form>
  );
}
