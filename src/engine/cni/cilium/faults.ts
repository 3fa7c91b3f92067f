/**
 * Cilium's own faults, aimed at the cluster on screen: a firewall dropping the tunnel's UDP
 * port between nodes (tunnel modes), a default-deny policy in the first pod's namespace.
 */
import type { Cluster } from '../../model/datapath';
import { option, type FaultOption } from '../program';
import { TUNNEL_PORT } from './node';

export function ciliumFaults(c: Cluster): FaultOption[] {
  const [n1, n2] = c.nodes;
  if (!n1 || !n2) return [];
  const out: FaultOption[] = [];
  const port = c.mode === 'vxlan' ? TUNNEL_PORT.vxlan : c.mode === 'geneve' ? TUNNEL_PORT.geneve : undefined;
  if (port !== undefined)
    out.push(
      option(
        { type: 'block', node: n2.name, protocol: 'udp', port, chain: 'INPUT' },
        `${n2.name} drops UDP ${port}`,
        `A firewall on ${n2.name} drops ${c.mode === 'vxlan' ? 'VXLAN' : 'Geneve'}: cilium_${c.mode} packets from other nodes vanish, cross-node pod traffic with them.`,
      ),
    );
  else
    out.push(
      option(
        { type: 'block', node: n2.name, protocol: 'icmp', chain: 'FORWARD' },
        `${n2.name} drops forwarded ICMP`,
        `Native routing sends pod traffic through ${n2.name}'s stack: an iptables FORWARD rule there drops pings to its pods.`,
      ),
    );
  const pod = c.pods.find((p) => !p.owner && !p.hostNetwork && p.ip);
  if (pod)
    out.push(
      option(
        { type: 'ipam-exhaust', node: pod.node, pod: `${pod.namespace}/${pod.name}` },
        `${pod.node}'s pod range is full`,
        `cluster-pool has no address left on ${pod.node}: ${pod.name} is recreated and stays ContainerCreating ("range is full").`,
      ),
    );
  return out;
}
