import { describe, expect, it } from 'vitest';
import { formatRoute } from '../../tables/route';
import { ciliumLab } from './test-helpers';
import { lxcName } from './pod';
import { HostScopeAllocator, nodeCidrs, ciliumAddError, RANGE_FULL } from './ipam';
import { parseCidr } from '../../wire/ipv4';
import { endpointOf, entries, formatIpcacheValue, IPCACHE_MAP, type IpcacheEntry } from './maps';

describe('cluster-pool IPAM', () => {
  it('hands nodes the pool in /24s from index 0 (cidr_set AllocateNext)', () => {
    const c = nodeCidrs([{ name: 'a' }, { name: 'b' }], parseCidr('10.0.0.0/8'), 24, []);
    expect(c.map((x) => `${x.net}/${x.prefix}`)).toEqual(['10.0.0.0/24', '10.0.1.0/24']);
  });

  it('uses .1 … .254 and then answers "range is full"', () => {
    const a = new HostScopeAllocator(parseCidr('10.0.0.0/24'));
    const got = Array.from({ length: 254 }, (_, i) => a.allocate(`p${i}`).ip);
    expect(new Set(got).size).toBe(254);
    expect(got).not.toContain('10.0.0.0');
    expect(got).not.toContain('10.0.0.255');
    expect(a.allocate('one-more')).toEqual({ ip: null, error: RANGE_FULL });
  });

  it('words the CNI failure as kubelet shows it', () => {
    expect(ciliumAddError(RANGE_FULL)).toBe(
      'plugin type="cilium-cni" name="cilium" failed (add): unable to allocate IP via local cilium agent: [POST /ipam][502] postIpamFailure "range is full"',
    );
  });
});

describe('cilium-agent node programming (vxlan)', () => {
  const c = ciliumLab().cluster;
  const n1 = c.netns.node1;
  const router = n1.interfaces.find((d) => d.name === 'cilium_host')!.addrs[0].ip;

  it('gives cilium_host the router IP as a /32 of the node range and pairs it with cilium_net', () => {
    expect(c.nodes.map((n) => `${n.podCidr.net}/${n.podCidr.prefix}`)).toEqual(['10.0.0.0/24', '10.0.1.0/24']);
    expect(router.startsWith('10.0.0.')).toBe(true);
    expect(n1.interfaces.find((d) => d.name === 'cilium_host')).toMatchObject({ kind: 'veth', mtu: 1500, peer: { ifname: 'cilium_net' } });
    expect(n1.interfaces.find((d) => d.name === 'cilium_net')!.addrs).toEqual([]);
  });

  it('creates cilium_vxlan in collect-metadata mode on 8472 with the device MTU', () => {
    expect(n1.interfaces.find((d) => d.name === 'cilium_vxlan')).toMatchObject({ mtu: 1500, vxlan: { port: 8472, external: true, vni: 0 } });
  });

  it('routes the local range without mtu and remote ranges with mtu 1450 via the router IP', () => {
    const rows = n1.routes.map(formatRoute);
    expect(rows).toContain(`${router} dev cilium_host proto kernel scope link`);
    expect(rows).toContain(`10.0.0.0/24 via ${router} dev cilium_host proto kernel src ${router}`);
    expect(rows).toContain(`10.0.1.0/24 via ${router} dev cilium_host proto kernel src ${router} mtu 1450`);
  });

  it('gives a pod a /32 on eth0 at 1500 and routes via the router with mtu 1450, no bridge', () => {
    const pod = c.netns['pod:default/client'];
    expect(pod.interfaces.find((d) => d.name === 'eth0')).toMatchObject({ mtu: 1500, addrs: [{ prefix: 32 }] });
    expect(pod.routes.map(formatRoute)).toEqual([`default via ${router} dev eth0 mtu 1450`, `${router} dev eth0 scope link`]);
    expect(n1.interfaces.some((d) => d.kind === 'bridge')).toBe(false);
  });

  it('names the host veth lxc + 12 hex digits and attaches cil_from_container to its ingress', () => {
    const name = lxcName('default', 'client');
    expect(name).toMatch(/^lxc[0-9a-f]{12}$/);
    expect(n1.tc).toContainEqual({ name: 'cil_from_container', dev: name, direction: 'ingress' });
  });

  it('fills the ipcache: local endpoints without, remote ones with a tunnel endpoint', () => {
    const ipc = entries<IpcacheEntry>(n1, IPCACHE_MAP);
    const web1 = c.pods.find((p) => p.name === 'web-1')!.ip!;
    const client = c.pods.find((p) => p.name === 'client')!.ip!;
    expect(formatIpcacheValue(ipc[`${web1}/32`])).toMatch(/^identity=\d+ encryptkey=0 tunnelendpoint=192\.168\.1\.11 flags=hastunnel$/);
    expect(ipc[`${client}/32`].tunnelEndpoint).toBe('0.0.0.0');
    expect(ipc['0.0.0.0/0'].identity).toBe(2);
    expect(ipc['192.168.1.10/32'].identity).toBe(1);
    expect(ipc['192.168.1.11/32'].identity).toBe(6);
    expect(endpointOf(n1, client)?.ifname).toBe(lxcName('default', 'client'));
  });

  it('is idempotent: converging again changes nothing', async () => {
    const { convergeCilium } = await import('./converge');
    expect(convergeCilium(c).netns).toEqual(c.netns);
  });
});

describe('native routing', () => {
  const c = ciliumLab({ mode: 'native' }).cluster;
  it('routes remote ranges via the node IP on eth0, pods at mtu 1500, no tunnel device', () => {
    expect(c.netns.node1.routes.map(formatRoute)).toContain('10.0.1.0/24 via 192.168.1.11 dev eth0 proto kernel');
    expect(c.netns.node1.interfaces.some((d) => d.kind === 'vxlan' || d.kind === 'geneve')).toBe(false);
    expect(c.netns['pod:default/client'].routes.map(formatRoute)[0]).toMatch(/mtu 1500$/);
  });
});

describe('geneve', () => {
  it('creates cilium_geneve on 6081 instead', () => {
    const n1 = ciliumLab({ mode: 'geneve' }).cluster.netns.node1;
    expect(n1.interfaces.find((d) => d.name === 'cilium_geneve')).toMatchObject({ kind: 'geneve', geneve: { port: 6081, external: true } });
    expect(n1.interfaces.some((d) => d.name === 'cilium_vxlan')).toBe(false);
  });
});

describe('ipam-exhaust', () => {
  it("leaves the recreated pod ContainerCreating with cilium-cni's error and drops its endpoint", () => {
    const lab = ciliumLab({ faults: '[{ type: ipam-exhaust, node: node1, pod: client }]' });
    const pod = lab.cluster.pods.find((p) => p.name === 'client')!;
    expect(pod).toMatchObject({ status: 'ContainerCreating', ip: null });
    expect(pod.statusReason).toBe(ciliumAddError(RANGE_FULL));
    expect(lab.cluster.netns.node1.tc.some((t) => t.dev === lxcName('default', 'client'))).toBe(false);
    expect(Object.values(lab.cluster.netns.node1.bpf!.cilium_lxc.entries).some((e) => (e as { pod: string }).pod === 'default/client')).toBe(false);
  });

  it('offers its faults with one-line explanations', async () => {
    const { CILIUM } = await import('./program');
    const opts = CILIUM.faults!(ciliumLab().cluster);
    expect(opts.map((o) => o.label)).toEqual(['node2 drops UDP 8472', "node1's pod range is full"]);
    for (const o of opts) expect(o.explain.length).toBeGreaterThan(20);
  });
});
