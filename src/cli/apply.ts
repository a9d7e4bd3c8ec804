/**
 * `sso-gateway apply`: applies a plan made by `sso-gateway plan` on a running gateway and prints
 * every step's outcome.
 */
import { parseArgs } from 'node:util';
import { type Command, type ExitCode, parseOrUsage, UsageError } from './command.ts';
import { checkUrl, DEFAULT_URL, GATEWAY_OPTIONS, requestHeaders } from './gateway-request.ts';
import { sendPlanOperation } from './plan-request.ts';

export const applyCommand: Command = {
  summary: 'apply a change plan; exit 3 unless every step is applied',
  usage: `Usage: sso-gateway apply PLAN_ID [--step STEP_ID ...] [--continue-on-error] [--json] [--url URL] [--header 'Name: value' ...]

Applies the plan (Mutation.applySsoChangePlan) and prints every step's new status. Steps already
APPLIED are never sent again, so running it again after a failure resumes the plan.
Exits 0 when the plan is APPLIED, 3 when it is not (a step FAILED, hit a CONFLICT, has an unknown
outcome, or the plan EXPIRED), 1 when the gateway refuses (the error is printed) or cannot be reached.

  --step STEP_ID         only this step (repeatable; default every step)
  --continue-on-error    go on after a step that is not applied (default: stop there)
  --json                 print the plan as JSON instead of a table
  --url URL              the gateway's GraphQL endpoint (default ${DEFAULT_URL})
  --header H             an extra request header, e.g. 'Authorization: Bearer …' (repeatable)`,
  run: apply,
};

async function apply(args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseOrUsage(() =>
    parseArgs({
      args,
      options: {
        ...GATEWAY_OPTIONS,
        step: { type: 'string', multiple: true },
        'continue-on-error': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
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
