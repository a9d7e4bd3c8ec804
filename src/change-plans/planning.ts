/**
 * Planning: every SAML connection of the chosen providers that claims the domain, each planned by
 * its provider against the new metadata (inspected once), and the health rules run over the whole
 * landscape before and after. A provider that cannot be listed fails the plan: a plan that quietly
 * left one out is exactly the forgotten console this feature exists to prevent.
 */
import type { GatewayContext } from '../context.ts';
import { UpstreamUnavailableError, ValidationError } from '../graph/errors.ts';
import type { SsoConnectionShape } from '../graph/sso-connection.ts';
import { type InspectedConnection, inspectConnection, readMetadata } from '../insight/connection-insight.ts';
import { type Finding, findingKey, findingsOf } from '../insight/health.ts';
import { MetadataError } from '../insight/metadata/errors.ts';
import { currentLandscape } from '../insight/report.ts';
import type { ProviderId } from '../providers/provider-id.ts';
import { newPlanId, refOf, type StoredPlan, type StoredStep, storeFinding, versionOf } from './plan.ts';
import { type ChangeTarget, SKIP_REASONS, type StepDraft, targetSource } from './planner.ts';

export interface PlanRequest {
  domain: string;
  metadataUrl: string | null;
  metadataXml: string | null;
  providers: readonly ProviderId[] | null;
}

/** Health findings are judged over the same horizon `ssoHealth` uses by default. */
const WITHIN_DAYS = 30;

export async function makePlan(context: GatewayContext, request: PlanRequest): Promise<StoredPlan> {
  const target = await inspectTarget(context, request);
  const providers = request.providers ?? context.providers.enabled;
  const landscape = await currentLandscape(context);
  const outage = landscape.outages.find((failure) => providers.includes(failure.provider));
  if (outage) {
    throw new UpstreamUnavailableError(`${outage.provider} could not be listed, so a plan could miss its connections: ${outage.message}`);
  }
  const domain = request.domain.toLowerCase();
  const claimants = landscape.connections.filter(
    ({ connection }) => providers.includes(connection.provider) && connection.domains.includes(domain),
  );
  const drafts = await Promise.all(claimants.map(({ connection }) => draftFor(context, connection, target)));
  const steps = claimants.map(({ connection }, index) => stepOf(`step-${index + 1}`, connection, drafts[index]));
  const afters = new Map<string, SsoConnectionShape>();
  drafts.forEach(({ draft }, index) => {
    const before = claimants[index]?.connection;
    if (draft?.kind === 'change' && draft.change.after && before) afters.set(`${before.__typename}:${before.key}`, draft.change.after);
  });
  const after = await Promise.all(
    landscape.connections.map((inspected) => {
      const replaced = afters.get(`${inspected.connection.__typename}:${inspected.connection.key}`);
      return replaced ? inspectConnection(replaced, context.metadata, context.call.signal) : inspected;
    }),
  );
  const [cleared, created] = compare(landscape.connections, after);
  const now = Date.now();
  return {
    id: newPlanId(),
    domain,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + context.writes.plans.ttlMs).toISOString(),
    createdBy: context.caller.subject,
    target: { metadataUrl: request.metadataUrl, metadataXml: request.metadataXml },
    applying: false,
    attempted: false,
    steps,
    findingsCleared: cleared.map(storeFinding),
    findingsCreated: created.map(storeFinding),
  };
}

/** The new metadata, read once; unreadable metadata is bad input, named on the field that gave it. */
export async function inspectTarget(
  context: GatewayContext,
  request: Pick<PlanRequest, 'metadataUrl' | 'metadataXml'>,
): Promise<ChangeTarget> {
  try {
    const metadata = await readMetadata(context.metadata, targetSource(request), context.call.signal);
    return { metadataUrl: request.metadataUrl, metadataXml: request.metadataXml, metadata };
  } catch (error) {
    if (!(error instanceof MetadataError)) throw error;
    const field = request.metadataUrl !== null ? 'metadataUrl' : 'metadataXml';
    const message = `METADATA_${error.code}: ${error.message}`;
    throw new ValidationError(`The new IdP metadata cannot be used: ${message}`, [{ path: ['input', field], message }]);
  }
}

interface Drafted {
  draft: StepDraft;
  /** The connection's version as the planner reads it, which is how an apply will read it again. */
  version: string;
}

async function draftFor(context: GatewayContext, connection: SsoConnectionShape, target: ChangeTarget): Promise<Drafted> {
  const version = versionOf(connection);
  if (connection.protocol === 'OIDC') return { draft: { kind: 'skip', reason: SKIP_REASONS.oidc }, version };
  const planner = context.providers.get(connection.provider)?.changePlanner;
  if (!planner) return { draft: { kind: 'skip', reason: SKIP_REASONS.noPlanner }, version };
  const [draft, current] = await Promise.all([
    planner.plan(connection, target, { metadata: context.metadata, signal: context.call.signal }),
    planner.read(connection.key),
  ]);
  return { draft, version: versionOf(current ?? connection) };
}

function stepOf(id: string, connection: SsoConnectionShape, drafted: Drafted | undefined): StoredStep {
  const draft = drafted?.draft;
  const change = draft?.kind === 'change' ? draft.change : undefined;
  return {
    id,
    provider: connection.provider,
    connection: refOf(connection),
    version: drafted?.version ?? versionOf(connection),
    changes: change?.changes ?? [],
    status: change ? 'PLANNED' : 'SKIPPED',
    reason: draft?.kind === 'skip' ? draft.reason : null,
    error: null,
  };
}

/** Findings the whole plan clears, and those it brings about. */
function compare(before: readonly InspectedConnection[], after: readonly InspectedConnection[]): [Finding[], Finding[]] {
  const rules = { withinDays: WITHIN_DAYS, now: Date.now() };
  const findingsBefore = findingsOf(before, [], rules);
  const findingsAfter = findingsOf(after, [], rules);
  const keysBefore = new Set(findingsBefore.map(findingKey));
  const keysAfter = new Set(findingsAfter.map(findingKey));
  return [
    findingsBefore.filter((finding) => !keysAfter.has(findingKey(finding))),
    findingsAfter.filter((finding) => !keysBefore.has(findingKey(finding))),
  ];
}
