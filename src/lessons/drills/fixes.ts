/**
 * How a drill's fault is repaired: the terminal lines that undo it (derived from the healthy
 * lab's own tables — the route, FDB entry or MTU that was there before), and, where a real
 * operator would act outside a node's shell (restart BIRD, open a security group, free IPAM
 * addresses), a named remediation that removes the fault: a lab simplification, said so.
 */
import type { FaultSpec, Lab, PodInfo } from '../../engine';
import { createLab } from '../../engine/lab-core';
import { faultKey } from '../../engine/faults/fault-key';
import { runCommand } from '../../engine/cli/dispatch';
import { formatRoute } from '../../engine/tables/route-format';
import { cidrString } from '../../engine/wire/ipv4';
import type { FixStep, Remediation } from './types';

type Command = Extract<FixStep, { do: 'command' }>;
const cmd = (where: string, line: string): Command => ({ do: 'command', where, line });

function findPod(lab: Lab, ref: string): PodInfo | undefined {
  return lab.cluster.pods.find((p) => `${p.namespace}/${p.name}` === ref || (!ref.includes('/') && p.name === ref));
}

/** The pod's host-side veth (its eth0's peer), as `bridge link` and `sysctl` name it. */
function hostVeth(lab: Lab, pod: PodInfo | undefined): string | undefined {
  const peer = pod && lab.cluster.netns[pod.netns]?.interfaces.find((d) => d.name === 'eth0')?.peer;
  return peer?.ifname;
}

const nodeNs = (lab: Lab, node: string) => {
  const n = lab.cluster.nodes.find((x) => x.name === node);
  return n ? lab.cluster.netns[n.netns] : undefined;
};

const SYSTEM_POD_REPLICAS = (lab: Lab) => lab.cluster.pods.filter((p) => p.namespace === 'kube-system' && p.labels['k8s-app'] === 'kube-dns').length;

/**
 * The terminal lines that undo `fault`, read off the healthy lab (`[]`: none in a node's or a
 * pod's shell). Each line is the real tool's syntax (iproute2 ip-route(8)/ip-link(8)/ip-neighbour(8),
 * bridge(8), iptables(8), conntrack(8), kubectl).
 */
export function terminalPlan(fault: FaultSpec, healthy: Lab, broken: Lab): Command[] {
  switch (fault.type) {
    case 'mtu': {
      // a pod has no NET_ADMIN to change its own eth0 (and a node's shell does not enter its netns here):
      // the pod's MTU is the CNI's to set, so only a node device's MTU is a terminal repair
      if (fault.pod) return [];
      const mtu = nodeNs(healthy, fault.node)?.interfaces.find((d) => d.name === fault.device)?.mtu;
      return mtu ? [cmd(fault.node, `ip link set dev ${fault.device} mtu ${mtu}`)] : [];
    }
    case 'delete-route':
    case 'add-route': {
      const want = (nodeNs(healthy, fault.node)?.routes ?? []).filter((r) => (fault.dst === 'default' ? r.dst.prefix === 0 : cidrString(r.dst) === fault.dst));
      // without `proto`: the route the agent had installed (proto bird…) is put back by hand, as an operator would
      const verb = fault.type === 'delete-route' ? 'add' : 'replace';
      if (want.length) return want.map((r) => cmd(fault.node, `ip route ${verb} ${formatRoute({ ...r, proto: undefined })}`));
      return fault.type === 'add-route' ? [cmd(fault.node, `ip route del ${fault.dst}${fault.via ? ` via ${fault.via}` : ''}`)] : [];
    }
    case 'block':
      return [
        cmd(fault.node, `iptables -D ${fault.chain} -p ${fault.protocol}${fault.port && fault.protocol !== 'icmp' ? ` --dport ${fault.port}` : ''} -j DROP`),
      ];
    case 'delete-fdb': {
      const had = nodeNs(healthy, fault.node)?.fdb ?? [];
      const has = nodeNs(broken, fault.node)?.fdb ?? [];
      return had
        .filter((e) => e.dev === fault.device && !has.some((x) => x.mac === e.mac && x.dev === e.dev && x.dst === e.dst))
        .map((e) =>
          cmd(fault.node, `bridge fdb add ${e.mac} dev ${e.dev}${e.dst ? ` dst ${e.dst}` : ''}${e.self ? ' self' : ''}${e.permanent ? ' permanent' : ''}`),
        );
    }
    case 'delete-neigh':
    case 'neigh-flush': {
      const pod = fault.type === 'neigh-flush' && fault.pod ? findPod(healthy, fault.pod) : undefined;
      const where = pod?.name ?? fault.node;
      const had = (pod ? healthy.cluster.netns[pod.netns]?.neigh : nodeNs(healthy, fault.node)?.neigh) ?? [];
      const has = (pod ? broken.cluster.netns[pod.netns]?.neigh : nodeNs(broken, fault.node)?.neigh) ?? [];
      // only the permanent entries: the dynamic ones come back by ARP on their own
      return had
        .filter((e) => e.state === 'PERMANENT' && !has.some((x) => x.ip === e.ip && x.dev === e.dev))
        .map((e) => cmd(where, `ip neigh replace ${e.ip} lladdr ${e.mac} dev ${e.dev} nud permanent`));
    }
    case 'coredns-scale':
      return [cmd(healthy.cluster.nodes[0]?.name ?? 'node1', `kubectl -n kube-system scale deployment coredns --replicas=${SYSTEM_POD_REPLICAS(healthy)}`)];
    case 'stale-conntrack': {
      const pod = findPod(healthy, fault.pod);
      return pod?.ip ? [cmd(pod.node, `conntrack -D -p udp -s ${pod.ip} -d ${healthy.cluster.dns.serviceIP}`)] : [];
    }
    case 'hairpin': {
      const dev = hostVeth(healthy, findPod(healthy, fault.pod));
      return dev ? [cmd(fault.node, `bridge link set dev ${dev} hairpin ${fault.on ? 'off' : 'on'}`)] : [];
    }
    case 'proxy-arp': {
      const dev = hostVeth(healthy, findPod(healthy, fault.pod));
      return dev ? [cmd(fault.node, `sysctl -w net.ipv4.conf.${dev}.proxy_arp=${fault.on ? 0 : 1}`)] : [];
    }
    case 'sysctl':
      return [cmd(fault.node, `sysctl -w ${fault.key}=${fault.value === 0 ? 1 : 0}`)];
    case 'kube-proxy-stopped':
      // the DaemonSet's pods come back and resync every Service (kubectl rollout restart)
      return [cmd(healthy.cluster.nodes[0]?.name ?? 'node1', 'kubectl -n kube-system rollout restart daemonset kube-proxy')];
    case 'endpointslice-empty': {
      const manifest = serviceManifest(healthy, fault.service);
      return manifest ? [{ ...cmd(healthy.cluster.nodes[0]?.name ?? 'node1', 'kubectl apply -f -'), stdin: manifest }] : [];
    }
    default:
      // coredns-not-ready, upstream-dns-down, ipam-exhaust, bgp-down, security-group: the repair is outside any shell the lab has
      return [];
  }
}

/** The Service as the healthy scenario declares it, as a manifest for `kubectl apply -f -` (the selector without the typo). */
function serviceManifest(healthy: Lab, ref: string): string | undefined {
  const [ns, name] = ref.includes('/') ? ref.split('/') : ['default', ref];
  const svc = healthy.cluster.api.services.find((s) => s.namespace === ns && s.name === name);
  if (!svc?.selector) return undefined;
  const lines = ['apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${svc.name}`, `  namespace: ${svc.namespace}`, 'spec:'];
  if (svc.type !== 'ClusterIP') lines.push(`  type: ${svc.type}`);
  if (svc.clusterIP) lines.push(`  clusterIP: ${svc.clusterIP}`);
  lines.push('  selector:', ...Object.entries(svc.selector).map(([k, v]) => `    ${k}: ${v}`), '  ports:');
  for (const p of svc.ports) {
    lines.push(`  - ${p.name ? `name: ${p.name}` : `port: ${p.port}`}`);
    if (p.name) lines.push(`    port: ${p.port}`);
    lines.push(`    targetPort: ${p.targetPort}`, `    protocol: ${p.protocol}`);
    if (p.nodePort) lines.push(`    nodePort: ${p.nodePort}`);
  }
  return lines.join('\n');
}

/** The remediation of a fault in an operator's words (what they would do outside this terminal). */
export function remediationText(f: FaultSpec): string {
  switch (f.type) {
    case 'bgp-down':
      return `Restart BIRD on ${f.node} (restart its calico-node pod): the BGP sessions come back and its routes are advertised again`;
    case 'security-group':
      return `Allow ${f.protocol === 'all' ? 'all traffic' : f.protocol.toUpperCase()}${f.port ? ` port ${f.port}` : ''} from the other nodes in the security group${f.node ? ` of ${f.node}` : ''}`;
    case 'ipam-exhaust':
      return `Free pod addresses on ${f.node} (delete the pods that hold them, or give the node a larger range) so ${f.pod} gets one`;
    case 'upstream-dns-down':
      return "Bring the nodes' upstream resolver back (or point CoreDNS's forward plugin at one that answers)";
    case 'coredns-not-ready':
      return "Fix what fails CoreDNS's readiness probe so its pods become Ready again";
    case 'kube-proxy-stopped':
      return `Restart kube-proxy on ${f.node ?? 'every node'}: it resyncs every Service`;
    case 'endpointslice-empty':
      return `Correct the selector of Service ${f.service} (kubectl apply the fixed manifest)`;
    case 'mtu':
      return f.pod
        ? `Set the CNI's MTU back to what the path carries and recreate ${f.pod} (a pod cannot change its own eth0 without NET_ADMIN)`
        : `Set ${f.node}'s ${f.device} MTU back to what the path carries`;
    case 'delete-route':
    case 'add-route':
      return `Restore ${f.node}'s route to ${f.dst}`;
    case 'block':
      return `Delete the DROP rule for ${f.protocol}${f.port ? ` ${f.port}` : ''} in ${f.node}'s ${f.chain} chain`;
    case 'delete-fdb':
      return `Re-add ${f.peer}'s VTEP to ${f.node}'s FDB`;
    case 'delete-neigh':
      return `Re-add ${f.peer}'s VTEP MAC to ${f.node}'s neighbour table`;
    case 'neigh-flush':
      return `Restore the permanent neighbour entries on ${f.pod ?? f.node}`;
    case 'coredns-scale':
      return 'Scale CoreDNS back up';
    case 'stale-conntrack':
      return `Delete the stale conntrack entry of ${f.pod}'s DNS flow`;
    case 'hairpin':
      return `Turn hairpin back on for ${f.pod}'s bridge port`;
    case 'proxy-arp':
      return `Turn proxy ARP back on for ${f.pod}'s host veth`;
    case 'sysctl':
      return `Set ${f.key} back to 1 on ${f.node}`;
  }
}

/** The fault types whose real repair is never a line in a node's or pod's shell. */
export const REMEDIATION_ONLY: ReadonlySet<FaultSpec['type']> = new Set([
  'bgp-down',
  'security-group',
  'ipam-exhaust',
  'upstream-dns-down',
  'coredns-not-ready',
]);

/**
 * Whether the terminal cannot repair `fault` at all: its repair is outside any shell, or the
 * first line of its terminal plan is not modelled by the lab's CLI (tried on the healthy lab).
 */
export function needsRemediation(fault: FaultSpec, healthy: Lab): boolean {
  if (REMEDIATION_ONLY.has(fault.type) || (fault.type === 'mtu' && fault.pod)) return true;
  const [first] = terminalPlan(fault, healthy, healthy);
  if (!first) return false;
  const r = runCommand(healthy, first.where, first.line, first.stdin);
  return r.exitCode === 127 && /not modelled/.test(r.output);
}

export const remediationId = (f: FaultSpec) => `remedy:${faultKey(f)}`;

export function remediationOf(f: FaultSpec): Remediation {
  return { id: remediationId(f), text: remediationText(f) };
}

export function remediationStep(f: FaultSpec, terminalCould: boolean): FixStep {
  return {
    do: 'remediate',
    id: remediationId(f),
    text: remediationText(f),
    simplification: terminalCould
      ? 'The lab terminal cannot run this repair yet; choosing it removes the fault as if it had been done.'
      : 'This happens outside a node’s shell (an agent restart, the cloud console, the API); choosing it removes the fault as if it had been done.',
  };
}

/** The lab rebuilt without `fault` (a remediation): the learner's other terminal changes are not kept. */
export function labWithout(lab: Lab, fault: FaultSpec): Lab {
  const key = faultKey(fault);
  const r = createLab({ ...lab.scenario, faults: lab.scenario.faults.filter((f) => faultKey(f) !== key) });
  return r.ok ? r.lab : lab;
}

/** Runs fix steps on `lab`: a command through the terminal's own runCommand, a remediation only if it is this fault's. */
export function applyFix(lab: Lab, fault: FaultSpec, steps: readonly FixStep[]): Lab {
  return steps.reduce((cur, s) => {
    if (s.do === 'command') return runCommand(cur, s.where, s.line, s.stdin).lab;
    return s.id === remediationId(fault) ? labWithout(cur, fault) : cur;
  }, lab);
}
