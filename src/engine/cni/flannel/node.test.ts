import { describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import { HostLocalRange } from '../ipam/host-local';
import { clusterSchema } from '../../model/scenario-schema';
import { formatRoute } from '../../tables/route';
import { parseCidr } from '../../wire/ipv4';

function cluster(extra: Record<string, unknown> = {}) {
  const spec = clusterSchema.parse({
    nodes: [
      { name: 'node1', ip: '192.168.1.10' },
      { name: 'node2', ip: '192.168.1.11' },
    ],
    pods: [
      { name: 'a', node: 'node1' },
      { name: 'c', node: 'node2' },
    ],
    ...extra,
  });
  const b = buildCluster(spec);
  if (!b.ok) throw new Error(JSON.stringify(b.errors));
  return b.cluster;
}

describe('flannel vxlan programming', () => {
  const c = cluster();
  const node1 = c.netns.node1;
  it('gives node1 the routes flanneld writes (REFERENCE §6.2)', () => {
    expect(node1.routes.map(formatRoute)).toEqual([
      'default via 192.168.1.1 dev eth0 proto dhcp src 192.168.1.10 metric 100',
      '192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10',
      '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1',
      '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink',
    ]);
  });
  it('creates flannel.1 with VNI 1, port 8472, MTU NIC − 50 and a /32 VTEP address', () => {
    const vx = node1.interfaces.find((d) => d.name === 'flannel.1')!;
    expect(vx.mtu).toBe(1450);
    expect(vx.vxlan).toMatchObject({ vni: 1, port: 8472, local: '192.168.1.10', dev: 'eth0', learning: false });
    expect(vx.addrs).toEqual([{ ip: '10.244.1.0', prefix: 32 }]);
  });
  it('adds a PERMANENT neighbour and an FDB entry per remote VTEP', () => {
    const mac = c.netns.node2.interfaces.find((d) => d.name === 'flannel.1')!.mac;
    expect(node1.neigh).toEqual([{ ip: '10.244.2.0', dev: 'flannel.1', mac, state: 'PERMANENT' }]);
    expect(node1.fdb).toEqual([{ mac, dev: 'flannel.1', dst: '192.168.1.11', self: true, permanent: true }]);
  });
  it('gives pods MTU 1450, the .2 address and a default route via cni0', () => {
    const a = c.netns['pod:default/a'];
    expect(a.interfaces.find((d) => d.name === 'eth0')).toMatchObject({ mtu: 1450, addrs: [{ ip: '10.244.1.2', prefix: 24 }] });
    expect(a.routes.map(formatRoute)[0]).toBe('default via 10.244.1.1 dev eth0');
  });
});

describe('flannel host-gw programming', () => {
  it('routes remote subnets via the node IP, pod MTU 1500, no tunnel', () => {
    const c = cluster({ mode: 'host-gw' });
    expect(c.netns.node1.routes.map(formatRoute)).toContain('10.244.2.0/24 via 192.168.1.11 dev eth0');
    expect(c.netns.node1.interfaces.some((d) => d.kind === 'vxlan')).toBe(false);
    expect(c.netns['pod:default/a'].interfaces.find((d) => d.name === 'eth0')!.mtu).toBe(1500);
  });
});

describe('kernel limits', () => {
  it('caps a bound VXLAN device created with MTU 1500 at NIC − 50, as the kernel does', () => {
    expect(cluster({ vxlan: { mtu: 1500 } }).netns.node1.interfaces.find((d) => d.name === 'flannel.1')!.mtu).toBe(1450);
  });
  it('leaves an unbound VXLAN device at 1500', () => {
    expect(cluster({ vxlan: { lowerDevice: 'none' } }).netns.node1.interfaces.find((d) => d.name === 'flannel.1')!.mtu).toBe(1500);
  });
});

describe('host-local IPAM', () => {
  it('hands out .2 … .254 and then fails with the plugin message', () => {
    const r = new HostLocalRange(parseCidr('10.244.1.0/24'));
    expect(r.allocate().ip).toBe('10.244.1.2');
    for (let i = 0; i < 252; i++) r.allocate();
    const last = r.allocate();
    expect(last.ip).toBeNull();
    expect(last.error).toBe('failed to allocate for range 0: no IP addresses available in range set: 10.244.1.1-10.244.1.254');
  });
  it('marks pods past the range ContainerCreating without an IP', () => {
    const pods = Array.from({ length: 255 }, (_, i) => ({ name: `p${i}`, node: 'node1' }));
    const c = cluster({ pods });
    const stuck = c.pods.filter((p) => !p.ip);
    // the scenario's pods fill the range first; the system pods (CoreDNS) that come after find it full too
    expect(stuck.filter((p) => !p.owner).map((p) => p.name)).toEqual(['p253', 'p254']);
    expect(stuck.find((p) => p.owner)?.statusReason).toMatch(/no IP addresses available/);
    expect(stuck[0].status).toBe('ContainerCreating');
  });
});
