/**
 * Single table rows as the real tools print them: `ip neigh` (iproute2 ip/ipneigh.c
 * print_neigh), `bridge fdb show` (iproute2 bridge/fdb.c print_fdb) and iptables-save rules
 * (iptables iptables/iptables.c save + libxt_* save hooks).
 *
 * The walk imports these for its "decided" rows, so this file may import only model/ and
 * wire/ (no trace/, no lab). Rows carry no trailing space; commands add the one iproute2 6.1
 * prints where it does.
 */
import type { FdbEntry, Rule, RuleMatch, RuleTarget } from '../model/datapath';
import type { Cidr, Ipv4 } from '../wire/ipv4';
import type { Mac } from '../wire/mac';

/** NUD states as `ip neigh` spells them (include/uapi/linux/neighbour.h, iproute2 nud_state_a2n). */
export type NeighStateName = 'PERMANENT' | 'NOARP' | 'REACHABLE' | 'STALE' | 'DELAY' | 'PROBE' | 'INCOMPLETE' | 'FAILED';

export interface NeighRow {
  readonly ip: Ipv4;
  readonly dev: string;
  readonly mac?: Mac;
  readonly state: NeighStateName;
}

export interface RowOptions {
  /** false when the command was filtered by `dev X`: iproute2 then omits `dev X` */
  readonly showDev?: boolean;
}

/** `10.244.2.0 dev flannel.1 lladdr 5e:7c:1a:2b:3c:4d PERMANENT` */
export function formatNeigh(n: NeighRow, opts: RowOptions = {}): string {
  const parts: string[] = [n.ip];
  if (opts.showDev !== false) parts.push('dev', n.dev);
  if (n.mac && n.state !== 'INCOMPLETE' && n.state !== 'FAILED') parts.push('lladdr', n.mac);
  parts.push(n.state);
  return parts.join(' ');
}

/**
 * `5e:7c:1a:2b:3c:4d dev flannel.1 dst 192.168.1.12 self permanent` (vxlan),
 * `be:74:31:36:83:47 dev vethb6743d19 master cni0 permanent` (a bridge port's own address),
 * `8e:c2:72:f1:5b:ca dev vethb6743d19 master cni0` (learned: state_n2a prints "" for it).
 * print_fdb order: mac, dev, dst, flags (self), master, state.
 */
export function formatFdb(e: FdbEntry, opts: RowOptions = {}): string {
  const parts: string[] = [e.mac];
  if (opts.showDev !== false) parts.push('dev', e.dev);
  if (e.dst) parts.push('dst', e.dst);
  if (e.self) parts.push('self');
  if (e.master) parts.push('master', e.master);
  if (e.permanent) parts.push('permanent');
  return parts.join(' ');
}

function cidr(c: Cidr): string {
  return `${c.net}/${c.prefix}`;
}

/** iptables-save quotes a comment always and escapes `"` (xtables_save_string). */
export function quoteComment(s: string): string {
  return `"${s.replace(/["\\]/g, (m) => `\\${m}`)}"`;
}

/** The match part of a rule in iptables-save order: addresses, interfaces, protocol, then -m matches. */
export function formatMatch(m: RuleMatch): string[] {
  const out: string[] = [];
  if (m.src) out.push('-s', cidr(m.src));
  if (m.notSrc) out.push('!', '-s', cidr(m.notSrc));
  if (m.dst) out.push('-d', cidr(m.dst));
  if (m.notDst) out.push('!', '-d', cidr(m.notDst));
  if (m.inIface) out.push('-i', m.inIface);
  if (m.outIface) out.push('-o', m.outIface);
  if (m.proto) out.push('-p', m.proto);
  if (m.comment !== undefined) out.push('-m', 'comment', '--comment', quoteComment(m.comment));
  if ((m.proto === 'tcp' || m.proto === 'udp') && (m.sport !== undefined || m.dport !== undefined)) {
    out.push('-m', m.proto);
    if (m.sport !== undefined) out.push('--sport', String(m.sport));
    if (m.dport !== undefined) out.push('--dport', String(m.dport));
  }
  return out;
}

/** `-j DNAT --to-destination 10.244.1.5:8080` and friends (libxt_*.c save hooks). */
export function formatTarget(t: RuleTarget): string[] {
  switch (t.kind) {
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
      return ['-j', t.kind];
    case 'MASQUERADE':
      return t.randomFully ? ['-j', 'MASQUERADE', '--random-fully'] : ['-j', 'MASQUERADE'];
    case 'REJECT':
      return ['-j', 'REJECT', '--reject-with', t.with];
    case 'JUMP':
      return ['-j', t.chain];
    case 'SNAT':
      return ['-j', 'SNAT', '--to-source', t.to];
    case 'DNAT':
      return ['-j', 'DNAT', '--to-destination', t.port !== undefined ? `${t.to}:${t.port}` : t.to];
  }
}

/** `-A KUBE-SERVICES -d 10.96.45.12/32 -p tcp -m comment --comment "prod/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-…` */
export function formatRule(chain: string, rule: Rule): string {
  return ['-A', chain, ...formatMatch(rule.match), ...formatTarget(rule.target)].join(' ');
}

/** The name `iptables -L` prints in the target column. */
export function targetName(t: RuleTarget): string {
  return t.kind === 'JUMP' ? t.chain : t.kind;
}
