import { describe, expect, it } from 'vitest';
import { labFromObject } from '../lab';
import { topologyOf } from './topology';

function lab(cluster: Record<string, unknown>) {
  const r = labFromObject({
    apiVersion: 'podpath/v1',
    kind: 'Scenario',
    metadata: { name: 'topology' },
    cluster: {
      nodes: [
        { name: 'node1', ip: '192.168.1.10' },
        { name: 'node2', ip: '192.168.1.11' },
      ],
      pods: [
        { name: 'client', node: 'node1' },
        { name: 'web', node: 'node2', ports: [8080] },
      ],
      ...cluster,
    },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.lab;
}

describe('topology', () => {
  it('Flannel VXLAN: pods on the cni0 bridge, flannel.1 over eth0, one tunnel between the nodes', () => {
    const t = topologyOf(lab({ cni: 'flannel', mode: 'vxlan' }).cluster);
    const n1 = t.nodes[0];
    expect(n1.hub).toEqual({ kind: 'bridge', device: 'cni0' });
    expect(n1.pods[0]).toMatchObject({ name: 'client', attach: 'cni0', mtu: 1450 });
    expect(n1.pods.at(-1)?.system).toBe(true);
    expect(n1.devices.map((d) => [d.name, d.role])).toEqual([
      ['eth0', 'nic'],
      ['cni0', 'bridge'],
      ['flannel.1', 'tunnel'],
    ]);
    expect(n1.devices.find((d) => d.name === 'flannel.1')?.detail).toBe('VXLAN id 1 · udp 8472');
    expect(n1.links).toEqual(
      expect.arrayContaining([
        { from: 'cni0', to: 'flannel.1', kind: 'route' },
        { from: 'flannel.1', to: 'eth0', kind: 'lower' },
        { from: 'cni0', to: 'eth0', kind: 'route' },
      ]),
    );
    expect(n1.hostNetworkPods.map((p) => p.name)).toEqual(['kube-apiserver-node1']);
    expect(t.tunnels).toEqual([{ kind: 'vxlan', a: { node: 'node1', device: 'flannel.1' }, b: { node: 'node2', device: 'flannel.1' } }]);
  });

  it('host-gw: no tunnel device, no tunnel', () => {
    const t = topologyOf(lab({ cni: 'flannel', mode: 'host-gw' }).cluster);
    expect(t.tunnels).toEqual([]);
    expect(t.nodes[0].devices.some((d) => d.role === 'tunnel')).toBe(false);
  });
});
