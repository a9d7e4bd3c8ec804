/**
 * The operation names `/metrics` may use as label values. Each name costs about 10 KB of series,
 * and names come from callers, so the set is closed: the names the gateway knows (its example
 * operations, and its trusted documents when it runs only those), then the first
 * `GATEWAY_METRICS_MAX_OPERATIONS` (default 50) other names of operations that were run by a caller
 * holding a scope. Anything else is `other`; an operation without a name is `Anonymous`.
 */
export const OTHER = 'other';
export const ANONYMOUS = 'Anonymous';

/** Longer names are never taken in: they would only make every series line longer. */
const MAX_ADMITTED_LENGTH = 64;

export class OperationLabels {
  readonly #known: ReadonlySet<string>;
  readonly #admitted = new Set<string>();
  readonly #maxAdmitted: number;

  constructor(known: Iterable<string>, maxAdmitted: number) {
    this.#known = new Set(known);
    this.#maxAdmitted = maxAdmitted;
  }

  /** The label for an operation's name; `mayAdmit` says whether this operation may add its name. */
  labelFor(name: string | null, mayAdmit: boolean): string {
    if (name === null) return ANONYMOUS;
    if (this.#known.has(name) || this.#admitted.has(name)) return name;
    if (mayAdmit && this.#admitted.size < this.#maxAdmitted && name.length <= MAX_ADMITTED_LENGTH) {
      this.#admitted.add(name);
      return name;
    }
    return OTHER;
  }
}
