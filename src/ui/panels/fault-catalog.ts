/**
 * Concrete fault instances for the lab on screen: one per engine fault type, aimed at the
 * current cluster ("node2 drops UDP 8472"). Only faults that change something in this lab
 * are offered (no control that does nothing). The faults themselves are engine edits.
 */
import type { Cluster, FaultSpec, Scenario } from '../../engine';
import { cidrString, ipToInt, intToIp } from '../../engine/shell';
import { faultKey } from '../store/scenario-edits';
import { option, serviceFaults, type FaultOption } from './fault-catalog-services';

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

/** The datapath faults, then the Services and DNS ones (fault-catalog-services.ts). */
export function faultCatalog(c: Cluster): FaultOption[] {
  return [...datapathFaults(c), ...serviceFaults(c)];
}

function datapathFaults(c: Cluster): FaultOption[] {
  const [n1, n2] = c.nodes;
  if (!n1) return [];
  const out: FaultOption[] = [];
  const ns1 = c.netns[n1.netns];
  const tunnel = ns1?.interfaces.find((d) => d.kind === 'vxlan');
  const pod = c.pods.find((p) => p.node === n1.name && !p.hostNetwork && p.ip && p.namespace !== 'kube-system');
  if (pod) {
    const mtu = tunnel ? 1500 : 9000;
    out.push(
      option(
        { type: 'mtu', node: n1.name, pod: pod.name, device: 'eth0', mtu },
        `${pod.name}'s eth0 MTU ${mtu}`,
        tunnel
          ? `The pod thinks it can send ${mtu}-byte packets, but the VXLAN tunnel carries ${tunnel.mtu}.`
          : `One pod uses jumbo frames; the links behind it do not.`,
      ),
    );
  }
  if (!n2) return out;
  const subnet = cidrString(n2.podCidr);
  out.push(
    option(
      { type: 'delete-route', node: n1.name, dst: subnet },
      `${n1.name} loses its route to ${n2.name}'s pods`,
      `ip route del ${subnet}: the default route (if any) takes over.`,
    ),
  );
  const ghost = unusedUnderlayAddress(c);
  if (ghost) {
    out.push(
      option(
        { type: 'add-route', node: n1.name, dst: subnet, via: ghost, onlink: false },
        `${n1.name} routes ${n2.name}'s pods via ${ghost}`,
        `A stale route points at a gateway nobody holds: ARP for it is never answered.`,
      ),
    );
  }
  if (tunnel?.vxlan) {
    const port = tunnel.vxlan.port;
    out.push(
      option(
        { type: 'block', node: n2.name, protocol: 'udp', port, chain: 'INPUT' },
        `${n2.name} drops UDP ${port}`,
        `A firewall on ${n2.name} drops VXLAN: cross-node pod traffic vanishes, no error.`,
      ),
    );
    out.push(
      option(
        { type: 'delete-fdb', node: n1.name, device: tunnel.name, peer: n2.name },
        `${n1.name} forgets ${n2.name}'s VTEP (FDB)`,
        `bridge fdb del: ${tunnel.name} no longer knows where to send ${n2.name}'s frames.`,
      ),
    );
    out.push(
      option(
        { type: 'delete-neigh', node: n1.name, device: tunnel.name, peer: n2.name },
        `${n1.name} forgets ${n2.name}'s VTEP MAC (ARP)`,
        `ip neigh del: flannel's permanent entry is gone; nothing answers ARP on ${tunnel.name}.`,
      ),
    );
  } else {
    out.push(
      option(
        { type: 'block', node: n2.name, protocol: 'icmp', chain: 'FORWARD' },
        `${n2.name} drops forwarded ICMP`,
        `An iptables FORWARD rule on ${n2.name} silently drops pings routed to its pods.`,
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
