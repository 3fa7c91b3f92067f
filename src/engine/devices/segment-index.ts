/**
 * Which member of an L2 segment owns a MAC, looked up in a table instead of a scan: the
 * underlay of a 200-node cluster has 200 NICs and every frame crossing it looked for its
 * destination among them. Keyed by the cluster's namespace record and the segment, each a new object whenever it
 * changes (a fault, a repair), so a changed MAC or member is never missed. The
 * first member holding a MAC wins, as the scan's `find` did.
 */
import type { Interface, Netns, Segment } from '../model/datapath';

export interface SegmentMember {
  readonly n: Netns;
  readonly d: Interface;
}

const indexes = new WeakMap<Readonly<Record<string, Netns>>, WeakMap<Segment, Map<string, SegmentMember>>>();

export function segmentMemberByMac(netns: Readonly<Record<string, Netns>>, seg: Segment, mac: string | undefined): SegmentMember | undefined {
  if (mac === undefined) return undefined;
  let bySeg = indexes.get(netns);
  if (!bySeg) indexes.set(netns, (bySeg = new WeakMap()));
  let byMac = bySeg.get(seg);
  if (!byMac) {
    byMac = new Map();
    for (const x of seg.members) {
      const n = netns[x.netns];
      const d = n?.interfaces.find((i) => i.name === x.ifname);
      if (n && d && !byMac.has(d.mac)) byMac.set(d.mac, { n, d });
    }
    bySeg.set(seg, byMac);
  }
  return byMac.get(mac);
}
