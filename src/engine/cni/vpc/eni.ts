/**
 * The node side of the VPC CNI (aws/amazon-vpc-cni-k8s pkg/networkutils/network.go
 * SetupHostNetwork, setupENINetwork; cmd/aws-vpc-cni-init configureSystemParams; v1.20–v1.22):
 *
 * - every ENI gets MTU AWS_VPC_ENI_MTU (default 9001), the primary included;
 * - the primary ENI (eth0) keeps its address and the main table; rp_filter = 2 (loose) on it
 *   ("Configure rp_filter in loose mode"): replies to pods on a secondary ENI come back in on eth0;
 * - a secondary ENI ethN at device index d: its primary IP with the subnet mask, route table
 *   d+1 = `<router> dev ethN scope link` + `default via <router> dev ethN`, the kernel's
 *   connected route in main deleted ("Remove the route that default out to ENI-x out of main
 *   route table"), and rule `32765: from <ENI primary IP> lookup d+1` (v1.20.0+);
 * - host rule `1024: from all fwmark 0x80/0x80 lookup main` (AWS_VPC_CNI_NODE_PORT_SUPPORT,
 *   default true: NodePort replies leave by the primary ENI).
 */
import type { EniAttachment, IpRule, Netns, Route } from '../../model/datapath';
import { route, withDevice } from '../netns';
import { UNDERLAY_SEGMENT } from '../underlay';
import { parseCidr, type Cidr, type Ipv4 } from '../../wire/ipv4';

/** AWS_VPC_ENI_MTU's default (network.go; the conflist `mtu` pods get is the same) */
export const AWS_VPC_ENI_MTU = 9001;
/** `hostRulePriority` */
export const HOST_RULE_PRIORITY = 1024;
/** `FromPrimaryIPofENIRulePriority` */
export const ENI_PRIMARY_RULE_PRIORITY = 32765;
/** AWS_VPC_K8S_CNI_CONNMARK default */
export const CONNMARK = 0x80;

/** CalculateRouteTableId for network card 0: device 0 uses main, device d uses table d+1 (helper.go). */
export function routeTableOf(eni: EniAttachment): number | 'main' {
  return eni.deviceIndex === 0 ? 'main' : eni.deviceIndex + 1;
}

export function eniDeviceName(deviceIndex: number): string {
  return `eth${deviceIndex}`;
}

const host32 = (ip: Ipv4): Cidr => parseCidr(`${ip}/32`);

/** SetupHostNetwork on a node's namespace: eth0's MTU and rp_filter, the fwmark rule. */
export function setupHostNetwork(ns: Netns, mtu: number): Netns {
  const interfaces = ns.interfaces.map((d) => (d.name === 'eth0' ? { ...d, mtu, sysctl: { ...d.sysctl, rpFilter: 2 as const } } : d));
  const rule: IpRule = { prio: HOST_RULE_PRIORITY, fwmark: { value: CONNMARK, mask: CONNMARK }, table: 'main' };
  return { ...ns, interfaces, rules: [...(ns.rules ?? []), rule] };
}

/** An ENI attached to the node: the primary one is eth0 itself; another becomes ethN with its own table and rule. */
export function setupEniNetwork(ns: Netns, eni: EniAttachment, subnet: Cidr, router: Ipv4, mtu: number): Netns {
  if (eni.deviceIndex === 0) return { ...ns, interfaces: ns.interfaces.map((d) => (d.name === 'eth0' ? { ...d, eni } : d)) };
  const dev = eniDeviceName(eni.deviceIndex);
  const out = withDevice(ns, { name: dev, kind: 'nic', mtu, up: true, addrs: [{ ip: eni.primaryIp, prefix: subnet.prefix }], segment: UNDERLAY_SEGMENT, eni });
  const table = eni.deviceIndex + 1;
  const routes: Route[] = [route(`${router}/32`, { dev, scope: 'link' }), route('default', { via: router, dev })];
  const rule: IpRule = { prio: ENI_PRIMARY_RULE_PRIORITY, from: host32(eni.primaryIp), table };
  return { ...out, routeTables: { ...(out.routeTables ?? {}), [table]: routes }, rules: [...(out.rules ?? []), rule] };
}
