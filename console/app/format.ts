/** Dates and day counts as the console shows them. */
const DAY_MS = 86_400_000;

export function formatDate(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '—';
}

/** Whole days from now to `iso` (negative once past), as the gateway counts them. */
export function daysFrom(now: number, iso: string): number {
  return Math.floor((Date.parse(iso) - now) / DAY_MS);
}

export function describeDays(days: number): string {
  if (days < 0) return `expired ${-days} day${days === -1 ? '' : 's'} ago`;
  if (days === 0) return 'expires today';
  return `in ${days} day${days === 1 ? '' : 's'}`;
}

export type Expiry = 'expired' | 'expiring' | 'valid';

export function expiryOf(days: number, withinDays: number): Expiry {
  if (days < 0) return 'expired';
  return days <= withinDays ? 'expiring' : 'valid';
}

export const DEFAULT_WITHIN_DAYS = 30;
export { DAY_MS };
