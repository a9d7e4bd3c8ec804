/**
 * Which network addresses the gateway must never make, or have an upstream make, a request to.
 * A URL we fetch (or hand to an SSO provider to fetch) that lands on one of these would reach into
 * the network the gateway runs in (SSRF). One list, used both by the input validators (IP
 * literals and well-known names in URLs) and by the metadata fetcher (every address a name
 * resolves to).
 */
import { BlockList, isIP } from 'node:net';

const FORBIDDEN_IPV4: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT (Alibaba's metadata service lives here)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments (Oracle's metadata service lives here)
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const FORBIDDEN_IPV6: ReadonlyArray<readonly [string, number]> = [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible form
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local (ULA)
  ['fd00:ec2::', 32], // AWS metadata over IPv6 (fd00:ec2::254), inside ULA but named for clarity
  ['fe80::', 10], // link-local
  ['fec0::', 10], // deprecated site-local
  ['ff00::', 8], // multicast
];

const FORBIDDEN = new BlockList();
for (const [network, prefix] of FORBIDDEN_IPV4) FORBIDDEN.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of FORBIDDEN_IPV6) FORBIDDEN.addSubnet(network, prefix, 'ipv6');

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Cloud metadata services reachable by name, refused before any lookup. */
export const METADATA_HOSTS: ReadonlySet<string> = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

/**
 * True for an address in a forbidden range. Accepts bare addresses and bracketed IPv6
 * (`[::1]`, as `URL.hostname` gives it). IPv4 addresses carried inside IPv6 (mapped `::ffff:…`,
 * NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are judged by the IPv4 address they lead to.
 * Anything that is not an IP address at all returns false: names are checked after resolution.
 */
export function isForbiddenAddress(ip: string): boolean {
  const address = unbracket(ip);
  const version = isIP(address);
  if (version === 0) return false;
  if (version === 4) return FORBIDDEN.check(address, 'ipv4');
  const embedded = embeddedIpv4(address);
  if (embedded !== undefined) return FORBIDDEN.check(embedded, 'ipv4');
  return FORBIDDEN.check(address, 'ipv6');
}

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback (`::ffff:127.0.0.1`). */
export function isLoopbackAddress(ip: string): boolean {
  const address = unbracket(ip);
  const version = isIP(address);
  if (version === 0) return false;
  if (version === 4) return LOOPBACK.check(address, 'ipv4');
  const embedded = embeddedIpv4(address);
  return embedded === undefined ? LOOPBACK.check(address, 'ipv6') : LOOPBACK.check(embedded, 'ipv4');
}

/**
 * `localhost`, 127.x.x.x or `::1` as written in a URL: the only hosts the sandbox may use plain
 * http with. Stricter than `isLoopbackAddress` on purpose: odd spellings such as
 * `[::ffff:127.0.0.1]` are no sandbox URL anyone writes, so they get no exception either.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = unbracket(normalizeHostname(hostname));
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && LOOPBACK.check(host, 'ipv4');
}

/** True when the name is one of the cloud metadata services (trailing dots and case ignored). */
export function isMetadataHost(hostname: string): boolean {
  return METADATA_HOSTS.has(normalizeHostname(hostname));
}

/**
 * `localhost` and every name under it (trailing dots and case ignored): resolvers answer these
 * with a loopback address without asking DNS (RFC 6761), so wherever such a name is resolved, the
 * gateway's or an upstream's, it leads back to that host.
 */
export function isLoopbackName(hostname: string): boolean {
  const host = normalizeHostname(hostname);
  return host === 'localhost' || host.endsWith('.localhost');
}

/**
 * A host, as `URL.hostname` gives it, that is refused without resolving it: an address literal in
 * a forbidden range, a cloud-metadata name or a loopback name. Any other name passes here: only
 * the resolver that connects can judge it (the gateway's own fetch checks every address; an
 * upstream's resolver is out of our sight).
 */
export function isForbiddenHost(hostname: string): boolean {
  return isForbiddenAddress(hostname) || isMetadataHost(hostname) || isLoopbackName(hostname);
}

function normalizeHostname(hostname: string): string {
  return hostname.toLowerCase().replace(/\.+$/, '');
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * The IPv4 address an IPv6 address stands for, where it stands for one: mapped (`::ffff:a.b.c.d`),
 * NAT64 well-known prefix (`64:ff9b::a.b.c.d`) and 6to4 (`2002:AABB:CCDD::`). Without this,
 * `::ffff:a9fe:a9fe` would be a way to write 169.254.169.254.
 */
function embeddedIpv4(ipv6: string): string | undefined {
  const words = ipv6Words(ipv6);
  if (!words) return undefined;
  const isMapped = words.slice(0, 5).every((word) => word === 0) && words[5] === 0xffff;
  const isNat64 = words[0] === 0x64 && words[1] === 0xff9b && words.slice(2, 6).every((word) => word === 0);
  if (isMapped || isNat64) return wordsToIpv4(words[6] ?? 0, words[7] ?? 0);
  if (words[0] === 0x2002) return wordsToIpv4(words[1] ?? 0, words[2] ?? 0);
  return undefined;
}

/** The eight 16-bit words of a valid IPv6 address (any spelling, with or without a dotted tail). */
function ipv6Words(ipv6: string): number[] | undefined {
  const withoutZone = ipv6.split('%')[0] ?? '';
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(withoutZone);
  const hex = dotted ? `${dotted[1]}${ipv4ToWords(dotted[2] ?? '')}` : withoutZone;
  const [head = '', tail] = hex.split('::');
  const headWords = head === '' ? [] : head.split(':');
  const tailWords = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array<string>(8 - headWords.length - tailWords.length).fill('0');
  const words = [...headWords, ...zeros, ...tailWords].map((word) => Number.parseInt(word, 16));
  return words.length === 8 && words.every((word) => Number.isInteger(word)) ? words : undefined;
}

function ipv4ToWords(ipv4: string): string {
  const [a = 0, b = 0, c = 0, d = 0] = ipv4.split('.').map(Number);
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

function wordsToIpv4(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}
