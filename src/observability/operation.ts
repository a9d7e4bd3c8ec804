/** What the operation log and the operation span both say about an operation. */
import { type DocumentNode, getOperationAST } from 'graphql';

export interface OperationFacts {
  name: string | null;
  type: 'query' | 'mutation' | 'subscription' | null;
}

export function operationOf(document: DocumentNode, operationName: string | null | undefined): OperationFacts {
  const operation = getOperationAST(document, operationName);
  return { name: operation?.name?.value ?? null, type: operation?.operation ?? null };
}

/** Errors in an execution result; streams (not offered by this schema) count none. */
export function errorCountOf(result: object): number {
  return 'errors' in result && Array.isArray(result.errors) ? result.errors.length : 0;
}
