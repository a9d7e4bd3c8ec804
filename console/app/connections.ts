/** What the connections table and the timeline derive from one ConsoleConnections answer. */
import { DEFAULT_WITHIN_DAYS, daysFrom, type Expiry, expiryOf } from './format.ts';
import type { ConsoleConnectionsQuery } from './generated.ts';

export type Connection = ConsoleConnectionsQuery['ssoConnections']['nodes'][number];
export type Certificate = Connection['certificates'][number];

export interface SoonestExpiry {
  notAfter: string;
  days: number;
  expiry: Expiry;
}

export function soonestExpiry(connection: Connection, now: number, withinDays = DEFAULT_WITHIN_DAYS): SoonestExpiry | undefined {
  const dates = connection.certificates.flatMap((certificate) => (certificate.notAfter ? [certificate.notAfter] : []));
  const [notAfter] = dates.sort();
  if (notAfter === undefined) return undefined;
  const days = daysFrom(now, notAfter);
  return { notAfter, days, expiry: expiryOf(days, withinDays) };
}

export function connectionName(connection: { displayName: string | null; id: string }): string {
  return connection.displayName ?? '(unnamed)';
}

/** Case-insensitive: connections with a domain containing `text` and, when one is chosen, of `provider`. */
export function filterConnections(connections: readonly Connection[], text: string, provider: string): Connection[] {
  const needle = text.trim().toLowerCase();
  return connections.filter(
    (connection) =>
      (provider === '' || connection.provider === provider) &&
      (needle === '' || connection.domains.some((domain) => domain.toLowerCase().includes(needle))),
  );
}
