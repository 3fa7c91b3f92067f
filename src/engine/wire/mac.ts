/**
 * MAC addresses. The engine has no randomness, so a device's MAC is derived from a stable
 * name with FNV-1a and marked locally administered (bit 1 of the first octet set, bit 0
 * clear), as the kernel does for random veth/bridge addresses (eth_random_addr).
 */

export type Mac = string;

export const BROADCAST_MAC: Mac = 'ff:ff:ff:ff:ff:ff';
export const ZERO_MAC: Mac = '00:00:00:00:00:00';

function fnv1a(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A deterministic, locally administered unicast MAC for `name`. */
export function macFor(name: string): Mac {
  const a = fnv1a(name, 0);
  const b = fnv1a(name, 0x9e3779b9);
  const bytes = [(a >>> 24) & 0xff, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff, (b >>> 8) & 0xff, b & 0xff];
  bytes[0] = (bytes[0] & 0xfc) | 0x02;
  return bytes.map((x) => x.toString(16).padStart(2, '0')).join(':');
}

export function isMac(s: string): boolean {
  return /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(s);
}
