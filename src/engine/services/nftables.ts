/**
 * kube-proxy's nftables mode (K8S pkg/proxy/nftables/proxier.go). Written by the nftables
 * work item.
 */
import type { Netns } from '../model/datapath';
import type { EndpointSliceInfo, ServiceInfo } from '../model/k8s';
import type { Cidr } from '../wire/ipv4';

export interface NftProxyInput {
  readonly node: string;
  readonly clusterCIDR: Cidr;
  readonly services: readonly ServiceInfo[];
  readonly slices: readonly EndpointSliceInfo[];
}

export function syncNftables(ns: Netns, _input: NftProxyInput): Netns {
  return ns;
}
