/**
 * The kube-proxy replacement's service maps, as the agent's reconciler writes them from
 * Services and EndpointSlices (pkg/loadbalancer; notes/cilium.md §4.5–4.6): one frontend per
 * VIP:port/proto — ClusterIP, every node address and the 0.0.0.0 wildcard for a NodePort,
 * LoadBalancer and external IPs — each with slot 0 (count, RevNAT id, type and flags) and one
 * slot per backend; backends by id in cilium_lb4_backends_v3; RevNAT id → frontend. Service
 * ids are sequential from 1 in the order the frontends are seen. Only ready endpoints are
 * active backends (terminating-but-serving ones are kept out here: simplified).
 */
import type { BpfMap, Cluster } from '../../model/datapath';
import type { ClusterApi } from '../../model/k8s';
import { endpointsFor } from '../../services/iptables';
import { LB4_BACKENDS, LB4_REVNAT, LB4_SERVICES, serviceKey, type Lb4Backend, type Lb4Frontend, type Lb4Slot } from './maps';

/** `clusterIpOnly`: without the kube-proxy replacement only ClusterIP frontends are reflected (pkg/loadbalancer/reflectors). */
export function lbMaps(c: Cluster, api: ClusterApi, node: string, clusterIpOnly = false): BpfMap[] {
  const services: Record<string, Lb4Frontend | Lb4Slot> = {};
  const backends: Record<string, Lb4Backend> = {};
  const revnat: Record<string, { ip: string; port: number }> = {};
  const backendIds = new Map<string, number>();
  let nextId = 1;
  const nodeIp = c.nodes.find((n) => n.name === node)?.ip;
  for (const svc of api.services) {
    if (!svc.clusterIP || svc.clusterIP === 'None' || svc.type === 'ExternalName') continue;
    for (const sp of svc.ports) {
      if (sp.protocol === 'SCTP') continue;
      const eps = endpointsFor(svc, sp, api.endpointSlices).filter((e) => e.ready);
      const ids = eps.map((e) => {
        const k = `${e.ip}:${e.port}/${sp.protocol}`;
        if (!backendIds.has(k)) {
          backendIds.set(k, backendIds.size + 1);
          backends[String(backendIds.get(k))] = { ip: e.ip, port: e.port, proto: sp.protocol as 'TCP' | 'UDP', state: 'active' };
        }
        return backendIds.get(k)!;
      });
      const frontends: { ip: string; port: number; type: Lb4Frontend['type']; flags: string[] }[] = [
        { ip: svc.clusterIP, port: sp.port, type: 'ClusterIP', flags: ['ClusterIP', 'non-routable'] },
      ];
      if (!clusterIpOnly && sp.nodePort !== undefined && (svc.type === 'NodePort' || svc.type === 'LoadBalancer')) {
        frontends.push({ ip: '0.0.0.0', port: sp.nodePort, type: 'NodePort', flags: ['NodePort', 'non-routable'] });
        if (nodeIp) frontends.push({ ip: nodeIp, port: sp.nodePort, type: 'NodePort', flags: ['NodePort'] });
      }
      if (!clusterIpOnly && svc.loadBalancerIP) frontends.push({ ip: svc.loadBalancerIP, port: sp.port, type: 'LoadBalancer', flags: ['LoadBalancer'] });
      if (!clusterIpOnly) for (const ip of svc.externalIPs) frontends.push({ ip, port: sp.port, type: 'ExternalIPs', flags: ['ExternalIPs'] });
      for (const fe of frontends) {
        const id = nextId++;
        const local = svc.externalTrafficPolicy === 'Local' && fe.type !== 'ClusterIP' ? ['Local'] : [];
        services[serviceKey(fe.ip, fe.port, sp.protocol, 0)] = {
          count: ids.length,
          revNat: id,
          type: fe.type,
          flags: [fe.flags[0], ...local, ...fe.flags.slice(1)],
          service: `${svc.namespace}/${svc.name}`,
        };
        ids.forEach((b, i) => (services[serviceKey(fe.ip, fe.port, sp.protocol, i + 1)] = { backendId: b, revNat: id }));
        revnat[String(id)] = { ip: fe.ip, port: fe.port };
      }
    }
  }
  return [
    { name: LB4_SERVICES, type: 'hash', entries: services },
    { name: LB4_BACKENDS, type: 'hash', entries: backends },
    { name: LB4_REVNAT, type: 'hash', entries: revnat },
  ];
}

/** lb4_lookup_service: the frontend's slot 0 for VIP:port/proto (exact, then the NodePort wildcard when the address is the node's). */
export function lbLookup(
  entries: Readonly<Record<string, unknown>>,
  ip: string,
  port: number,
  proto: 'TCP' | 'UDP',
): { key: string; fe: Lb4Frontend; slots: Lb4Slot[] } | undefined {
  const key = serviceKey(ip, port, proto, 0);
  const fe = entries[key] as Lb4Frontend | undefined;
  if (!fe) return undefined;
  const slots: Lb4Slot[] = [];
  for (let i = 1; i <= fe.count; i++) slots.push(entries[serviceKey(ip, port, proto, i)] as Lb4Slot);
  return { key, fe, slots };
}
