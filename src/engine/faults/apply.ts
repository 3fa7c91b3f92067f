/**
 * Faults are edits to the tables and devices a CNI programmed (ARCHITECTURE.md §4).
 * Each returns the edited cluster, or the error the kernel itself would give for the edit
 * (then nothing changes, as when `ip link set … mtu` is refused).
 */
import type { Cluster, Interface, MatchModule, Netns, Rule } from '../model/datapath';
import { parseIcmpType } from '../tables/iptables-parse';
import type { FaultSpec } from '../model/scenario-schema';
import { cidrString, parseCidr } from '../wire/ipv4';
import { VXLAN_OVERHEAD } from '../wire/headers';
import { route } from '../cni/netns';
import { podNetnsId } from '../model/ids';
import type { KernelState } from '../model/kernel-state';
import { applyClusterFault, isClusterFault } from './cluster-faults';
import { applyNodeFault, isNodeFault } from './node-faults';

export interface FaultResult {
  readonly fault: FaultSpec;
  readonly applied: boolean;
  /** what the edit was, in the command a learner would type */
  readonly command: string;
  readonly error?: string;
}

function withNetns(c: Cluster, ns: Netns): Cluster {
  return { ...c, netns: { ...c.netns, [ns.id]: ns } };
}

function nodeNs(c: Cluster, node: string): Netns | undefined {
  return c.nodes.some((n) => n.name === node) ? c.netns[node] : undefined;
}

function peerOf(c: Cluster, peer: string) {
  return c.nodes.find((n) => n.name === peer);
}

type Edit = { cluster: Cluster; command: string; error?: string; kernel?: (k: KernelState) => KernelState };

function setMtu(c: Cluster, f: Extract<FaultSpec, { type: 'mtu' }>): Edit {
  const where = f.pod ? c.pods.find((p) => p.name === f.pod || `${p.namespace}/${p.name}` === f.pod) : undefined;
  const nsId = f.pod ? (where ? podNetnsId(where.namespace, where.name) : '') : f.node;
  const ns = c.netns[nsId];
  const command = `ip link set ${f.device} mtu ${f.mtu}${f.pod ? ` (in pod ${f.pod})` : ` (on ${f.node})`}`;
  if (!ns) return { cluster: c, command, error: f.pod ? `no running pod ${f.pod}` : `no node ${f.node}` };
  const dev = ns.interfaces.find((d) => d.name === f.device);
  if (!dev) return { cluster: c, command, error: `Cannot find device "${f.device}"` };
  if (dev.kind === 'vxlan' && dev.vxlan?.dev) {
    const lower = ns.interfaces.find((d) => d.name === dev.vxlan!.dev);
    const max = (lower?.mtu ?? 1500) - VXLAN_OVERHEAD;
    // LNX vxlan_change_mtu: a device bound to a lower device refuses MTUs above lower − headroom.
    if (f.mtu > max) return { cluster: c, command, error: `RTNETLINK answers: Invalid argument (${f.device} is bound to ${dev.vxlan.dev}: at most ${max})` };
  }
  const interfaces: Interface[] = ns.interfaces.map((d) =>
    d.name === f.device ? { ...d, mtu: f.mtu, mtuSetByUser: d.kind === 'bridge' ? true : d.mtuSetByUser } : d,
  );
  return { cluster: withNetns(c, { ...ns, interfaces }), command };
}

function applyOne(c: Cluster, f: FaultSpec): Edit {
  if (f.type === 'mtu') return setMtu(c, f);
  if (isClusterFault(f)) return applyClusterFault(c, f);
  if (isNodeFault(f)) return applyNodeFault(c, f);
  const ns = nodeNs(c, f.node);
  if (!ns) return { cluster: c, command: f.type, error: `no node ${f.node}` };
  switch (f.type) {
    case 'delete-route': {
      const dst = parseCidr(f.dst === 'default' ? '0.0.0.0/0' : f.dst);
      const command = `ip route del ${f.dst} (on ${f.node})`;
      const idx = ns.routes.findIndex((r) => cidrString(r.dst) === cidrString(dst));
      if (idx < 0) return { cluster: c, command, error: 'RTNETLINK answers: No such process' };
      return { cluster: withNetns(c, { ...ns, routes: ns.routes.filter((_, i) => i !== idx) }), command };
    }
    case 'add-route': {
      const command = `ip route replace ${f.dst}${f.via ? ` via ${f.via}` : ''}${f.dev ? ` dev ${f.dev}` : ''}${f.onlink ? ' onlink' : ''} (on ${f.node})`;
      const dev =
        f.dev ??
        ns.routes.find((r) => r.dev && r.scope === 'link' && f.via && r.dst.prefix > 0 && parseCidr(`${f.via}/${r.dst.prefix}`).net === r.dst.net)?.dev;
      if (!dev) return { cluster: c, command, error: 'RTNETLINK answers: Network is unreachable' };
      const r = route(f.dst, { via: f.via, dev, onlink: f.onlink || undefined });
      const routes = [...ns.routes.filter((x) => cidrString(x.dst) !== cidrString(r.dst)), r];
      return { cluster: withNetns(c, { ...ns, routes }), command };
    }
    case 'block': {
      const icmp = f.icmpType !== undefined ? parseIcmpType(f.icmpType) : undefined;
      const modules: MatchModule[] = f.port !== undefined && f.protocol !== 'icmp' ? [{ m: f.protocol, dport: f.port }] : icmp ? [{ m: 'icmp', ...icmp }] : [];
      const rule: Rule = { match: { proto: f.protocol, ...(modules.length ? { modules } : {}) }, target: { kind: 'DROP' } };
      const command = `iptables -I ${f.chain} -p ${f.protocol}${f.port ? ` --dport ${f.port}` : ''}${f.icmpType ? ` --icmp-type ${f.icmpType}` : ''} -j DROP (on ${f.node})`;
      // iptables itself refuses --icmp-type without -p icmp (libxt_icmp is loaded by -p icmp)
      if (f.icmpType !== undefined && f.protocol !== 'icmp') return { cluster: c, command, error: 'iptables v1.8.9 (nf_tables): unknown option "--icmp-type"' };
      const filter = ns.netfilter.filter ?? {};
      const chain = filter[f.chain];
      const netfilter = { ...ns.netfilter, filter: { ...filter, [f.chain]: { ...chain, rules: [rule, ...chain.rules] } } };
      return { cluster: withNetns(c, { ...ns, netfilter }), command };
    }
    case 'delete-fdb': {
      const peer = peerOf(c, f.peer);
      const command = `bridge fdb del <${f.peer} VTEP MAC> dev ${f.device} dst ${peer?.ip ?? '?'} (on ${f.node})`;
      if (!peer) return { cluster: c, command, error: `no node ${f.peer}` };
      const keep = ns.fdb.filter((e) => !(e.dev === f.device && e.dst === peer.ip));
      if (keep.length === ns.fdb.length) return { cluster: c, command, error: 'RTNETLINK answers: No such file or directory' };
      return { cluster: withNetns(c, { ...ns, fdb: keep }), command };
    }
    case 'delete-neigh': {
      const peer = peerOf(c, f.peer);
      const vtep = peer?.podCidr.net;
      const command = `ip neigh del ${vtep ?? '?'} dev ${f.device} (on ${f.node})`;
      if (!peer) return { cluster: c, command, error: `no node ${f.peer}` };
      const keep = ns.neigh.filter((e) => !(e.dev === f.device && (e.ip === vtep || e.ip === peer.ip)));
      if (keep.length === ns.neigh.length) return { cluster: c, command, error: 'RTNETLINK answers: No such file or directory' };
      return { cluster: withNetns(c, { ...ns, neigh: keep }), command };
    }
  }
}

/** Applies the faults in order; one the kernel or API refuses changes nothing and says why. */
export function applyFaults(c: Cluster, faults: readonly FaultSpec[], kernel: KernelState): { cluster: Cluster; results: FaultResult[]; kernel: KernelState } {
  let cur = c;
  let k = kernel;
  const results: FaultResult[] = [];
  for (const f of faults) {
    const e = applyOne(cur, f);
    if (!e.error) {
      cur = e.cluster;
      if (e.kernel) k = e.kernel(k);
    }
    results.push({ fault: f, applied: !e.error, command: e.command, error: e.error });
  }
  return { cluster: cur, results, kernel: k };
}
