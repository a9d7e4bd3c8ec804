/**
 * A change plan as `sso-gateway plan` and `apply` print it: one row per step (provider,
 * connection, change, status, reason or error), the plan's id and status above, the findings it
 * clears or creates below. The GraphQL documents the two commands send live here too. Upstream
 * text (connection names, error messages, metadata values) is escaped like query's tables.
 */
import { formatTable, printable } from './result-tables.ts';

const PLAN_FIELDS = `
  id domain status expiresAt
  target { entityId }
  steps {
    id provider status reason
    connection { __typename id displayName }
    changes { field current proposed currentKnown }
    error { __typename code message }
  }
  findingsCleared { kind severity provider summary }
  findingsCreated { kind severity provider summary }`;

const RESULT = (payload: string) => `__typename
    ... on ${payload} { plan { ${PLAN_FIELDS} } }
    ... on Error { code message }
    ... on ValidationError { fieldErrors { path message } }`;

export const PLAN_MUTATION = `mutation PlanSsoChange($input: PlanSsoChangeInput!) {
  planSsoChange(input: $input) { ${RESULT('PlanSsoChangePayload')} }
}`;

export const APPLY_MUTATION = `mutation ApplySsoChangePlan($input: ApplySsoChangePlanInput!) {
  applySsoChangePlan(input: $input) { ${RESULT('ApplySsoChangePlanPayload')} }
}`;

/** A step as the `steps { … }` selection of the plan documents reads it. */
export interface PlanStepView {
  id: string;
  provider: string;
  status: string;
  reason: string | null;
  connection: { __typename: string; id: string; displayName: string | null } | null;
  changes: { field: string; current: unknown; proposed: unknown; currentKnown: boolean }[];
  error: { __typename: string; code: string; message: string } | null;
}

export interface PlanView {
  id: string;
  domain: string;
  status: string;
  expiresAt: string;
  target: { entityId: string } | null;
  steps: PlanStepView[];
  findingsCleared: { kind: string; severity: string; provider: string | null; summary: string }[];
  findingsCreated: { kind: string; severity: string; provider: string | null; summary: string }[];
}

/** The union member a plan or apply answered with: the plan, or the typed error. */
export type PlanResult = { __typename: string; plan?: PlanView; code?: string; message?: string; fieldErrors?: unknown[] };

const MAX_VALUE = 44;

function shown(value: unknown, known: boolean): string {
  if (!known) return '(unknown)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function changeLines(step: PlanStepView): string[] {
  if (step.changes.length === 0) return ['-'];
  return step.changes.map((change) => `${change.field}: ${shown(change.current, change.currentKnown)} -> ${shown(change.proposed, true)}`);
}

export function formatPlan(plan: PlanView): string {
  const rows = plan.steps.flatMap((step) => {
    const connection = step.connection?.displayName ?? step.connection?.__typename ?? '(gone)';
    const note = step.error ? `${step.error.code}: ${step.error.message}` : (step.reason ?? '');
    return changeLines(step).map((change, index) =>
      index === 0 ? [step.id, step.provider, connection, change, step.status, note] : ['', '', '', change, '', ''],
    );
  });
  const findings = (label: string, list: PlanView['findingsCleared']) =>
    list.length === 0
      ? []
      : [
          `${label}:`,
          ...list.map((finding) =>
            printable(`  ${finding.severity} ${finding.kind} (${finding.provider ?? 'several'}): ${finding.summary}`),
          ),
        ];
  // Each line escaped on its own (formatTable escapes its cells), so a line break inside upstream
  // text shows as \u000a instead of starting a line of its own.
  return [
    printable(`Plan ${plan.id}`),
    printable(
      `  domain ${plan.domain}, target ${plan.target?.entityId ?? '(unreadable)'}, status ${plan.status}, expires ${plan.expiresAt}`,
    ),
    '',
    formatTable(['STEP', 'PROVIDER', 'CONNECTION', 'CHANGE', 'STATUS', 'REASON'], rows),
    '',
    ...findings('Findings cleared', plan.findingsCleared),
    ...findings('Findings created', plan.findingsCreated),
  ]
    .join('\n')
    .trimEnd();
}
