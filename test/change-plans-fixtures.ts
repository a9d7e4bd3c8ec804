/** Operations and helpers the change-plan tests share. */
import type { PlanStepView } from '../src/cli/plan-table.ts';

export const PLAN_FIELDS = `
  id domain status createdAt expiresAt
  target { entityId }
  steps {
    id provider status reason
    connection { __typename id displayName }
    changes { field current proposed currentKnown }
    error { __typename code message }
  }
  findingsCleared { kind provider connections { id } }
  findingsCreated { kind provider }
`;

export const PLAN = `mutation ($input: PlanSsoChangeInput!) {
  planSsoChange(input: $input) {
    __typename
    ... on PlanSsoChangePayload { plan { ${PLAN_FIELDS} } }
    ... on Error { code message }
    ... on ValidationError { fieldErrors { path message } }
  }
}`;

export const APPLY = `mutation ($input: ApplySsoChangePlanInput!) {
  applySsoChangePlan(input: $input) {
    __typename
    ... on ApplySsoChangePlanPayload { plan { ${PLAN_FIELDS} } }
    ... on Error { code message }
  }
}`;

export const READ = `query ($id: ID!) { ssoChangePlan(id: $id) { ${PLAN_FIELDS} } }`;

/** The steps selection above is the CLI's, so its type is too. */
export type StepAnswer = PlanStepView;

export interface PlanAnswer {
  id: string;
  domain: string;
  status: string;
  target: { entityId: string } | null;
  steps: StepAnswer[];
  findingsCleared: { kind: string; provider: string | null; connections: { id: string }[] }[];
  findingsCreated: { kind: string; provider: string | null }[];
}

/** Steps by connection type, e.g. `LogtoSsoConnector`. */
export function stepsBy(plan: PlanAnswer, typename: string): StepAnswer[] {
  return plan.steps.filter((step) => step.connection?.__typename === typename);
}
