/**
 * run-calico.sh's procedures replayed on the engine (as ../procedures.ts does for run.sh): the
 * same pings in the same order on one evolving lab per case, and the same reads of the tables
 * (`ip route`, `ip neigh`, `ip route get`, `ip -d link show vxlan.calico`, `bridge fdb`).
 *
 * MAC addresses: run-calico.sh fixes the pods' (02:42:0a:f4:…), the underlay's (02:50:00:00:00:0N)
 * and the VTEPs' (66:ca:11:c0:0N:00) MACs for reproducibility; Felix and the kernel pick their own.
 * The engine's MAC of each of those devices is written as the oracle's before comparing.
 */
import { createLab, type Lab, type Scenario } from '../../../src/engine';
import type { Netns } from '../../../src/engine/model/datapath';
import { formatRouteTable, lookupRoute, sourceFor } from '../../../src/engine/tables/route';
import type { EngineFacts, FactValue, ProbeStep } from '../facts';
import { uniqAddresses } from '../facts';
import { labOf } from '../procedures';
import { Session, type Sent } from '../session';
import { POD_A_IP } from '../topology';
import type { CalicoCase } from './extract-calico';
import { recordDfSearch } from '../procedures';

const CAP_TAIL_MS = 300;
const POD_A = 'pod:default/pod-a';

/** The engine's MAC of every device whose MAC run-calico.sh fixes → the oracle's. */
function macMap(lab: Lab): Map<string, string> {
  const m = new Map<string, string>();
  const put = (ns: string, dev: string, oracle: string) => {
    const d = lab.cluster.netns[ns]?.interfaces.find((x) => x.name === dev);
    if (d) m.set(d.mac, oracle);
  };
  put(POD_A, 'eth0', '02:42:0a:f4:01:02');
  put('pod:default/pod-b', 'eth0', '02:42:0a:f4:01:03');
  put('pod:default/pod-c', 'eth0', '02:42:0a:f4:02:02');
  put('node1', 'eth0', '02:50:00:00:00:01');
  put('node2', 'eth0', '02:50:00:00:00:02');
  put('node1', 'vxlan.calico', '66:ca:11:c0:01:00');
  put('node2', 'vxlan.calico', '66:ca:11:c0:02:00');
  return m;
}

const mac = (m: Map<string, string>, x: string) => m.get(x) ?? x;

function pingFacts(out: Record<string, FactValue>, prefix: string, s: Sent, lab: Lab): void {
  out[`${prefix}.class`] = s.cls;
  out[`${prefix}.reply_ttl`] = s.trace.replyTtl ?? null;
  out[`${prefix}.elapsed_ms`] = s.trace.elapsed;
  // ping's "From X": the ICMP error's source, or the sender itself when its own neighbour resolution failed
  const self = s.trace.localError === 'EHOSTUNREACH' ? senderIp(lab, s.probe.from) : undefined;
  out[`${prefix}.error_from`] = self ?? (s.cls.startsWith('icmp_') ? (s.trace.icmp?.from ?? null) : null);
}

function senderIp(lab: Lab, from: string): string | undefined {
  return lab.cluster.pods.find((p) => p.name === from)?.ip ?? lab.cluster.nodes.find((n) => n.name === from)?.ip;
}

/** `ip route get` reduced as extract-calico.ts routeGet does: `[via V] dev D [src S]`, or the kernel's error. */
function routeGet(ns: Netns, dst: string, from?: { src: string; iif: string }): string {
  const hit = lookupRoute(ns, dst, from ?? {});
  if (!hit) return 'RTNETLINK answers: Network is unreachable';
  if (hit.route.type === 'blackhole') return 'RTNETLINK answers: Invalid argument';
  const r = hit.route;
  const src = from ? undefined : sourceFor(ns, r);
  return [r.via ? `via ${r.via}` : '', `dev ${r.dev}`, src ? `src ${src}` : ''].filter(Boolean).join(' ');
}

/** tcpdump -e arp on pod-a's eth0: every ARP exchange pod-a started. Unanswered resolutions send mcast_solicit (3) requests. */
function arpSeen(s: Session, m: Map<string, string>): string[] {
  const podA = s.lab.cluster.netns[POD_A]?.interfaces.find((d) => d.name === 'eth0');
  const out: string[] = [];
  for (const sent of s.sent)
    for (const h of sent.trace.hops) {
      if (h.kind !== 'arp' || h.netnsId !== POD_A) continue;
      const who = /who-has (\S+)/.exec(h.note)?.[1];
      const ans = / answers (\S+)/.exec(h.note)?.[1];
      const req = `request who-has ${who} tell ${POD_A_IP} (from ${mac(m, podA?.mac ?? '')})`;
      if (ans) out.push(req, `reply ${who} is-at ${mac(m, ans)}`);
      else out.push(req, req, req);
    }
  return out;
}

/** `ip neigh` lines as extract-calico.ts neighEntries reduces them (resolved: `ip dev D lladdr M`; unresolved: `ip dev D STATE`). */
function neighEntries(s: Session, netnsId: string, m: Map<string, string>, devFilter?: (d: string) => boolean): string[] {
  const ns = s.lab.cluster.netns[netnsId];
  const t = s.now + CAP_TAIL_MS;
  const out: string[] = [];
  for (const n of ns?.neigh ?? []) if (!devFilter || devFilter(n.dev)) out.push(`${n.ip} dev ${n.dev} lladdr ${mac(m, n.mac)}`);
  for (const [key, st] of Object.entries(s.lab.kernel.neigh[netnsId] ?? {})) {
    const [d, ip] = key.split(' ');
    if (devFilter && !devFilter(d)) continue;
    if (st.state === 'REACHABLE' && st.mac) out.push(`${ip} dev ${d} lladdr ${mac(m, st.mac)}`);
    else out.push(`${ip} dev ${d} ${st.failAt !== undefined && st.failAt <= t ? 'FAILED' : 'INCOMPLETE'}`);
  }
  return [...new Set(out)].sort();
}

/** tcpdump on node1 eth0 'udp port 4789 or ip fragments' (run-calico.sh's filter; ../session.ts has flannel's 8472). */
function underlayFrames(s: Session, t0: number, t1: number): string[] {
  const out: string[] = [];
  for (const sent of s.sent)
    for (const h of sent.trace.hops) {
      const at = sent.start + h.t;
      if (h.kind !== 'wire' || at < t0 || at > t1) continue;
      const i = h.headers.findIndex((x) => x.kind === 'ipv4');
      const ip = h.headers[i];
      const udp = h.headers[i + 1];
      if (ip?.kind !== 'ipv4') continue;
      const vx = udp?.kind === 'udp' && (udp.dstPort === 4789 || udp.srcPort === 4789);
      if (!vx && ip.fragOffset === 0 && !(ip.mf && ip.proto === 'udp')) continue;
      out.push(`${ip.src}>${ip.dst} df=${ip.df ? 1 : 0} mf=${ip.mf ? 1 : 0} off=${ip.fragOffset / 8} iplen=${ip.totalLength}`);
    }
  return out;
}

function runModes(c: CalicoCase, lab: Lab): EngineFacts {
  const m = macMap(lab);
  const out: Record<string, FactValue> = { pod_mtu: lab.cluster.netns[POD_A].interfaces.find((d) => d.name === 'eth0')!.mtu };
  const s = new Session(lab);
  for (const st of c.steps) pingFacts(out, `reachability/${st.key}`, s.ping(st.from, st.to, st), s.lab);
  out['arp_seen_by_pod-a'] = arpSeen(s, m);
  out['icmp_errors_seen_by_pod-a'] = s.icmpSeen(POD_A_IP, 0, s.now + CAP_TAIL_MS);
  const cl = s.lab.cluster;
  out['pod-a_routes'] = [...formatRouteTable(cl.netns[POD_A])];
  out.node1_routes = [...formatRouteTable(cl.netns.node1)];
  out.node2_routes = [...formatRouteTable(cl.netns.node2)];
  out['pod-a_neigh'] = neighEntries(s, POD_A, m);
  out.node1_neigh = neighEntries(s, 'node1', m);
  const cali = cl.netns[POD_A].interfaces.find((d) => d.name === 'eth0')!.peer!.ifname;
  out['node1_route_get_pod-a'] = routeGet(cl.netns.node1, POD_A_IP);
  out['node1_route_get_pod-c'] = routeGet(cl.netns.node1, '10.244.2.2');
  out['node1_route_get_169.254.1.1_from_pod-a'] = routeGet(cl.netns.node1, '169.254.1.1', { src: POD_A_IP, iif: cali });
  for (const [k, v] of Object.entries(s.icmpOut('node1', s.now + CAP_TAIL_MS))) out[`node1_icmp_out.${k}`] = v;
  const tp = s.send({ from: 'pod-a', to: '10.244.2.2', protocol: 'tracepath' }).trace;
  out['traceroute_hops_pod-a->pod-c'] = uniqAddresses(tp.path ?? []);
  out['tracepath_pmtu_pod-a->pod-c'] = tp.verdict === 'delivered' ? (tp.pmtu ?? null) : null;
  if (c.mode !== 'vxlan') return out;
  const vx = cl.netns.node1.interfaces.find((d) => d.name === 'vxlan.calico');
  out['node1_vxlan.calico_mtu'] = vx?.mtu ?? null;
  out['node1_vxlan.calico_addr'] = vx?.addrs.map((a) => `${a.ip}/${a.prefix}`).join(' ') ?? null;
  out['node1_vxlan.calico_link'] = vx?.vxlan
    ? `id ${vx.vxlan.vni} local ${vx.vxlan.local} dev ${vx.vxlan.dev} dstport ${vx.vxlan.port}${vx.vxlan.learning ? '' : ' nolearning'}`
    : null;
  out['node1_fdb vxlan.calico'] = cl.netns.node1.fdb.filter((f) => f.dev === 'vxlan.calico').map((f) => `${mac(m, f.mac)} dst ${f.dst} self permanent`);
  out['node1_neigh vxlan.calico'] = s.neigh('node1', 'vxlan.calico', s.now);
  const frame = s.ping('pod-a', '10.244.2.2', { timeout: 1 }).trace.hops.find((h) => h.kind === 'wire' && h.dir === 'request');
  if (frame) {
    const hs = frame.headers;
    const L: Record<string, [string, number]> = { eth: ['eth', 14], ipv4: ['ip', 20], udp: ['udp', 8], vxlan: ['vxlan', 8] };
    const icmpSize = (i: number) => 8 + hs.slice(i + 1).reduce((n, x) => n + (x.kind === 'payload' ? x.bytes : 0), 0);
    const layers = hs.flatMap((h, i) => (h.kind === 'icmp' ? [['icmp', icmpSize(i)] as [string, number]] : L[h.kind] ? [L[h.kind]] : []));
    out['vxlan_pcap.frame1.layers'] = `${layers.map(([p, n]) => `${p}:${n}`).join(' ')} = ${layers.reduce((n, [, b]) => n + b, 0)}`;
    const [o, i] = hs.filter((h) => h.kind === 'ipv4');
    const udp = hs.find((h) => h.kind === 'udp');
    const vni = hs.find((h) => h.kind === 'vxlan');
    const icmp = hs.find((h) => h.kind === 'icmp');
    if (o?.kind === 'ipv4')
      out['vxlan_pcap.frame1.outer'] =
        `${o.src}>${o.dst} ttl=${o.ttl} df=${o.df ? 1 : 0} udp dport=${udp?.kind === 'udp' ? udp.dstPort : '?'} vni=${vni?.kind === 'vxlan' ? vni.vni : '?'}`;
    if (i?.kind === 'ipv4')
      out['vxlan_pcap.frame1.inner'] = `${i.src}>${i.dst} ttl=${i.ttl} df=${i.df ? 1 : 0} icmp type=${icmp?.kind === 'icmp' ? icmp.type : '?'}`;
  }
  return out;
}

/** run.sh mtu_case, line by line (../procedures.ts runMtu with Calico's devices). */
function runMtu(c: CalicoCase, lab: Lab): EngineFacts {
  const cfg = c.mtu!;
  const cl = lab.cluster;
  const mtuOf = (ns: string, dev: string) => cl.netns[ns]?.interfaces.find((d) => d.name === dev)?.mtu ?? null;
  const cali = cl.netns[POD_A].interfaces.find((d) => d.name === 'eth0')!.peer!.ifname;
  const out: Record<string, FactValue> = {
    'config.pod_eth0_mtu': mtuOf(POD_A, 'eth0'),
    'config.node1_underlay_mtu': mtuOf('node1', 'eth0'),
    'config.node2_underlay_mtu': mtuOf('node2', 'eth0'),
    'config.node1_host_veth_mtu': mtuOf('node1', cali),
    'config.vxlan.calico_mtu': mtuOf('node1', 'vxlan.calico'),
  };
  const s = new Session(lab);
  s.waitReady();
  const t0 = s.now;
  const ping = (size: number, df = true) => s.ping('pod-a', '10.244.2.2', { size, df, timeout: 0.5 });
  const s0 = cfg.podMtu - 28;
  recordDfSearch(out, ping, s0, (prefix, sent) => pingFacts(out, prefix, sent, s.lab));
  pingFacts(out, 'probe_nodf_1472', ping(1472, false), s.lab);
  pingFacts(out, 'node1_df_1472_first', s.ping('node1', '10.244.2.2', { size: 1472, df: true, timeout: 0.5 }), s.lab);
  pingFacts(out, 'node1_df_1472_second', s.ping('node1', '10.244.2.2', { size: 1472, df: true, timeout: 0.5 }), s.lab);
  const t1 = s.now;
  for (const n of ['node1', 'node2']) for (const [k, v] of Object.entries(s.icmpOut(n, t1))) out[`${n}_icmp_out.${k}`] = v;
  out['icmp_errors_seen_by_pod-a'] = s.icmpSeen(POD_A_IP, t0, t1 + CAP_TAIL_MS);
  out.underlay_frames = underlayFrames(s, t0, t1 + CAP_TAIL_MS);
  const fresh = new Session(mustLab(lab.scenario));
  fresh.waitReady();
  const tp = fresh.send({ from: 'pod-a', to: '10.244.2.2', protocol: 'tracepath' }).trace;
  out['tracepath.pmtu'] = tp.verdict === 'delivered' ? (tp.pmtu ?? null) : null;
  out['tracepath.hops'] = uniqAddresses(tp.path ?? []);
  out.node1_route_get_after = routeGet(s.lab.cluster.netns.node1, '10.244.2.2');
  return out;
}

function mustLab(scenario: Scenario): Lab {
  const r = createLab(scenario);
  if (!r.ok) throw new Error(`scenario does not build: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return r.lab;
}

function runFault(c: CalicoCase, lab: Lab): EngineFacts {
  const m = macMap(lab);
  const out: Record<string, FactValue> = {};
  const s = new Session(mustLab({ ...lab.scenario, faults: [] }));
  s.waitReady();
  const run = (st: ProbeStep) => pingFacts(out, `${st.phase}/${st.key}`, s.ping(st.from, st.to, st), s.lab);
  c.steps.filter((st) => st.phase === 'before').forEach(run);
  s.swapCluster(lab);
  // `ip neigh flush all` in pod-a also empties what its kernel learned (the fault edits only the tables)
  if (c.name === 'proxy_arp_off') s.lab = { ...s.lab, kernel: { ...s.lab.kernel, neigh: { ...s.lab.kernel.neigh, [POD_A]: {} } } };
  const sentBefore = s.sent.length;
  const t0 = s.now;
  c.steps.filter((st) => st.phase === 'after').forEach(run);
  const t1 = s.now + CAP_TAIL_MS;
  out['icmp_errors_seen_by_pod-a'] = s.icmpSeen(POD_A_IP, t0, t1);
  for (const n of ['node1', 'node2']) for (const [k, v] of Object.entries(s.icmpOut(n, t1))) out[`${n}_icmp_out.${k}`] = v;
  out['node1_neigh eth0'] = s.neigh('node1', 'eth0', t1);
  const cl = s.lab.cluster;
  out.node1_route_get = routeGet(cl.netns.node1, '10.244.2.2');
  out.node2_route_get = routeGet(cl.netns.node2, '10.244.2.2');
  out['node2_route_get_from_pod-a'] = routeGet(cl.netns.node2, '10.244.2.2', { src: POD_A_IP, iif: 'eth0' });
  const after = new Session(s.lab);
  after.sent.push(...s.sent.slice(sentBefore));
  out['arp_seen_by_pod-a'] = arpSeen(after, m);
  out['pod-a_neigh'] = neighEntries(s, POD_A, m);
  const cali = cl.netns[POD_A]?.interfaces.find((d) => d.name === 'eth0')?.peer?.ifname;
  out.node1_neigh_cali = neighEntries(s, 'node1', m, (d) => d === cali).map((l) => l.replace(/ dev \S+/, ''));
  return out;
}

/** The engine's value for every fact of a Calico case; `yaml` is the case's scenario file. */
export function runCalicoCase(c: CalicoCase, yaml: string): EngineFacts {
  const lab = labOf(yaml);
  if (c.section === 'modes') return runModes(c, lab);
  if (c.section === 'mtu') return runMtu(c, lab);
  return runFault(c, lab);
}
