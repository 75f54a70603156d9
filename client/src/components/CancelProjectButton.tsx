import { useRef, useState } from 'react';
import { useMutation } from 'urql';
import { parseApiError } from '../errors';
import { CANCEL_PROJECT_MUTATION } from '../queries';
import type { Project } from '../types';
import { ErrorNotice } from './ErrorNotice';

/** "Cancel project", confirmed in place (no modal): the agents stop and pending actions are withdrawn. */
export function CancelProjectButton({ project, onCancelled }: { project: Project; onCancelled(): void }) {
  const [confirming, setConfirming] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [{ fetching }, cancel] = useMutation<{ cancelProject: Project }>(CANCEL_PROJECT_MUTATION);
  const openButton = useRef<HTMLButtonElement>(null);

  const close = () => {
    setConfirming(false);
    // Put focus back where it was, so keyboard users are not dropped at the top of the page.
    requestAnimationFrame(() => openButton.current?.focus());
  };

  const confirm = async () => {
    setErrors([]);
    const result = await cancel({ id: project.id });
    if (result.error) {
      setErrors(parseApiError(result.error).general.concat(Object.values(parseApiError(result.error).fields)));
      return;
    }
    setConfirming(false);
    onCancelled();
  };

  if (!confirming) {
    return (
      <button ref={openButton} type="button" className="button button-danger-outline" onClick={() => setConfirming(true)}>
        Cancel project
      </button>
    );
  }
  return (
    <div className="confirm-cancel" role="group" aria-label="Confirm cancelling the project">
      <span>Stop the agents? This cannot be undone.</span>
      <button type="button" className="button button-danger" onClick={confirm} disabled={fetching} autoFocus>
        {fetching ? 'Cancelling…' : 'Yes, cancel it'}
      </button>
      <button type="button" className="button" onClick={close} disabled={fetching}>
        Keep working
      </button>
      <ErrorNotice messages={errors} title="The project was not cancelled" />
    </div>
  );
}
