/**
 * What `plan` and `apply` share: sending their mutation to a running gateway and printing the plan
 * it answers with, or the typed error.
 */
import { parseJsonObject, postGraphQL } from './gateway-request.ts';
import type { PlanResult } from './plan-table.ts';
import { printable } from './result-tables.ts';

/** The plan printed (as a table or JSON), or undefined after printing why there is none. */
export async function sendPlanOperation(
  url: string,
  headers: Headers,
  operation: 'plan' | 'apply',
  input: Record<string, unknown>,
  json: boolean,
): Promise<{ id: string; status: string } | undefined> {
  const table = await import('./plan-table.ts');
  const [document, field] = operation === 'plan' ? [table.PLAN_MUTATION, 'planSsoChange'] : [table.APPLY_MUTATION, 'applySsoChangePlan'];
  const response = await postGraphQL(url, headers, document, { input });
  const body = parseJsonObject(await response.text());
  const result = (body?.data as Record<string, PlanResult | undefined> | undefined)?.[field];
  if (!response.ok || !result) {
    const errors = Array.isArray(body?.errors)
      ? body.errors.map((error: { message?: unknown }) => String(error.message)).join('; ')
      : 'no answer in the response';
    console.error(printable(`HTTP ${response.status}: ${errors}`));
    return undefined;
  }
  if (!result.plan) {
    console.error(printable(`${result.__typename} (${result.code}): ${result.message}`));
    if (json) console.log(JSON.stringify(result, null, 2));
    return undefined;
  }
  console.log(json ? JSON.stringify(result.plan, null, 2) : table.formatPlan(result.plan));
  return { id: result.plan.id, status: result.plan.status };
}
