/**
 * results.json (kernel-oracle/run.sh) → oracle cases: the kernel's facts for the `modes`,
 * `mtu` and `faults` sections, and the pings run.sh recorded (to replay them on the engine).
 */
import type { Fact, FactValue, MtuConfig, OracleCase, ProbeStep } from './facts';
import { uniqAddresses } from './facts';

export type Json = Record<string, unknown>;
/** one ping as run.sh / run-calico.sh recorded it */
export interface PingRecord {
  cmd: string;
  class: string;
  elapsed_ms: number;
  reply_ttl?: number;
  /** who answered with an ICMP error (run-calico.sh) */
  error_from?: string;
}

export const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
export const isPing = (v: unknown): v is PingRecord => typeof obj(v).cmd === 'string' && typeof obj(v).class === 'string';
export const lines = (s: unknown): string[] =>
  typeof s === 'string'
    ? s
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
    : [];

/** `ping -n -c1 -W1 -M do -s 1472 10.244.2.2 (in pod-a)` → a probe step. */
export function parsePing(key: string, phase: string, cmd: string): ProbeStep {
  const m = /^ping (.*) (\S+) \(in ([^)]+)\)$/.exec(cmd.trim());
  if (!m) throw new Error(`unrecognised ping command "${cmd}"`);
  const args = m[1].split(/\s+/);
  let timeout = 1;
  let size: number | undefined;
  let df: boolean | undefined;
  args.forEach((a, i) => {
    if (a.startsWith('-W')) timeout = Number(a.slice(2) || args[i + 1]);
    if (a === '-s') size = Number(args[i + 1]);
    if (a === '-M') df = args[i + 1] === 'do' ? true : args[i + 1] === 'dont' ? false : undefined;
  });
  return { key, phase, from: m[3], to: m[2], timeout, cmd, ...(size !== undefined ? { size } : {}), ...(df !== undefined ? { df } : {}) };
}

function pingFacts(prefix: string, what: string, r: PingRecord): Fact[] {
  const out: Fact[] = [{ key: `${prefix}.class`, label: `${what} is ${r.class}`, kernel: r.class }];
  if (r.reply_ttl !== undefined) out.push({ key: `${prefix}.reply_ttl`, label: `${what} reply ttl is ${r.reply_ttl}`, kernel: r.reply_ttl });
  out.push({ key: `${prefix}.elapsed_ms`, label: `${what} takes ~${r.elapsed_ms} ms`, kernel: r.elapsed_ms, compare: 'elapsed' });
  return out;
}

const short = (cmd: string) => cmd.replace(/^ping -n -c1 /, 'ping ').replace(/ +/g, ' ');

/** `192.168.50.254 INCOMPLETE`, `10.244.2.0 lladdr … PERMANENT` → `ip STATE`, sorted. */
export function neighLines(s: unknown): string[] {
  return lines(s)
    .map((l) => l.split(/\s+/))
    .map((w) => `${w[0]} ${w[w.length - 1]}`)
    .sort();
}

function counterFacts(key: string, s: unknown): Fact[] {
  if (typeof s !== 'string') return [];
  const c = Object.fromEntries(s.split(/\s+/).map((kv) => kv.split('=')));
  return ['OutDestUnreachs', 'OutTimeExcds']
    .filter((n) => c[n] !== undefined)
    .map((n) => ({ key: `${key}.${n}`, label: `${key.replace('_icmp_out', '')} sent ${c[n]} ICMP ${n.slice(3)}`, kernel: Number(c[n]) }));
}

function fact(key: string, label: string, kernel: FactValue): Fact {
  return { key, label, kernel };
}

function modesCase(mode: 'hostgw' | 'vxlan', m: Json, pcap: Json, source: string): OracleCase {
  const steps: ProbeStep[] = [];
  const facts: Fact[] = [fact('pod_mtu', `pod MTU is ${m.pod_mtu}`, Number(m.pod_mtu))];
  for (const [k, r] of Object.entries(obj(m.reachability))) {
    if (!isPing(r)) continue;
    steps.push(parsePing(k, 'reachability', r.cmd));
    facts.push(...pingFacts(`reachability/${k}`, k.replace('_cold', ' (cold caches)'), r));
  }
  const hops = uniqAddresses(String(m['traceroute_hops_pod-a->pod-c'] ?? '').split(/\s+/));
  facts.push(fact('traceroute_hops_pod-a->pod-c', `tracepath pod-a->pod-c hops are ${hops.join(' ')}`, hops));
  if (mode === 'vxlan') {
    facts.push(fact('node1_flannel.1_mtu', `flannel.1 MTU is ${m['node1_flannel.1_mtu']}`, Number(m['node1_flannel.1_mtu'])));
    const set = /rc=(\d+) mtu_now=(\d+)/.exec(String(m['set_flannel.1_mtu_1500']));
    if (set) facts.push(fact('set_flannel.1_mtu_1500', `ip link set flannel.1 mtu 1500 gives rc=${set[1]}, mtu ${set[2]}`, `rc=${set[1]} mtu=${set[2]}`));
    const add = /rc=(\d+) mtu_now=(\d+)/.exec(String(m.create_vxlan_with_mtu_1500_on_eth0));
    if (add)
      facts.push(
        fact('create_vxlan_mtu_1500_dev_eth0', `creating a vxlan with mtu 1500 on eth0 gives rc=${add[1]}, mtu ${add[2]}`, `rc=${add[1]} mtu=${add[2]}`),
      );
    facts.push(fact('node1_neigh flannel.1', `node1 flannel.1 neighbours: ${neighLines(m.node1_neigh).join(', ')}`, neighLines(m.node1_neigh)));
    const layers = Array.isArray(pcap.layers) ? (pcap.layers[0] as { frame_len: number; layers: { proto: string; size: number }[] }) : undefined;
    if (layers) {
      const v = `${layers.layers.map((l) => `${l.proto}:${l.size}`).join(' ')} = ${layers.frame_len}`;
      facts.push(fact('vxlan_pcap.frame1.layers', `VXLAN frame of a 56 B ping is ${v}`, v));
      const row = lines(pcap.fields)[1]?.split('\t');
      if (row) {
        const [ips, ipd, ttl, df] = [row[4], row[5], row[7], row[8]].map((x) => x.split('|'));
        const outer = `${ips[0]}>${ipd[0]} ttl=${ttl[0]} df=${df[0]} udp dport=${row[11]} vni=${row[15]}`;
        const inner = `${ips[1]}>${ipd[1]} ttl=${ttl[1]} df=${df[1]} icmp type=${row[16]}`;
        facts.push(fact('vxlan_pcap.frame1.outer', `VXLAN frame outer header is ${outer}`, outer));
        facts.push(fact('vxlan_pcap.frame1.inner', `VXLAN frame inner header is ${inner}`, inner));
      }
    }
  }
  return { section: 'modes', name: mode, source, mode, podMtu: Number(m.pod_mtu), steps, facts };
}

const MTU_PINGS = [
  'probe_1_first_at_if_max',
  'probe_2_repeat_at_if_max',
  'probe_3_over_if_mtu',
  'probe_max',
  'probe_max_plus_1_final',
  'probe_nodf_1472',
  'node1_df_1472_first',
  'node1_df_1472_second',
];

function mtuCase(name: string, m: Json, source: string): OracleCase {
  const cfg = obj(m.config);
  const variant = String(cfg['flannel.1_variant'] ?? '');
  const mtu: MtuConfig = {
    mode: cfg.mode === 'vxlan' ? 'vxlan' : 'hostgw',
    podMtu: Number(cfg.pod_eth0_mtu),
    ul1: Number(cfg.node1_underlay_mtu),
    ul2: Number(cfg.node2_underlay_mtu),
    variant: variant === 'nodev1500' || variant === 'dfset' ? variant : '',
  };
  const facts: Fact[] = [];
  for (const k of ['pod_eth0_mtu', 'node1_cni0_mtu', 'node1_underlay_mtu', 'node2_underlay_mtu', 'flannel.1_mtu']) {
    if (cfg[k] !== undefined) facts.push(fact(`config.${k}`, `${k} is ${cfg[k]}`, Number(cfg[k])));
  }
  const steps: ProbeStep[] = [];
  for (const k of MTU_PINGS) {
    const r = m[k];
    if (!isPing(r)) continue;
    steps.push(parsePing(k, 'record', r.cmd));
    facts.push(...pingFacts(k, `${k} (${short(r.cmd)})`, r));
    if (k === 'probe_3_over_if_mtu') {
      const bs = String(m.binary_search_probes ?? '');
      facts.push(fact('binary_search_probes', `binary search probes are ${bs || '(none)'}`, bs));
      facts.push(fact('max_df_icmp_payload', `max DF payload is ${m.max_df_icmp_payload}`, Number(m.max_df_icmp_payload)));
      facts.push(fact('max_df_ip_packet', `max DF IP packet is ${m.max_df_ip_packet}`, Number(m.max_df_ip_packet)));
      facts.push(fact('first_failure_class', `first failure is ${m.first_failure_class}`, String(m.first_failure_class)));
    }
  }
  facts.push(...counterFacts('node1_icmp_out', m.node1_icmp_out), ...counterFacts('node2_icmp_out', m.node2_icmp_out));
  const icmp = lines(m['icmp_errors_seen_by_pod-a']);
  facts.push(fact('icmp_errors_seen_by_pod-a', `ICMP errors seen by pod-a: ${icmp.join('; ') || 'none'}`, icmp));
  if (mtu.mode === 'vxlan' && m.underlay_frames !== undefined) {
    const frames = lines(m.underlay_frames).map((l) => l.replace(/^len=\d+ /, ''));
    facts.push(fact('underlay_frames', `node1 eth0 sees ${frames.length} VXLAN/fragment frames`, frames));
  }
  const tp = obj(m.tracepath);
  const pmtu = typeof tp.pmtu === 'number' ? tp.pmtu : null;
  facts.push(fact('tracepath.pmtu', pmtu === null ? 'tracepath never prints a Resume pmtu' : `tracepath pmtu is ${pmtu}`, pmtu));
  const hops = uniqAddresses(lines(tp.output).flatMap((l) => (/^\d+:/.test(l) ? [l.split(/\s+/)[1]] : [])));
  facts.push(fact('tracepath.hops', `tracepath hops are ${hops.join(' ')}`, hops));
  return { section: 'mtu', name, source, mode: mtu.mode, podMtu: mtu.podMtu, mtu, steps, facts };
}

function faultCase(name: string, f: Json, source: string): OracleCase {
  const steps: ProbeStep[] = [];
  const facts: Fact[] = [];
  for (const phase of ['before', 'after']) {
    for (const [k, r] of Object.entries(obj(f[phase]))) {
      if (!isPing(r)) continue;
      const s = parsePing(k, phase, r.cmd);
      steps.push(s);
      facts.push(...pingFacts(`${phase}/${k}`, `${phase}: ${k} (-W${s.timeout})`, r));
    }
  }
  const icmp = lines(f['icmp_errors_seen_by_pod-a']);
  facts.push(fact('icmp_errors_seen_by_pod-a', `ICMP errors seen by pod-a: ${icmp.join('; ') || 'none'}`, icmp));
  facts.push(...counterFacts('node1_icmp_out', f.node1_icmp_out));
  if (f.node1_neigh !== undefined) {
    const dev = name.startsWith('vxlan_') ? 'flannel.1' : 'eth0';
    const n = neighLines(f.node1_neigh);
    facts.push(fact(`node1_neigh ${dev}`, `node1 ${dev} neighbours at the end: ${n.join(', ')}`, n));
  }
  const mode = name.includes('hostgw') ? 'hostgw' : 'vxlan';
  return { section: 'faults', name, source, mode, podMtu: mode === 'vxlan' ? 1450 : 1500, action: String(f.action ?? ''), steps, facts };
}

export function extractCases(results: unknown, file: string): OracleCase[] {
  const r = obj(results);
  const meta = obj(r.meta);
  const source = `${file}, kernel ${meta.kernel ?? '?'}, ${meta.started_utc ?? '?'}`;
  const out: OracleCase[] = [];
  for (const mode of ['hostgw', 'vxlan'] as const) {
    const m = obj(obj(r.modes)[mode]);
    if (Object.keys(m).length) out.push(modesCase(mode, m, mode === 'vxlan' ? obj(r.vxlan_pcap) : {}, source));
  }
  for (const [name, m] of Object.entries(obj(r.mtu))) out.push(mtuCase(name, obj(m), source));
  for (const [name, f] of Object.entries(obj(r.faults))) out.push(faultCase(name, obj(f), source));
  return out;
}
