/**
 * Change plans in the graph: `Mutation.planSsoChange`, `Mutation.applySsoChangePlan`,
 * `Query.ssoChangePlan` and the `SsoChangePlan` node. A plan keeps connections by reference only,
 * so showing one reads its connections (and those of its findings) back from the providers.
 */
import { z } from 'zod';
import type { GatewayContext } from '../context.ts';
import { builder } from '../graph/builder.ts';
import { ErrorInterface, MUTATION_ERRORS, translateUpstreamErrors } from '../graph/errors.ts';
import { decodeNodeId } from '../graph/node.ts';
import { SsoConnection, type SsoConnectionShape, ssoProviderEnum } from '../graph/sso-connection.ts';
import { domainName, metadataUrl } from '../graph/validators.ts';
import { readMetadata } from '../insight/connection-insight.ts';
import { FieldChangeRef, SamlMetadataRef, SsoFindingRef } from '../insight/graph.ts';
import { MetadataError } from '../insight/metadata/errors.ts';
import { applyPlan } from './apply.ts';
import { errorOf } from './errors.ts';
import {
  type ConnectionRef,
  PLAN_STATUSES,
  PLAN_TYPENAME,
  planStatus,
  STEP_STATUSES,
  type StoredFinding,
  type StoredPlan,
  type StoredStep,
} from './plan.ts';
import { makePlan } from './planning.ts';

const PLAN_TYPE = PLAN_TYPENAME;

const PlanStatusEnum = builder.enumType('SsoChangePlanStatus', {
  description: 'Where a plan stands: APPLIED once every step that is not SKIPPED is APPLIED; EXPIRED once it can no longer be applied.',
  values: Object.fromEntries(PLAN_STATUSES.map((status) => [status, { value: status }])) as Record<
    (typeof PLAN_STATUSES)[number],
    { value: (typeof PLAN_STATUSES)[number] }
  >,
});

const StepStatusEnum = builder.enumType('SsoChangeStepStatus', {
  description:
    'PLANNED: to be written. SKIPPED: nothing will be written (see reason). CONFLICT: the connection changed after planning, ' +
    'so it was not written (plan again). OUTCOME_UNKNOWN: the write was sent but no answer came back; applying again reads ' +
    'the connection first and settles it.',
  values: Object.fromEntries(STEP_STATUSES.map((status) => [status, { value: status }])) as Record<
    (typeof STEP_STATUSES)[number],
    { value: (typeof STEP_STATUSES)[number] }
  >,
});

/** A connection as its provider reads it now; null when it is gone or cannot be read. */
async function readRef(context: GatewayContext, provider: SsoConnectionShape['provider'], ref: ConnectionRef) {
  const found = context.providers.get(provider);
  try {
    const read = await found?.changePlanner?.read(ref.key);
    if (read?.__typename === ref.typename) return read;
    // Connections a planner does not read (OIDC, providers without one) are found in the listing.
    const listed = await found?.listSsoConnections();
    return listed?.find((connection) => connection.__typename === ref.typename && connection.key === ref.key) ?? null;
  } catch {
    return null;
  }
}

async function hydrate(context: GatewayContext, findings: StoredFinding[]) {
  return Promise.all(
    findings.map(async (finding) => {
      const read = await Promise.all(
        finding.connections.map((ref) => (finding.provider ? readRef(context, finding.provider, ref) : Promise.resolve(null))),
      );
      return { ...finding, connections: read.filter((connection) => connection !== null) };
    }),
  );
}

const StepRef = builder.objectRef<StoredStep>('SsoChangeStep').implement({
  description: 'One connection of a plan: what would change on it, and what became of it.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Unique within its plan; what `applySsoChangePlan(input: { stepIds })` takes.' }),
    provider: t.field({ type: ssoProviderEnum(), resolve: (step) => step.provider }),
    connection: t.field({
      type: SsoConnection,
      nullable: true,
      description: 'The connection as its provider has it now (read when asked); null when it is gone.',
      resolve: (step, _args, context) => readRef(context, step.provider, step.connection),
    }),
    changes: t.field({ type: [FieldChangeRef], resolve: (step) => step.changes }),
    status: t.field({ type: StepStatusEnum, resolve: (step) => step.status }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why the step is SKIPPED.' }),
    error: t.field({
      type: ErrorInterface,
      nullable: true,
      description: 'What the last apply of this step ended with, when it was not APPLIED.',
      resolve: (step) => (step.error ? errorOf(step.error) : null),
    }),
  }),
});

export const SsoChangePlanRef = builder.objectRef<StoredPlan>(PLAN_TYPE);

builder.node(SsoChangePlanRef, {
  description:
    'Every SAML connection that claims a domain, moved onto new IdP metadata: planned by `planSsoChange`, applied by ' +
    '`applySsoChangePlan`, kept until `expiresAt` (GATEWAY_PLAN_TTL_MS).',
  id: { resolve: (plan) => plan.id },
  loadOne: (id, context) => readablePlan(context, id),
  fields: (t) => ({
    domain: t.exposeString('domain'),
    createdAt: t.field({ type: 'DateTime', resolve: (plan) => new Date(plan.createdAt) }),
    expiresAt: t.field({ type: 'DateTime', resolve: (plan) => new Date(plan.expiresAt) }),
    status: t.field({ type: PlanStatusEnum, resolve: (plan) => planStatus(plan, Date.now()) }),
    target: t.field({
      type: SamlMetadataRef,
      nullable: true,
      description: 'The new IdP metadata, inspected (read again when asked); null when it can no longer be read.',
      resolve: (plan, _args, context) => {
        const { metadataUrl: url, metadataXml: xml } = plan.target;
        const source = url !== null ? { url } : { xml: xml ?? '' };
        return readMetadata(context.metadata, source, context.call.signal).catch((error: unknown) => {
          if (error instanceof MetadataError) return null;
          throw error;
        });
      },
    }),
    steps: t.field({ type: [StepRef], resolve: (plan) => plan.steps }),
    findingsCleared: t.field({
      type: [SsoFindingRef],
      description: 'Health findings (across every provider) the whole plan resolves, as judged when it was made.',
      resolve: (plan, _args, context) => hydrate(context, plan.findingsCleared),
    }),
    findingsCreated: t.field({
      type: [SsoFindingRef],
      description: 'Health findings the whole plan brings about, as judged when it was made.',
      resolve: (plan, _args, context) => hydrate(context, plan.findingsCreated),
    }),
  }),
});

/** A plan that can still be shown: unknown and expired ids read as null. */
async function readablePlan(context: GatewayContext, id: string): Promise<StoredPlan | null> {
  const plan = await context.writes.plans.get(id);
  return plan && Date.now() < Date.parse(plan.expiresAt) ? plan : null;
}

builder.queryField('ssoChangePlan', (t) =>
  t.field({
    type: SsoChangePlanRef,
    nullable: true,
    description: 'A change plan by its id; null when the id is unknown or the plan expired.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => {
      const decoded = decodeNodeId(String(args.id));
      return decoded.typename === PLAN_TYPE ? readablePlan(context, decoded.id) : null;
    },
  }),
);

const PlanInput = builder.inputType('PlanSsoChangeInput', {
  description: 'Give exactly one of metadataUrl and metadataXml.',
  fields: (t) => ({
    domain: t.string({ required: true, description: 'The e-mail domain whose connections move.', validate: { schema: domainName } }),
    metadataUrl: t.string({ required: false, description: 'The new IdP metadata URL (https).', validate: { schema: metadataUrl } }),
    metadataXml: t.string({
      required: false,
      description: 'The new IdP metadata document.',
      validate: { schema: z.string().max(1_048_576, 'must be at most 1 MB') },
    }),
    providers: t.field({
      type: [ssoProviderEnum()],
      required: false,
      description: 'Only these providers; all enabled ones when absent.',
    }),
  }),
  validate: [
    (input) => (input.metadataUrl == null) !== (input.metadataXml == null),
    { message: 'give exactly one of metadataUrl and metadataXml' },
  ],
});

const ApplyInput = builder.inputType('ApplySsoChangePlanInput', {
  fields: (t) => ({
    planId: t.id({ required: true, description: 'The plan’s `id`.' }),
    stepIds: t.idList({ required: false, description: 'Only these steps; every step when absent.' }),
    continueOnError: t.boolean({
      required: false,
      defaultValue: false,
      description: 'Go on with the next step after one that is not APPLIED; by default the apply stops there.',
    }),
  }),
});

function payload(name: string, description: string) {
  return builder.objectRef<{ plan: StoredPlan }>(name).implement({
    description,
    fields: (t) => ({ plan: t.field({ type: SsoChangePlanRef, resolve: (result) => result.plan }) }),
  });
}

const PlanPayload = payload('PlanSsoChangePayload', 'The plan just made; nothing was written upstream.');
const ApplyPayload = payload('ApplySsoChangePlanPayload', 'The plan after this apply, every step with its new status.');

builder.mutationField('planSsoChange', (t) =>
  t.field({
    type: PlanPayload,
    errors: { types: [...MUTATION_ERRORS] },
    description:
      'Plans moving every SAML connection that claims `domain` (of the enabled providers, or of `providers`) onto new IdP ' +
      'metadata, inspected once. Writes nothing; needs `sso:read` and counts against the caller’s write limit.',
    authScopes: { ssoRead: true },
    args: { input: t.arg({ type: PlanInput, required: true }) },
    resolve: (_root, { input }, context) =>
      translateUpstreamErrors(async () => {
        const plan = await makePlan(context, {
          domain: input.domain,
          metadataUrl: input.metadataUrl ?? null,
          metadataXml: input.metadataXml ?? null,
          providers: input.providers ?? null,
        });
        await context.writes.plans.save(plan);
        return { plan };
      }),
  }),
);

builder.mutationField('applySsoChangePlan', (t) =>
  t.field({
    type: ApplyPayload,
    errors: { types: [...MUTATION_ERRORS] },
    description:
      'Applies a plan’s steps in order, each through its provider’s write (its `sso:write` or `sso:write:<provider>` ' +
      'scope is required for every step chosen, else nothing is applied). A step whose connection changed since ' +
      'planning is a CONFLICT and is not written; APPLIED steps are never sent again. Stops at the first step that is ' +
      'not APPLIED unless `continueOnError`. An expired plan answers with status EXPIRED and nothing written.',
    authScopes: { ssoRead: true },
    args: { input: t.arg({ type: ApplyInput, required: true }) },
    resolve: (_root, { input }, context) =>
      translateUpstreamErrors(async () => {
        const decoded = decodeNodeId(String(input.planId));
        const plan = await applyPlan(context, {
          planId: decoded.typename === PLAN_TYPE ? decoded.id : '',
          stepIds: input.stepIds?.map(String) ?? null,
          continueOnError: input.continueOnError ?? false,
        });
        return { plan };
      }),
  }),
);
