/**
 * Deep nesting refused before anything recursive sees it. A Logto `config` nested 2,000 levels
 * deep used to overflow the stack ("Unexpected error.", and no audit record, since the audit walks
 * the input too). Both checks read without recursion (security/nesting.ts, document-outline.ts):
 *
 * | refused when                                                             | code                  |
 * | ------------------------------------------------------------------------ | --------------------- |
 * | a variable's value nests objects and lists deeper than `maxJsonDepth`     | `VALIDATION_FAILED`   |
 * | an inline argument value does (counted from the argument), before parsing | `VALIDATION_FAILED`   |
 * | selection sets nest more than 4 × `maxDepth` braces deep, before parsing   | `MAX_DEPTH_EXCEEDED`  |
 *
 * The last one only keeps the parser from overflowing when GATEWAY_MAX_TOKENS is raised: the
 * depth rule (operation-limits.ts) is what limits fields, and it leaves room for inline fragments.
 */
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { OperationLimits } from '../config/security.ts';
import { outlineDocument } from './document-outline.ts';
import { nestsDeeperThan } from './nesting.ts';

export function useNestingLimits(limits: Pick<OperationLimits, 'maxJsonDepth' | 'maxDepth' | 'maxTokens'>): Plugin {
  const maxValues = limits.maxJsonDepth;
  const maxSelections = 4 * limits.maxDepth;
  return {
    onParams({ params }) {
      const variables: unknown = params.variables;
      if (typeof variables !== 'object' || variables === null) return;
      for (const [name, value] of Object.entries(variables)) {
        if (nestsDeeperThan(value, maxValues)) {
          throw refusal(`Variable "$${name}" nests objects and lists deeper than ${maxValues} levels.`, 'VALIDATION_FAILED');
        }
      }
    },
    // Wraps the parser (the token limit's, so this plugin comes after it) rather than throwing from
    // the hook, so that a refusal is answered like any other document the parser refuses.
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, options) => {
        refuseDeepDocument(typeof source === 'string' ? source : source.body);
        return parseFn(source, options);
      });
    },
  };

  function refuseDeepDocument(text: string): void {
    if (openingBrackets(text) <= Math.min(maxValues, maxSelections)) return;
    const outline = outlineDocument(text, {
      maxTokens: limits.maxTokens,
      stopAbove: { valueNesting: maxValues, selectionNesting: maxSelections },
    });
    if (outline.valueNesting > maxValues) {
      throw refusal(`An argument value nests objects and lists deeper than ${maxValues} levels.`, 'VALIDATION_FAILED');
    }
    if (outline.selectionNesting > maxSelections) {
      throw refusal(`Selection sets nest deeper than ${maxSelections} levels.`, 'MAX_DEPTH_EXCEEDED');
    }
  }
}

/** An upper bound of any nesting in `text`, cheap enough to spare most documents the outline. */
function openingBrackets(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 0x7b || code === 0x5b) count += 1; // `{` or `[`
  }
  return count;
}

/** Answered as Yoga answers a document it refuses: 400 for graphql-response+json, 200 for plain JSON. */
function refusal(message: string, code: string) {
  return createGraphQLError(message, { extensions: { code, http: { spec: true, status: 400 } } });
}
