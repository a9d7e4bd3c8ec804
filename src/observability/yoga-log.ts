/**
 * Yoga's `logging`: what Yoga and the plugins log through `yoga.logger`, written by the gateway's
 * logger. Yoga logs every error it masks with the original GraphQL error, whose text quotes the
 * operation around the error's location (inline values included): that text is never written.
 * Errors raised while executing an operation are left to the operation log, which knows the
 * caller and names the code and path; any other error becomes its class and frames. Lines above
 * debug share one bucket of the error-log budget, since Yoga does not say which request they are
 * about (authentication failures among them).
 */
import { GraphQLError } from 'graphql';
import type { YogaServerOptions } from 'graphql-yoga';
import type { Logger } from '../logger.ts';
import { thrownAt } from './error-facts.ts';
import { type LogBudget, UNATTRIBUTED } from './log-budget.ts';

type YogaLogging = Exclude<YogaServerOptions<Record<string, unknown>, Record<string, unknown>>['logging'], boolean | string | undefined>;

export function yogaLogging(logger: Logger, budget: LogBudget): YogaLogging {
  const admitted = () => budget.admit(UNATTRIBUTED);
  return {
    debug: (...args: unknown[]) => logger.debug(textOf(args[0])),
    info: (...args: unknown[]) => admitted() && logger.info(textOf(args[0])),
    warn: (...args: unknown[]) => admitted() && logger.warn(textOf(args[0])),
    error: (...args: unknown[]) => {
      const [error] = args;
      if (error instanceof GraphQLError && error.path) return;
      if (!admitted()) return;
      if (typeof error === 'string') logger.error(error);
      else
        logger.error('unexpected error', {
          ...codeOf(error),
          ...thrownAt(error instanceof GraphQLError ? (error.originalError ?? error) : error),
        });
    },
  };
}

/** Messages are the plugins' own fixed sentences; anything else is named, not printed. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  return value instanceof Error ? value.name : typeof value;
}

function codeOf(error: unknown): { code?: string } {
  const code = error instanceof GraphQLError ? error.extensions.code : undefined;
  return typeof code === 'string' ? { code } : {};
}
