/**
 * results-calico.json (calico/run-calico.sh) → Calico oracle cases: the kernel's facts for the
 * `modes`, `mtu` and `faults` sections, and the pings run-calico.sh recorded.
 *
 * The `mtu` and `faults` sections have run.sh's shapes, so they go through ../extract.ts
 * (extractCases) unchanged; this file then puts back what that extractor infers from flannel
 * names (mode, pod MTU) and adds the facts only Calico has (host veth and vxlan.calico MTUs,
 * the address an ICMP error came from, node2's counters, ARP). The `modes` section is Calico's
 * own (no flannel.1; proxy ARP for 169.254.1.1; routes as BIRD / Felix program them).
 */
import { extractCases, neighLines, parsePing } from '../extract';
import type { Fact, FactValue, ProbeStep, Section } from '../facts';
import { uniqAddresses } from '../facts';
import { isPing, lines, obj, type Json, type PingRecord } from '../extract';

export type CalicoMode = 'bgp' | 'vxlan';

export interface CalicoMtuConfig {
  readonly mode: CalicoMode;
  readonly podMtu: number;
  readonly ul1: number;
  readonly ul2: number;
}

/** An oracle case of the Calico topology; the shape of ../facts.ts OracleCase, for cni calico. */
export interface CalicoCase {
  readonly section: Section;
  readonly name: string;
  readonly source: string;
  readonly cni: 'calico';
  readonly mode: CalicoMode;
  readonly podMtu: number;
  /** the nodes' `default via <ip> dev eth0` (no host has that address), or null: no default route */
  readonly nodeDefaultVia: string | null;
  readonly mtu?: CalicoMtuConfig;
  readonly action?: string;
  readonly steps: readonly ProbeStep[];
  readonly facts: readonly Fact[];
}

const fact = (key: string, label: string, kernel: FactValue): Fact => ({ key, label, kernel });

/** ../extract.ts pingFacts, plus `.error_from` (the "From X" ping printed) */
function pingFacts(prefix: string, what: string, r: PingRecord): Fact[] {
  const out: Fact[] = [fact(`${prefix}.class`, `${what} is ${r.class}`, r.class)];
  if (r.error_from !== undefined) out.push(fact(`${prefix}.error_from`, `${what} error comes from ${r.error_from}`, r.error_from));
  if (r.reply_ttl !== undefined) out.push(fact(`${prefix}.reply_ttl`, `${what} reply ttl is ${r.reply_ttl}`, r.reply_ttl));
  out.push({ key: `${prefix}.elapsed_ms`, label: `${what} takes ~${r.elapsed_ms} ms`, kernel: r.elapsed_ms, compare: 'elapsed' });
  return out;
}

/** Inserts `<prefix>.error_from` after `<prefix>.class` for every recorded ping that has one. */
function withErrorFrom(facts: readonly Fact[], recordOf: (prefix: string) => unknown): Fact[] {
  return facts.flatMap((f) => {
    if (!f.key.endsWith('.class')) return [f];
    const prefix = f.key.slice(0, -'.class'.length);
    const r = recordOf(prefix);
    if (!isPing(r) || r.error_from === undefined) return [f];
    return [f, fact(`${prefix}.error_from`, `${f.label.replace(/ is \S+$/, '')} error comes from ${r.error_from}`, r.error_from)];
  });
}

/** `ip neigh` lines → `ip lladdr MAC` (resolved) or `ip STATE` (unresolved), sorted: the states of resolved entries depend on timing. */
export function neighEntries(s: unknown): string[] {
  return lines(s)
    .map((l) => {
      const w = l.split(/\s+/);
      const i = w.indexOf('lladdr');
      const dev = w.indexOf('dev');
      const where = dev >= 0 ? ` dev ${w[dev + 1]}` : '';
      return i >= 0 ? `${w[0]}${where} lladdr ${w[i + 1]}` : `${w[0]}${where} ${w[w.length - 1]}`;
    })
    .sort();
}

/** `10.244.1.2 dev caliX src 192.168.50.1 uid 0 \n cache` → `dev caliX src 192.168.50.1` (or the error). */
function routeGet(s: unknown): string {
  const t = String(s ?? '').trim();
  const dev = /\bdev (\S+)/.exec(t);
  const via = /\bvia (\S+)/.exec(t);
  const src = /\bsrc (\S+)/.exec(t);
  if (!dev) return t.split('\n')[0];
  return [via ? `via ${via[1]}` : '', `dev ${dev[1]}`, src ? `src ${src[1]}` : ''].filter(Boolean).join(' ');
}

function counterFacts(key: string, s: unknown): Fact[] {
  if (typeof s !== 'string') return [];
  const c = Object.fromEntries(s.split(/\s+/).map((kv) => kv.split('=')));
  return ['OutDestUnreachs', 'OutTimeExcds']
    .filter((n) => c[n] !== undefined)
    .map((n) => fact(`${key}.${n}`, `${key.replace('_icmp_out', '')} sent ${c[n]} ICMP ${n.slice(3)}`, Number(c[n])));
}

function defaultVia(s: unknown): string | null {
  return /default via (\S+)/.exec(String(s ?? ''))?.[1] ?? null;
}

function modesCase(name: string, m: Json, pcap: Json, source: string): CalicoCase {
  const mode: CalicoMode = m.mode === 'vxlan' ? 'vxlan' : 'bgp';
  const steps: ProbeStep[] = [];
  const facts: Fact[] = [fact('pod_mtu', `pod MTU is ${m.pod_mtu}`, Number(m.pod_mtu))];
  for (const [k, r] of Object.entries(obj(m.reachability))) {
    if (!isPing(r)) continue;
    const s = parsePing(k, 'reachability', r.cmd);
    steps.push(s);
    facts.push(...pingFacts(`reachability/${k}`, `${k.replace('_cold', ' (cold caches)').replace(/_W\d+$/, '')} (-W${s.timeout})`, r));
  }
  const arp = lines(m['arp_seen_by_pod-a']);
  facts.push(fact('arp_seen_by_pod-a', `ARP on pod-a's eth0: ${arp.join('; ') || 'none'}`, arp));
  const icmp = lines(m['icmp_errors_seen_by_pod-a']);
  facts.push(fact('icmp_errors_seen_by_pod-a', `ICMP errors seen by pod-a: ${icmp.join('; ') || 'none'}`, icmp));
  for (const k of ['pod-a_routes', 'node1_routes', 'node2_routes']) {
    const rs = lines(m[k]);
    facts.push(fact(k, `${k.replace('_routes', '')} routes: ${rs.join('; ')}`, rs));
  }
  for (const k of ['pod-a_neigh', 'node1_neigh']) {
    const n = neighEntries(m[k]);
    facts.push(fact(k, `${k.replace('_neigh', '')} neighbours after the pings: ${n.join(', ') || 'none'}`, n));
  }
  for (const k of ['node1_route_get_pod-a', 'node1_route_get_pod-c', 'node1_route_get_169.254.1.1_from_pod-a']) {
    const v = routeGet(m[k]);
    facts.push(fact(k, `${k.replace('node1_route_get_', 'node1: ip route get ').replace('_from_pod-a', ' from pod-a iif its cali')} gives ${v}`, v));
  }
  facts.push(...counterFacts('node1_icmp_out', m.node1_icmp_out));
  if (m['traceroute_hops_pod-a->pod-c'] !== undefined) {
    const hops = uniqAddresses(String(m['traceroute_hops_pod-a->pod-c']).split(/\s+/));
    facts.push(fact('traceroute_hops_pod-a->pod-c', `tracepath pod-a->pod-c hops are ${hops.join(' ')}`, hops));
    const pmtu = /Resume: pmtu (\d+)/.exec(String(m['tracepath_output_pod-a->pod-c'] ?? ''));
    if (pmtu) facts.push(fact('tracepath_pmtu_pod-a->pod-c', `tracepath pod-a->pod-c pmtu is ${pmtu[1]}`, Number(pmtu[1])));
  }
  if (mode === 'vxlan') {
    facts.push(fact('node1_vxlan.calico_mtu', `vxlan.calico MTU is ${m['node1_vxlan.calico_mtu']}`, Number(m['node1_vxlan.calico_mtu'])));
    const addr = String(m['node1_vxlan.calico_addr'] ?? '')
      .trim()
      .split(/\s+/)
      .slice(2)
      .join(' ');
    facts.push(fact('node1_vxlan.calico_addr', `vxlan.calico address is ${addr}`, addr));
    const link = String(m['node1_vxlan.calico'] ?? '');
    const vx = /vxlan id (\d+) local (\S+) dev (\S+) .*dstport (\d+) (nolearning)?/.exec(link);
    if (vx) {
      const v = `id ${vx[1]} local ${vx[2]} dev ${vx[3]} dstport ${vx[4]}${vx[5] ? ' nolearning' : ''}`;
      facts.push(fact('node1_vxlan.calico_link', `vxlan.calico is vxlan ${v}`, v));
    }
    const fdb = lines(m.node1_fdb);
    facts.push(fact('node1_fdb vxlan.calico', `node1 vxlan.calico FDB: ${fdb.join(', ')}`, fdb));
    const n = neighLines(m.node1_vxlan_neigh);
    facts.push(fact('node1_neigh vxlan.calico', `node1 vxlan.calico neighbours: ${n.join(', ')}`, n));
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
  return { section: 'modes', name, source, cni: 'calico', mode, podMtu: Number(m.pod_mtu), nodeDefaultVia: defaultVia(m.node_default_route), steps, facts };
}

export function extractCalicoCases(results: unknown, file: string): CalicoCase[] {
  const r = obj(results);
  const meta = obj(r.meta);
  const source = `${file}, kernel ${meta.kernel ?? '?'}, ${meta.started_utc ?? '?'}`;
  const via = defaultVia(meta.node_default_route);
  const out: CalicoCase[] = [];
  for (const [name, m] of Object.entries(obj(r.modes))) out.push(modesCase(name, obj(m), name === 'vxlan' ? obj(r.vxlan_pcap) : {}, source));
  // mtu and faults: run.sh's shapes, through the flannel extractor
  const generic = extractCases({ meta, mtu: obj(r.mtu), faults: obj(r.faults) }, file);
  for (const c of generic) {
    if (c.section === 'mtu') {
      const m = obj(obj(r.mtu)[c.name]);
      const cfg = obj(m.config);
      const mode: CalicoMode = cfg.mode === 'vxlan' ? 'vxlan' : 'bgp';
      const facts = withErrorFrom(c.facts, (p) => m[p]);
      const at = facts.findIndex((f) => f.key === 'config.node2_underlay_mtu') + 1;
      const extra = ['node1_host_veth_mtu', 'vxlan.calico_mtu']
        .filter((k) => cfg[k] !== undefined)
        .map((k) => fact(`config.${k}`, `${k} is ${cfg[k]}`, Number(cfg[k])));
      facts.splice(at, 0, ...extra);
      // mtuCase reads underlay frames only for vxlan; node1 route get tells which vxlan.calico/eth0 source the node uses
      facts.push(fact('node1_route_get_after', `node1: ip route get 10.244.2.2 gives ${routeGet(m.node1_route_get_after)}`, routeGet(m.node1_route_get_after)));
      const { mtu: _flannelMtu, ...rest } = c;
      out.push({
        ...rest,
        cni: 'calico',
        mode,
        nodeDefaultVia: via,
        mtu: { mode, podMtu: Number(cfg.pod_eth0_mtu), ul1: Number(cfg.node1_underlay_mtu), ul2: Number(cfg.node2_underlay_mtu) },
        facts,
      });
    } else if (c.section === 'faults') {
      const f = obj(obj(r.faults)[c.name]);
      const mode: CalicoMode = f.mode === 'vxlan' ? 'vxlan' : 'bgp';
      const facts = withErrorFrom(c.facts, (p) => {
        const [phase, ...k] = p.split('/');
        return obj(f[phase])[k.join('/')];
      });
      facts.push(...counterFacts('node2_icmp_out', f.node2_icmp_out));
      for (const k of ['node1_route_get', 'node2_route_get', 'node2_route_get_from_pod-a']) {
        if (f[k] === undefined) continue;
        const v = routeGet(f[k]);
        facts.push(fact(k, `${k.replace(/_route_get(_from_pod-a)?$/, '')}: ip route get 10.244.2.2${k.endsWith('pod-a') ? ' from pod-a' : ''} gives ${v}`, v));
      }
      for (const k of ['arp_seen_by_pod-a']) {
        if (f[k] === undefined) continue;
        const arp = lines(f[k]);
        facts.push(fact(k, `ARP on pod-a's eth0: ${arp.join('; ') || 'none'}`, arp));
      }
      for (const k of ['pod-a_neigh', 'node1_neigh_cali']) {
        if (f[k] === undefined) continue;
        const n = neighEntries(f[k]);
        facts.push(fact(k, `${k.replace(/_neigh.*/, '')} neighbours at the end${k.endsWith('cali') ? " (pod-a's cali)" : ''}: ${n.join(', ') || 'none'}`, n));
      }
      const { mtu: _none, ...rest } = c; // faults have no MtuConfig
      out.push({ ...rest, cni: 'calico', mode, podMtu: Number(f.pod_mtu), nodeDefaultVia: via, facts });
    }
  }
  return out;
}
