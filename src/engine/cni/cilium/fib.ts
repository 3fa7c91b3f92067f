/** The datapath's own forwarding for translated packets (bpf/lib/fib.h). */
import type { TcEnv } from '../tc-programs';
import type { TcVerdict } from '../../devices/port';
import { transmit } from '../../devices/link';
import { resolveNeighbour } from '../../devices/arp';
import { formatRoute, lookupRoute } from '../../tables/route';
import { withIp, type Pkt } from '../../wire/packet';

/**
 * fib_redirect_v4: the datapath routes the packet itself (bpf_fib_lookup), decrements the TTL and
 * redirects it out of the route's device with the neighbour's MAC — how translated NodePort
 * packets leave (a source that is the node's own address must not re-enter the stack).
 */
export function fibRedirect(env: TcEnv, pkt: Pkt, prog: string): TcVerdict {
  const { w, ns: node, ctx } = env;
  const hit = lookupRoute(node, pkt.ip.dst);
  const dev = hit && node.interfaces.find((d) => d.name === hit.route.dev);
  if (!hit || !dev) {
    w.drop(ctx, { ns: node, device: env.dev.name, note: `${prog}: bpf_fib_lookup finds no route to ${pkt.ip.dst}: FIB lookup failed (169)`, pkt }, 'NO_ROUTE');
    return { kind: 'taken', status: 'ok' };
  }
  const nh = hit.route.via ?? pkt.ip.dst;
  const res = resolveNeighbour(w, node, dev, nh, pkt, ctx);
  if ('failAt' in res) {
    w.drop(ctx, { ns: node, device: dev.name, note: `${prog}: no neighbour entry for ${nh} on ${dev.name}`, pkt }, 'NEIGH_FAILED');
    return { kind: 'taken', status: 'ok' };
  }
  const out = withIp(pkt, { ttl: pkt.ip.ttl - 1 });
  w.hop(ctx, {
    ns: node,
    kind: 'forward',
    device: dev.name,
    note: `${prog}: fib_redirect to ${pkt.ip.dst} via ${nh} dev ${dev.name}: TTL ${pkt.ip.ttl} → ${out.ip.ttl} (to-network)`,
    pkt: out,
    decided: { table: 'route', row: formatRoute(hit.route), where: w.where(node), path: [prog, 'bpf_fib_lookup', `redirect ${dev.name}`] },
  });
  return { kind: 'taken', status: transmit(w, node, dev, { eth: { kind: 'eth', src: dev.mac, dst: res.mac }, pkt: out }, ctx) };
}
