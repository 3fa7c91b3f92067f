/**
 * run.sh's procedures replayed on the engine: the same pings in the same order on one
 * evolving lab per case, measured the way run.sh measures them. Returns the engine's value
 * for every fact key extract.ts produces.
 */
import { createLab, type Lab, type Scenario, type Trace } from '../../src/engine';
import { labFromText } from '../../src/engine/io';
import type { EngineFacts, FactValue, OracleCase, ProbeStep } from './facts';
import { uniqAddresses } from './facts';
import { Session, type Sent } from './session';
import { POD_A_IP } from './topology';

/** cap_stop sleeps 0.3 s before stopping tcpdump */
const CAP_TAIL_MS = 300;

function mustLab(scenario: Scenario): Lab {
  const r = createLab(scenario);
  if (!r.ok) throw new Error(`scenario does not build: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return r.lab;
}

export function labOf(yaml: string): Lab {
  const r = labFromText(yaml);
  if (!r.ok) throw new Error(`scenario does not build: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return r.lab;
}

/**
 * run.sh's DF search, as the kernel oracle ran it: twice at the interface's largest payload,
 * once above, then a binary search for the largest DF payload; the facts it records.
 */
export function recordDfSearch(out: Record<string, FactValue>, ping: (size: number) => Sent, s0: number, record: (prefix: string, s: Sent) => void): void {
  let firstFail = '';
  const p1 = ping(s0);
  record('probe_1_first_at_if_max', p1);
  if (p1.cls !== 'reply') firstFail = p1.cls;
  const p2 = ping(s0);
  record('probe_2_repeat_at_if_max', p2);
  let lo = p2.cls === 'reply' ? s0 : 0;
  let hi = s0 + 1;
  record('probe_3_over_if_mtu', ping(s0 + 1));
  const probes: string[] = [];
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const r = ping(mid);
    probes.push(`${mid}:${r.cls}`);
    if (!firstFail && r.cls !== 'reply') firstFail = r.cls;
    if (r.cls === 'reply') lo = mid;
    else hi = mid;
  }
  out.binary_search_probes = probes.join(' ');
  out.max_df_icmp_payload = lo;
  out.max_df_ip_packet = lo + 28;
  out.first_failure_class = firstFail || 'none';
  record('probe_max', ping(lo));
  record('probe_max_plus_1_final', ping(lo + 1));
}

function pingFacts(out: Record<string, FactValue>, prefix: string, s: Sent): void {
  out[`${prefix}.class`] = s.cls;
  out[`${prefix}.reply_ttl`] = s.trace.replyTtl ?? null;
  out[`${prefix}.elapsed_ms`] = s.trace.elapsed;
}

function tracepath(lab: Lab): Trace {
  const s = new Session(lab);
  s.waitReady();
  return s.send({ from: 'pod-a', to: '10.244.2.2', protocol: 'tracepath' }).trace;
}

function mtuOf(lab: Lab, netns: string, dev: string): number | null {
  return lab.cluster.netns[netns]?.interfaces.find((d) => d.name === dev)?.mtu ?? null;
}

function runModes(c: OracleCase, lab: Lab): EngineFacts {
  const out: Record<string, FactValue> = { pod_mtu: mtuOf(lab, 'pod:default/pod-a', 'eth0') };
  const s = new Session(lab); // cold: no wait_ready in the modes section
  for (const st of c.steps) pingFacts(out, `reachability/${st.key}`, s.ping(st.from, st.to, st));
  out['traceroute_hops_pod-a->pod-c'] = uniqAddresses(s.send({ from: 'pod-a', to: '10.244.2.2', protocol: 'tracepath' }).trace.path ?? []);
  if (c.mode !== 'vxlan') return out;
  out['node1_flannel.1_mtu'] = mtuOf(lab, 'node1', 'flannel.1');
  const set = mustLab({ ...lab.scenario, faults: [{ type: 'mtu', node: 'node1', device: 'flannel.1', mtu: 1500 }] });
  out['set_flannel.1_mtu_1500'] = `rc=${set.faults[0].applied ? 0 : 2} mtu=${mtuOf(set, 'node1', 'flannel.1')}`;
  const add = createLab({ ...lab.scenario, cluster: { ...lab.scenario.cluster, vxlan: { lowerDevice: 'bound', df: 'unset', mtu: 1500 } } });
  out.create_vxlan_mtu_1500_dev_eth0 = add.ok
    ? `rc=0 mtu=${mtuOf(add.lab, 'node1', 'flannel.1')}`
    : `rc=2 mtu=? (${add.errors.map((e) => e.message).join('; ')})`;
  out['node1_neigh flannel.1'] = s.neigh('node1', 'flannel.1', s.now);
  // vxlan.pcap: ping -c2 pod-a -> pod-c; frame #1 is the first request on node1's eth0
  const frame = s.ping('pod-a', '10.244.2.2', { timeout: 1 }).trace.hops.find((h) => h.kind === 'wire' && h.dir === 'request');
  if (frame) {
    const hs = frame.headers;
    const size = (h: (typeof hs)[number], i: number) =>
      h.kind === 'icmp' ? 8 + hs.slice(i + 1).reduce((n, x) => n + (x.kind === 'payload' ? x.bytes : 0), 0) : 0;
    const L: Record<string, [string, number]> = { eth: ['eth', 14], ipv4: ['ip', 20], udp: ['udp', 8], vxlan: ['vxlan', 8], tcp: ['tcp', 20] };
    const layers = hs.flatMap((h, i) => (h.kind === 'icmp' ? [['icmp', size(h, i)] as [string, number]] : L[h.kind] ? [L[h.kind]] : []));
    out['vxlan_pcap.frame1.layers'] = `${layers.map(([p, n]) => `${p}:${n}`).join(' ')} = ${layers.reduce((n, [, b]) => n + b, 0)}`;
    const ips = hs.filter((h) => h.kind === 'ipv4');
    const udp = hs.find((h) => h.kind === 'udp');
    const vni = hs.find((h) => h.kind === 'vxlan');
    const icmp = hs.find((h) => h.kind === 'icmp');
    const [o, i] = ips;
    if (o) out['vxlan_pcap.frame1.outer'] = `${o.src}>${o.dst} ttl=${o.ttl} df=${o.df ? 1 : 0} udp dport=${udp?.dstPort} vni=${vni?.vni}`;
    if (i) out['vxlan_pcap.frame1.inner'] = `${i.src}>${i.dst} ttl=${i.ttl} df=${i.df ? 1 : 0} icmp type=${icmp?.type}`;
  }
  return out;
}

/** run.sh mtu_case, line by line. */
function runMtu(c: OracleCase, lab: Lab): EngineFacts {
  const m = c.mtu!;
  const out: Record<string, FactValue> = {
    'config.pod_eth0_mtu': mtuOf(lab, 'pod:default/pod-a', 'eth0'),
    'config.node1_cni0_mtu': mtuOf(lab, 'node1', 'cni0'),
    'config.node1_underlay_mtu': mtuOf(lab, 'node1', 'eth0'),
    'config.node2_underlay_mtu': mtuOf(lab, 'node2', 'eth0'),
    'config.flannel.1_mtu': mtuOf(lab, 'node1', 'flannel.1'),
  };
  const s = new Session(lab);
  s.waitReady();
  const t0 = s.now;
  const ping = (size: number, df = true) => s.ping('pod-a', '10.244.2.2', { size, df, timeout: 0.5 });
  const s0 = m.podMtu - 28;
  recordDfSearch(out, ping, s0, (prefix, sent) => pingFacts(out, prefix, sent));
  pingFacts(out, 'probe_nodf_1472', ping(1472, false));
  pingFacts(out, 'node1_df_1472_first', s.ping('node1', '10.244.2.2', { size: 1472, df: true, timeout: 0.5 }));
  pingFacts(out, 'node1_df_1472_second', s.ping('node1', '10.244.2.2', { size: 1472, df: true, timeout: 0.5 }));
  const t1 = s.now;
  for (const n of ['node1', 'node2']) for (const [k, v] of Object.entries(s.icmpOut(n, t1))) out[`${n}_icmp_out.${k}`] = v;
  out['icmp_errors_seen_by_pod-a'] = s.icmpSeen(POD_A_IP, t0, t1 + CAP_TAIL_MS);
  out.underlay_frames = s.underlayFrames(t0, t1 + CAP_TAIL_MS);
  // tracepath on a fresh topology (no PMTU cached anywhere); `timeout 5/10` kills it before
  // it prints "Resume: pmtu" when a hop never answers
  const tp = tracepath(mustLab(lab.scenario));
  out['tracepath.pmtu'] = tp.verdict === 'delivered' ? (tp.pmtu ?? null) : null;
  out['tracepath.hops'] = uniqAddresses(tp.path ?? []);
  return out;
}

/** route_fault / the fdb-neigh loop / the udp 8472 block of run.sh. */
function runFault(c: OracleCase, lab: Lab): EngineFacts {
  const out: Record<string, FactValue> = {};
  const s = new Session(mustLab({ ...lab.scenario, faults: [] }));
  s.waitReady();
  const run = (st: ProbeStep) => pingFacts(out, `${st.phase}/${st.key}`, s.ping(st.from, st.to, st));
  c.steps.filter((st) => st.phase === 'before').forEach(run);
  s.swapCluster(lab);
  const t0 = s.now;
  c.steps.filter((st) => st.phase === 'after').forEach(run);
  const t1 = s.now + CAP_TAIL_MS;
  out['icmp_errors_seen_by_pod-a'] = s.icmpSeen(POD_A_IP, t0, t1);
  for (const [k, v] of Object.entries(s.icmpOut('node1', t1))) out[`node1_icmp_out.${k}`] = v;
  for (const dev of ['eth0', 'flannel.1']) out[`node1_neigh ${dev}`] = s.neigh('node1', dev, t1);
  return out;
}

/** The engine's value for every fact of a case; `yaml` is the case's scenario file. */
export function runCase(c: OracleCase, yaml: string): EngineFacts {
  const lab = labOf(yaml);
  if (c.section === 'modes') return runModes(c, lab);
  if (c.section === 'mtu') return runMtu(c, lab);
  return runFault(c, lab);
}
