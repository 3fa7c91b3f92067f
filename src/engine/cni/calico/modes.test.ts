/** Per mode: ping same-node and cross-node, with the TTLs and the hop kinds the datapath shows (kernel oracle: 63 / 62). */
import { describe, expect, it } from 'vitest';
import { calicoLab, ping } from './test-helpers';

const TUNNEL: Record<string, string | undefined> = { ipip: 'tunl0', vxlan: 'vxlan.calico', wireguard: 'wireguard.cali' };

describe.each(['bgp', 'ipip', 'vxlan', 'wireguard', 'ipip-crosssubnet', 'vxlan-crosssubnet'])('calico %s', (mode) => {
  const lab = calicoLab({ mode });
  it('routes same-node pods through the node (TTL 63), proxy ARP for 169.254.1.1, no bridge', () => {
    const t = ping(lab, 'a', 'b');
    expect(t).toMatchObject({ verdict: 'delivered', replyTtl: 63 });
    const kinds = t.hops.map((h) => h.kind);
    expect(kinds).toContain('forward');
    expect(kinds).not.toContain('bridge');
    expect(t.hops.find((h) => h.kind === 'arp')?.note).toMatch(/169\.254\.1\.1.*proxy ARP/);
  });
  it('crosses nodes with TTL 62, encapsulated as the mode says', () => {
    const t = ping(lab, 'a', 'c');
    expect(t).toMatchObject({ verdict: 'delivered', replyTtl: 62 });
    const dev = TUNNEL[mode];
    const encap = t.hops.filter((h) => h.kind === 'encap');
    if (dev) expect(encap[0]?.device).toBe(dev);
    // CrossSubnet: both nodes share a subnet here, so nothing is encapsulated
    else expect(encap).toEqual([]);
  });
});

it('crosssubnet modes encapsulate nothing between nodes of one subnet', () => {
  for (const mode of ['ipip-crosssubnet', 'vxlan-crosssubnet']) expect(ping(calicoLab({ mode }), 'a', 'c').hops.some((h) => h.kind === 'encap')).toBe(false);
});
