/**
 * `sso-gateway query`: one GraphQL document POSTed to a running gateway, for scripts that would
 * otherwise hand-build the request with curl. Loads nothing of the gateway itself.
 */
import { readFile } from 'node:fs/promises';
import { defineCommand, type ExitCode, type ParsedArgs, UsageError } from './command.ts';
import { checkUrl, GATEWAY_HELP, GATEWAY_OPTIONS, parseJsonObject, postGraphQL, requestHeaders } from './gateway-request.ts';
import { formatResultTables, printable } from './result-tables.ts';

const OPTIONS = {
  ...GATEWAY_OPTIONS,
  variables: { type: 'string', short: 'v' },
  'operation-name': { type: 'string' },
  output: { type: 'string', short: 'o', default: 'json' },
} as const;

const OUTPUTS = ['json', 'table'] as const;

/** The gateway refuses bodies over 100 KiB anyway; this keeps a runaway pipe from filling memory first. */
const MAX_DOCUMENT_BYTES = 1024 * 1024;

export const queryCommand = defineCommand({
  name: 'query',
  summary: 'send a GraphQL document to a running gateway',
  operands: 'DOCUMENT',
  description: `POSTs a GraphQL document and prints the response. DOCUMENT is the document itself (any
argument holding a '{'), - to read it from standard input, or else a file's path. Exits 1 when
the HTTP status is not 2xx or the response has errors, still printing what came back.`,
  options: OPTIONS,
  help: {
    ...GATEWAY_HELP,
    variables: { value: 'JSON', text: 'variables as a JSON object, or @FILE to read them from a file' },
    'operation-name': { value: 'NAME', text: 'the operation to run when the document holds several' },
    output: { value: 'FORMAT', text: 'json (default: the whole response) or table (a table per list of nodes)', choices: OUTPUTS },
  },
  run: query,
});

async function query({ values, positionals }: ParsedArgs<typeof OPTIONS>): Promise<ExitCode> {
  const [source, ...extra] = positionals;
  if (source === undefined || extra.length > 0) throw new UsageError('query takes exactly one DOCUMENT');
  const output = values.output;
  if (!isOutput(output)) throw new UsageError(`--output must be json or table, got: ${output}`);
  checkUrl(values.url);
  const headers = requestHeaders(values.header ?? []);
  const variables = await readVariables(values.variables);
  const document = await readDocument(source);

  const response = await postGraphQL(values.url, headers, document, variables, values['operation-name']);
  const body = parseJsonObject(await response.text());
  if (body === undefined) {
    console.error(`HTTP ${response.status}: the response is not a JSON object`);
    return 1;
  }
  console.log(output === 'table' ? formatResultTables(body.data) : JSON.stringify(body, null, 2));
  const errors = Array.isArray(body.errors) ? body.errors : [];
  if (output === 'table') for (const error of errors) console.error(`error: ${describeGraphQLError(error)}`);
  if (!response.ok) {
    console.error(`HTTP ${response.status}`);
    return 1;
  }
  if (errors.length > 0) {
    console.error(`the response has ${errors.length} error(s)`);
    return 1;
  }
  return 0;
}

function isOutput(value: string): value is (typeof OUTPUTS)[number] {
  return (OUTPUTS as readonly string[]).includes(value);
}

/** Inline when it holds a '{' (every executable document has a selection set; paths seldom do). */
async function readDocument(source: string): Promise<string> {
  const text = source === '-' ? await readStdin() : source.includes('{') ? source : await readFile(source, 'utf8');
  if (text.trim() === '') throw new UsageError(source === '-' ? 'standard input held no document' : 'the document is empty');
  return text;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_DOCUMENT_BYTES) throw new UsageError(`standard input holds more than ${MAX_DOCUMENT_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `--variables` as JSON text, or `@file` holding it; it must be an object. */
async function readVariables(option: string | undefined): Promise<Record<string, unknown> | undefined> {
  if (option === undefined) return undefined;
  const text = option.startsWith('@') ? await readFile(option.slice(1), 'utf8') : option;
  const variables = parseJsonObject(text);
  if (variables === undefined) throw new UsageError('--variables must be a JSON object (or @FILE holding one)');
  return variables;
}

function describeGraphQLError(error: unknown): string {
  const { message, path, extensions } = (typeof error === 'object' && error !== null ? error : {}) as {
    message?: unknown;
    path?: unknown;
    extensions?: { code?: unknown };
  };
  const where = Array.isArray(path) ? ` at ${path.join('.')}` : '';
  const code = typeof extensions?.code === 'string' ? ` [${extensions.code}]` : '';
  return printable(`${String(message)}${where}${code}`);
}
