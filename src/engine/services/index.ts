/**
 * kube-proxy as a program that writes node tables (ARCHITECTURE.md: "kube-proxy modes are
 * programs that write service tables from Services and EndpointSlices"). `syncServices`
 * is one sync on every node whose kube-proxy runs; a stopped kube-proxy leaves its node's
 * tables as they were. Modes: iptables (iptables.ts), ipvs (ipvs.ts), nftables (nftables.ts);
 * `none` writes nothing (a bare kernel, as in the kernel oracle); `ebpf` belongs to Cilium.
 */
import type { Cluster, Netns } from '../model/datapath';
import type { ServiceInfo } from '../model/k8s';
import { parseCidr } from '../wire/ipv4';
import { syncIptables } from './iptables';
import { syncIpvs } from './ipvs';
import { syncNftables } from './nftables';
import { syncLoadBalancers } from './loadbalancer';
import { programFor } from '../cni/registry';

export interface SyncInput {
  readonly node: string;
  readonly services: readonly ServiceInfo[];
}

/** One kube-proxy sync of `node` from the API objects (minus `except`, Services it has not seen). */
export function syncNode(c: Cluster, node: string, except: readonly string[] = []): Netns {
  const ns = c.netns[node];
  // the API's own lists when nothing is held back: the proxiers share their work across nodes by list identity
  const services = except.length ? c.api.services.filter((s) => !except.includes(`${s.namespace}/${s.name}`)) : c.api.services;
  const slices = except.length ? c.api.endpointSlices.filter((e) => !except.includes(`${e.namespace}/${e.service}`)) : c.api.endpointSlices;
  const clusterCIDR = parseCidr(c.proxy.clusterCIDR);
  const input = { node, clusterCIDR, services, slices };
  switch (c.proxy.mode) {
    case 'iptables':
      return { ...ns, netfilter: syncIptables(ns.netfilter, input) };
    case 'ipvs':
      return syncIpvs(ns, { ...input, scheduler: c.proxy.ipvsScheduler, nodeIps: c.nodes.filter((n) => n.name === node).map((n) => n.ip) });
    case 'nftables':
      return syncNftables(ns, { ...input, nodeIps: c.nodes.filter((n) => n.name === node).map((n) => n.ip), serviceCIDRs: [c.serviceCidr] });
    default:
      return ns;
  }
}

/**
 * kube-proxy's conntrack tuning when it starts (cmd/kube-proxy/app server.go: the
 * KubeProxyConntrackConfiguration defaults tcpEstablishedTimeout 24h and tcpCloseWaitTimeout
 * 1h, written by realConntracker to net.netfilter.nf_conntrack_tcp_timeout_established and
 * _close_wait), so `conntrack -L` on a node shows `86399 ESTABLISHED`, not 431999.
 */
export const KUBE_PROXY_TCP_TIMEOUTS = { ESTABLISHED: 86400, CLOSE_WAIT: 3600 } as const;

function withKubeProxySysctls(ns: Netns): Netns {
  return { ...ns, sysctl: { ...ns.sysctl, nfConntrackTcpTimeouts: { ...ns.sysctl.nfConntrackTcpTimeouts, ...KUBE_PROXY_TCP_TIMEOUTS } } };
}

/** Every running kube-proxy syncs, and the cloud's load balancers follow the Services (after the API objects changed). */
export function syncServices(c: Cluster): Cluster {
  const lb = syncLoadBalancers(c);
  if (c.proxy.mode === 'none' || c.proxy.mode === 'ebpf') return lb;
  const netns = { ...lb.netns };
  const after = programFor(c.cni)?.afterProxySync;
  for (const n of c.nodes) {
    if (c.proxy.stopped.includes(n.name)) continue;
    const ns = withKubeProxySysctls(syncNode(lb, n.name));
    netns[n.netns] = after ? after(ns) : ns;
  }
  return { ...lb, netns };
}
