/**
 * Where everything on the certificate timeline goes, in pixels of an SVG as wide as its frame:
 * one group per connection (a label row, then one bar per certificate from notBefore to notAfter),
 * a year axis, today's line and the `withinDays` window after it. Kept apart from the drawing so
 * the geometry reads on its own.
 */
import type { Certificate, Connection } from './connections.ts';
import { connectionName } from './connections.ts';
import { DAY_MS, daysFrom, type Expiry, expiryOf } from './format.ts';

export interface Bar {
  x: number;
  y: number;
  width: number;
  expiry: Expiry;
  /** Published by the IdP's metadata but missing from the connection (a CERTIFICATE_DRIFT finding). */
  drift: boolean;
  fingerprint: string;
  label: string;
}

export interface Group {
  id: string;
  provider: string;
  label: string;
  y: number;
  bars: Bar[];
}

export interface Layout {
  width: number;
  height: number;
  axisY: number;
  ticks: { x: number; label: string }[];
  today: number;
  window: { x: number; width: number };
  groups: Group[];
}

/** A certificate a drift finding names, with the connection that lacks it. */
export interface DriftCertificate {
  connectionId: string;
  certificate: { subject: string | null; fingerprintSha256: string | null; notBefore?: string | null; notAfter?: string | null };
}

const LABEL_ROW = 22;
const BAR_ROW = 18;
const BAR_HEIGHT = 11;
const GROUP_GAP = 8;
const AXIS = 26;
const MARGIN = 8;

interface Dated {
  notBefore: string;
  notAfter: string;
  subject: string | null;
  fingerprint: string;
  drift: boolean;
}

export function layoutTimeline(
  connections: readonly Connection[],
  drift: readonly DriftCertificate[],
  now: number,
  withinDays: number,
  width: number,
): Layout {
  const rows = connections
    .map((connection) => ({ connection, certificates: datedCertificates(connection, drift) }))
    .filter((row) => row.certificates.length > 0);
  const times = rows.flatMap((row) =>
    row.certificates.flatMap((certificate) => [Date.parse(certificate.notBefore), Date.parse(certificate.notAfter)]),
  );
  const windowEnd = now + withinDays * DAY_MS;
  const start = Math.min(now - 30 * DAY_MS, ...times);
  const end = Math.max(windowEnd + 30 * DAY_MS, ...times);
  const scale = (time: number) => MARGIN + ((time - start) / (end - start)) * (width - 2 * MARGIN);
  let y = AXIS;
  const groups = rows.map(({ connection, certificates }): Group => {
    const group: Group = {
      id: connection.id,
      provider: connection.provider,
      label: `${connectionName(connection)} · ${connection.provider}`,
      y,
      bars: [],
    };
    y += LABEL_ROW;
    for (const certificate of certificates) {
      const x = scale(Date.parse(certificate.notBefore));
      const days = daysFrom(now, certificate.notAfter);
      group.bars.push({
        x,
        y: y + (BAR_ROW - BAR_HEIGHT) / 2,
        width: Math.max(2, scale(Date.parse(certificate.notAfter)) - x),
        expiry: expiryOf(days, withinDays),
        drift: certificate.drift,
        fingerprint: certificate.fingerprint,
        label: describeBar(certificate, days),
      });
      y += BAR_ROW;
    }
    y += GROUP_GAP;
    return group;
  });
  return {
    width,
    height: y + MARGIN,
    axisY: AXIS - 8,
    // A year label too close to today's would be drawn over it.
    ticks: yearTicks(start, end)
      .map((time) => ({ x: scale(time), label: String(new Date(time).getUTCFullYear()) }))
      .filter((tick) => Math.abs(tick.x - scale(now)) > 44),
    today: scale(now),
    window: { x: scale(now), width: scale(windowEnd) - scale(now) },
    groups,
  };
}

export const BAR_THICKNESS = BAR_HEIGHT;

function datedCertificates(connection: Connection, drift: readonly DriftCertificate[]): Dated[] {
  const own = connection.certificates.flatMap((certificate: Certificate) =>
    certificate.notBefore && certificate.notAfter
      ? [
          {
            notBefore: certificate.notBefore,
            notAfter: certificate.notAfter,
            subject: certificate.subject,
            fingerprint: certificate.fingerprintSha256 ?? '',
            drift: false,
          },
        ]
      : [],
  );
  const missing = drift.flatMap(({ connectionId, certificate }) =>
    connectionId === connection.id && certificate.notBefore && certificate.notAfter
      ? [
          {
            notBefore: certificate.notBefore,
            notAfter: certificate.notAfter,
            subject: certificate.subject,
            fingerprint: certificate.fingerprintSha256 ?? '',
            drift: true,
          },
        ]
      : [],
  );
  return [...own, ...missing.filter((extra) => !own.some((certificate) => certificate.fingerprint === extra.fingerprint))];
}

function describeBar(certificate: Dated, days: number): string {
  const state = days < 0 ? `expired ${-days} days ago` : `expires in ${days} days`;
  const origin = certificate.drift ? ', published by the IdP metadata but missing from the connection' : '';
  return `${certificate.subject ?? 'certificate'}: ${certificate.notBefore.slice(0, 10)} to ${certificate.notAfter.slice(0, 10)}, ${state}${origin}`;
}

function yearTicks(start: number, end: number): number[] {
  const ticks: number[] = [];
  for (let year = new Date(start).getUTCFullYear() + 1; Date.UTC(year, 0, 1) <= end; year++) ticks.push(Date.UTC(year, 0, 1));
  return ticks;
}
