import { describe, expect, it } from 'vitest';
import { formatRoute, formatRouteTable } from '../../tables/route';
import { calicoCluster } from './test-helpers';
import { caliVethName, calicoVtepMac } from './names';

describe('calico bgp node programming (calico.md §1, §3.1)', () => {
  const c = calicoCluster();
  it('names host veths cali + sha1(<ns>.<pod>)[:11] (real examples)', () => {
    expect(caliVethName('default', 'web-0')).toBe('cali0d7763386da');
    expect(caliVethName('default', 'client-0')).toBe('cali56a6d256ab4');
  });
  it('gives node1 the first /26 of the default pool with a BIRD blackhole, a /32 per pod and BIRD routes to node2', () => {
    expect(formatRouteTable(c.netns.node1)).toEqual([
      'default via 192.168.1.1 dev eth0 proto dhcp src 192.168.1.10 metric 100',
      `192.168.0.0 dev ${caliVethName('default', 'a')} scope link`,
      'blackhole 192.168.0.0/26 proto bird',
      `192.168.0.1 dev ${caliVethName('default', 'b')} scope link`,
      '192.168.0.64/26 via 192.168.1.11 dev eth0 proto bird',
      '192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10',
    ]);
    expect(c.nodes.map((n) => `${n.podCidr.net}/${n.podCidr.prefix}`)).toEqual(['192.168.0.0/26', '192.168.0.64/26']);
  });
  it('puts the pod on a /32 routed via 169.254.1.1, no bridge, host side ee:ee:ee:ee:ee:ee with proxy_arp', () => {
    const pod = c.netns['pod:default/a'];
    expect(pod.interfaces.find((d) => d.name === 'eth0')).toMatchObject({ mtu: 1500, addrs: [{ ip: '192.168.0.0', prefix: 32 }] });
    expect(formatRouteTable(pod)).toEqual(['default via 169.254.1.1 dev eth0', '169.254.1.1 dev eth0 scope link']);
    const host = c.netns.node1.interfaces.find((d) => d.name === caliVethName('default', 'a'))!;
    expect(host).toMatchObject({ mac: 'ee:ee:ee:ee:ee:ee', addrs: [], sysctl: { proxyArp: true, forwarding: true } });
    expect(c.netns.node1.interfaces.some((d) => d.kind === 'bridge')).toBe(false);
    expect(c.netns.node1.neigh).toContainEqual({ ip: '192.168.0.0', dev: host.name, mac: pod.interfaces[1].mac, state: 'PERMANENT' });
  });
  it('writes natOutgoing: cali-nat-outgoing MASQUERADEs pool sources to non-pool destinations', () => {
    const nat = c.netns.node1.netfilter.nat!;
    expect(nat['cali-nat-outgoing'].rules[0].target).toEqual({ kind: 'MASQUERADE', randomFully: true });
    expect(c.netns.node1.ipsets?.['cali40masq-ipam-pools'].members).toEqual(['192.168.0.0/16']);
    expect(calicoCluster({ calico: { natOutgoing: false } }).netns.node1.netfilter.nat!['cali-nat-outgoing'].rules).toEqual([]);
  });
  it('lets BIRD listen on TCP 179', () => {
    expect(c.netns.node1.sockets).toContainEqual(expect.objectContaining({ proto: 'tcp', port: 179 }));
  });
});

describe('calico tunnel modes (calico.md §3, §7)', () => {
  it('ipip: tunl0 1480 with the block .0 as /32, BIRD routes via tunl0 onlink, pods 1480', () => {
    const c = calicoCluster({ mode: 'ipip' });
    const tunl0 = c.netns.node1.interfaces.find((d) => d.name === 'tunl0')!;
    expect(tunl0).toMatchObject({ kind: 'ipip', mtu: 1480, addrs: [{ ip: '192.168.0.0', prefix: 32 }], ipip: { ttl: 0, pmtudisc: false } });
    expect(c.netns.node1.routes.map(formatRoute)).toContain('192.168.0.64/26 via 192.168.1.11 dev tunl0 proto bird onlink');
    expect(c.netns['pod:default/a'].interfaces.find((d) => d.name === 'eth0')).toMatchObject({ mtu: 1480, addrs: [{ ip: '192.168.0.1', prefix: 32 }] });
  });
  it('vxlan: vxlan.calico VNI 4096 port 4789 1450, Felix routes via the peer VTEP, blackhole proto 80, neighbour + FDB', () => {
    const c = calicoCluster({ mode: 'vxlan' });
    const n1 = c.netns.node1;
    const vx = n1.interfaces.find((d) => d.name === 'vxlan.calico')!;
    expect(vx).toMatchObject({ mtu: 1450, mac: calicoVtepMac('node1'), addrs: [{ ip: '192.168.0.0', prefix: 32 }] });
    expect(vx.vxlan).toMatchObject({ vni: 4096, port: 4789, local: '192.168.1.10', dev: 'eth0', learning: false });
    expect(calicoVtepMac('node-a')).toBe('66:07:02:c1:cc:60');
    expect(n1.routes.map(formatRoute)).toEqual(
      expect.arrayContaining(['blackhole 192.168.0.0/26 proto 80', '192.168.0.64/26 via 192.168.0.64 dev vxlan.calico onlink']),
    );
    expect(n1.neigh).toContainEqual({ ip: '192.168.0.64', dev: 'vxlan.calico', mac: calicoVtepMac('node2'), state: 'PERMANENT' });
    expect(n1.fdb).toContainEqual({ mac: calicoVtepMac('node2'), dev: 'vxlan.calico', dst: '192.168.1.11', self: true, permanent: true });
    expect(n1.sockets.some((s) => s.port === 179)).toBe(false);
  });
  it('wireguard: wireguard.cali 1440, rule 99 to table 1, peer blocks in table 1, pods 1440', () => {
    const c = calicoCluster({ mode: 'wireguard' });
    const n1 = c.netns.node1;
    expect(n1.interfaces.find((d) => d.name === 'wireguard.cali')).toMatchObject({ kind: 'wireguard', mtu: 1440 });
    expect(n1.rules).toEqual([{ prio: 99, not: true, fwmark: { value: 0x200000, mask: 0x200000 }, table: 1 }]);
    expect(n1.routeTables?.[1].map(formatRoute)).toEqual(['192.168.0.64/26 dev wireguard.cali scope link', '192.168.0.64 dev wireguard.cali scope link']);
    expect(n1.routes.map(formatRoute)).toContain('192.168.0.64/26 via 192.168.1.11 dev eth0 proto bird');
    expect(c.netns['pod:default/a'].interfaces.find((d) => d.name === 'eth0')!.mtu).toBe(1440);
  });
  const subnets = [
    { name: 'node1', ip: '10.0.0.10', subnet: '10.0.0.0/24' },
    { name: 'node2', ip: '10.0.0.11', subnet: '10.0.0.0/24' },
    { name: 'node3', ip: '10.0.1.12', subnet: '10.0.1.0/24' },
  ];
  const pods = [{ name: 'a', node: 'node1' }];
  it('ipip-crosssubnet: plain eth0 routes inside the subnet, tunl0 across it; the pod MTU still pays 20', () => {
    const c = calicoCluster({ mode: 'ipip-crosssubnet', nodes: subnets, pods });
    const rs = c.netns.node1.routes.map(formatRoute);
    expect(rs).toContain('192.168.0.64/26 via 10.0.0.11 dev eth0 proto bird');
    expect(rs).toContain('192.168.0.128/26 via 10.0.1.12 dev tunl0 proto bird onlink');
    expect(c.netns['pod:default/a'].interfaces.find((d) => d.name === 'eth0')!.mtu).toBe(1480);
  });
  it('vxlan-crosssubnet: Felix `via <node> dev eth0 proto 80 onlink` inside the subnet, vxlan.calico across it', () => {
    const c = calicoCluster({ mode: 'vxlan-crosssubnet', nodes: subnets, pods });
    const rs = c.netns.node1.routes.map(formatRoute);
    expect(rs).toContain('192.168.0.64/26 via 10.0.0.11 dev eth0 proto 80 onlink');
    expect(rs).toContain('192.168.0.128/26 via 192.168.0.128 dev vxlan.calico onlink');
    expect(c.netns['pod:default/a'].interfaces.find((d) => d.name === 'eth0')!.mtu).toBe(1450);
  });
});
