/**
 * IPv4 addresses and CIDRs.
 *
 * Addresses travel through the engine as dotted-quad strings (readable in traces and
 * snapshots); arithmetic happens on unsigned 32-bit numbers. Parsing is strict: a bad
 * address throws, and callers at the edge (scenario validation) turn that into a message.
 */

export type Ipv4 = string;

export interface Cidr {
  /** network address, dotted quad, host bits cleared */
  readonly net: Ipv4;
  readonly prefix: number;
}

const cache = new Map<string, number>();

export function isIpv4(s: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  return !!m && m.slice(1).every((o) => Number(o) <= 255 && String(Number(o)) === o);
}

export function ipToInt(ip: Ipv4): number {
  const hit = cache.get(ip);
  if (hit !== undefined) return hit;
  if (!isIpv4(ip)) throw new Error(`not an IPv4 address: ${ip}`);
  const n = ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0) >>> 0;
  if (cache.size > 100_000) cache.clear();
  cache.set(ip, n);
  return n;
}

export function intToIp(n: number): Ipv4 {
  const u = n >>> 0;
  return `${u >>> 24}.${(u >>> 16) & 255}.${(u >>> 8) & 255}.${u & 255}`;
}

export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function isCidr(s: string): boolean {
  const [ip, p, extra] = s.split('/');
  if (extra !== undefined || p === undefined || !/^\d{1,2}$/.test(p)) return false;
  return isIpv4(ip) && Number(p) <= 32;
}

/** Parses "10.244.0.0/16"; a bare address is a /32. Host bits are cleared, as `ip route` does. */
export function parseCidr(s: string): Cidr {
  const [ip, p] = s.includes('/') ? s.split('/') : [s, '32'];
  if (!isIpv4(ip) || !/^\d{1,2}$/.test(p) || Number(p) > 32) throw new Error(`not a CIDR: ${s}`);
  const prefix = Number(p);
  return { net: intToIp(ipToInt(ip) & maskOf(prefix)), prefix };
}

export function cidrString(c: Cidr): string {
  return `${c.net}/${c.prefix}`;
}

export function cidrContains(c: Cidr, ip: Ipv4): boolean {
  return (ipToInt(ip) & maskOf(c.prefix)) >>> 0 === ipToInt(c.net);
}

/** The n-th address inside a CIDR (0 = network address). */
export function nthAddress(c: Cidr, n: number): Ipv4 {
  return intToIp(ipToInt(c.net) + n);
}

export function cidrSize(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

/** Splits `parent` into /`prefix` subnets and returns the i-th (host-local subnet allocation). */
export function subnetAt(parent: Cidr, prefix: number, i: number): Cidr {
  if (prefix < parent.prefix) throw new Error(`/${prefix} does not fit in ${cidrString(parent)}`);
  const count = 2 ** (prefix - parent.prefix);
  if (i < 0 || i >= count) throw new Error(`${cidrString(parent)} has only ${count} /${prefix} subnets`);
  return { net: intToIp(ipToInt(parent.net) + i * 2 ** (32 - prefix)), prefix };
}
