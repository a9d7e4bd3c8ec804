/**
 * The console's only way to the gateway: a POST to this origin's /graphql with a typed document
 * from generated.ts (`npm run codegen`, from console/operations/), so every answer has its
 * operation's own type.
 *
 * Credentials: in live mode the gateway wants `Authorization: Bearer <token>` (a JWT or an API
 * key). The token is pasted into the page and kept in sessionStorage: it lives as long as the tab,
 * is sent only to this origin, and is never part of the page the gateway serves.
 */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';

const TOKEN_KEY = 'sso-console-token';
/** Fired on `window` when the gateway wants credentials, so the token form can open itself. */
export const UNAUTHENTICATED = 'sso-console:unauthenticated';

export function readToken(): string {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveToken(token: string): void {
  if (token === '') sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
}

export class RequestError extends Error {
  override name = 'RequestError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Errors beside data: a query can answer in part (one field failed, the rest is there). */
export interface Answer<Result> {
  data: Result;
  errors: string[];
}

export async function request<Result, Variables>(
  document: DocumentTypeDecoration<Result, Variables>,
  variables: Variables,
  signal?: AbortSignal,
): Promise<Answer<Result>> {
  const token = readToken();
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query: String(document), variables }),
    ...(signal ? { signal } : {}),
  });
  let body: { data?: Result | null; errors?: { message: string }[] };
  try {
    body = await response.json();
  } catch {
    throw new RequestError(`The gateway answered HTTP ${response.status} without a GraphQL body.`, response.status);
  }
  const errors = (body.errors ?? []).map((error) => error.message);
  if (response.status === 401) {
    dispatchEvent(new Event(UNAUTHENTICATED));
    throw new RequestError(`${errors[0] ?? 'Authentication required.'} Paste a token under Credentials.`, 401);
  }
  if (!body.data) throw new RequestError(errors.join(' ') || `HTTP ${response.status}`, response.status);
  return { data: body.data, errors };
}
