/**
 * What a log line may say about an error: the code the caller got, where in the result it
 * happened, and for an unexpected error its class and the frames it was thrown from. Never its
 * message: a GraphQL error's text quotes the operation around its location, and messages of
 * other errors can quote input (a JSON parse error quotes the text it choked on).
 */
import { GraphQLError } from 'graphql';

/** Yoga's `maskedErrors.maskError`: how the code a caller sees is decided. */
export type MaskError = (error: unknown, message: string, isDev?: boolean) => Error;

export interface ErrorFacts {
  code: string;
  /** The result path, e.g. `ssoConnections.nodes.0.certificates`. */
  path?: string;
  /** An unexpected error's class, e.g. `TypeError`. */
  error?: string;
  /** Where an unexpected error was thrown: its first stack frames. */
  at?: string[];
}

/** Errors described per line: past that, `errorCount` says how many there were. */
const MAX_ERRORS = 10;
const MAX_PATH_LENGTH = 200;
const FRAMES = 3;
/** An error Yoga's masking turns into "Unexpected error.". */
const UNEXPECTED = 'INTERNAL_SERVER_ERROR';

/** The errors of an execution result; streams (not offered by this schema) have none. */
export function errorsOf(result: unknown): readonly GraphQLError[] {
  const errors = typeof result === 'object' && result !== null && 'errors' in result ? result.errors : undefined;
  return Array.isArray(errors) ? errors.filter((error) => error instanceof GraphQLError) : [];
}

export function errorFactsOf(errors: readonly GraphQLError[], mask: MaskError): ErrorFacts[] {
  return errors.slice(0, MAX_ERRORS).map((error) => {
    const masked = mask(error, 'Unexpected error.', false);
    const code = masked instanceof GraphQLError && typeof masked.extensions.code === 'string' ? masked.extensions.code : 'GRAPHQL_ERROR';
    return {
      code,
      ...(error.path ? { path: error.path.join('.').slice(0, MAX_PATH_LENGTH) } : {}),
      ...(code === UNEXPECTED ? thrownAt(error.originalError ?? error) : {}),
    };
  });
}

/** An error's class and the frames it was thrown from, without its message. */
export function thrownAt(error: unknown): Pick<ErrorFacts, 'error' | 'at'> {
  if (!(error instanceof Error)) return { error: typeof error };
  // The stack begins with the message, which may span lines: only what follows it is frames.
  const header = error.message ? `${error.name}: ${error.message}` : error.name;
  const stack = error.stack?.startsWith(header) ? error.stack.slice(header.length) : '';
  const frames = stack
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at '))
    .slice(0, FRAMES);
  return { error: error.name, ...(frames.length > 0 ? { at: frames } : {}) };
}
