/**
 * Faults on one node that every shape can have (a pod's proxy_arp sysctl, a flushed neighbour
 * table, an IPAM range used up) and the hand-off to the CNI program for the faults only its
 * shape has (Calico's BGP, the VPC's security groups).
 */
import type { Cluster, Netns, PodInfo } from '../model/datapath';
import type { FaultSpec } from '../model/scenario-schema';
import { removePod, podWithoutAddress } from '../cni/pods';
import { programFor } from '../cni/registry';
import type { FaultEdit } from '../cni/program';
import { syncServices } from '../services';
import { resyncEndpointSlices } from '../services/api';

type NodeFault = Extract<FaultSpec, { type: 'bgp-down' | 'ipam-exhaust' | 'security-group' | 'proxy-arp' | 'neigh-flush' }>;

const NODE_FAULTS: readonly string[] = ['bgp-down', 'ipam-exhaust', 'security-group', 'proxy-arp', 'neigh-flush'];
/** which shapes have a shape-only fault, for the refusal on any other */
const SHAPE_ONLY: Readonly<Record<string, string>> = { 'bgp-down': 'calico', 'security-group': 'vpc' };

export function isNodeFault(f: FaultSpec): f is NodeFault {
  return NODE_FAULTS.includes(f.type);
}

function findPod(c: Cluster, ref: string): PodInfo | undefined {
  return c.pods.find((p) => `${p.namespace}/${p.name}` === ref || (!ref.includes('/') && p.name === ref));
}

function withNetns(c: Cluster, ns: Netns): Cluster {
  return { ...c, netns: { ...c.netns, [ns.id]: ns } };
}

/** The pod's host-side interface on its node (its veth peer). */
function hostIfOf(c: Cluster, pod: PodInfo): string | undefined {
  return c.netns[pod.netns]?.interfaces.find((d) => d.peer)?.peer?.ifname;
}

export function applyNodeFault(c: Cluster, f: NodeFault): FaultEdit {
  if (f.node !== undefined && !c.nodes.some((n) => n.name === f.node)) return { cluster: c, command: f.type, error: `no node ${f.node}` };
  const program = programFor(c.cni);
  switch (f.type) {
    case 'proxy-arp': {
      const pod = findPod(c, f.pod);
      const dev = pod && hostIfOf(c, pod);
      const command = `sysctl -w net.ipv4.conf.${dev ?? '<veth>'}.proxy_arp=${f.on ? 1 : 0} (on ${f.node})`;
      if (!pod || pod.node !== f.node) return { cluster: c, command, error: `no pod ${f.pod} on ${f.node}` };
      if (!dev) return { cluster: c, command, error: `pod ${f.pod} has no interface of its own on ${f.node} (hostNetwork or not created)` };
      const ns = c.netns[f.node];
      const interfaces = ns.interfaces.map((d) => (d.name === dev ? { ...d, sysctl: { ...d.sysctl, proxyArp: f.on } } : d));
      return { cluster: withNetns(c, { ...ns, interfaces }), command };
    }
    case 'neigh-flush': {
      const pod = f.pod ? findPod(c, f.pod) : undefined;
      const id = f.pod ? pod?.netns : f.node;
      const command = `ip neigh flush all${f.pod ? ` (in pod ${f.pod})` : ` (on ${f.node})`}`;
      const ns = id ? c.netns[id] : undefined;
      if (!ns || (pod && pod.hostNetwork)) return { cluster: c, command, error: `no pod ${f.pod} with a network namespace of its own` };
      // `flush` removes dynamic entries; permanent ones (the VPC CNI's 169.254.1.1, flannel's VTEPs) stay (ip-neighbour(8): "nud permanent … not flushed").
      return { cluster: withNetns(c, { ...ns, neigh: ns.neigh.filter((e) => e.state === 'PERMANENT') }), command };
    }
    case 'ipam-exhaust': {
      const pod = findPod(c, f.pod);
      const command = `(every free address of ${f.node}'s pod range taken; pod ${f.pod} recreated)`;
      if (!pod || pod.node !== f.node) return { cluster: c, command, error: `no pod ${f.pod} on ${f.node}` };
      if (pod.hostNetwork) return { cluster: c, command, error: `pod ${f.pod} uses hostNetwork: it takes no address from IPAM` };
      if (!program) return { cluster: c, command, error: `${c.cni} is not modelled` };
      const netns = { ...c.netns };
      removePod(netns, pod);
      program.removePod?.(netns, pod);
      const plan = { spec: { ...specOf(pod), ip: undefined }, ...(pod.owner ? { owner: pod.owner } : {}) };
      const failed = podWithoutAddress(plan, program.ipamExhaustedError(c, f.node));
      const pods = c.pods.map((p) => (p === pod ? failed : p));
      const next: Cluster = { ...c, netns, pods };
      const converged = program.converge?.(next) ?? next;
      return { cluster: syncServices({ ...converged, api: resyncEndpointSlices(converged.api, converged.pods, converged.nodes) }), command };
    }
    case 'bgp-down':
    case 'security-group': {
      const edit = program?.applyFault?.(c, f);
      if (edit) return edit;
      return { cluster: c, command: f.type, error: `${f.type} is a ${SHAPE_ONLY[f.type]} fault; this cluster runs ${c.cni}` };
    }
  }
}

/** The pod spec a running pod was made from (what the API server would recreate it with). */
function specOf(p: PodInfo) {
  return {
    name: p.name,
    namespace: p.namespace,
    node: p.node,
    labels: { ...p.labels },
    ports: p.ports.map((x) => ({ ...x, protocol: x.protocol })),
    hostNetwork: p.hostNetwork,
    ...(p.dnsPolicy !== 'ClusterFirst' ? { dnsPolicy: p.dnsPolicy } : {}),
    ...(p.dnsConfig
      ? {
          dnsConfig: {
            ...p.dnsConfig,
            nameservers: p.dnsConfig.nameservers ? [...p.dnsConfig.nameservers] : undefined,
            searches: p.dnsConfig.searches ? [...p.dnsConfig.searches] : undefined,
            options: p.dnsConfig.options ? p.dnsConfig.options.map((o) => ({ ...o })) : undefined,
          },
        }
      : {}),
    libc: p.libc,
    ready: p.ready,
    ...(p.hostname ? { hostname: p.hostname } : {}),
    ...(p.subdomain ? { subdomain: p.subdomain } : {}),
  };
}
