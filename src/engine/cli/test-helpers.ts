/**
 * Shared by the cli tests: the kernel oracle's topology as a lab (two nodes on
 * 192.168.50.0/24, pod-a and pod-b on node1, pod-c on node2, no gateway), and small
 * builders for hand-made traces so formatting is tested apart from the walk.
 */
import { labFromText, type Lab } from '../lab';
import type { Hop, Trace } from '../model/trace';
import type { Header } from '../wire/headers';

/** `kubeProxy` defaults to none: the oracle's nodes run no kube-proxy (tests of kube-proxy's tables pass `iptables`). */
export function oracleLab(
  opts: { mode?: 'vxlan' | 'host-gw'; podMTU?: number | 'auto'; nicMtu?: number; faults?: string; ports?: boolean; kubeProxy?: string } = {},
): Lab {
  const mtu = opts.nicMtu ?? 1500;
  const r = labFromText(`
apiVersion: podpath/v1
kind: Scenario
metadata: { name: oracle }
cluster:
  cni: flannel
  mode: ${opts.mode ?? 'vxlan'}
  gateway: none
  kubeProxy: ${opts.kubeProxy ?? 'none'}
  podMTU: ${opts.podMTU ?? 'auto'}
  nodes:
    - { name: node1, ip: 192.168.50.1, podCIDR: 10.244.1.0/24, mtu: ${mtu} }
    - { name: node2, ip: 192.168.50.2, podCIDR: 10.244.2.0/24, mtu: ${mtu} }
  pods:
    - { name: pod-a, node: node1, ip: 10.244.1.2 }
    - { name: pod-b, node: node1, ip: 10.244.1.3${opts.ports ? ', ports: [8080]' : ''} }
    - { name: pod-c, node: node2, ip: 10.244.2.2${opts.ports ? ', ports: [8080]' : ''} }
faults: ${opts.faults ?? '[]'}
`);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.lab;
}

export function hop(over: Partial<Hop> = {}): Hop {
  return {
    seq: 1,
    node: 'node1',
    netns: 'pod-a',
    netnsId: 'pod:default/pod-a',
    kind: 'send',
    dir: 'request',
    note: '',
    headers: [] as Header[],
    t: 0,
    ...over,
  };
}

export function trace(over: Partial<Trace> = {}): Trace {
  return { verdict: 'delivered', reason: 'DELIVERED', elapsed: 0.079, hops: [hop()], ...over };
}
