import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { labFromText, type Cluster } from '../../engine';
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
});
