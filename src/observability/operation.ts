/**
 * What the operation log, the operation span and the metrics say about an operation: its name
 * and type, and a hash of its document. Never its text or its variables, which can carry
 * secrets pasted inline (URL query strings, XML, a client secret inside a JSON config).
 */
import { createHash } from 'node:crypto';
import { type DocumentNode, getOperationAST } from 'graphql';
import type { GraphQLParams } from 'graphql-yoga';

export interface OperationFacts {
  name: string | null;
  type: 'query' | 'mutation' | 'subscription' | null;
}

/** Longest operation name written anywhere: a GraphQL name has no length limit of its own. */
export const MAX_NAME_LENGTH = 100;

/**
 * The log, the span and the metrics each ask for every operation; the answer depends only on the
 * document (which Yoga's cache hands out as the same object for the same text) and the name.
 */
const factsByDocument = new WeakMap<DocumentNode, { operationName: string | null | undefined; facts: OperationFacts }>();

export function operationOf(document: DocumentNode, operationName: string | null | undefined): OperationFacts {
  const known = factsByDocument.get(document);
  if (known !== undefined && known.operationName === operationName) return known.facts;
  const facts = readOperation(document, operationName);
  factsByDocument.set(document, { operationName, facts });
  return facts;
}

function readOperation(document: DocumentNode, operationName: string | null | undefined): OperationFacts {
  const operation = getOperationAST(document, operationName);
  const name = operation?.name?.value ?? null;
  return { name: name && name.length > MAX_NAME_LENGTH ? `${name.slice(0, MAX_NAME_LENGTH)}…` : name, type: operation?.operation ?? null };
}

/** Errors in an execution result; streams (not offered by this schema) count none. */
export function errorCountOf(result: object): number {
  return 'errors' in result && Array.isArray(result.errors) ? result.errors.length : 0;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Hex digits of the SHA-256 kept: enough to tell documents apart in logs, short enough to read. */
const HASH_LENGTH = 16;

/**
 * The first hex digits of the SHA-256 of the document text. A trusted document sent by hash gives
 * the hash it was sent with, which is the same digest of the same text. `null` without either.
 */
export function documentHashOf(params: GraphQLParams | undefined): string | null {
  if (typeof params?.query === 'string') return createHash('sha256').update(params.query).digest('hex').slice(0, HASH_LENGTH);
  const persisted: unknown = params?.extensions?.persistedQuery?.sha256Hash;
  return typeof persisted === 'string' && SHA256_HEX.test(persisted) ? persisted.slice(0, HASH_LENGTH) : null;
}

const hashByDocument = new WeakMap<DocumentNode, string>();

/**
 * `documentHashOf` for an operation that parsed: one document object comes from one text (the
 * parse cache's key, whether the text was sent or looked up by its hash), so its hash is kept
 * with it instead of digesting the text again on every operation.
 */
export function executedDocumentHash(document: DocumentNode, params: GraphQLParams | undefined): string | null {
  const known = hashByDocument.get(document);
  if (known !== undefined) return known;
  const hash = documentHashOf(params);
  if (hash !== null) hashByDocument.set(document, hash);
  return hash;
}
