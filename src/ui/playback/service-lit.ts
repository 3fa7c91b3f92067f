/**
 * Which Service a NAT hop translated, read off the hop's own rewrite: a DNAT whose original
 * destination is an address a Service answers on (its ClusterIP, a NodePort), or the reply's
 * un-DNAT whose new source is one. Returns the Service's canvas id and the link to the
 * endpoint the rewrite names, so the canvas can light both. Reads trace data only.
 */
import type { Hop } from '../../engine';
import type { TopologyLayout } from '../canvas/layout-types';

const addr = (ip: string, port?: number) => (port === undefined ? ip : `${ip}:${port}`);

export function serviceLit(layout: TopologyLayout, hop: Hop | undefined): string[] {
  const r = hop?.rewrite;
  if (!r) return [];
  const lit = (svc: string | undefined, endpoint: string) =>
    svc ? [svc, ...(layout.endpointEdges[svc]?.[endpoint] ? [layout.endpointEdges[svc][endpoint]] : [])] : [];
  if (r.after.dst !== r.before.dst) {
    const svc = layout.serviceAddrs[addr(r.before.dst, r.before.dport)] ?? layout.serviceAddrs[r.before.dst];
    if (svc) return lit(svc, r.after.dst);
  }
  if (r.after.src !== r.before.src) {
    const svc = layout.serviceAddrs[addr(r.after.src, r.after.sport)] ?? layout.serviceAddrs[r.after.src];
    if (svc) return lit(svc, r.before.src);
  }
  return [];
}
