/** The caller's token for live mode, kept in sessionStorage (see client.ts); the sandbox needs none. */
import { useEffect, useState } from 'preact/hooks';
import { readToken, saveToken, UNAUTHENTICATED } from './client.ts';

export function Credentials({ onChange }: { onChange: () => void }) {
  const [saved, setSaved] = useState(() => readToken() !== '');
  const [draft, setDraft] = useState('');
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const ask = () => setOpen(true);
    addEventListener(UNAUTHENTICATED, ask);
    return () => removeEventListener(UNAUTHENTICATED, ask);
  }, []);
  return (
    <details class="credentials" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Credentials {saved ? '(token set for this tab)' : '(none)'}</summary>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          saveToken(draft.trim());
          setSaved(draft.trim() !== '');
          setDraft('');
          onChange();
        }}
      >
        <label>
          Bearer token (JWT or API key), kept in this tab only
          <input type="password" name="token" autoComplete="off" value={draft} onInput={(event) => setDraft(event.currentTarget.value)} />
        </label>
        <button type="submit">Use token</button>
        <button
          type="button"
          disabled={!saved}
          onClick={() => {
            saveToken('');
            setSaved(false);
            onChange();
          }}
        >
          Forget token
        </button>
      </form>
    </details>
  );
}
