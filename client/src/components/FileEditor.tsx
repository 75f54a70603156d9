import { useId, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { parseApiError } from '../errors';
import { EDIT_FILE_MUTATION } from '../queries';
import { ErrorNotice } from './ErrorNotice';

interface FileEditorProps {
  projectId: string;
  path: string;
  /** The latest version's content: where the edit starts. */
  content: string;
  onDone(): void;
}

/**
 * A file written by hand. Saved, it is the person's: an agent's later change to it comes back to them as a diff to
 * take or leave, never written over it.
 */
export function FileEditor({ projectId, path, content, onDone }: FileEditorProps) {
  const [text, setText] = useState(content);
  const [errors, setErrors] = useState<string[]>([]);
  const [{ fetching }, save] = useMutation(EDIT_FILE_MUTATION);
  const id = useId();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors([]);
    const result = await save({ input: { projectId, path, content: text } });
    if (result.error) {
      const info = parseApiError(result.error);
      setErrors([...info.general, ...Object.values(info.fields)]);
      return;
    }
    onDone();
  };

  return (
    <form className="file-editor" onSubmit={onSubmit} aria-label={`Edit ${path} by hand`}>
      <p className="field-hint">
        Saved, the file is yours: an agent that would change it later shows you its change as a diff, to take or leave.
      </p>
      <label htmlFor={`${id}-content`} className="visually-hidden">
        Content of {path}
      </label>
      <textarea id={`${id}-content`} className="file-editor-text" value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} rows={18} autoFocus />
      <ErrorNotice messages={errors} title="The file was not saved" />
      <div className="form-buttons">
        <button type="submit" className="button button-primary" disabled={fetching || text === content}>
          {fetching ? 'Saving…' : 'Save my version'}
        </button>
        <button type="button" className="button" onClick={onDone} disabled={fetching}>
          Cancel
        </button>
      </div>
    </form>
  );
}
