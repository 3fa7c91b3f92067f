/**
 * kube-proxy's IPVS mode (K8S pkg/proxy/ipvs/proxier.go). Written by the IPVS work item;
 * until then a node in IPVS mode gets the iptables plumbing only.
 */
import type { Netns } from '../model/datapath';
import type { EndpointSliceInfo, ServiceInfo } from '../model/k8s';
import type { Cidr, Ipv4 } from '../wire/ipv4';

export interface IpvsProxyInput {
  readonly node: string;
  readonly clusterCIDR: Cidr;
  readonly services: readonly ServiceInfo[];
  readonly slices: readonly EndpointSliceInfo[];
  readonly scheduler: 'rr' | 'lc' | 'sh';
  readonly nodeIps: readonly Ipv4[];
}

export function syncIpvs(ns: Netns, _input: IpvsProxyInput): Netns {
  return ns;
}
