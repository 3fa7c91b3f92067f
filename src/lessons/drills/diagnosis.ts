/**
 * The diagnosis form's choice lists and, for every fault type the engine has
 * (model/scenario-schema.ts `fault`), the true layer, component and root cause. The layers
 * follow the seeds' troubleshooting order: the link a frame crosses, the routing that picks
 * the next hop, the Service machinery in front of pods, DNS, the control planes that write
 * the tables, and the cloud fabric underneath.
 */
import type { FaultSpec } from '../../engine';
import type { Diagnosis } from './types';

export interface Choice {
  readonly id: string;
  readonly text: string;
}

export const LAYERS: readonly Choice[] = [
  { id: 'link', text: 'Link (L2): interfaces, MTU, bridge, ARP, VXLAN FDB' },
  { id: 'network', text: 'Network (L3): routes, forwarding, packet filters on a node' },
  { id: 'service', text: 'Services: kube-proxy, EndpointSlices, conntrack NAT' },
  { id: 'dns', text: 'DNS: CoreDNS and the resolvers behind it' },
  { id: 'control-plane', text: 'Control plane: CNI agents, IPAM, BGP' },
  { id: 'cloud', text: 'Cloud fabric: VPC, security groups' },
];

export const COMPONENTS: readonly Choice[] = [
  { id: 'pod-interface', text: "A pod's network interface (eth0)" },
  { id: 'host-veth', text: "The pod's host-side veth" },
  { id: 'bridge-port', text: 'A bridge port (cni0)' },
  { id: 'vxlan-fdb', text: 'The VXLAN forwarding database (bridge fdb)' },
  { id: 'neighbour-table', text: 'A neighbour (ARP) table' },
  { id: 'node-routes', text: "A node's routing table" },
  { id: 'node-firewall', text: "A node's iptables filter rules" },
  { id: 'node-sysctl', text: "A node's kernel settings (sysctl)" },
  { id: 'kube-proxy', text: 'kube-proxy' },
  { id: 'service-selector', text: "A Service's selector and its EndpointSlice" },
  { id: 'conntrack', text: 'The conntrack table' },
  { id: 'coredns', text: 'CoreDNS' },
  { id: 'upstream-resolver', text: "The nodes' upstream DNS resolver" },
  { id: 'cni-ipam', text: 'CNI IPAM (pod address ranges)' },
  { id: 'bgp', text: 'BGP sessions (BIRD in calico-node)' },
  { id: 'security-group', text: 'The nodes’ security group' },
];

export const ROOT_CAUSES: readonly Choice[] = [
  { id: 'mtu-mismatch', text: 'An MTU that does not match what the path carries' },
  { id: 'route-missing', text: 'A route to other pods was deleted' },
  { id: 'route-stale-gateway', text: 'A route points at a gateway nobody holds' },
  { id: 'firewall-drop', text: 'A DROP rule blocks the traffic' },
  { id: 'fdb-missing', text: 'A VTEP’s FDB entry is missing' },
  { id: 'neigh-missing', text: 'A VTEP’s neighbour (ARP) entry is missing' },
  { id: 'neigh-flushed', text: 'The neighbour table was flushed' },
  { id: 'proxy-arp-off', text: 'Proxy ARP is off where the pod’s gateway is answered' },
  { id: 'hairpin-off', text: 'Hairpin mode is off on a bridge port' },
  { id: 'br-nf-off', text: 'Bridged traffic skips iptables (bridge-nf-call-iptables=0)' },
  { id: 'ip-forward-off', text: 'IP forwarding is off on a node' },
  { id: 'kube-proxy-stale', text: 'kube-proxy stopped and its rules are out of date' },
  { id: 'selector-typo', text: 'A Service selector matches no pod' },
  { id: 'stale-conntrack', text: 'A stale conntrack entry sends traffic to a pod that is gone' },
  { id: 'coredns-no-replicas', text: 'CoreDNS has no replicas' },
  { id: 'coredns-not-ready', text: 'CoreDNS pods are not Ready' },
  { id: 'upstream-down', text: 'The upstream resolver does not answer' },
  { id: 'ipam-exhausted', text: 'A node ran out of pod addresses' },
  { id: 'bgp-down', text: 'A node’s BGP sessions are down: its routes were withdrawn' },
  { id: 'sg-blocks', text: 'The security group does not allow the traffic' },
];

/** The true diagnosis of a fault. Every schema fault type has one (diagnosis.test.ts). */
export function truthOf(f: FaultSpec): Diagnosis {
  switch (f.type) {
    case 'mtu':
      return { layer: 'link', component: 'pod-interface', rootCause: 'mtu-mismatch' };
    case 'delete-route':
      return { layer: 'network', component: 'node-routes', rootCause: 'route-missing' };
    case 'add-route':
      return { layer: 'network', component: 'node-routes', rootCause: 'route-stale-gateway' };
    case 'block':
      return { layer: 'network', component: 'node-firewall', rootCause: 'firewall-drop' };
    case 'delete-fdb':
      return { layer: 'link', component: 'vxlan-fdb', rootCause: 'fdb-missing' };
    case 'delete-neigh':
      return { layer: 'link', component: 'neighbour-table', rootCause: 'neigh-missing' };
    case 'neigh-flush':
      return { layer: 'link', component: 'neighbour-table', rootCause: 'neigh-flushed' };
    case 'proxy-arp':
      return { layer: 'link', component: 'host-veth', rootCause: 'proxy-arp-off' };
    case 'hairpin':
      return { layer: 'link', component: 'bridge-port', rootCause: 'hairpin-off' };
    case 'sysctl':
      return f.key === 'net.ipv4.ip_forward'
        ? { layer: 'network', component: 'node-sysctl', rootCause: 'ip-forward-off' }
        : { layer: 'link', component: 'node-sysctl', rootCause: 'br-nf-off' };
    case 'kube-proxy-stopped':
      return { layer: 'service', component: 'kube-proxy', rootCause: 'kube-proxy-stale' };
    case 'endpointslice-empty':
      return { layer: 'service', component: 'service-selector', rootCause: 'selector-typo' };
    case 'stale-conntrack':
      return { layer: 'service', component: 'conntrack', rootCause: 'stale-conntrack' };
    case 'coredns-scale':
      return { layer: 'dns', component: 'coredns', rootCause: 'coredns-no-replicas' };
    case 'coredns-not-ready':
      return { layer: 'dns', component: 'coredns', rootCause: 'coredns-not-ready' };
    case 'upstream-dns-down':
      return { layer: 'dns', component: 'upstream-resolver', rootCause: 'upstream-down' };
    case 'ipam-exhaust':
      return { layer: 'control-plane', component: 'cni-ipam', rootCause: 'ipam-exhausted' };
    case 'bgp-down':
      return { layer: 'control-plane', component: 'bgp', rootCause: 'bgp-down' };
    case 'security-group':
      return { layer: 'cloud', component: 'security-group', rootCause: 'sg-blocks' };
  }
}

export const choiceText = (list: readonly Choice[], id: string): string => list.find((c) => c.id === id)?.text ?? id;
