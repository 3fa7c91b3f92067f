/**
 * CNI ADD under Calico (cni-plugin pkg/dataplane/linux/dataplane_linux.go DoWorkloadNetnsSetUp,
 * SetupRoutes; /work/notes/calico.md §1): a veth pair, the host end `cali<sha1[:11]>` with no
 * address, MAC ee:ee:ee:ee:ee:ee, proxy_arp=1 and forwarding=1; the pod's address as a /32 on
 * eth0 with `169.254.1.1 dev eth0 scope link` and `default via 169.254.1.1 dev eth0`; on the
 * node `<pod>/32 dev caliX scope link` and Felix's PERMANENT neighbour for the pod's MAC
 * (route_table.go updatePermanentARP). No bridge: pods on one node meet in the routing table.
 */
import type { Netns, PodInfo } from '../../model/datapath';
import { podNetnsId } from '../../model/ids';
import { macFor } from '../../wire/mac';
import { route } from '../netns';
import { addVethPod, podWithoutAddress, type PodPlan } from '../pods';
import { CALICO_HOST_MAC, CALICO_POD_GATEWAY, caliVethName } from './names';
import { calicoAddError, type Assigned } from './ipam';

export function addCalicoPod(all: Record<string, Netns>, plan: PodPlan, got: Assigned, mtu: number): PodInfo {
  const p = plan.spec;
  if (got.ip === null) return podWithoutAddress(plan, calicoAddError(got.error));
  const hostIf = caliVethName(p.namespace, p.name);
  const info = addVethPod(all, plan, {
    ip: got.ip,
    prefix: 32,
    hostIf,
    mtu,
    routes: [route(`${CALICO_POD_GATEWAY}/32`, { dev: 'eth0', scope: 'link' }), route('default', { via: CALICO_POD_GATEWAY, dev: 'eth0' })],
    hostMac: CALICO_HOST_MAC,
    hostSysctl: { proxyArp: true, forwarding: true },
    hostRoutes: [route(`${got.ip}/32`, { dev: hostIf, scope: 'link' })],
  });
  const node = all[p.node];
  const podMac = all[podNetnsId(p.namespace, p.name)].interfaces.find((d) => d.name === 'eth0')?.mac ?? macFor(`${podNetnsId(p.namespace, p.name)}/eth0`);
  all[p.node] = { ...node, neigh: [...node.neigh, { ip: got.ip, dev: hostIf, mac: podMac, state: 'PERMANENT' }] };
  return info;
}
