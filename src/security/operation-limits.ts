/**
 * What one GraphQL operation may ask for: graphql-armor's depth, alias, directive, token and cost
 * rules with the configured limits, a rule of our own that a mutation field runs at most once
 * per operation, and no "Did you mean …" hints in any error. Every refusal is a GraphQL error
 * with a stable `extensions.code` (armor's rules carry none, so we report them ourselves):
 *
 * | code                          | refused when                                                   |
 * | ----------------------------- | -------------------------------------------------------------- |
 * | `MAX_DEPTH_EXCEEDED`          | fields nest deeper than `maxDepth` (fragments do not add depth) |
 * | `MAX_ALIASES_EXCEEDED`        | more than `maxAliases` aliases (`__typename` aliases are free)  |
 * | `MUTATION_FIELD_REPEATED`     | one mutation field is selected under two response keys         |
 * | `MAX_TOKENS_EXCEEDED`         | the document has more than `maxTokens` lexical tokens          |
 * | `MAX_DIRECTIVES_EXCEEDED`     | more than `maxDirectives` directives                           |
 * | `COST_LIMIT_EXCEEDED`         | armor's cost estimate is above `maxCost`                       |
 *
 * Cost is armor's model: a scalar costs 1, an object 2 plus 1.5 × its children, and a field with
 * a `first`/`last` argument multiplies its subtree by that number.
 */
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import {
  type ASTVisitor,
  type FieldNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { OperationLimits } from '../config/security.ts';

export function useOperationLimits(limits: OperationLimits): Plugin[] {
  const rules: ValidationRule[] = [
    maxDepthRule({ n: limits.maxDepth, flattenFragments: true, ...reportAs('MAX_DEPTH_EXCEEDED') }),
    maxAliasesRule({ n: limits.maxAliases, ...reportAs('MAX_ALIASES_EXCEEDED') }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reportAs('MAX_DIRECTIVES_EXCEEDED') }),
    costLimitRule({ maxCost: limits.maxCost, flattenFragments: true, ...reportAs('COST_LIMIT_EXCEEDED') }),
    singleWritePerMutationField,
  ];
  return [
    // The token limit runs inside the parser (it stops lexing at the limit), so it throws.
    maxTokensPlugin({
      n: limits.maxTokens,
      onReject: [
        (_context, error) => {
          throw refusal(error, 'MAX_TOKENS_EXCEEDED');
        },
      ],
    }) as Plugin,
    { onValidate: ({ addValidationRule }) => rules.forEach(addValidationRule) },
    useHiddenSuggestions(),
  ];
}

/** Armor throws by default; instead each rejection is reported, with our code, like any validation error. */
function reportAs(code: string) {
  return {
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(refusal(error, code))],
  };
}

/** Armor prefixes its messages with "Syntax Error: ", which they are not. */
function refusal(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { nodes: error.nodes, extensions: { code } });
}

/**
 * A mutation field may appear under one response key only: `a: deleteX(…) b: deleteX(…)` would
 * run the same write twice (or against two targets) from one request. Repeating a field under
 * the same key is fine, since GraphQL merges it into one execution.
 */
export function singleWritePerMutationField(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation) {
      if (operation.operation !== 'mutation') return false;
      const selected = new Map<string, { keys: Set<string>; nodes: FieldNode[] }>();
      const visited = new Set<string>();
      const collect = (selectionSet: SelectionSetNode): void => {
        for (const selection of selectionSet.selections) {
          if (selection.kind === Kind.FIELD) {
            if (selection.name.value === '__typename') continue;
            const field = selected.get(selection.name.value) ?? { keys: new Set<string>(), nodes: [] };
            field.keys.add(selection.alias?.value ?? selection.name.value);
            field.nodes.push(selection);
            selected.set(selection.name.value, field);
          } else if (selection.kind === Kind.INLINE_FRAGMENT) {
            collect(selection.selectionSet);
          } else if (!visited.has(selection.name.value)) {
            visited.add(selection.name.value);
            const fragment = context.getFragment(selection.name.value);
            if (fragment) collect(fragment.selectionSet);
          }
        }
      };
      collect(operation.selectionSet);
      for (const [field, { keys, nodes }] of selected) {
        if (keys.size > 1) {
          context.reportError(
            new GraphQLError(
              `Mutation field "${field}" is selected ${keys.size} times; each mutation field may run at most once per operation.`,
              {
                nodes,
                extensions: { code: 'MUTATION_FIELD_REPEATED' },
              },
            ),
          );
        }
      }
      return false;
    },
  };
}

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * graphql-js suggests names in validation errors ("Cannot query field …. Did you mean …?") and
 * in variable errors at execution ("… Did you mean the enum value …?"), which lets a caller map
 * the schema with introspection off. armor's block-field-suggestions sees validation errors only,
 * so the hints are removed here, from every result just before it is sent.
 */
export function useHiddenSuggestions(): Plugin {
  return {
    onResultProcess({ result }) {
      for (const single of results(result)) {
        for (const error of single.errors ?? []) {
          if (error.message.includes('Did you mean')) (error as { message: string }).message = error.message.replace(SUGGESTION, '');
        }
      }
    },
  };
}

type ProcessedResult = Parameters<NonNullable<Plugin['onResultProcess']>>[0]['result'];

function results(result: ProcessedResult) {
  if (Array.isArray(result)) return result;
  return Symbol.asyncIterator in result ? [] : [result];
}
