/**
 * Yoga keeps every parsed document, and every parse error, in an LRU of 1,024 entries keyed by
 * the document's text. Any caller chooses that text: 400 distinct 90 KB documents (a comment
 * makes a document long without adding tokens) kept about 40 MB. These replacements hold the
 * same count at most, keyed by digest and bounded in bytes; a document is charged its text,
 * which its AST keeps, and its tokens.
 */
import type { DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ByteLru, type ByteLruUsage, stringBytes } from '../cache/byte-lru.ts';

/** Yoga's own count bound, kept so ordinary traffic caches exactly as before. */
const MAX_DOCUMENTS = 1_024;
const DOCUMENTS_MAX_BYTES = 32 * 1024 * 1024;
const ERRORS_MAX_BYTES = 4 * 1024 * 1024;
/** Measured at 265 to 380 bytes per token (the token, its share of AST nodes and locations). */
const BYTES_PER_TOKEN = 400;

/** The shape Yoga's `parserAndValidationCache` option takes for each cache. */
interface YogaCache<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
}

export interface DocumentCaches {
  documentCache: YogaCache<DocumentNode>;
  errorCache: YogaCache<unknown>;
  /** Yoga's own validation cache is replaced by `validation`. */
  validationCache: false;
  /** Validation results by document; see `useValidationCache`. */
  validation: Plugin;
  usage(): { documents: ByteLruUsage; parseErrors: ByteLruUsage };
}

export function documentCaches(): DocumentCaches {
  const documents = new ByteLru<DocumentNode>({ maxBytes: DOCUMENTS_MAX_BYTES, maxEntries: MAX_DOCUMENTS });
  const errors = new ByteLru<unknown>({ maxBytes: ERRORS_MAX_BYTES, maxEntries: MAX_DOCUMENTS });
  return {
    documentCache: {
      get: (text) => documents.get(text),
      set: (text, document) => documents.set(text, document, documentBytes(text, document)),
    },
    // A parse error keeps the whole source (for its locations): charged the text and its message.
    errorCache: {
      get: (text) => errors.get(text),
      set: (text, error) => errors.set(text, error, stringBytes(text) + stringBytes(error instanceof Error ? error.message : '')),
    },
    validationCache: false,
    validation: useValidationCache(),
    usage: () => ({ documents: documents.usage(), parseErrors: errors.usage() }),
  };
}

/**
 * Every validation rule (graphql-js's, the operation limits, the introspection ban) is chosen once
 * per gateway from its configuration, and the schema is fixed: a document's validation result
 * depends on the document alone, so it is kept with the document (the cache above hands out the
 * same object for the same text) and forgotten with it. Yoga's cache does the same, but first keys
 * every request by the names of all 30-odd rules, which cost about 2 % of a small query's CPU.
 */
function useValidationCache(): Plugin {
  const results = new WeakMap<DocumentNode, readonly Error[]>();
  return {
    onValidate({ params: { documentAST }, setResult }) {
      const cached = results.get(documentAST);
      if (cached) {
        setResult(cached);
        return;
      }
      return ({ result }) => {
        results.set(documentAST, result);
      };
    },
  };
}

function documentBytes(text: string, document: DocumentNode): number {
  let tokens = 0;
  for (let token = document.loc?.startToken ?? null; token !== null; token = token.next) tokens += 1;
  return stringBytes(text) + tokens * BYTES_PER_TOKEN;
}
