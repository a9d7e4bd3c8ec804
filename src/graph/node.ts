/**
 * Node ids: Relay global IDs carry upstream ids, so they get the checks field arguments get.
 * Pothos encodes `Typename:key` in base64 and keeps every colon after the first in the key; a
 * composite key's parts are percent-encoded and joined with `:`. Every upstream id in a decoded
 * key is checked by `upstreamId` before any loader sees it, and one `nodes(ids:)` takes at most
 * `GATEWAY_MAX_NODE_IDS` ids, so a single read cannot fan out into hundreds of upstream calls.
 */
import { decodeGlobalID } from '@pothos/plugin-relay';
import { ValidationError } from './gateway-error.ts';
import { upstreamId } from './validators.ts';

export function joinKey(...parts: string[]): string {
  return parts.map(encodeURIComponent).join(':');
}

/** Splits a key made by `joinKey`; `null` when it does not have exactly `count` parts. */
export function splitKey(key: string, count: number): string[] | null {
  const parts = key.split(':').map(decodePart);
  return parts.length === count && parts.every((part) => part !== undefined) ? parts : null;
}

function decodePart(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

/**
 * The relay plugin's `decodeGlobalID`: Pothos's own decoding, then the upstream ids in the key
 * through `upstreamId`, as if they came as field arguments. A key is one upstream id as is, or
 * two made by `joinKey`. A refused id fails its field with VALIDATION_FAILED, whose message never
 * repeats the id. (A one-part id holding a colon would be read as two; no provider's ids do.)
 */
export function decodeNodeId(globalID: string): { typename: string; id: string } {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalID);
  } catch {
    throw invalidNodeId('is not a global ID the gateway gave');
  }
  const parts = decoded.id.split(':');
  if (parts.length > 2) throw invalidNodeId('holds more than two upstream ids');
  for (const part of parts.length === 1 ? parts : parts.map(decodePart)) {
    if (part === undefined) throw invalidNodeId('is not percent-encoded correctly');
    const checked = upstreamId.safeParse(part);
    if (!checked.success) throw invalidNodeId(`holds an upstream id that ${checked.error.issues[0]?.message ?? 'is refused'}`);
  }
  return decoded;
}

function invalidNodeId(problem: string): ValidationError {
  return new ValidationError(`Invalid node id: it ${problem}`, [{ path: [], message: problem }]);
}

export const NODE_DESCRIPTION =
  'Fetches any object by its global ID. An ID whose upstream id breaks the rules of the field arguments ' +
  '(blank, padded, over 256 characters, or holding /, \\, ?, # or control characters) fails with VALIDATION_FAILED ' +
  'before any upstream call; an unknown one answers null.';

export const NODES_DESCRIPTION =
  'Fetches objects by their global IDs, in order, null for each unknown one. At most GATEWAY_MAX_NODE_IDS IDs ' +
  '(100 unless configured): more fail with VALIDATION_FAILED before any upstream call, as does a list holding an ' +
  'ID that `node` refuses.';

/** The ids of one `nodes(ids:)`, or VALIDATION_FAILED naming the cap when there are more than `max`. */
export function capNodeIds<T>(ids: readonly T[], max: number): T[] {
  if (ids.length > max) {
    const message = `must list at most ${max} ids (GATEWAY_MAX_NODE_IDS)`;
    throw new ValidationError(`nodes(ids:) ${message}; ${ids.length} were given`, [{ path: ['ids'], message }]);
  }
  return [...ids];
}
