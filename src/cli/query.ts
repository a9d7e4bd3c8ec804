/**
 * `sso-gateway query`: one GraphQL document POSTed to a running gateway, for scripts that would
 * otherwise hand-build the request with curl. Loads nothing of the gateway itself.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type Command, type ExitCode, parseOrUsage, UsageError } from './command.ts';
import { checkUrl, DEFAULT_URL, GATEWAY_OPTIONS, parseJsonObject, postGraphQL, requestHeaders } from './gateway-request.ts';

export const queryCommand: Command = {
  summary: 'send a GraphQL document to a running gateway',
  usage: `Usage: sso-gateway query FILE [--url URL] [--variables JSON|@FILE] [--header 'Name: value' ...]

POSTs the GraphQL document in FILE and prints the JSON response. Exits 1 when the HTTP status is
not 2xx or the response has errors.

  --url URL          the gateway's GraphQL endpoint (default ${DEFAULT_URL})
  --variables JSON   variables as a JSON object, or @FILE to read them from a file
  --header H         an extra request header, e.g. 'Authorization: Bearer …' (repeatable)`,
  run: query,
};

async function query(args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseOrUsage(() =>
    parseArgs({ args, options: { ...GATEWAY_OPTIONS, variables: { type: 'string' } }, allowPositionals: true, strict: true }),
  );
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError('query takes exactly one FILE');
  checkUrl(values.url);
  const headers = requestHeaders(values.header ?? []);
  const variables = await readVariables(values.variables);
  const document = await readFile(file, 'utf8');

  const response = await postGraphQL(values.url, headers, document, variables);
  const text = await response.text();
  const body = parseJsonObject(text);
  if (body === undefined) {
    console.error(`HTTP ${response.status}: the response is not a JSON object`);
    return 1;
  }
  console.log(JSON.stringify(body, null, 2));
  if (!response.ok) {
    console.error(`HTTP ${response.status}`);
    return 1;
  }
  if (Array.isArray(body.errors) && body.errors.length > 0) {
    console.error(`the response has ${body.errors.length} error(s)`);
    return 1;
  }
  return 0;
}

/** `--variables` as JSON text, or `@file` holding it; it must be an object. */
async function readVariables(option: string | undefined): Promise<Record<string, unknown> | undefined> {
  if (option === undefined) return undefined;
  const text = option.startsWith('@') ? await readFile(option.slice(1), 'utf8') : option;
  const variables = parseJsonObject(text);
  if (variables === undefined) throw new UsageError('--variables must be a JSON object (or @FILE holding one)');
  return variables;
}
