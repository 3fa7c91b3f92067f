/**
 * Concrete fault instances for the lab on screen, aimed at the current cluster ("node2 drops
 * UDP 8472"), each with its one-line explanation: the datapath faults every shape has (a pod's
 * MTU, a node's route to another node's pods), the ones the CNI program adds for its own
 * devices and agents (cni/<shape>), then the Services and DNS ones (catalog-services.ts). Only
 * faults that change something in this lab are offered (no control that does nothing).
 */
import type { Cluster } from '../model/datapath';
import type { Scenario } from '../model/scenario-schema';
import type { FaultSpec } from '../model/scenario-schema';
import { cidrString, intToIp, ipToInt } from '../wire/ipv4';
import { option, type FaultOption } from '../cni/program';
import { programFor } from '../cni/registry';
import { faultKey } from './fault-key';
import { serviceFaults } from './catalog-services';

export type { FaultOption };

/** An underlay address no node or router holds: the gateway of a stale route. */
function unusedUnderlayAddress(c: Cluster): string | null {
  const seg = c.segments.underlay;
  if (!seg) return null;
  const used = new Set(Object.values(c.netns).flatMap((ns) => ns.interfaces.flatMap((d) => d.addrs.map((a) => a.ip))));
  const size = 2 ** (32 - seg.cidr.prefix);
  for (let k = size - 6; k > 1; k--) {
    const ip = intToIp(ipToInt(seg.cidr.net) + k);
    if (!used.has(ip)) return ip;
  }
  return null;
}

const TUNNELS = new Set(['vxlan', 'geneve', 'ipip', 'wireguard']);

/** The datapath faults of every shape, the shape's own, then the Services and DNS ones. */
export function faultCatalog(c: Cluster): FaultOption[] {
  return [...commonFaults(c), ...(programFor(c.cni)?.faults?.(c) ?? []), ...serviceFaults(c)];
}

function commonFaults(c: Cluster): FaultOption[] {
  const [n1, n2] = c.nodes;
  if (!n1) return [];
  const out: FaultOption[] = [];
  const ns1 = c.netns[n1.netns];
  const tunnel = ns1?.interfaces.find((d) => TUNNELS.has(d.kind));
  const pod = c.pods.find((p) => p.node === n1.name && !p.hostNetwork && p.ip && p.namespace !== 'kube-system');
  const podMtu = pod && c.netns[pod.netns]?.interfaces.find((d) => d.name === 'eth0')?.mtu;
  if (pod && podMtu) {
    const mtu = tunnel && podMtu < 1500 ? 1500 : 9000;
    out.push(
      option(
        { type: 'mtu', node: n1.name, pod: pod.name, device: 'eth0', mtu },
        `${pod.name}'s eth0 MTU ${mtu}`,
        tunnel && mtu === 1500
          ? `The pod thinks it can send ${mtu}-byte packets, but the ${tunnel.name} tunnel carries ${tunnel.mtu}.`
          : `One pod uses jumbo frames; the links behind it do not.`,
      ),
    );
  }
  // the last running pod of the second node (or the first): recreated when its node's range is full
  const ipamNode = n2 ?? n1;
  const victim = [...c.pods].reverse().find((p) => p.node === ipamNode.name && !p.hostNetwork && p.ip && p.namespace !== 'kube-system');
  if (victim)
    out.push(
      option(
        { type: 'ipam-exhaust', node: ipamNode.name, pod: victim.name },
        `${ipamNode.name}'s pod addresses run out`,
        `Other workloads hold every address of ${ipamNode.name}'s range; ${victim.name} is recreated and CNI ADD fails: it stays ContainerCreating.`,
      ),
    );
  if (!n2) return out;
  const subnet = cidrString(n2.podCidr);
  // only where the node has such a route: a VPC node has none (the fabric knows the pods)
  if (ns1?.routes.some((r) => cidrString(r.dst) === subnet))
    out.push(
      option(
        { type: 'delete-route', node: n1.name, dst: subnet },
        `${n1.name} loses its route to ${n2.name}'s pods`,
        `ip route del ${subnet}: the default route (if any) takes over.`,
      ),
    );
  const ghost = unusedUnderlayAddress(c);
  if (ghost && c.cni !== 'vpc') {
    out.push(
      option(
        { type: 'add-route', node: n1.name, dst: subnet, via: ghost, onlink: false },
        `${n1.name} routes ${n2.name}'s pods via ${ghost}`,
        `A stale route points at a gateway nobody holds: ARP for it is never answered.`,
      ),
    );
  }
  return out;
}

/** Faults in the scenario that the catalog does not offer (loaded from a file or link). */
export function extraFaults(s: Scenario, catalog: readonly FaultOption[]): FaultSpec[] {
  const keys = new Set(catalog.map((o) => o.key));
  return s.faults.filter((f) => !keys.has(faultKey(f)));
}
