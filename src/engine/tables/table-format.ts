/**
 * Single table rows as the real tools print them: `ip neigh` (iproute2 ip/ipneigh.c
 * print_neigh), `bridge fdb show` (iproute2 bridge/fdb.c print_fdb) and iptables-save rules
 * (iptables iptables/iptables.c save + libxt_* save hooks).
 *
 * The walk imports these for its "decided" rows, so this file may import only model/ and
 * wire/ (no trace/, no lab). Rows carry no trailing space; commands add the one iproute2 6.1
 * prints where it does.
 */
import type { FdbEntry } from '../model/datapath';
import type { Ipv4 } from '../wire/ipv4';
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

export { formatMatch, formatRule, formatTarget, quoteComment, targetName } from './iptables-rule';
