/**
 * CNI ADD under Cilium (plugins/cilium-cni/cmd/cmd.go; notes/cilium.md §1.3, §1.5): the agent's
 * IPAM gives the pod an address, the plugin creates a veth pair whose host end is
 * `lxc` + the first 12 hex digits of sha256("<containerID>:eth0") (connector Endpoint2IfName),
 * both ends at the device MTU; the pod gets its address as a /32 and two routes,
 * `<routerIP> dev eth0 scope link` and `default via <routerIP> dev eth0 mtu <RouteMTU>`
 * (connector.IPv4Routes). No bridge, no address on the host side; rp_filter off there. The
 * endpoint's program cil_from_container runs on the lxc's tc ingress (every packet the pod sends).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { Netns, PodInfo } from '../../model/datapath';
import type { Ipv4 } from '../../wire/ipv4';
import { route } from '../netns';
import { addVethPod, podWithoutAddress, type PodPlan } from '../pods';
import { ciliumAddError, type HostScopeAllocator } from './ipam';

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

/** Simplified: the sandbox's container ID (64 hex digits) is derived from the pod's name, so a scenario is the same every run. */
export function containerId(namespace: string, name: string): string {
  return hex(sha256(new TextEncoder().encode(`sandbox:${namespace}/${name}`)));
}

export function lxcName(namespace: string, name: string): string {
  return `lxc${hex(sha256(new TextEncoder().encode(`${containerId(namespace, name)}:eth0`))).slice(0, 12)}`;
}

export function ciliumPodRoutes(routerIp: Ipv4, routeMtu: number) {
  return [route('default', { via: routerIp, dev: 'eth0', mtu: routeMtu }), route(`${routerIp}/32`, { dev: 'eth0', scope: 'link' })];
}

export function addCiliumPod(
  all: Record<string, Netns>,
  plan: PodPlan,
  ipam: HostScopeAllocator,
  node: { routerIp: Ipv4; deviceMtu: number; routeMtu: number },
): PodInfo {
  const p = plan.spec;
  const got = p.ip ? { ip: p.ip } : ipam.allocate(`${p.namespace}/${p.name}`);
  if (!got.ip) return podWithoutAddress(plan, ciliumAddError(got.error ?? 'range is full'));
  const hostIf = lxcName(p.namespace, p.name);
  const info = addVethPod(all, plan, {
    ip: got.ip,
    prefix: 32,
    hostIf,
    mtu: node.deviceMtu,
    routes: ciliumPodRoutes(node.routerIp, node.routeMtu),
    hostSysctl: { rpFilter: 0 },
  });
  const host = all[p.node];
  all[p.node] = { ...host, tc: [...host.tc, { name: 'cil_from_container', dev: hostIf, direction: 'ingress' }] };
  return info;
}

/** CNI DEL beyond the veth: the endpoint's program goes with its device. */
export function removeCiliumPod(all: Record<string, Netns>, pod: PodInfo): void {
  const host = all[pod.node];
  if (!host || pod.hostNetwork) return;
  const lxc = lxcName(pod.namespace, pod.name);
  all[pod.node] = { ...host, tc: host.tc.filter((t) => t.dev !== lxc) };
}
