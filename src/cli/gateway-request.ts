/**
 * What `query` and `health` share to talk to a running gateway: the `--url` and `--header`
 * options, the request they POST, and reading its answer as a JSON object.
 */
import { UsageError } from './command.ts';

export const DEFAULT_URL = 'http://127.0.0.1:4000/graphql';

/** The `parseArgs` options of both commands that reach a gateway. */
export const GATEWAY_OPTIONS = {
  url: { type: 'string', default: DEFAULT_URL },
  header: { type: 'string', short: 'H', multiple: true },
} as const;

export const GATEWAY_HELP = {
  url: { value: 'URL', text: `the gateway's GraphQL endpoint (default ${DEFAULT_URL})` },
  header: { value: 'HEADER', text: "an extra request header, e.g. 'Authorization: Bearer …' (repeatable)" },
};

export function checkUrl(url: string): void {
  if (!URL.canParse(url)) throw new UsageError(`--url is not a URL: ${url}`);
}

/** JSON in, with `--header` values added last so they can replace the defaults (e.g. `Accept`). */
export function requestHeaders(lines: string[]): Headers {
  const headers = new Headers({ 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' });
  const extra = lines.map((line) => {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim();
    if (colon < 1 || name === '') throw new UsageError(`--header must look like 'Name: value', got: ${line}`);
    return [name, line.slice(colon + 1).trim()] as const;
  });
  for (const [name] of extra) headers.delete(name);
  try {
    for (const [name, value] of extra) headers.append(name, value);
  } catch (error) {
    throw new UsageError(`--header: ${(error as Error).message}`);
  }
  return headers;
}

/** One GraphQL request; undefined `variables` and `operationName` are left out of the body. */
export function postGraphQL(
  url: string,
  headers: Headers,
  query: string,
  variables: Record<string, unknown> | undefined,
  operationName?: string,
): Promise<Response> {
  return fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables, operationName }) });
}

export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
