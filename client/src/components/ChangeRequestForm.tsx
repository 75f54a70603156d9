import { useId, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { parseApiError } from '../errors';
import { REQUEST_CHANGE_MUTATION } from '../queries';
import type { Project } from '../types';
import { ErrorNotice } from './ErrorNotice';
import { Panel } from './Panel';

/**
 * "Ask for a change" under a project that ended: the next round starts from it, every agent amends its work, and
 * the round ends only when the old tests pass with the new ones.
 */
export function ChangeRequestForm({ project, onRequested }: { project: Project; onRequested(): void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [general, setGeneral] = useState<string[]>([]);
  const [{ fetching }, request] = useMutation<{ requestChange: Project }>(REQUEST_CHANGE_MUTATION);
  const id = useId();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setGeneral([]);
    if (!text.trim()) {
      setError('Say what should change.');
      return;
    }
    setError(null);
    const result = await request({ input: { projectId: project.id, text: text.trim() } });
    if (result.error) {
      const info = parseApiError(result.error);
      const fieldError = Object.entries(info.fields).find(([field]) => /(^|\.)text$/.test(field))?.[1];
      setError(fieldError ?? null);
      setGeneral([...info.general, ...Object.entries(info.fields).filter(([field]) => !/(^|\.)text$/.test(field)).map(([, m]) => m)]);
      return;
    }
    setText('');
    onRequested();
  };

  return (
    <Panel id="change" title="Ask for a change">
      <form className="change-form" onSubmit={onSubmit} noValidate aria-label="Ask for a change">
        <p className="field-hint">
          Round {project.round + 1} starts from what is there: the analyst adds and amends stories (old ones keep their ids), the
          developer edits the files, the tester adds tests, and the round ends when the old tests pass with the new ones.
        </p>
        <div className={`field${error ? ' field-invalid' : ''}`}>
          <label htmlFor={`${id}-text`}>What should change</label>
          <textarea
            id={`${id}-text`}
            rows={3}
            value={text}
            placeholder="Members can also search books by author."
            onChange={(e) => setText(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-text-error` : undefined}
          />
          {error && (
            <p className="field-error" id={`${id}-text-error`}>
              {error}
            </p>
          )}
        </div>
        <ErrorNotice messages={general} title="The change was not started" />
        <div className="form-buttons">
          <button type="submit" className="button button-primary" disabled={fetching}>
            {fetching ? 'Starting…' : `Start round ${project.round + 1}`}
          </button>
        </div>
      </form>
    </Panel>
  );
}
