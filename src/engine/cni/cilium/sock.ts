/**
 * Socket load balancing (bpf/bpf_sock.c cil_sock4_connect / cil_sock4_sendmsg →
 * __sock4_xlate_fwd; notes/cilium.md §4.2): inside connect() (and sendmsg() for unconnected
 * UDP) the service map is looked up by {VIP, port, proto}; a frontend with backends gets one
 * picked — sock_select_slot: a random draw per TCP connect, the socket cookie for UDP — and
 * the socket's destination becomes the backend itself, so every packet leaves the pod already
 * addressed to it (no DNAT anywhere on the path, no KUBE-* chains). A frontend without
 * backends fails connect() with EHOSTUNREACH before anything is sent and before any trace.
 * The pre-/post-xlate-fwd socket traces go to the node's monitor ring.
 * Simplified: the random draw is a hash mixed with the kernel's IP id counter.
 */
import type { SockEnv, SockResult } from '../sock-programs';
import { makePkt } from '../../wire/packet';
import { emitFlow } from './monitor';
import { entries, LB4_BACKENDS, LB4_SERVICES, ipcacheLookup, type Lb4Backend } from './maps';
import { lbLookup } from './lb-maps';
import { fnv1a } from '../../wire/fnv';

function xlate(env: SockEnv, hook: string): SockResult {
  const { w, ns, node, proto, dst, dport, ctx } = env;
  const svcs = entries<unknown>(node, LB4_SERVICES);
  const P = proto === 'tcp' ? 'TCP' : 'UDP';
  const hit = lbLookup(svcs, dst, dport, P);
  if (!hit || hit.fe.type !== 'ClusterIP') return { dst, dport };
  const src = ns.interfaces.find((d) => d.name === 'eth0')?.addrs[0]?.ip ?? node.interfaces.find((d) => d.name === 'eth0')?.addrs[0]?.ip ?? '0.0.0.0';
  const pkt = makePkt(
    { src, dst, ttl: 64, df: true, proto, id: 0 },
    proto === 'tcp' ? { kind: 'tcp', srcPort: 0, dstPort: dport, flags: [] } : { kind: 'udp', srcPort: 0, dstPort: dport },
    0,
  );
  const where = `${w.where(node)} ${LB4_SERVICES}`;
  if (hit.fe.count === 0) {
    w.hop(ctx, {
      ns,
      kind: 'local-error',
      note: `${hook}: ${dst}:${dport}/${P} (${hit.fe.service}) has no backends: connect() fails with EHOSTUNREACH (No route to host), nothing is sent`,
      pkt,
      decided: { table: 'bpf', row: `${hit.key}  0.0.0.0:0 (${hit.fe.revNat}) (0) [${hit.fe.flags.join(', ')}]`, where, path: [hook] },
    });
    return { dst, dport, error: 'EHOSTUNREACH' };
  }
  const draw = proto === 'tcp' ? fnv1a(`${ns.id}/${w.now()}/${w.k.nextIpId()}`) : fnv1a(`${ns.id}/${dst}:${dport}`);
  const slot = (draw % hit.fe.count) + 1;
  const be = entries<Lb4Backend>(node, LB4_BACKENDS)[String(hit.slots[slot - 1].backendId)];
  const srcId = ipcacheLookup(node, src)?.entry.identity ?? 2;
  const beId = ipcacheLookup(node, be.ip)?.entry.identity ?? 2;
  emitFlow(w, node, pkt, { srcId, dstId: 2, isReply: null, type: 'pre-xlate-fwd', verdict: 'TRACED', summary: P });
  emitFlow(w, node, { ...pkt, ip: { ...pkt.ip, dst: be.ip }, l4: pkt.l4 && pkt.l4.kind !== 'icmp' ? { ...pkt.l4, dstPort: be.port } : pkt.l4 } as typeof pkt, {
    srcId,
    dstId: beId,
    isReply: null,
    type: 'post-xlate-fwd',
    verdict: 'TRANSLATED',
    summary: P,
  });
  w.hop(ctx, {
    ns,
    kind: 'nat',
    note: `${hook} (socket LB): ${dst}:${dport}/${P} is ${hit.fe.service}; slot ${slot} of ${hit.fe.count} picks backend ${be.ip}:${be.port}: the socket connects to the backend itself, so the packets leave already addressed to it`,
    pkt,
    rewrite: { before: { src, dst, dport }, after: { src, dst: be.ip, dport: be.port } },
    decided: {
      table: 'bpf',
      row: `${hit.key.replace(' (0)', ` (${slot})`)}  ${be.ip}:${be.port}/${P} (${hit.fe.revNat}) (${slot})`,
      where,
      path: [hook, `cilium_lb4_services_v2 ${hit.key}`, `cilium_lb4_backends_v3 ${hit.slots[slot - 1].backendId}`],
    },
  });
  return { dst: be.ip, dport: be.port, frontend: { ip: dst, port: dport } };
}

export const sock4Connect = (env: SockEnv): SockResult => xlate(env, 'cil_sock4_connect');
export const sock4Sendmsg = (env: SockEnv): SockResult => xlate(env, 'cil_sock4_sendmsg');
