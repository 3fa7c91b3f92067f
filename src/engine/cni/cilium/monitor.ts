/**
 * The datapath's monitor events (bpf/lib/trace.h, drop.h, policy_log.h, trace_sock.h) as the
 * flows hubble decodes from the `cilium_events` ring, kept in the node's kernel state so
 * `hubble observe` shows every probe run so far. Host names are resolved when the event is
 * written (hubble's k8s cache: `ns/pod`, else `ns/svc` for a VIP, else the IP).
 *
 * Default aggregation (monitorAggregation: medium, notes/cilium.md §7.1): from-* trace points
 * are never emitted; a trace is emitted when the conntrack entry is new, when the direction
 * sees a TCP flag it had not seen, or when 5 s passed since that direction's last report
 * (CT_REPORT_INTERVAL); drops and policy verdicts always.
 */
import type { DatapathPort } from '../../devices/port';
import type { Cluster, Netns } from '../../model/datapath';
import type { Pkt } from '../../wire/packet';
import type { Ipv4 } from '../../wire/ipv4';
import { EVENTS, entries, type Lb4Frontend, LB4_SERVICES } from './maps';

export const EVENT_RING_SIZE = 4095;

export interface FlowEvent {
  /** absolute lab time, ms */
  readonly t: number;
  readonly node: string;
  readonly src: string;
  readonly srcId: number;
  readonly dst: string;
  readonly dstId: number;
  /** null: reply-ness unknown (drops, verdicts, socket traces: `<>`) */
  readonly isReply: boolean | null;
  /** to-endpoint, to-overlay, to-stack, `Policy denied`, `policy-verdict:none INGRESS`, pre-xlate-fwd … */
  readonly type: string;
  readonly verdict: string;
  readonly summary: string;
}

/** hubble's Hostname(): ns/pod, else ns/svc for a service VIP, else the IP; then :port unless 0 (ICMP has none). */
export function hostName(c: Cluster, node: Netns, ip: Ipv4, port: number): string {
  const pod = c.pods.find((p) => p.ip === ip && !p.hostNetwork);
  let name = pod ? `${pod.namespace}/${pod.name}` : ip;
  if (!pod) {
    const fe = Object.entries(entries<Lb4Frontend>(node, LB4_SERVICES)).find(([k]) => k.startsWith(`${ip}:`) && k.endsWith(' (0)'));
    if (fe) name = fe[1].service;
  }
  return port ? `${name}:${port}` : name;
}

const FLAG_ORDER = ['SYN', 'ACK', 'RST', 'FIN', 'PSH', 'URG', 'ECE', 'CWR', 'NS'];

/** getTCPFlags / decodeSummary / gopacket ICMPv4TypeCode names */
export function flowSummary(p: Pkt): string {
  const l4 = p.l4;
  if (!l4) return 'IPv4';
  if (l4.kind === 'tcp') return `TCP Flags: ${FLAG_ORDER.filter((f) => (l4.flags as readonly string[]).includes(f)).join(', ')}`;
  if (l4.kind === 'udp') return 'UDP';
  const names: Record<number, string> = { 0: 'EchoReply', 8: 'EchoRequest', 11: 'TimeExceeded(TTLExceeded)' };
  const unreach: Record<number, string> = { 0: 'Net', 1: 'Host', 3: 'Port', 4: 'FragmentationNeeded', 13: 'CommAdminProhibited' };
  if (l4.type === 3) return `ICMPv4 DestinationUnreachable(${unreach[l4.code] ?? l4.code})`;
  return `ICMPv4 ${names[l4.type] ?? `${l4.type}(${l4.code})`}`;
}

function portsOf(p: Pkt): { sport: number; dport: number } {
  const l4 = p.l4;
  return l4 && l4.kind !== 'icmp' ? { sport: l4.srcPort, dport: l4.dstPort } : { sport: 0, dport: 0 };
}

export interface FlowInput {
  readonly srcId: number;
  readonly dstId: number;
  readonly isReply: boolean | null;
  readonly type: string;
  readonly verdict: string;
  readonly summary?: string;
  /** the packet's addresses are swapped for printing (a reply keeps the initiator on the left) */
}

/** Writes one event into the node's ring. A reply is stored with src and dst swapped, as hubble prints it. */
export function emitFlow(w: DatapathPort, node: Netns, p: Pkt, f: FlowInput, override?: { dst?: string }): void {
  if (!w.k.bpfUpdate || !w.k.bpfLookup) return;
  const { sport, dport } = portsOf(p);
  let src = hostName(w.cluster, node, p.ip.src, sport);
  let dst = override?.dst ?? hostName(w.cluster, node, p.ip.dst, dport);
  let srcId = f.srcId;
  let dstId = f.dstId;
  if (f.isReply) [src, dst, srcId, dstId] = [dst, src, dstId, srcId];
  const ev: FlowEvent = {
    t: w.now(),
    node: node.name,
    src,
    srcId,
    dst,
    dstId,
    isReply: f.isReply,
    type: f.type,
    verdict: f.verdict,
    summary: f.summary ?? flowSummary(p),
  };
  const next = (w.k.bpfLookup(node.id, EVENTS, '#next') as number | undefined) ?? 0;
  w.k.bpfUpdate(node.id, EVENTS, String(next).padStart(8, '0'), ev);
  if (next >= EVENT_RING_SIZE) w.k.bpfUpdate(node.id, EVENTS, String(next - EVENT_RING_SIZE).padStart(8, '0'), undefined);
  w.k.bpfUpdate(node.id, EVENTS, '#next', next + 1);
}

/** The events of one node's ring, oldest first. */
export function flowsOf(ring: Readonly<Record<string, unknown>> | undefined): FlowEvent[] {
  return Object.entries(ring ?? {})
    .filter(([k]) => k !== '#next')
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, v]) => v as FlowEvent);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const RESERVED: Record<number, string> = {
  0: 'unknown',
  1: 'host',
  2: 'world',
  3: 'unmanaged',
  4: 'health',
  5: 'init',
  6: 'remote-node',
  7: 'kube-apiserver',
  8: 'ingress',
  9: 'world-ipv4',
  10: 'world-ipv6',
};

/** Go time.StampMilli `Jan _2 15:04:05.000`, from the lab epoch (model/lab-clock.ts, 2025-01-01 UTC). */
export function stampMilli(labEpochS: number, ms: number): string {
  const d = new Date(labEpochS * 1000 + ms);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
}

/** fmtIdentity: reserved identities by name, others `(ID:n)` */
export function fmtIdentity(id: number): string {
  return RESERVED[id] ? `(${RESERVED[id]})` : `(ID:${id})`;
}

/** printer.go compact line: `%s%s: %s %s %s %s %s %s %s (%s)` */
export function formatFlow(e: FlowEvent, labEpochS: number, printNode = false): string {
  const arrow = e.isReply === null ? '<>' : e.isReply ? '<-' : '->';
  return `${stampMilli(labEpochS, e.t)}${printNode ? ` [${e.node}]` : ''}: ${e.src} ${fmtIdentity(e.srcId)} ${arrow} ${e.dst} ${fmtIdentity(e.dstId)} ${e.type} ${e.verdict} (${e.summary})`;
}
