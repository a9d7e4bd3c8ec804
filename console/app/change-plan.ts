/** What the change-plans view derives from one plan or one typed error, without rendering anything. */
import type { ConsoleChangePlanFragment, ConsoleMutationErrorFragment } from './generated.ts';

export type Plan = ConsoleChangePlanFragment;
export type Step = Plan['steps'][number];
export type FieldChange = Step['changes'][number];

/** Steps an apply can still act on: APPLIED and SKIPPED ones are never sent again. */
export function applicableSteps(plan: Plan): Step[] {
  return plan.steps.filter((step) => step.status !== 'APPLIED' && step.status !== 'SKIPPED');
}

/** A field value as the steps table shows it: strings bare, everything else as JSON. */
export function formatValue(value: unknown, known = true): string {
  if (!known) return '(unknown)';
  if (value === null || value === undefined) return '(none)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** One line per thing the person can act on: the error's type and message, each field's problem, when to retry. */
export function describeError(error: ConsoleMutationErrorFragment): string[] {
  const lines = [`${error.__typename} (${error.code}${error.provider ? `, ${error.provider}` : ''}): ${error.message}`];
  if (error.__typename === 'ValidationError') {
    for (const field of error.fieldErrors) lines.push(`${field.path.join('.')}: ${field.message}`);
  }
  if (error.__typename === 'RateLimitedError' && error.retryAfterSeconds !== null) {
    lines.push(`Try again in ${error.retryAfterSeconds} s.`);
  }
  return lines;
}

/** The mutations answer a payload with the plan or a typed error: this tells them apart. */
export function planOrError(
  result: { __typename: string; plan?: Plan } | ConsoleMutationErrorFragment,
): { plan: Plan } | { error: string[] } {
  if ('plan' in result && result.plan) return { plan: result.plan };
  if ('code' in result) return { error: describeError(result) };
  return { error: [`Unexpected answer ${result.__typename}.`] };
}
