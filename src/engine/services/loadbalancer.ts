/**
 * `type: LoadBalancer` as a cloud provider does it: the cloud controller asks for a load
 * balancer outside the cluster, puts its address in the Service's status
 * (status.loadBalancer.ingress[0].ip — `kubectl get svc` EXTERNAL-IP), and the load balancer
 * spreads connections over the nodes' NodePorts. With externalTrafficPolicy Local its health
 * checks (the healthCheckNodePort) fail on nodes without a ready local endpoint, so only the
 * nodes that have one get traffic.
 *
 * In the lab the load balancer lives on the underlay router (the edge between the outside and
 * the nodes): its address is one of the router's, and it forwards with DNAT to node:nodePort,
 * spread by `-m statistic`, keeping the client address (as a network load balancer with
 * instance targets does). Simplified: one load balancer per address, no health-check walk (the
 * lab reads the endpoints to decide which nodes pass), no proxying load balancer that SNATs.
 * Without an outside world (`gateway: none`) nothing provisions one: EXTERNAL-IP stays <pending>.
 */
import type { Chain, Cluster, Netns, Rule } from '../model/datapath';
import type { ServiceInfo } from '../model/k8s';
import { parseCidr, type Ipv4 } from '../wire/ipv4';
import { probabilityValue } from '../tables/iptables-rule';
import { endpointsFor } from './iptables';

/** The pool load balancer addresses come from: the router's outside network (RFC 5737 TEST-NET-2), from .200. */
export const LB_POOL_START = 200;

const CHAIN = 'CLOUD-LB';

function lbRules(c: Cluster, svc: ServiceInfo): Rule[] {
  const ip = svc.loadBalancerIP;
  if (!ip) return [];
  const out: Rule[] = [];
  for (const sp of svc.ports) {
    const proto = sp.protocol === 'TCP' ? 'tcp' : sp.protocol === 'UDP' ? 'udp' : undefined;
    if (!proto || sp.nodePort === undefined) continue;
    const eps = endpointsFor(svc, sp, c.api.endpointSlices).filter((e) => e.ready);
    // health checks: with eTP Local only nodes with a ready local endpoint answer the healthCheckNodePort
    const nodes = c.nodes.filter((n) => svc.externalTrafficPolicy !== 'Local' || eps.some((e) => e.node === n.name));
    const comment = `${svc.namespace}/${svc.name}${sp.name ? `:${sp.name}` : ''} load balancer ${ip}:${sp.port}`;
    nodes.forEach((n, i) => {
      const left = nodes.length - i;
      out.push({
        match: {
          dst: parseCidr(`${ip}/32`),
          proto,
          modules: [
            { m: 'comment', comment: `${comment} -> ${n.name}` },
            { m: proto, dport: sp.port },
            ...(left > 1 ? [{ m: 'statistic' as const, probability: probabilityValue(Number((1 / left).toFixed(10))) }] : []),
          ],
        },
        target: { kind: 'DNAT', to: n.ip, port: sp.nodePort },
      });
    });
  }
  return out;
}

/** The router's tables for every load balancer the Services ask for (rewritten on every sync). */
export function syncLoadBalancers(c: Cluster): Cluster {
  const router = c.netns.router;
  if (!router) return c;
  const lbs = c.api.services.filter((s) => s.type === 'LoadBalancer' && s.loadBalancerIP);
  const ips = new Set<Ipv4>(lbs.map((s) => s.loadBalancerIP!));
  const nat = router.netfilter.nat ?? {};
  const pre = nat.PREROUTING ?? { name: 'PREROUTING', policy: 'ACCEPT' as const, rules: [] };
  const rules = lbs.flatMap((s) => lbRules(c, s));
  const chain: Chain = { name: CHAIN, rules };
  const jump: Rule = { match: { modules: [{ m: 'comment', comment: 'cloud load balancers' }] }, target: { kind: 'JUMP', chain: CHAIN } };
  const prerouting: Chain = {
    ...pre,
    rules: [...(lbs.length ? [jump] : []), ...pre.rules.filter((r) => !(r.target.kind === 'JUMP' && r.target.chain === CHAIN))],
  };
  const { [CHAIN]: _old, ...rest } = nat;
  const eth1 = router.interfaces.find((d) => d.name === 'eth1');
  // the router's own address is a /24; every /32 on eth1 is a load balancer address
  const interfaces = router.interfaces.map((d) =>
    d === eth1 ? { ...d, addrs: [...d.addrs.filter((a) => a.prefix !== 32), ...[...ips].map((ip) => ({ ip, prefix: 32 }))] } : d,
  );
  const next: Netns = {
    ...router,
    interfaces,
    conntrack: lbs.length > 0 || router.conntrack,
    netfilter: { ...router.netfilter, nat: { ...rest, PREROUTING: prerouting, ...(lbs.length ? { [CHAIN]: chain } : {}) } },
  };
  return { ...c, netns: { ...c.netns, router: next } };
}
