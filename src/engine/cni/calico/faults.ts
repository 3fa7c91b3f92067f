/**
 * Calico's own faults (/work/notes/calico.md §4.3): `bgp-down` stops a node's BIRD (calico-node
 * `sv stop bird`: a clean shutdown sends Cease, so peers withdraw its routes at once, no graceful
 * restart; its own kernel routes stay, `persist`). The lab's BIRD is its listener on TCP 179:
 * converge then recomputes the mesh without it. VXLAN modes run no BIRD (the manifest's
 * `calico_backend: vxlan`): Felix programs those routes from the datastore.
 */
import type { Cluster } from '../../model/datapath';
import type { FaultSpec } from '../../model/scenario-schema';
import { option, type FaultEdit, type FaultOption } from '../program';
import { BGP_PORT, BIRD_OWNER, CALICO_VXLAN_DEVICE, CALICO_VXLAN_PORT, calicoMode, caliVethName } from './names';
import { birdRunning, convergeCalico } from './routes';

export function applyCalicoFault(c: Cluster, f: FaultSpec): FaultEdit | undefined {
  if (f.type !== 'bgp-down') return undefined;
  const command = `sv stop bird (calico-node on ${f.node})`;
  const ns = c.netns[f.node];
  if (!ns) return { cluster: c, command, error: `no node ${f.node}` };
  if (!calicoMode(c.mode).bird)
    return { cluster: c, command, error: `no BIRD runs in ${c.mode} mode (calico_backend: vxlan): Felix programs the VXLAN routes from the datastore` };
  if (!birdRunning(ns)) return { cluster: c, command, error: `BIRD is not running on ${f.node}` };
  const stopped = { ...ns, sockets: ns.sockets.filter((s) => !(s.proto === 'tcp' && s.port === BGP_PORT && s.owner === BIRD_OWNER)) };
  return { cluster: convergeCalico({ ...c, netns: { ...c.netns, [f.node]: stopped } }), command };
}

export function calicoFaults(c: Cluster): FaultOption[] {
  const [n1, n2] = c.nodes;
  if (!n1) return [];
  const out: FaultOption[] = [];
  if (calicoMode(c.mode).bird)
    for (const n of c.nodes)
      out.push(
        option(
          { type: 'bgp-down', node: n.name },
          `${n.name}: BIRD stops (BGP down)`,
          `${n.name}'s BGP sessions close: every peer withdraws the routes to its pods, so cross-node traffic to and from them follows the default route and is lost; same-node traffic still works.`,
        ),
      );
  if (calicoMode(c.mode).encap === 'vxlan' && n2)
    out.push(
      option(
        { type: 'block', node: n2.name, protocol: 'udp', port: CALICO_VXLAN_PORT, chain: 'INPUT' },
        `${n2.name} drops UDP ${CALICO_VXLAN_PORT}`,
        `A firewall on ${n2.name} drops ${CALICO_VXLAN_DEVICE}'s packets: cross-node pod traffic vanishes, no error.`,
      ),
    );
  const pod = c.pods.find((p) => p.node === n1.name && !p.hostNetwork && p.ip && !p.owner);
  if (pod)
    out.push(
      option(
        { type: 'proxy-arp', node: n1.name, pod: pod.name, on: false },
        `${caliVethName(pod.namespace, pod.name)}: proxy_arp off`,
        `Nobody holds 169.254.1.1: ${pod.name} reaches its gateway only because ${n1.name} answers ARP for it on the cali veth. Turn that off and ${pod.name} cannot send anything off its own address.`,
      ),
    );
  return out;
}
