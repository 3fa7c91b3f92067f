import '../test-engine';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createLab, topologyOf, type Cluster, type Scenario } from '../../engine';
import { labFromText } from '../../engine/io';
import { loadSample } from '../store/scenarios';
import { layoutCluster } from './layout';

function clusterOf(file: string, edit?: (y: string) => string): Cluster {
  const text = readFileSync(`public/scenarios/${file}.yaml`, 'utf8');
  const r = labFromText(edit ? edit(text) : text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.lab.cluster;
}

function overlaps(a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe('layoutCluster', () => {
  it('draws every node as a group holding its pods, veths, cni0, flannel.1 and eth0 (VXLAN)', () => {
    const l = layoutCluster(clusterOf('flannel-vxlan'));
    const ids = l.nodes.map((n) => n.id);
    expect(ids).toContain('k8s:node1');
    expect(ids).toContain('ns:pod:default/client');
    expect(ids).toContain('dev:node1/cni0');
    expect(ids).toContain('dev:node1/flannel.1');
    expect(ids).toContain('dev:node2/eth0');
    expect(ids).toContain('seg:underlay');
    expect(ids).toContain('ns:router');
    expect(ids).toContain('ns:ext:api.github.com');
    const client = l.nodes.find((n) => n.id === 'ns:pod:default/client')!;
    expect(client.parentId).toBe('k8s:node1');
    expect(client.data).toMatchObject({ name: 'client', ip: '10.244.1.2' });
  });

  it('has no tunnel device under host-gw', () => {
    const l = layoutCluster(clusterOf('host-gw'));
    expect(l.nodes.some((n) => n.id.includes('flannel.1'))).toBe(false);
    expect(l.edges.some((e) => e.data?.kind === 'lower')).toBe(false);
  });

  it('connects every pod to its host veth and every veth to cni0', () => {
    const c = clusterOf('flannel-vxlan');
    const l = layoutCluster(c);
    for (const p of c.pods.filter((x) => !x.hostNetwork)) {
      const pid = `ns:${p.netns}`;
      const veth = l.edges.find((e) => e.source === pid && e.data?.kind === 'veth');
      expect(veth, p.name).toBeDefined();
      expect(l.edges.some((e) => e.source === veth!.target && e.target === `dev:${p.node}/cni0`)).toBe(true);
    }
  });

  it('maps interfaces to canvas nodes (the marker anchors)', () => {
    const l = layoutCluster(clusterOf('flannel-vxlan'));
    expect(l.devices['pod:default/client/eth0']).toBe('ns:pod:default/client');
    expect(l.devices['node2/flannel.1']).toBe('dev:node2/flannel.1');
    expect(l.ports['seg:underlay']['dev:node1/eth0'].x).toBeCloseTo(l.centers['dev:node1/eth0'].x);
  });

  it('keeps 10 nodes readable: two rows, no overlapping groups', () => {
    const nodes = Array.from({ length: 10 }, (_, i) => `    - { name: n${i + 1}, ip: 192.168.1.${20 + i} }`).join('\n');
    const pods = Array.from({ length: 10 }, (_, i) => `    - { name: p${i + 1}, node: n${i + 1} }`).join('\n');
    const c = clusterOf('host-gw', (y) =>
      y.replace(/ {2}nodes:\n( {4}- .*\n)+/, `  nodes:\n${nodes}\n`).replace(/ {2}pods:\n( {4}- .*\n)+/, `  pods:\n${pods}\n`),
    );
    const l = layoutCluster(c);
    const groups = l.nodes.filter((n) => n.type === 'k8sNode').map((n) => ({ x: n.position.x, y: n.position.y, w: n.width!, h: n.height! }));
    expect(groups).toHaveLength(10);
    expect(new Set(groups.map((g) => g.y)).size).toBe(2);
    for (let i = 0; i < groups.length; i++) for (let j = i + 1; j < groups.length; j++) expect(overlaps(groups[i], groups[j])).toBe(false);
  });

  it('keeps children inside their group', () => {
    const l = layoutCluster(clusterOf('flannel-vxlan'));
    for (const n of l.nodes.filter((x) => x.parentId)) {
      const g = l.nodes.find((x) => x.id === n.parentId)!;
      expect(n.position.x).toBeGreaterThanOrEqual(0);
      expect(n.position.y).toBeGreaterThanOrEqual(0);
      expect(n.position.x + n.width!).toBeLessThanOrEqual(g.width!);
      expect(n.position.y + n.height!).toBeLessThanOrEqual(g.height!);
    }
  });

  it('draws each Service as a virtual address linked to its endpoint pods, above the nodes', () => {
    const l = layoutCluster(loadSample('services-dns').lab.cluster);
    const web = l.nodes.find((n) => n.id === 'svc:prod/web')!;
    expect(web).toMatchObject({ type: 'service', data: { name: 'web', namespace: 'prod', clusterIP: '10.96.100.10', ready: 3, total: 3 } });
    expect(web.data).toMatchObject({ ports: ['80→8080/TCP :30080'] });
    const targets = l.edges.filter((e) => e.source === 'svc:prod/web').map((e) => e.target);
    expect(targets.sort()).toEqual(['ns:pod:prod/web-0', 'ns:pod:prod/web-1', 'ns:pod:prod/web-2']);
    expect(l.edges.filter((e) => e.source === 'svc:prod/web').every((e) => e.data?.kind === 'endpoint')).toBe(true);
    // kube-dns → the CoreDNS pods, drawn as system pods; kubernetes → the API server's hostNetwork label
    const dns = l.edges.filter((e) => e.source === 'svc:kube-system/kube-dns').map((e) => e.target);
    expect(dns).toHaveLength(2);
    for (const t of dns) expect(l.nodes.find((n) => n.id === t)?.data).toMatchObject({ system: true, app: 'CoreDNS' });
    expect(l.edges.find((e) => e.source === 'svc:default/kubernetes')?.target).toBe('hostpod:kube-system/kube-apiserver-node1');
    // the Services row is above every node group
    const top = Math.min(...l.nodes.filter((n) => n.type === 'k8sNode').map((n) => n.position.y));
    for (const svc of l.nodes.filter((n) => n.type === 'service')) expect(svc.position.y + svc.height!).toBeLessThan(top);
    expect(l.serviceAddrs['10.96.100.10:80']).toBe('svc:prod/web');
    expect(l.serviceAddrs['192.168.1.11:30080']).toBe('svc:prod/web');
    expect(l.endpointEdges['svc:prod/web']['10.244.3.10']).toBeDefined();
  });

  it('draws a hostNetwork pod as a label inside its node, not as a pod with a namespace of its own', () => {
    const l = layoutCluster(clusterOf('flannel-vxlan'));
    const api = l.nodes.find((n) => n.id === 'hostpod:kube-system/kube-apiserver-node1')!;
    expect(api).toMatchObject({ type: 'hostpod', parentId: 'k8s:node1' });
    expect(l.nodes.some((n) => n.type === 'pod' && n.data.name.startsWith('kube-apiserver'))).toBe(false);
    expect(l.edges.some((e) => e.source === api.id && e.data?.kind === 'veth')).toBe(false);
    expect(l.namespaces['node1']).toBe('k8s:node1');
  });

  it('marks endpoints that are not ready', () => {
    const { scenario } = loadSample('services-dns');
    const r = createLab({ ...scenario, faults: [{ type: 'coredns-not-ready' }] } as Scenario);
    if (!r.ok) throw new Error('bad');
    const l = layoutCluster(r.lab.cluster);
    expect(l.nodes.find((n) => n.id === 'svc:kube-system/kube-dns')?.data).toMatchObject({ ready: 0 });
    const coredns = l.nodes.filter((n) => n.type === 'pod' && n.data.app === 'CoreDNS');
    expect(coredns.length).toBeGreaterThan(0);
    for (const p of coredns) expect(p.data).toMatchObject({ ready: false });
  });

  it('draws kube-ipvs0 (dummy, DOWN, holding the Service addresses) on each node in IPVS mode', () => {
    const { scenario } = loadSample('flannel-vxlan');
    const r = createLab({ ...scenario, cluster: { ...scenario.cluster, kubeProxy: 'ipvs' } });
    if (!r.ok) throw new Error('bad');
    const dummy = r.lab.cluster.netns.node1.interfaces.find((d) => d.kind === 'dummy');
    const l = layoutCluster(r.lab.cluster);
    const drawn = l.nodes.filter((n) => n.type === 'device' && n.data.ifkind === 'dummy');
    // the IPVS engine creates kube-ipvs0; the canvas draws whatever dummy device a node has
    expect(drawn).toHaveLength(dummy ? r.lab.cluster.nodes.length : 0);
    if (dummy) expect(drawn[0].data).toMatchObject({ ifname: dummy.name, up: dummy.up });
    expect(layoutCluster(loadSample('flannel-vxlan').lab.cluster).nodes.some((n) => n.type === 'device' && n.data.ifkind === 'dummy')).toBe(false);
  });

  it('ten nodes with their Services: no two cards overlap, and the Services stay above the nodes', () => {
    const l = layoutCluster(clusterOf('../../e2e/data/ten-nodes'));
    const boxes = l.nodes.filter((n) => !n.parentId).map((n) => ({ id: n.id, x: n.position.x, y: n.position.y, w: n.width!, h: n.height! }));
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++)
        if (boxes[i].id.startsWith('svc:') || boxes[j].id.startsWith('svc:')) expect(overlaps(boxes[i], boxes[j]), `${boxes[i].id} ${boxes[j].id}`).toBe(false);
    const xs = boxes.map((b) => b.x);
    const width = Math.max(...boxes.map((b) => b.x + b.w)) - Math.min(...xs);
    expect(width).toBeLessThan(4000);
  });
});

describe('layoutCluster, for any shape the engine builds (drawn from topologyOf)', () => {
  const shaped = (file: string, cni: string, mode: string) =>
    clusterOf(file, (y) => y.replace(/cni: \w+/, `cni: ${cni}`).replace(/mode: [\w-]+/, `mode: ${mode}`));

  it('routed pods (no bridge): each node gets a hub with the shape’s label, and every host veth links to it', () => {
    const c = shaped('flannel-vxlan', 'calico', 'bgp');
    const topo = topologyOf(c);
    const l = layoutCluster(c);
    for (const n of topo.nodes) {
      expect(n.hub.kind).toBe('routing');
      const hub = l.nodes.find((x) => x.id === `hub:${n.netns}`);
      expect(hub).toMatchObject({ type: 'hub', parentId: `k8s:${n.name}` });
      if (n.hub.kind === 'routing') expect(hub?.data).toMatchObject({ label: n.hub.label });
      for (const p of n.pods.filter((x) => x.hostIf))
        expect(l.edges.some((e) => e.source === `dev:${n.netns}/${p.hostIf}` && e.target === `hub:${n.netns}`)).toBe(true);
    }
    expect(l.nodes.some((x) => x.id.endsWith('/cni0'))).toBe(false);
  });

  it('draws the BGP peerings between nodes and the tunnels between tunnel devices, as the topology lists them; neither is travelled', () => {
    const bgp = shaped('flannel-vxlan', 'calico', 'bgp');
    const peerings = topologyOf(bgp).peerings;
    const l = layoutCluster(bgp);
    expect(l.edges.filter((e) => e.data?.kind === 'peering')).toHaveLength(peerings.length);
    for (const p of peerings) expect(l.edges.some((e) => e.data?.kind === 'peering' && e.source === `k8s:${p.a}` && e.target === `k8s:${p.b}`)).toBe(true);

    const vx = shaped('flannel-vxlan', 'calico', 'vxlan');
    const tunnels = topologyOf(vx).tunnels;
    expect(tunnels.length).toBeGreaterThan(0);
    const lv = layoutCluster(vx);
    for (const t of tunnels)
      expect(
        lv.edges.some((e) => e.data?.kind === 'tunnel' && e.source === `dev:${t.a.node}/${t.a.device}` && e.target === `dev:${t.b.node}/${t.b.device}`),
      ).toBe(true);
    // the tunnel devices sit in the bottom band with the NICs, linked to them as the topology says
    for (const n of topologyOf(vx).nodes)
      for (const k of n.links.filter((x) => x.kind === 'lower'))
        expect(lv.edges.some((e) => e.data?.kind === 'lower' && e.source === `dev:${n.netns}/${k.from}`)).toBe(true);
  });

  it('a synthetic topology: devices by role, wherever the engine puts them, inside the group and apart', () => {
    const c = clusterOf('flannel-vxlan');
    const real = topologyOf(c);
    const extra = (name: string, role: 'dummy' | 'host' | 'tunnel' | 'nic') => ({
      name,
      kind: 'dummy' as const,
      role,
      mtu: 1500,
      up: true,
      addrs: [],
      detail: name,
    });
    const topo = {
      ...real,
      nodes: real.nodes.map((n) => ({
        ...n,
        devices: [...n.devices, extra('x_host', 'host'), extra('x_net', 'host'), extra('x_tun', 'tunnel'), extra('eth1', 'nic')],
      })),
    };
    const l = layoutCluster(c, topo);
    for (const n of topo.nodes) {
      const kids = l.nodes.filter((x) => x.parentId === `k8s:${n.name}`);
      const g = l.nodes.find((x) => x.id === `k8s:${n.name}`)!;
      for (const d of n.devices)
        expect(
          kids.some((k) => k.id === `dev:${n.netns}/${d.name}`),
          d.name,
        ).toBe(true);
      const boxes = kids.filter((k) => k.type !== 'hostpod').map((k) => ({ id: k.id, x: k.position.x, y: k.position.y, w: k.width!, h: k.height! }));
      for (const b of boxes) expect(b.x + b.w, b.id).toBeLessThanOrEqual(g.width!);
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i], boxes[j]), `${boxes[i].id} ${boxes[j].id}`).toBe(false);
    }
  });

  it('a pod CNI ADD could not serve stays on the canvas as ContainerCreating, with the reason', () => {
    const { scenario } = loadSample('flannel-vxlan');
    const r = createLab({ ...scenario, faults: [{ type: 'ipam-exhaust', node: 'node2', pod: 'web-1' }] } as Scenario);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const pod = r.lab.cluster.pods.find((p) => p.name === 'web-1')!;
    const card = layoutCluster(r.lab.cluster).nodes.find((n) => n.type === 'pod' && n.data.name === 'web-1');
    expect(pod).toMatchObject({ ip: null, status: 'ContainerCreating' });
    expect(card?.data).toMatchObject({ ip: null, status: 'ContainerCreating', statusReason: pod.statusReason });
    expect(pod.statusReason).toMatch(/no IP addresses available/);
  });
});
