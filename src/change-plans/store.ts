/**
 * Where plans wait between planning and applying: this process's memory, or Redis (`REDIS_URL`)
 * through the shared values, sealed like every value there, so any replica can apply a plan and
 * no one with access to Redis alone can read or alter it. A plan is kept a little past its
 * `expiresAt`, so that applying it late answers EXPIRED rather than "unknown".
 *
 * An apply holds the plan's lock: a second apply of the same plan (on any replica) is refused
 * instead of sending the same writes twice.
 */
import { randomBytes } from 'node:crypto';
import { UpstreamUnavailableError } from '../graph/errors.ts';
import type { SharedValues } from '../shared-state/shared-state.ts';
import { parsePlan, type StoredPlan } from './plan.ts';

/** How long after `expiresAt` a plan is still kept to answer EXPIRED. */
export const EXPIRED_GRACE_MS = 10 * 60_000;
/** How long one apply may hold a plan's lock (an apply is bounded by the request deadline anyway). */
const LOCK_MS = 10 * 60_000;
/** Plans one process keeps in memory at most; the oldest go first. */
const MAX_MEMORY_PLANS = 10_000;

export interface PlanStore {
  readonly ttlMs: number;
  get(id: string): Promise<StoredPlan | undefined>;
  save(plan: StoredPlan): Promise<void>;
  /** Takes the plan's lock; answers the release, or undefined when another apply holds it. */
  lock(id: string): Promise<(() => Promise<void>) | undefined>;
}

/** `shared`: the Redis-backed values, or undefined for memory. */
export function createPlanStore(shared: SharedValues | undefined, ttlMs: number): PlanStore {
  return shared ? new SharedPlanStore(shared, ttlMs) : new MemoryPlanStore(ttlMs);
}

function keptFor(plan: StoredPlan): number {
  return Math.max(1, Date.parse(plan.expiresAt) + EXPIRED_GRACE_MS - Date.now());
}

class MemoryPlanStore implements PlanStore {
  readonly #plans = new Map<string, { text: string; until: number }>();
  readonly #locks = new Set<string>();

  constructor(readonly ttlMs: number) {}

  async get(id: string): Promise<StoredPlan | undefined> {
    const entry = this.#plans.get(id);
    if (!entry) return undefined;
    if (entry.until <= Date.now()) {
      this.#plans.delete(id);
      return undefined;
    }
    return parsePlan(entry.text);
  }

  async save(plan: StoredPlan): Promise<void> {
    this.#plans.delete(plan.id);
    this.#plans.set(plan.id, { text: JSON.stringify(plan), until: Date.now() + keptFor(plan) });
    for (const [id, entry] of this.#plans) {
      if (this.#plans.size <= MAX_MEMORY_PLANS && entry.until > Date.now()) break;
      this.#plans.delete(id);
    }
  }

  async lock(id: string): Promise<(() => Promise<void>) | undefined> {
    if (this.#locks.has(id)) return undefined;
    this.#locks.add(id);
    return async () => {
      this.#locks.delete(id);
    };
  }
}

class SharedPlanStore implements PlanStore {
  constructor(
    readonly shared: SharedValues,
    readonly ttlMs: number,
  ) {}

  async get(id: string): Promise<StoredPlan | undefined> {
    const text = await this.shared.get(`plan:${id}`);
    return text === undefined ? undefined : parsePlan(text);
  }

  async save(plan: StoredPlan): Promise<void> {
    if (!(await this.shared.put(`plan:${plan.id}`, JSON.stringify(plan), keptFor(plan)))) {
      // Typed, so the caller learns it may try again; a plan kept in one replica's memory instead
      // would be one that the other replicas cannot apply.
      throw new UpstreamUnavailableError('The plan could not be stored: the shared store (Redis) is unavailable. Try again shortly.');
    }
  }

  async lock(id: string): Promise<(() => Promise<void>) | undefined> {
    const token = randomBytes(12).toString('base64url');
    const holder = await this.shared.claim(`plan-lock:${id}`, token, LOCK_MS);
    if (holder !== token) return undefined;
    return () => this.shared.delete(`plan-lock:${id}`);
  }
}
