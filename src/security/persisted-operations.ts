/**
 * Trusted documents: with GATEWAY_PERSISTED_OPERATIONS_FILE set, only the operations in that
 * file run. Callers send `extensions.persistedQuery.sha256Hash` (Apollo's format, version 1);
 * a request carrying a document is refused. The file is read and checked once at start-up.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ConfigError } from '../config/atoms.ts';

const VARIABLE = 'GATEWAY_PERSISTED_OPERATIONS_FILE';
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Reads `{ "<sha256 hex of the document>": "<document>" }`. Every key must be the hash of its
 * document and every document must parse; problems name the variable and the entry, never a
 * document's text.
 */
export function loadTrustedDocuments(file: string): ReadonlyMap<string, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof SyntaxError ? 'not valid JSON' : 'unreadable');
    throw new ConfigError(`${VARIABLE} must name a readable JSON file (${reason})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`${VARIABLE} must hold a JSON object mapping sha256 hashes to documents`);
  }
  const documents = new Map<string, string>();
  for (const [hash, document] of Object.entries(raw)) {
    const entry = `entry ${documents.size + 1}`;
    if (!SHA256_HEX.test(hash)) throw new ConfigError(`${VARIABLE}: ${entry} has a key that is not a lower-case sha256 hex digest`);
    if (typeof document !== 'string') throw new ConfigError(`${VARIABLE}: ${entry} (${hash}) must be a document string`);
    if (createHash('sha256').update(document).digest('hex') !== hash) {
      throw new ConfigError(`${VARIABLE}: ${entry} (${hash}) is not the sha256 of its document`);
    }
    try {
      parse(document);
    } catch {
      throw new ConfigError(`${VARIABLE}: ${entry} (${hash}) is not a valid GraphQL document`);
    }
    documents.set(hash, document);
  }
  if (documents.size === 0) throw new ConfigError(`${VARIABLE} lists no documents, so nothing could run`);
  return documents;
}

/** Refusals are 400s: PERSISTED_QUERY_ONLY, PERSISTED_QUERY_ID_REQUIRED, PERSISTED_QUERY_NOT_IN_LIST. */
export function useTrustedDocuments(documents: ReadonlyMap<string, string>): Plugin {
  const refusal = (message: string, code: string) => ({ message, extensions: { code, http: { status: 400 } } });
  return usePersistedOperations({
    getPersistedOperation: (hash) => documents.get(hash) ?? null,
    allowArbitraryOperations: false,
    customErrors: {
      persistedQueryOnly: refusal(
        'This gateway runs trusted documents only: send extensions.persistedQuery { version: 1, sha256Hash } of a listed operation instead of a query.',
        'PERSISTED_QUERY_ONLY',
      ),
      keyNotFound: refusal('No operation given: send extensions.persistedQuery { version: 1, sha256Hash }.', 'PERSISTED_QUERY_ID_REQUIRED'),
      notFound: refusal('This operation is not among the trusted documents.', 'PERSISTED_QUERY_NOT_IN_LIST'),
    },
  }) as Plugin;
}
