/**
 * A change plan as it is kept between planning and applying: plain JSON (it may live in Redis), with
 * connections named by reference only. The upstream objects themselves can carry secrets (a
 * DatoCMS SCIM token, for one), so a plan holds none of them: connections and findings are read
 * back from the providers when the plan is shown, and the conflict check compares a digest.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SsoCertificateShape, SsoConnectionShape } from '../graph/sso-connection.ts';
import type { FieldChange } from '../insight/dry-run.ts';
import type { Finding } from '../insight/health.ts';
import type { ProviderId } from '../providers/provider-id.ts';

/** The GraphQL type of a plan, which its node id names. */
export const PLAN_TYPENAME = 'SsoChangePlan';

export const PLAN_STATUSES = ['PLANNED', 'APPLYING', 'APPLIED', 'PARTIALLY_APPLIED', 'FAILED', 'EXPIRED'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const STEP_STATUSES = ['PLANNED', 'SKIPPED', 'APPLIED', 'FAILED', 'CONFLICT', 'OUTCOME_UNKNOWN'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** A connection by the two things that name it: its GraphQL type and its upstream key. */
export interface ConnectionRef {
  typename: string;
  key: string;
}

/** An error a step ended with, as the GraphQL error type it is shown as. */
export interface StoredError {
  type: string;
  message: string;
  provider: ProviderId | null;
}

export interface StoredStep {
  id: string;
  provider: ProviderId;
  connection: ConnectionRef;
  /** Digest of the connection as planned: the conflict check compares the connection read at apply time with it. */
  version: string;
  changes: FieldChange[];
  status: StepStatus;
  reason: string | null;
  error: StoredError | null;
}

/** A finding with its connections as references (they are read again when shown). */
export interface StoredFinding extends Omit<Finding, 'connections' | 'certificate'> {
  connections: ConnectionRef[];
  certificate: SsoCertificateShape | null;
}

export interface StoredPlan {
  id: string;
  domain: string;
  createdAt: string;
  expiresAt: string;
  /** Who planned it (the caller's subject), for the audit trail. */
  createdBy: string;
  target: { metadataUrl: string | null; metadataXml: string | null };
  /** True while an apply runs; the store's lock is what keeps two applies apart. */
  applying: boolean;
  /** True once any apply ran. */
  attempted: boolean;
  steps: StoredStep[];
  findingsCleared: StoredFinding[];
  findingsCreated: StoredFinding[];
}

/** 144 random bits, URL-safe: a plan id cannot be guessed, and it passes the node-id rules as is. */
export function newPlanId(): string {
  return randomBytes(18).toString('base64url');
}

export function refOf(connection: SsoConnectionShape): ConnectionRef {
  return { typename: connection.__typename, key: connection.key };
}

/** A digest of everything the upstream told about the connection: any change to it shows as another version. */
export function versionOf(connection: SsoConnectionShape): string {
  return createHash('sha256').update(JSON.stringify(connection)).digest('base64url');
}

export function storeFinding(finding: Finding): StoredFinding {
  return { ...finding, connections: finding.connections.map(refOf) };
}

/** Steps an apply may still act on: never an APPLIED or SKIPPED one, nor a CONFLICT (plan again for that). */
export function isPending(step: StoredStep): boolean {
  return step.status === 'PLANNED' || step.status === 'FAILED' || step.status === 'OUTCOME_UNKNOWN';
}

export function planStatus(plan: StoredPlan, now: number): PlanStatus {
  if (plan.applying) return 'APPLYING';
  if (now >= Date.parse(plan.expiresAt)) return 'EXPIRED';
  const acting = plan.steps.filter((step) => step.status !== 'SKIPPED');
  if (!plan.attempted) return 'PLANNED';
  if (acting.every((step) => step.status === 'APPLIED')) return 'APPLIED';
  if (acting.some((step) => step.status === 'APPLIED')) return 'PARTIALLY_APPLIED';
  return acting.some((step) => step.status !== 'PLANNED') ? 'FAILED' : 'PLANNED';
}

/** JSON.parse for stored plans: a finding's certificate gets its dates back. */
export function parsePlan(text: string): StoredPlan {
  const plan = JSON.parse(text) as StoredPlan;
  for (const finding of [...plan.findingsCleared, ...plan.findingsCreated]) {
    const certificate = finding.certificate;
    if (certificate) {
      finding.certificate = {
        ...certificate,
        createdAt: dateOf(certificate.createdAt),
        expiresAt: dateOf(certificate.expiresAt),
        notBefore: dateOf(certificate.notBefore),
      };
    }
  }
  return plan;
}

function dateOf(value: Date | string | null): Date | null {
  return value === null ? null : new Date(value);
}
