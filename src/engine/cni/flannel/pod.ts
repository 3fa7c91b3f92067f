/**
 * CNI ADD under Flannel: the flannel plugin delegates to the `bridge` plugin with host-local
 * IPAM over the node's subnet (flannel-io/cni-plugin flannel_linux.go; REFERENCE.md §1.3):
 * a veth pair whose host end is a port of cni0 with hairpin mode on, the pod's address from
 * the node's range as a /24, and the routes of REFERENCE.md §6.2 "Pod on flannel".
 */
import type { Netns, PodInfo } from '../../model/datapath';
import type { Cidr } from '../../wire/ipv4';
import type { HostLocalRange } from '../ipam/host-local';
import { hostVethName } from '../netns';
import { addVethPod, podWithoutAddress, type PodPlan } from '../pods';
import { flannelPodRoutes } from './node';

/**
 * The plugin's error as libcni returns it: AddNetworkList ("plugin %s failed (add): %w",
 * pluginDescription: the flannel conflist's plugin has no name) around the flannel
 * meta-plugin's delegateAdd ("failed to delegate add: %w", flannel-io/cni-plugin flannel.go)
 * around host-local's error.
 */
export function flannelAddError(error: string): string {
  return `plugin type="flannel" failed (add): failed to delegate add: ${error}`;
}

export function addFlannelPod(all: Record<string, Netns>, plan: PodPlan, subnet: Cidr, range: HostLocalRange, network: Cidr): PodInfo {
  const p = plan.spec;
  const got = p.ip ? { ip: p.ip } : range.allocate();
  if (!got.ip) return podWithoutAddress(plan, flannelAddError(got.error ?? 'no address'));
  const cni0 = all[p.node].interfaces.find((d) => d.name === 'cni0')!;
  return addVethPod(all, plan, {
    ip: got.ip,
    prefix: subnet.prefix,
    hostIf: hostVethName(`${p.namespace}/${p.name}`),
    mtu: cni0.mtu,
    routes: flannelPodRoutes(network, subnet, got.ip),
    master: 'cni0',
    hairpin: true,
  });
}
