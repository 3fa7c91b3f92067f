/**
 * Flannel's own faults: its VXLAN port, the FDB and neighbour entries flanneld writes; under
 * wireguard its listen port; under host-gw and ipip a FORWARD rule.
 */
import type { Cluster } from '../../model/datapath';
import { option, type FaultOption } from '../program';

export function flannelFaults(c: Cluster): FaultOption[] {
  const [n1, n2] = c.nodes;
  if (!n1 || !n2) return [];
  const tunnel = c.netns[n1.netns]?.interfaces.find((d) => d.kind === 'vxlan');
  const wg = c.netns[n1.netns]?.interfaces.find((d) => d.kind === 'wireguard' && d.wireguard);
  if (wg?.wireguard)
    return [
      option(
        { type: 'block', node: n2.name, protocol: 'udp', port: wg.wireguard.listenPort, chain: 'INPUT' },
        `${n2.name} drops UDP ${wg.wireguard.listenPort}`,
        `A firewall on ${n2.name} drops WireGuard: the encrypted packets from the other nodes never reach ${wg.name}; cross-node pod traffic vanishes, no error.`,
      ),
    ];
  if (!tunnel?.vxlan)
    return [
      option(
        { type: 'block', node: n2.name, protocol: 'icmp', chain: 'FORWARD' },
        `${n2.name} drops forwarded ICMP`,
        `An iptables FORWARD rule on ${n2.name} silently drops pings routed to its pods.`,
      ),
    ];
  const port = tunnel.vxlan.port;
  return [
    option(
      { type: 'block', node: n2.name, protocol: 'udp', port, chain: 'INPUT' },
      `${n2.name} drops UDP ${port}`,
      `A firewall on ${n2.name} drops VXLAN: cross-node pod traffic vanishes, no error.`,
    ),
    option(
      { type: 'delete-fdb', node: n1.name, device: tunnel.name, peer: n2.name },
      `${n1.name} forgets ${n2.name}'s VTEP (FDB)`,
      `bridge fdb del: ${tunnel.name} no longer knows where to send ${n2.name}'s frames.`,
    ),
    option(
      { type: 'delete-neigh', node: n1.name, device: tunnel.name, peer: n2.name },
      `${n1.name} forgets ${n2.name}'s VTEP MAC (ARP)`,
      `ip neigh del: flannel's permanent entry is gone; nothing answers ARP on ${tunnel.name}.`,
    ),
  ];
}
