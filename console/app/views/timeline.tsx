/**
 * Every certificate as a bar from notBefore to notAfter, grouped by connection, with today and the
 * `withinDays` window marked: expired bars end left of today, expiring ones inside the window,
 * and certificates the IdP publishes but a connection lacks (drift) are drawn dashed.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Failures } from '../failures.tsx';
import { DEFAULT_WITHIN_DAYS } from '../format.ts';
import { ConsoleConnectionsDocument, ConsoleHealthDocument } from '../generated.ts';
import { href } from '../route.ts';
import { QueryStatus } from '../status.tsx';
import { BAR_THICKNESS, type DriftCertificate, type Layout, layoutTimeline } from '../timeline-layout.ts';
import { useQuery } from '../use-query.ts';

export function TimelineView() {
  const [withinDays, setWithinDays] = useState(DEFAULT_WITHIN_DAYS);
  const [connections, reload] = useQuery(ConsoleConnectionsDocument, {});
  const [health] = useQuery(ConsoleHealthDocument, { withinDays });
  const width = useFrameWidth();
  const now = useMemo(() => Date.now(), []);
  const drift: DriftCertificate[] =
    health.status === 'done'
      ? health.data.ssoHealth.findings.flatMap(({ kind, certificate, connections }) =>
          kind === 'CERTIFICATE_DRIFT' && certificate
            ? connections.map((connection) => ({ connectionId: connection.id, certificate }))
            : [],
        )
      : [];
  const layout =
    connections.status === 'done' ? layoutTimeline(connections.data.ssoConnections.nodes, drift, now, withinDays, width.value) : undefined;

  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">Certificate timeline</h2>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Expiring window (days)
          <input
            type="number"
            min={1}
            max={365}
            name="withinDays"
            value={withinDays}
            onChange={(event) => {
              const value = Number(event.currentTarget.value);
              if (Number.isInteger(value) && value >= 1 && value <= 365) setWithinDays(value);
            }}
          />
        </label>
      </form>
      <Legend withinDays={withinDays} />
      <QueryStatus state={connections} retry={reload} what="certificates" />
      {connections.status === 'done' && <Failures failures={connections.data.ssoConnections.failures} />}
      <div class="timeline-frame" ref={width.ref}>
        {layout && <Chart layout={layout} withinDays={withinDays} />}
      </div>
    </section>
  );
}

function Chart({ layout, withinDays }: { layout: Layout; withinDays: number }) {
  const bars = layout.groups.flatMap((group) => group.bars);
  const count = (expiry: string) => bars.filter((bar) => bar.expiry === expiry).length;
  return (
    <svg
      class="timeline"
      role="img"
      aria-labelledby="timeline-caption"
      width={layout.width}
      height={layout.height}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
    >
      <title id="timeline-caption">
        {`${bars.length} certificates on ${layout.groups.length} connections: ${count('expired')} expired, ${count('expiring')} expiring within ${withinDays} days, ${bars.filter((bar) => bar.drift).length} missing from their connection`}
      </title>
      <rect
        class="window"
        x={layout.window.x}
        y={layout.axisY}
        width={layout.window.width}
        height={layout.height - layout.axisY}
        data-window-days={withinDays}
      />
      {layout.ticks.map((tick) => (
        <g key={tick.label} class="tick">
          <line x1={tick.x} x2={tick.x} y1={layout.axisY} y2={layout.height} />
          <text x={tick.x + 3} y={layout.axisY - 4}>
            {tick.label}
          </text>
        </g>
      ))}
      {layout.groups.map((group) => (
        <g key={group.id} class="group" data-connection={group.id} data-provider={group.provider}>
          <a href={href('connections', { focus: group.id })}>
            <text class="group-label" x={8} y={group.y + 15}>
              {group.label}
            </text>
          </a>
          {group.bars.map((bar) => (
            <rect
              key={`${bar.fingerprint}-${bar.y}`}
              class={`bar bar-${bar.expiry}${bar.drift ? ' bar-drift' : ''}`}
              x={bar.x}
              y={bar.y}
              width={bar.width}
              height={BAR_THICKNESS}
              rx={2}
              data-expiry={bar.expiry}
              data-drift={bar.drift ? 'true' : undefined}
              aria-label={bar.label}
            >
              <title>{bar.label}</title>
            </rect>
          ))}
        </g>
      ))}
      <line class="today" x1={layout.today} x2={layout.today} y1={layout.axisY} y2={layout.height} data-today="true" />
      <text class="today-label" x={layout.today + 3} y={layout.axisY - 4}>
        today
      </text>
    </svg>
  );
}

function Legend({ withinDays }: { withinDays: number }) {
  return (
    <ul class="legend" aria-label="Legend">
      <li>
        <span class="swatch bar-expired" /> expired
      </li>
      <li>
        <span class="swatch bar-expiring" /> expires within {withinDays} days
      </li>
      <li>
        <span class="swatch bar-valid" /> valid longer
      </li>
      <li>
        <span class="swatch bar-drift" /> published by the IdP, missing from the connection (drift)
      </li>
      <li>
        <span class="swatch window" /> today and the next {withinDays} days
      </li>
    </ul>
  );
}

/** The chart is drawn in CSS pixels at its frame's width, so its text stays readable on a phone. */
function useFrameWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [value, setValue] = useState(960);
  useEffect(() => {
    const frame = ref.current;
    if (!frame) return;
    const observer = new ResizeObserver(() => setValue(Math.max(280, Math.floor(frame.clientWidth))));
    observer.observe(frame);
    return () => observer.disconnect();
  }, []);
  return { ref, value };
}
