/** One query's life in a view: loading, failed (with a retry) or answered. */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { type Answer, request } from './client.ts';

export type QueryState<Result> = { status: 'loading' } | { status: 'failed'; message: string } | ({ status: 'done' } & Answer<Result>);

export function useQuery<Result, Variables>(
  document: DocumentTypeDecoration<Result, Variables>,
  variables: Variables,
): [QueryState<Result>, () => void] {
  const [state, setState] = useState<QueryState<Result>>({ status: 'loading' });
  const [round, setRound] = useState(0);
  const key = JSON.stringify(variables);
  // The variables are compared by their JSON (key), not by identity.
  useEffect(() => {
    const abort = new AbortController();
    setState({ status: 'loading' });
    request(document, variables, abort.signal).then(
      (answer) => setState({ status: 'done', ...answer }),
      (error: unknown) => {
        if (!abort.signal.aborted) setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => abort.abort();
  }, [document, key, round]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return [state, reload];
}
