/**
 * `sso-gateway apply`: applies a plan made by `sso-gateway plan` on a running gateway and prints
 * every step's outcome.
 */
import { defineCommand, type ExitCode, type ParsedArgs, UsageError } from './command.ts';
import { checkUrl, GATEWAY_HELP, GATEWAY_OPTIONS, requestHeaders } from './gateway-request.ts';
import { sendPlanOperation } from './plan-request.ts';

const OPTIONS = {
  ...GATEWAY_OPTIONS,
  step: { type: 'string', multiple: true },
  'continue-on-error': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
} as const;

export const applyCommand = defineCommand({
  name: 'apply',
  summary: 'apply a change plan; exit 3 unless every step is applied',
  operands: 'PLAN_ID',
  completeOperands: [],
  description: `Applies the plan (Mutation.applySsoChangePlan) and prints every step's new status. Steps already
APPLIED are never sent again, so running it again after a failure resumes the plan.
Exits 0 when the plan is APPLIED, 3 when it is not (a step FAILED, hit a CONFLICT, has an unknown
outcome, or the plan EXPIRED), 1 when the gateway refuses (the error is printed) or cannot be reached.`,
  options: OPTIONS,
  help: {
    ...GATEWAY_HELP,
    step: { value: 'STEP_ID', text: 'only this step (repeatable; default every step)' },
    'continue-on-error': { text: 'go on after a step that is not applied (default: stop there)' },
    json: { text: 'print the plan as JSON instead of a table' },
  },
  run: apply,
});

async function apply({ values, positionals }: ParsedArgs<typeof OPTIONS>): Promise<ExitCode> {
  const [planId, ...extra] = positionals;
  if (planId === undefined || extra.length > 0) throw new UsageError('apply takes exactly one PLAN_ID');
  checkUrl(values.url);
  const input = { planId, continueOnError: values['continue-on-error'], ...(values.step ? { stepIds: values.step } : {}) };
  const outcome = await sendPlanOperation(values.url, requestHeaders(values.header ?? []), 'apply', input, values.json);
  if (outcome === undefined) return 1;
  if (outcome.status === 'APPLIED') return 0;
  console.error(`the plan is ${outcome.status}, not APPLIED`);
  return 3;
}
