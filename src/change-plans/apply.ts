/**
 * Applying a plan, step by step, each through its provider's normal write: the caller's scope for
 * that provider and the write limit are checked, the connection is read again (a changed one is a
 * CONFLICT and is not written), a step whose outcome was unknown is settled by that read when the
 * upstream already shows the change, and every attempt leaves an audit record naming the plan and
 * the step. The plan is saved after every step, so an apply cut short resumes where it stopped.
 */
import { createHash } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { canWrite } from '../auth/caller.ts';
import type { GatewayContext } from '../context.ts';
import {
  ConflictError,
  fromUpstream,
  GatewayError,
  NotFoundError,
  PermissionDeniedError,
  ProviderNotConfiguredError,
  RateLimitedError,
  ValidationError,
} from '../graph/errors.ts';
import { auditedCaller } from '../graph/write-guard.ts';
import { UpstreamError } from '../http/upstream-error.ts';
import { isPending, PLAN_TYPENAME, type StepStatus, type StoredError, type StoredPlan, type StoredStep, versionOf } from './plan.ts';
import { type ChangeTarget, SKIP_REASONS } from './planner.ts';
import { inspectTarget } from './planning.ts';
import type { PlanStore } from './store.ts';

export interface ApplyRequest {
  planId: string;
  stepIds: readonly string[] | null;
  continueOnError: boolean;
}

interface Outcome {
  status: StepStatus;
  error?: GatewayError;
}

export async function applyPlan(context: GatewayContext, request: ApplyRequest): Promise<StoredPlan> {
  const store = context.writes.plans;
  const plan = await store.get(request.planId);
  if (!plan) throw new NotFoundError('No change plan with this id: it was never made, or it expired');
  if (Date.now() >= Date.parse(plan.expiresAt)) return plan;
  const pending = selectSteps(plan, request.stepIds).filter(isPending);
  const refused = [...new Set(pending.map((step) => step.provider))].filter((provider) => !canWrite(context.caller, provider));
  if (refused.length > 0) {
    throw new PermissionDeniedError(
      `The caller's scopes do not allow writing to ${refused.join(', ')}; nothing was applied (choose steps with stepIds)`,
    );
  }
  const release = await store.lock(plan.id);
  if (!release) throw new ConflictError('This plan is being applied by another request; read it again shortly');
  try {
    if (pending.length === 0) return plan;
    const target = await inspectTarget(context, plan.target);
    plan.applying = true;
    plan.attempted = true;
    await store.save(plan);
    for (const step of pending) {
      await markInFlight(store, plan, step);
      const outcome = await applyStep(context, plan, step, target);
      step.status = outcome.status;
      step.error = outcome.error ? storedError(outcome.error) : null;
      await store.save(plan);
      if (outcome.status !== 'APPLIED' && !request.continueOnError) break;
    }
    plan.applying = false;
    await store.save(plan);
    return plan;
  } finally {
    if (plan.applying) await settle(store, plan);
    await release();
  }
}

/**
 * Saved before the write as OUTCOME_UNKNOWN: if the process or the store fails after the upstream
 * took the write but before the outcome is saved, the next apply settles the step by reading
 * instead of finding a connection that changed since planning (a false CONFLICT).
 */
async function markInFlight(store: PlanStore, plan: StoredPlan, step: StoredStep): Promise<void> {
  const status = step.status;
  step.status = 'OUTCOME_UNKNOWN';
  await store.save(plan);
  step.status = status;
}

/** An apply cut short by an unexpected error still leaves the plan readable and resumable. */
async function settle(store: PlanStore, plan: StoredPlan): Promise<void> {
  plan.applying = false;
  try {
    await store.save(plan);
  } catch {
    // The error that cut the apply short is the one worth reporting.
  }
}

function selectSteps(plan: StoredPlan, stepIds: readonly string[] | null): StoredStep[] {
  if (stepIds === null) return plan.steps;
  const unknown = stepIds.filter((id) => !plan.steps.some((step) => step.id === id));
  if (unknown.length > 0) {
    throw new ValidationError(
      'stepIds names steps this plan does not have',
      unknown.map((id) => ({ path: ['input', 'stepIds'], message: `no step ${id.slice(0, 40)}` })),
    );
  }
  return plan.steps.filter((step) => stepIds.includes(step.id));
}

async function applyStep(context: GatewayContext, plan: StoredPlan, step: StoredStep, target: ChangeTarget): Promise<Outcome> {
  const started = performance.now();
  const before = context.call.upstreamRequestIds.length;
  const outcome = await attempt(context, step, target);
  context.writes.audit.record({
    requestId: context.requestId,
    caller: auditedCaller(context.caller),
    provider: step.provider,
    operation: 'applySsoChangePlan',
    // The plan id as callers see and pass it (the node id), so records match the apply request's own.
    target: {
      planId: encodeGlobalID(PLAN_TYPENAME, plan.id),
      stepId: step.id,
      connection: `${step.connection.typename}:${step.connection.key}`,
    },
    changes: { fields: step.changes.map((change) => change.field), ...auditedTarget(plan) },
    outcome: outcome.status === 'APPLIED' ? 'success' : (outcome.error?.code ?? outcome.status),
    upstreamRequestIds: context.call.upstreamRequestIds.slice(before),
    durationMs: Math.round(performance.now() - started),
  });
  return outcome;
}

async function attempt(context: GatewayContext, step: StoredStep, target: ChangeTarget): Promise<Outcome> {
  const planner = context.providers.get(step.provider)?.changePlanner;
  if (!planner) return { status: 'FAILED', error: new ProviderNotConfiguredError(step.provider) };
  const decision = await context.writes.limiter.take(context.caller.subject);
  if (!decision.allowed) {
    const limited = new RateLimitedError(`Too many SSO changes by this caller; try again in ${decision.retryAfterSeconds} s`);
    limited.retryAfterSeconds = decision.retryAfterSeconds;
    return { status: 'FAILED', error: limited };
  }
  try {
    const current = await planner.read(step.connection.key);
    if (!current) return { status: 'CONFLICT', error: new ConflictError('The connection is gone since the plan was made', step.provider) };
    const tools = { metadata: context.metadata, signal: context.call.signal };
    // A write that may have landed is settled by reading: if the upstream shows the target, it did.
    if (step.status === 'OUTCOME_UNKNOWN') {
      const draft = await planner.plan(current, target, tools);
      if (draft.kind === 'skip' && draft.reason === SKIP_REASONS.unchanged) return { status: 'APPLIED' };
    }
    if (versionOf(current) !== step.version) {
      return { status: 'CONFLICT', error: new ConflictError('The connection changed since the plan was made: plan again', step.provider) };
    }
    await planner.write(current, target);
    return { status: 'APPLIED' };
  } catch (error) {
    if (error instanceof UpstreamError) {
      const translated = fromUpstream(error);
      return { status: error.outcomeUnknown ? 'OUTCOME_UNKNOWN' : 'FAILED', error: translated };
    }
    if (error instanceof GatewayError) return { status: 'FAILED', error };
    throw error;
  }
}

/** The target as an audit record shows it: the URL, or a document by its size and SHA-256 prefix (it can be 1 MB). */
function auditedTarget(plan: StoredPlan): Record<string, string> {
  const { metadataUrl, metadataXml } = plan.target;
  if (metadataUrl !== null) return { metadataUrl };
  const xml = metadataXml ?? '';
  return { metadataXml: `sha256:${createHash('sha256').update(xml).digest('hex').slice(0, 12)} (${Buffer.byteLength(xml)} bytes)` };
}

function storedError(error: GatewayError): StoredError {
  return { type: error.name, message: error.message, provider: error.provider ?? null };
}
