/** The certificate timeline's geometry (console/app/timeline-layout.ts), without a browser. */
import { describe, expect, it } from 'vitest';
import type { Connection } from '../console/app/connections.ts';
import { filterConnections, soonestExpiry } from '../console/app/connections.ts';
import { layoutTimeline } from '../console/app/timeline-layout.ts';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const day = (offset: number) => new Date(NOW + offset * 86_400_000).toISOString();

function connection(id: string, domains: string[], validity: [number, number][]): Connection {
  return {
    id,
    provider: 'P',
    protocol: 'SAML',
    displayName: id,
    status: 'ACTIVE',
    domains,
    idpEntityId: null,
    certificates: validity.map(([from, to], index) => ({
      subject: `CN=${id}-${index}`,
      issuer: null,
      notBefore: day(from),
      notAfter: day(to),
      daysUntilExpiry: to,
      fingerprintSha256: `${id}:${index}`,
      source: 'UPSTREAM',
      use: 'SIGNING',
    })),
  } as unknown as Connection;
}

describe('certificate timeline layout', () => {
  const connections = [
    connection(
      'a',
      ['a.example'],
      [
        [-700, -5],
        [-10, 700],
      ],
    ),
    connection('b', ['b.example'], [[-300, 20]]),
    connection('none', ['c.example'], []),
  ];

  it('draws one group per connection with certificates, each bar classed by its expiry', () => {
    const layout = layoutTimeline(connections, [], NOW, 30, 1000);
    expect(layout.groups.map((group) => group.id)).toEqual(['a', 'b']);
    expect(layout.groups.flatMap((group) => group.bars.map((bar) => bar.expiry))).toEqual(['expired', 'valid', 'expiring']);
    for (const bar of layout.groups.flatMap((group) => group.bars)) {
      expect(bar.x).toBeGreaterThanOrEqual(0);
      expect(bar.x + bar.width).toBeLessThanOrEqual(1000);
    }
    // The expired bar ends left of today; the window starts at today and is 30 days wide.
    const [expired] = layout.groups[0]?.bars ?? [];
    expect((expired?.x ?? 0) + (expired?.width ?? 0)).toBeLessThan(layout.today);
    expect(layout.window.x).toBe(layout.today);
    expect(layout.window.width).toBeGreaterThan(0);
    expect(layout.ticks.every((tick) => Math.abs(tick.x - layout.today) > 44)).toBe(true);
  });

  it('adds a certificate a drift finding names once, dashed, unless the connection already has it', () => {
    const missing = { subject: 'CN=new', fingerprintSha256: 'new', notBefore: day(-1), notAfter: day(900) };
    const known = { subject: 'CN=b-0', fingerprintSha256: 'b:0', notBefore: day(-300), notAfter: day(20) };
    const layout = layoutTimeline(
      connections,
      [
        { connectionId: 'b', certificate: missing },
        { connectionId: 'b', certificate: known },
      ],
      NOW,
      30,
      800,
    );
    const bars = layout.groups.find((group) => group.id === 'b')?.bars ?? [];
    expect(bars.map((bar) => [bar.fingerprint, bar.drift])).toEqual([
      ['b:0', false],
      ['new', true],
    ]);
    expect(bars[1]?.label).toContain('missing from the connection');
  });
});

describe('connections table helpers', () => {
  it('filters by any part of a domain and by provider, and finds the soonest expiry', () => {
    const all = [connection('a', ['acme.example'], []), connection('b', ['globex.example', 'x.example'], [[-5, 10]])];
    expect(filterConnections(all, 'GLOBEX', '').map((item) => item.id)).toEqual(['b']);
    expect(filterConnections(all, '', 'Q')).toEqual([]);
    expect(soonestExpiry(all[1] as Connection, NOW)).toMatchObject({ days: 10, expiry: 'expiring' });
    expect(soonestExpiry(all[0] as Connection, NOW)).toBeUndefined();
  });
});
