/** Which limit an MTU check met, and its words (kept apart so the page's first load can print it). */
export type MtuLimit = 'device' | 'route' | 'pmtu';

/** `eth0 mtu 1450`, `the route's mtu 1450 (via eth0)`, `the cached path MTU 1400 (via eth0)` */
export function mtuLimitText(c: { readonly device: string; readonly mtu: number; readonly limit?: MtuLimit }): string {
  if (c.limit === 'pmtu') return `the cached path MTU ${c.mtu} (via ${c.device})`;
  if (c.limit === 'route') return `the route's mtu ${c.mtu} (via ${c.device})`;
  return `${c.device} mtu ${c.mtu}`;
}
