/**
 * The reachability matrix: a small fixed set of probes an operator would try first (the
 * seeds' troubleshooting flow: same node, cross node, the Service, DNS, big packets, the
 * outside world and back in), aimed at the scenario's own pods. Every cell is the engine's
 * trace of that probe on the lab — nothing is typed in.
 */
import type { Lab, PodInfo, ProbeSpec, ServiceInfo } from '../../engine';
import { runProbe } from '../../engine/lab-core';
import type { Matrix, MatrixCell, MatrixProbe } from './types';

const isApp = (p: PodInfo) => !p.hostNetwork && !!p.ip && p.namespace !== 'kube-system';
const isSystemService = (s: ServiceInfo) => s.namespace === 'kube-system' || (s.namespace === 'default' && s.name === 'kubernetes');

/** The pods and Service the probes aim at: the first app pod of the first node is the client. */
export interface MatrixCast {
  readonly client: PodInfo;
  readonly sameNode?: PodInfo;
  readonly crossNode?: PodInfo;
  readonly service?: ServiceInfo;
}

export function castOf(lab: Lab): MatrixCast | null {
  const c = lab.cluster;
  const [n1, n2] = c.nodes;
  const apps = c.pods.filter(isApp);
  const client = apps.find((p) => p.node === n1?.name);
  if (!client) return null;
  const service = c.api.services.find(
    (s) =>
      !isSystemService(s) &&
      !!s.clusterIP &&
      s.clusterIP !== 'None' &&
      c.api.endpointSlices.some((sl) => sl.namespace === s.namespace && sl.service === s.name && sl.endpoints.some((e) => e.conditions.ready)),
  );
  return {
    client,
    sameNode: apps.find((p) => p.node === n1?.name && p !== client),
    crossNode: n2 ? apps.find((p) => p.node === n2.name) : undefined,
    service,
  };
}

/** The largest ICMP payload the client's path carries: its eth0 or route MTU, less 20 (IP) and 8 (ICMP). */
function largestPing(lab: Lab, client: PodInfo): number {
  const ns = lab.cluster.netns[client.netns];
  const eth0 = ns?.interfaces.find((d) => d.name === 'eth0')?.mtu ?? 1500;
  const routeMtus = (ns?.routes ?? []).flatMap((r) => (r.mtu ? [r.mtu] : []));
  return Math.min(eth0, ...routeMtus) - 28;
}

/**
 * The probes, from the healthy lab. `large-df` is `ping -M do -s <largest>` (exactly what the
 * path should carry); `large` is a plain `ping -s 1472` (a full Ethernet frame, DF as the
 * kernel decides — `-M want`), which catches a pod that believes in a bigger MTU than its path.
 */
export function matrixProbes(healthy: Lab): MatrixProbe[] {
  const cast = castOf(healthy);
  if (!cast) return [];
  const { client, sameNode, crossNode, service } = cast;
  const me = client.name;
  const out: MatrixProbe[] = [];
  const add = (kind: MatrixProbe['kind'], label: string, probe: ProbeSpec) => out.push({ kind, label, probe: { id: kind, ...probe } });
  if (sameNode) add('same-node', `${me} → ${sameNode.name} (same node), ping`, { from: me, to: sameNode.name, protocol: 'icmp' });
  if (crossNode) add('cross-node', `${me} → ${crossNode.name} (${crossNode.node}), ping`, { from: me, to: crossNode.name, protocol: 'icmp' });
  if (service) {
    const port = service.ports[0]?.port ?? 80;
    add('service', `${me} → Service ${service.name} (${service.clusterIP}:${port}), TCP`, { from: me, to: `${service.clusterIP}:${port}`, protocol: 'tcp' });
  } else add('service', `${me} → Service kubernetes (10.96.0.1:443), TCP`, { from: me, to: '10.96.0.1:443', protocol: 'tcp' });
  const name = service ? `${service.name}.${service.namespace}.svc.${healthy.cluster.dns.domain}` : `kubernetes.default.svc.${healthy.cluster.dns.domain}`;
  add('dns', `${me}: look up ${name}`, { from: me, to: name, protocol: 'dns' });
  const ext = healthy.scenario.cluster.externalHosts[0];
  if (ext && /[a-z]/i.test(ext.name) && ext.name.includes('.')) {
    // only a name the upstream resolver knows: a failing cell in the healthy lab would be no symptom
    const probe: ProbeSpec = { from: me, to: ext.name, protocol: 'dns' };
    if (runProbe(healthy, probe).trace.verdict === 'delivered') add('dns-external', `${me}: look up ${ext.name}`, probe);
  }
  if (crossNode) {
    const big = largestPing(healthy, client);
    add('large-df', `${me} → ${crossNode.name}, ping -M do -s ${big}`, { from: me, to: crossNode.name, protocol: 'icmp', size: big, df: true });
    if (big !== 1472) add('large', `${me} → ${crossNode.name}, ping -s 1472`, { from: me, to: crossNode.name, protocol: 'icmp', size: 1472 });
  }
  if (ext) add('external', `${me} → ${ext.name} (${ext.ip}, outside), ping`, { from: me, to: ext.ip, protocol: 'icmp' });
  const np = service?.ports.find((p) => p.nodePort);
  const n1 = healthy.cluster.nodes[0];
  if (ext && np && n1)
    add('nodeport', `${ext.name} (outside) → ${n1.name}:${np.nodePort}, HTTP`, { from: ext.name, to: `${n1.name}:${np.nodePort}`, protocol: 'http' });
  return out;
}

/** Each probe on its own copy of `lab` (the matrix does not depend on its order, nor teach the kernel anything). */
export function runMatrix(lab: Lab, probes: readonly MatrixProbe[]): Matrix {
  return probes.map((p): MatrixCell => {
    try {
      const { trace } = runProbe(lab, p.probe);
      return { kind: p.kind, label: p.label, verdict: trace.verdict, reason: trace.reason };
    } catch {
      // a probe the broken lab cannot even start (its pod is gone) is a failed cell, not a crash
      return { kind: p.kind, label: p.label, verdict: 'rejected', reason: 'ENGINE_ERROR' };
    }
  });
}

export const cellOk = (c: MatrixCell) => c.verdict === 'delivered';

/** Two matrices agree when every probe ends the same way (verdict and reason). */
export function cellsEqual(a: MatrixCell, b: MatrixCell): boolean {
  return a.verdict === b.verdict && a.reason === b.reason;
}

export function matrixEquals(a: Matrix, b: Matrix): boolean {
  return a.length === b.length && a.every((c, i) => cellsEqual(c, b[i]!));
}
