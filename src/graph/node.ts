/**
 * Composite keys inside Relay global IDs. Pothos encodes `Typename:key` in base64 and keeps every
 * colon after the first in the key, so parts are percent-encoded and joined with `:`.
 */
export function joinKey(...parts: string[]): string {
  return parts.map(encodeURIComponent).join(':');
}

/** Splits a key made by `joinKey`; `null` when it does not have exactly `count` parts. */
export function splitKey(key: string, count: number): string[] | null {
  const parts = key.split(':');
  if (parts.length !== count) return null;
  try {
    return parts.map(decodeURIComponent);
  } catch {
    return null;
  }
}
