/**
 * The VPC CNI's network policy agent (aws-network-policy-agent, enabled by the aws-node setting
 * ENABLE_NETWORK_POLICY): the network policy controller resolves each NetworkPolicy into the
 * addresses and ports it admits for every pod it selects (PolicyEndpoints), and the agent on
 * each node loads them into per-pod eBPF maps read by two tc programs on the pod's host veth:
 * tc ingress sees what the pod sends (its egress rules), tc egress what it receives (its
 * ingress rules). A flow that no entry admits is dropped silently; an admitted one is recorded
 * in the agent's conntrack map so its replies pass (aws-network-policy-agent pkg/ebpf/c:
 * tc.v4ingress.bpf.c / tc.v4egress.bpf.c, aws_conntrack_map).
 *
 * The entries are compiled here, in the control plane (CniProgram.converge), by asking the
 * NetworkPolicy evaluator (policy/evaluate.ts) about every address the lab has and every port
 * interval the policies' rules cut the port space into — the same answer the controller's
 * resolution gives, one entry per (peer /32, protocol, port range). Egress to a Service's
 * ClusterIP is admitted when a rule admits one of its endpoints on the target port, as the
 * controller adds ClusterIPs of Services whose pods a rule selects.
 * Simplified: conntrack entries do not expire; ICMP errors pass as related traffic.
 */
import type { Cluster, Netns, PodInfo, TcProgram } from '../../model/datapath';
import type { TcVerdict } from '../../devices/port';
import type { Pkt } from '../../wire/packet';
import type { TcEnv } from '../tc-programs';
import { evaluate, isolatingPolicies } from '../../policy/evaluate';
import { policyWorldOf } from '../../policy/world';
import type { ConnProtocol, Direction, DirectionResult, NetworkPolicyRecord, PolicyWorld } from '../../policy/types';

export const NP_INGRESS_PROG = 'aws_np_handle_ingress';
export const NP_EGRESS_PROG = 'aws_np_handle_egress';
const CT_MAP = 'aws_conntrack_map';
/** the node's marker that the agent runs (written when the scenario enables it) */
export const NP_ENABLED_MAP = 'aws_np_enabled';

export interface NpEntry {
  readonly allow: boolean;
  /** why, in the evaluator's words: the rule that admits it, or why nothing did */
  readonly why: string;
  readonly policies: readonly string[];
}

const mapName = (hostIf: string, dir: Direction) => `${dir === 'Ingress' ? 'ingress' : 'egress'}_map_${hostIf}`;
const key = (ip: string, proto: ConnProtocol, lo: number, hi: number) => `${ip}/32 ${proto} ${lo}-${hi}`;

function hostIfOf(c: Cluster, p: PodInfo): string | undefined {
  return c.netns[p.netns]?.interfaces.find((d) => d.peer)?.peer?.ifname;
}

/** Every address a packet in the lab can carry: the namespaces' own, and the Services' ClusterIPs. */
function labAddresses(c: Cluster): string[] {
  const own = Object.values(c.netns).flatMap((ns) => ns.interfaces.flatMap((d) => d.addrs.map((a) => a.ip)));
  return [...new Set(own.filter((ip) => !ip.startsWith('127.')))].sort();
}

/** The port intervals the policies' rules cut 1–65535 into, for one protocol: every port inside one interval gets the same answer. */
function intervals(policies: readonly NetworkPolicyRecord[], world: PolicyWorld, proto: 'TCP' | 'UDP'): [number, number][] {
  const cuts = new Set<number>([1, 65536]);
  for (const p of policies)
    for (const r of [...p.ingress, ...p.egress])
      for (const port of r.ports) {
        if (port.protocol !== proto || port.port === null) continue;
        const nums =
          typeof port.port === 'number'
            ? [port.port]
            : world.pods.flatMap((pod) => (pod.ports ?? []).filter((n) => n.name === port.port && n.protocol === proto).map((n) => n.port));
        for (const n of nums) {
          cuts.add(n);
          cuts.add((port.endPort ?? n) + 1);
        }
      }
  const sorted = [...cuts].sort((a, b) => a - b);
  return sorted.slice(0, -1).map((lo, i) => [lo, sorted[i + 1] - 1]);
}

function decide(r: DirectionResult): NpEntry {
  return { allow: r.kind !== 'denied', why: r.text, policies: r.kind === 'not-isolated' ? [] : r.isolatedBy };
}

/** ClusterIP:port → the endpoints and target ports behind it. */
function serviceBackends(c: Cluster): Map<string, { ip: string; port: number }[]> {
  const out = new Map<string, { ip: string; port: number }[]>();
  for (const s of c.api.services) {
    if (!s.clusterIP || s.clusterIP === 'None') continue;
    const slices = c.api.endpointSlices.filter((e) => e.namespace === s.namespace && e.service === s.name);
    for (const sp of s.ports) {
      const eps = slices.flatMap((sl) => {
        const port = sl.ports.find((x) => (x.name ?? '') === (sp.name ?? '') && x.protocol === sp.protocol)?.port;
        return port === undefined ? [] : sl.endpoints.filter((e) => e.conditions.ready).flatMap((e) => e.addresses.map((ip) => ({ ip, port })));
      });
      out.set(`${s.clusterIP}|${sp.protocol}|${sp.port}`, eps);
    }
  }
  return out;
}

/** One pod's map for one direction, or undefined when no policy isolates it that way (not enforced: no map). */
function compile(c: Cluster, world: PolicyWorld, policies: readonly NetworkPolicyRecord[], pod: PodInfo, dir: Direction): Record<string, NpEntry> | undefined {
  const me = world.pods.find((p) => p.namespace === pod.namespace && p.name === pod.name);
  if (!me || !pod.ip || !isolatingPolicies(policies, me, dir).length) return undefined;
  const ctx = { ...world, policies };
  const backends = serviceBackends(c);
  const entries: Record<string, NpEntry> = {};
  const ask = (peer: string, protocol: ConnProtocol, port?: number) => {
    const conn = dir === 'Egress' ? { src: { ip: pod.ip! }, dst: { ip: peer } } : { src: { ip: peer }, dst: { ip: pod.ip! } };
    const v = evaluate(ctx, { ...conn, protocol, ...(port !== undefined ? { port } : {}) });
    return decide(dir === 'Egress' ? v.egress : v.ingress);
  };
  for (const peer of labAddresses(c)) {
    if (peer === pod.ip) continue;
    entries[key(peer, 'ICMP', 0, 0)] = ask(peer, 'ICMP');
    for (const proto of ['TCP', 'UDP'] as const)
      for (const [lo, hi] of intervals(policies, world, proto)) entries[key(peer, proto, lo, hi)] = ask(peer, proto, lo);
  }
  if (dir === 'Egress')
    for (const [vip, eps] of backends) {
      const [ip, proto, port] = vip.split('|');
      if (proto !== 'TCP' && proto !== 'UDP') continue;
      const admitted = eps.map((e) => ({ e, r: ask(e.ip, proto, e.port) })).find((x) => x.r.allow);
      entries[key(ip, proto, Number(port), Number(port))] = admitted
        ? { ...admitted.r, why: `ClusterIP ${ip}:${port} admitted for its endpoint ${admitted.e.ip}:${admitted.e.port}: ${admitted.r.why}` }
        : { allow: false, why: `no rule admits any endpoint of ClusterIP ${ip}:${port}`, policies: [] };
    }
  return entries;
}

/** converge: attach the programs to every pod's host veth and load each pod's maps (only where the agent runs). */
export function convergePolicyAgent(c: Cluster): Cluster {
  const policies = c.api.networkPolicies.filter((o): o is NetworkPolicyRecord => o.kind === 'NetworkPolicy');
  const world = policyWorldOf(c);
  const netns = { ...c.netns };
  for (const n of c.nodes) {
    const ns = netns[n.netns];
    if (!ns?.bpf?.[NP_ENABLED_MAP]) continue;
    const bpf = Object.fromEntries(Object.entries(ns.bpf).filter(([name]) => !/^(ingress|egress)_map_/.test(name)));
    const tc: TcProgram[] = ns.tc.filter((t) => t.name !== NP_INGRESS_PROG && t.name !== NP_EGRESS_PROG);
    for (const pod of c.pods.filter((p) => p.node === n.name && !p.hostNetwork && p.ip)) {
      const dev = hostIfOf(c, pod);
      if (!dev) continue;
      tc.push({ name: NP_INGRESS_PROG, dev, direction: 'ingress' }, { name: NP_EGRESS_PROG, dev, direction: 'egress' });
      for (const dir of ['Ingress', 'Egress'] as const) {
        const entries = compile(c, world, policies, pod, dir);
        if (entries) bpf[mapName(dev, dir)] = { name: mapName(dev, dir), type: 'lpm_trie', entries };
      }
    }
    netns[n.netns] = { ...ns, tc, bpf };
  }
  return { ...c, netns };
}

function tupleOf(p: Pkt): { proto: ConnProtocol; sport: number; dport: number } {
  const l4 = p.l4;
  if (l4?.kind === 'tcp') return { proto: 'TCP', sport: l4.srcPort, dport: l4.dstPort };
  if (l4?.kind === 'udp') return { proto: 'UDP', sport: l4.srcPort, dport: l4.dstPort };
  return { proto: 'ICMP', sport: l4?.kind === 'icmp' ? (l4.id ?? 0) : 0, dport: l4?.kind === 'icmp' ? (l4.id ?? 0) : 0 };
}

// the agent's conntrack key carries the pod it belongs to (owner_addr): two pods on one node track their flows apart
const ctKey = (owner: string, p: Pkt, t = tupleOf(p)) => `${owner} ${t.proto} ${p.ip.src}:${t.sport} > ${p.ip.dst}:${t.dport}`;
const ctReverse = (owner: string, p: Pkt, t = tupleOf(p)) => `${owner} ${t.proto} ${p.ip.dst}:${t.dport} > ${p.ip.src}:${t.sport}`;

function lookup(entries: Readonly<Record<string, unknown>>, peer: string, proto: ConnProtocol, port: number): [string, NpEntry] | undefined {
  for (const [k, v] of Object.entries(entries)) {
    const m = /^(\S+)\/32 (\S+) (\d+)-(\d+)$/.exec(k);
    if (m && m[1] === peer && m[2] === proto && (proto === 'ICMP' || (port >= Number(m[3]) && port <= Number(m[4])))) return [k, v as NpEntry];
  }
  return undefined;
}

function enforce(env: TcEnv, dir: Direction, prog: string): TcVerdict {
  const { w, ns, dev, frame, ctx } = env;
  const pkt = frame.pkt;
  const pass: TcVerdict = { kind: 'pass', frame };
  const map = (ns as Netns).bpf?.[mapName(dev.name, dir)];
  const icmpError = pkt.l4?.kind === 'icmp' && pkt.l4.type !== 0 && pkt.l4.type !== 8;
  if (icmpError) return pass;
  if (w.k.bpfLookup?.(ns.id, CT_MAP, ctKey(dev.name, pkt)) || w.k.bpfLookup?.(ns.id, CT_MAP, ctReverse(dev.name, pkt))) return pass;
  if (!map) {
    // no policy isolates the pod this way: the flow passes and is tracked, so its replies pass the other direction's rules
    w.k.bpfUpdate?.(ns.id, CT_MAP, ctKey(dev.name, pkt), { dir, policies: [] });
    return pass;
  }
  const t = tupleOf(pkt);
  const peer = dir === 'Egress' ? pkt.ip.dst : pkt.ip.src;
  const hit = lookup(map.entries, peer, t.proto, t.dport);
  const entry = hit?.[1] ?? { allow: false, why: `no entry for ${peer}: nothing admits it`, policies: [] };
  const decided = {
    table: 'policy' as const,
    row: `${hit?.[0] ?? `${peer}/32 ${t.proto} ${t.dport}`} ${entry.allow ? 'ALLOW' : 'DENY'}: ${entry.why}`,
    where: `${w.where(ns)} ${map.name}`,
    path: [`${prog} on ${dev.name}`, ...entry.policies],
  };
  const what = `${dir.toLowerCase()} policy of the pod behind ${dev.name}`;
  if (!entry.allow) {
    w.drop(
      ctx,
      { ns, device: dev.name, note: `${prog}: the VPC CNI's network policy agent drops it (${what}): ${entry.why}`, pkt, decided },
      'VPC_POLICY_DENIED',
    );
    return { kind: 'taken', status: 'ok' };
  }
  w.k.bpfUpdate?.(ns.id, CT_MAP, ctKey(dev.name, pkt), { dir, policies: entry.policies });
  w.hop(ctx, { ns, kind: 'filter', device: dev.name, note: `${prog}: ${what} admits it: ${entry.why}`, pkt, decided });
  return pass;
}

/** tc ingress of the host veth: what the pod sends, checked against its egress rules. */
export const npHandleIngress = (env: TcEnv): TcVerdict => enforce(env, 'Egress', NP_INGRESS_PROG);
/** tc egress of the host veth: what the pod receives, checked against its ingress rules. */
export const npHandleEgress = (env: TcEnv): TcVerdict => enforce(env, 'Ingress', NP_EGRESS_PROG);
