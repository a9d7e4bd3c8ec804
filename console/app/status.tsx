/** Loading and error states, the same in every view: a polite status line, or an alert with a retry. */
import type { ComponentChildren } from 'preact';
import type { QueryState } from './use-query.ts';

export function QueryStatus<Result>({ state, retry, what }: { state: QueryState<Result>; retry: () => void; what: string }) {
  if (state.status === 'loading') {
    return (
      <p class="status" role="status">
        Loading {what}…
      </p>
    );
  }
  if (state.status === 'failed') {
    return (
      <div class="alert" role="alert">
        <p>
          Could not load {what}: {state.message}
        </p>
        <button type="button" onClick={retry}>
          Try again
        </button>
      </div>
    );
  }
  return state.errors.length > 0 ? <Alert>{`Part of the answer failed: ${state.errors.join(' ')}`}</Alert> : null;
}

export function Alert({ children }: { children: ComponentChildren }) {
  return (
    <div class="alert" role="alert">
      {children}
    </div>
  );
}
