/**
 * CNI ADD and DEL of the VPC CNI's routed-eni plugin (aws/amazon-vpc-cni-k8s
 * cmd/routed-eni-cni-plugin/cni.go add, driver/driver.go SetupPodNetwork, setupVeth,
 * setupIPBasedContainerRouteRules; pkg/networkutils/names.go; notes/vpc-flannel.md §2):
 *
 * - host veth `eni` + hex(sha1("<namespace>.<pod>"))[:11] (GeneratePodHostVethName), no IPv4
 *   address, no proxy ARP;
 * - in the pod: `<ip>/32` on eth0 (MTU 9001), `169.254.1.1 dev eth0 scope link`, then
 *   `default via 169.254.1.1 dev eth0`, and a PERMANENT neighbour 169.254.1.1 → the host veth's
 *   MAC: nothing answers ARP for the gateway, nobody needs to;
 * - on the host: `<ip> dev eni… scope link` in main, rule `512: from all to <ip> lookup main`
 *   and, for an address of a secondary ENI, `1536: from <ip> lookup <table>` — what the pod sends
 *   leaves by the ENI that holds its address.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { IpRule, Netns, PodInfo } from '../../model/datapath';
import { parseCidr, type Ipv4 } from '../../wire/ipv4';
import { macFor } from '../../wire/mac';
import { route } from '../netns';
import { addVethPod, podWithoutAddress, type PodPlan } from '../pods';
import { routeTableOf } from './eni';
import type { Ipamd } from './ipamd';

/** `CalculatePodIPv4GatewayIP(0)` */
export const POD_GATEWAY = '169.254.1.1';
/** `ToContainerRulePriority` */
export const TO_POD_RULE_PRIORITY = 512;
/** `FromPodRulePriority` */
export const FROM_POD_RULE_PRIORITY = 1536;

/** GeneratePodHostVethName("eni", ns, pod, 0): names_test.go has kube-system/coredns-57ff979f67-qqbdh → enib5faff8a083. */
export function podHostVethName(namespace: string, pod: string): string {
  return `eni${bytesToHex(sha1(new TextEncoder().encode(`${namespace}.${pod}`))).slice(0, 11)}`;
}

/**
 * What kubelet's FailedCreatePodSandBox event carries when ipamd has no free address: libcni's
 * `plugin type="aws-cni" name="aws-cni" failed (add): ` around the plugin's error (cni.go add:
 * "add cmd: failed to assign an IP address to container"; ipamd logs "AssignPodIPAddress: no
 * available IP/Prefix addresses"). Verbatim in the Karpenter troubleshooting doc.
 */
export const VPC_NO_IP_ERROR = 'plugin type="aws-cni" name="aws-cni" failed (add): add cmd: failed to assign an IP address to container';

const host32 = (ip: Ipv4) => parseCidr(`${ip}/32`);

export function podRules(ip: Ipv4, table: number | 'main'): IpRule[] {
  const rules: IpRule[] = [{ prio: TO_POD_RULE_PRIORITY, to: host32(ip), table: 'main' }];
  if (table !== 'main') rules.push({ prio: FROM_POD_RULE_PRIORITY, from: host32(ip), table });
  return rules;
}

export function addVpcPod(all: Record<string, Netns>, plan: PodPlan, ipamd: Ipamd, mtu: number): PodInfo {
  const p = plan.spec;
  const got = ipamd.assign(`${p.namespace}/${p.name}`, p.ip);
  if (!got) return podWithoutAddress(plan, VPC_NO_IP_ERROR);
  const hostIf = podHostVethName(p.namespace, p.name);
  const hostMac = macFor(`${p.node}/${hostIf}`);
  const info = addVethPod(all, plan, {
    ip: got.ip,
    prefix: 32,
    hostIf,
    mtu,
    routes: [route(`${POD_GATEWAY}/32`, { dev: 'eth0', scope: 'link' }), route('default', { via: POD_GATEWAY, dev: 'eth0' })],
    podNeigh: [{ ip: POD_GATEWAY, mac: hostMac, state: 'PERMANENT' }],
    hostMac,
    hostRoutes: [route(`${got.ip}/32`, { dev: hostIf, scope: 'link' })],
  });
  const node = all[p.node];
  all[p.node] = { ...node, rules: [...(node.rules ?? []), ...podRules(got.ip, routeTableOf(got.eni))] };
  return info;
}

/** CNI DEL beyond the veth: the pod's rules go (teardownIPBasedContainerRouteRules). */
export function removeVpcPod(all: Record<string, Netns>, pod: PodInfo): void {
  const node = all[pod.node];
  if (!node?.rules || !pod.ip || pod.hostNetwork) return;
  const ip = pod.ip;
  const mine = (r: IpRule) => (r.prio === TO_POD_RULE_PRIORITY && r.to?.net === ip) || (r.prio === FROM_POD_RULE_PRIORITY && r.from?.net === ip);
  all[pod.node] = { ...node, rules: node.rules.filter((r) => !mine(r)) };
}
