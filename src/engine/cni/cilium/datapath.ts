/**
 * Cilium's tc programs (bpf/bpf_lxc.c, bpf_overlay.c, bpf_host.c; notes/cilium.md §3), reading
 * the maps the agent wrote (maps.ts) and the conntrack they keep themselves (conntrack.ts):
 *
 * - cil_from_container (lxc ingress: what the pod sends): the source must be the endpoint's own
 *   address; the destination's identity comes from the ipcache; a new flow is checked against
 *   the endpoint's egress policy (policy_can_egress4) and gets a CT entry; then
 *   ipv4_forward_to_destination: a local endpoint (cilium_lxc) → local delivery; an ipcache
 *   entry with a tunnel endpoint → the tunnel key {remote node, VNI = source identity} and a
 *   redirect to cilium_vxlan/cilium_geneve (to-overlay); anything else → the stack (to-stack).
 * - local delivery (ipv4_local_delivery → the destination's tail_ipv4_policy): ingress policy
 *   for new flows, ipv4_l3 (TTL − 1, MACs rewritten: the lxc's MAC → the pod's), to-endpoint,
 *   bpf_redirect to the endpoint's lxc (legacy host routing: no redirect_peer).
 * - cil_from_overlay (tunnel device ingress): the source identity is the VNI (1 = host is
 *   refused: 171 Invalid identity; 6 = remote-node is re-resolved from the ipcache); a local
 *   endpoint gets local delivery, anything else goes to the stack.
 * - cil_from_host (cilium_host egress: what the node routes towards pods): local endpoint →
 *   local delivery; a tunnel endpoint → encapsulation with the host's identity as remote-node
 *   (6); an address the ipcache does not know → 151 Stale or unroutable IP.
 */
import type { TcEnv } from '../tc-programs';
import type { TcVerdict } from '../../devices/port';
import { transmit } from '../../devices/link';
import { fibRedirect } from './fib';
import type { Interface, Netns } from '../../model/datapath';
import type { Decision } from '../../model/trace';
import { withIp, type Pkt } from '../../wire/packet';
import {
  endpointOf,
  entries,
  formatEndpointValue,
  formatIpcacheValue,
  ipcacheLookup,
  IPCACHE_MAP,
  RUNTIME_CONFIG,
  type EndpointInfo,
  type IpcacheEntry,
} from './maps';
import { ctCreate, ctLookup, ctShouldReport } from './conntrack';
import { emitFlow } from './monitor';
import { checkPolicy } from './enforce';
import { proxyHttp } from './proxy';
import { nodeportIngress, nodeportReverseAtLxc } from './nodeport';
import { lxcRevNat, lxcServiceXlate, rememberXlate } from './lxc-lb';

type Tracked = { key: string; value: import('./conntrack').CtValue; created: boolean };

const WORLD = 2;
const HOST = 1;
const REMOTE_NODE = 6;

function ipcacheRows(node: Netns): string[] {
  return Object.entries(entries<IpcacheEntry>(node, IPCACHE_MAP)).map(([k, v]) => `${k.padEnd(20)}${formatIpcacheValue(v)}`);
}

function ipcacheDecision(w: TcEnv['w'], node: Netns, ip: string, prog: string): { decided: Decision; entry?: IpcacheEntry; identity: number } {
  const hit = ipcacheLookup(node, ip);
  const row = hit ? `${hit.prefix.padEnd(20)}${formatIpcacheValue(hit.entry)}` : `(no ipcache entry for ${ip})`;
  return {
    decided: { table: 'bpf', row, rows: ipcacheRows(node), where: `${w.where(node)} ${IPCACHE_MAP}`, path: [prog] },
    entry: hit?.entry,
    identity: hit?.entry.identity ?? WORLD,
  };
}

function l4Proto(p: Pkt): 'TCP' | 'UDP' | 'ICMP' {
  return p.l4?.kind === 'tcp' ? 'TCP' : p.l4?.kind === 'udp' ? 'UDP' : 'ICMP';
}

/** the ICMP errors a flow causes are related to it (CT_RELATED): no policy, no new entry */
const isIcmpError = (p: Pkt) => p.l4?.kind === 'icmp' && (p.l4.type === 3 || p.l4.type === 11);

/**
 * ipv4_local_delivery → the destination endpoint's policy program: ingress policy for a new
 * flow, TTL − 1 and the MACs, to-endpoint, redirect to the lxc.
 */
/**
 * `fromTunnel`: without the kube-proxy replacement (!ENABLE_NODEPORT) a packet from the tunnel is
 * not redirected but handed to the stack with PACKET_HOST after policy and ipv4_l3, so kube-proxy's
 * conntrack sees it and reverses its DNAT (a reply from a Service backend on another node); the
 * stack then routes it via cilium_host, where cil_from_host delivers it (lib/local_delivery.h
 * local_delivery; notes/cilium.md §3).
 */
export function localDelivery(env: TcEnv, ep: EndpointInfo, arrived: Pkt, srcId: number, prog: string, fromTunnel = false): TcVerdict {
  const { w, ns: node, ctx } = env;
  const lxc = node.interfaces.find((d) => d.name === ep.ifname);
  if (!lxc) {
    w.drop(ctx, { ns: node, device: env.dev.name, note: `${prog}: endpoint ${ep.id} has no device ${ep.ifname}`, pkt: arrived }, 'NO_SOCKET');
    return { kind: 'taken', status: 'ok' };
  }
  const ct = ctLookup(w, node, 'IN', arrived);
  const pkt = ct.state === 'reply' ? lxcRevNat(env, arrived, ct.value, prog) : arrived;
  let entry: { key: string; value: import('./conntrack').CtValue };
  let dir: 'orig' | 'reply' = 'orig';
  let created = false;
  if (ct.state === 'new' && !isIcmpError(pkt)) {
    const verdict = checkPolicy(env, ep, 'Ingress', srcId, pkt, prog);
    if (!verdict.allowed) return { kind: 'taken', status: 'ok' };
    entry = ctCreate(w, node, 'IN', pkt, srcId, undefined, !!verdict.value?.proxyPort);
    created = true;
  } else if (ct.state === 'new') {
    entry = { key: '', value: ctCreate(w, node, 'IN', pkt, srcId).value };
  } else {
    entry = { key: ct.key, value: ct.value };
    dir = ct.state === 'reply' ? 'reply' : 'orig';
  }
  if (entry.value.proxy) {
    const l7 = proxyHttp(env, ep, pkt, srcId, prog);
    if (l7) return l7;
  }
  if (pkt.ip.ttl <= 1) {
    w.drop(ctx, { ns: node, device: env.dev.name, note: `${prog}: TTL ${pkt.ip.ttl} would reach 0 in ipv4_l3: dropped`, pkt }, 'TTL_EXHAUSTED');
    return { kind: 'taken', status: 'ok' };
  }
  const out = withIp(pkt, { ttl: pkt.ip.ttl - 1 });
  if (fromTunnel && entries<string>(node, RUNTIME_CONFIG)['enable-nodeport'] === 'false') {
    w.hop(ctx, {
      ns: node,
      kind: 'filter',
      device: env.dev.name,
      note: `${prog}: ${pkt.ip.dst} is local endpoint ${ep.id} (${ep.pod}): TTL ${pkt.ip.ttl} → ${pkt.ip.ttl - 1}; without the kube-proxy replacement it goes to the stack (PACKET_HOST), so kube-proxy's conntrack sees it`,
      pkt: out,
    });
    // ctx_change_type(ctx, PACKET_HOST): the stack takes the frame whatever its destination MAC says
    return { kind: 'pass', frame: { eth: { kind: 'eth', src: ep.nodeMac, dst: env.dev.mac }, pkt: out } };
  }
  if (entry.key && ctShouldReport(w, node, pkt, entry.key, entry.value, dir, created))
    emitFlow(w, node, pkt, { srcId, dstId: ep.secId, isReply: dir === 'reply', type: 'to-endpoint', verdict: 'FORWARDED' });
  w.hop(ctx, {
    ns: node,
    kind: 'forward',
    device: ep.ifname,
    note: `${prog}: ${pkt.ip.dst} is local endpoint ${ep.id} (${ep.pod}): TTL ${pkt.ip.ttl} → ${pkt.ip.ttl - 1}, bpf_redirect to ${ep.ifname} (to-endpoint)`,
    pkt: out,
    decided: {
      table: 'bpf',
      row: `${pkt.ip.dst}:0`.padEnd(17) + formatEndpointValue(ep),
      where: `${w.where(node)} cilium_lxc`,
      path: [prog, `tail_ipv4_policy (endpoint ${ep.id})`, `redirect ${ep.ifname}`],
    },
  });
  const status = transmit(w, node, lxc, { eth: { kind: 'eth', src: ep.nodeMac, dst: ep.mac }, pkt: out }, ctx);
  return { kind: 'taken', status };
}

/** encap_and_redirect_lxc: tunnel key {remote, VNI = source identity}, redirect to the tunnel device (to-overlay). */
function encapRedirect(
  env: TcEnv,
  pkt: Pkt,
  srcId: number,
  dstId: number,
  entry: IpcacheEntry,
  decided: Decision,
  prog: string,
  dir: 'orig' | 'reply',
  ct?: { key: string; value: import('./conntrack').CtValue; created: boolean },
): TcVerdict {
  const { w, ns: node, ctx, frame } = env;
  const tdev = node.interfaces.find((d) => (d.kind === 'vxlan' && d.vxlan?.external) || (d.kind === 'geneve' && d.geneve?.external)) as Interface | undefined;
  if (!tdev) {
    w.drop(
      ctx,
      {
        ns: node,
        device: env.dev.name,
        note: `${prog}: the ipcache names tunnel endpoint ${entry.tunnelEndpoint} but the node has no tunnel device`,
        pkt,
        decided,
      },
      'TUNNEL_NO_REMOTE',
    );
    return { kind: 'taken', status: 'ok' };
  }
  // get_tunnel_id: world travels as WORLD_ID; the host's own traffic as remote-node (LOCAL_NODE_ID)
  const vni = srcId === HOST ? REMOTE_NODE : srcId;
  if (!ct || ctShouldReport(w, node, pkt, ct.key, ct.value, dir, ct.created))
    emitFlow(w, node, pkt, { srcId, dstId, isReply: dir === 'reply', type: 'to-overlay', verdict: 'FORWARDED' });
  w.hop(ctx, {
    ns: node,
    kind: 'forward',
    device: tdev.name,
    note: `${prog}: ${pkt.ip.dst} is behind ${entry.tunnelEndpoint} (ipcache): tunnel key remote ${entry.tunnelEndpoint} VNI ${vni} (the source identity), bpf_redirect to ${tdev.name} (to-overlay)`,
    pkt,
    decided: { ...decided, path: [...(decided.path ?? []), `bpf_skb_set_tunnel_key remote ${entry.tunnelEndpoint} id ${vni}`, `redirect ${tdev.name}`] },
  });
  const status = transmit(
    w,
    node,
    tdev,
    { eth: frame.eth ?? { kind: 'eth', src: tdev.mac, dst: tdev.mac }, pkt: { ...pkt, tunnel: { remote: entry.tunnelEndpoint, vni } } },
    ctx,
  );
  return { kind: 'taken', status };
}

export function fromContainer(env: TcEnv): TcVerdict {
  const { w, ns: node, dev, ctx } = env;
  const sent = env.frame.pkt;
  const prog = `cil_from_container (${dev.name})`;
  const src = endpointOf(node, sent.ip.src);
  if (!src || src.ifname !== dev.name) {
    w.drop(
      ctx,
      { ns: node, device: dev.name, note: `${prog}: ${sent.ip.src} is not this endpoint's address: Invalid source ip (132)`, pkt: sent },
      'CILIUM_INVALID_SOURCE_IP',
    );
    return { kind: 'taken', status: 'ok' };
  }
  // a ClusterIP is translated here first (without the kube-proxy replacement), so policy sees the backend
  const xlate = lxcServiceXlate(env, sent, prog);
  const pkt = xlate?.pkt ?? sent;
  const ct = ctLookup(w, node, 'OUT', pkt);
  let dir: 'orig' | 'reply' = 'orig';
  let tracked: Tracked | undefined;
  if (ct.state === 'new') {
    if (!isIcmpError(pkt)) {
      const verdict = checkPolicy(env, src, 'Egress', ipcacheLookup(node, pkt.ip.dst)?.entry.identity ?? WORLD, pkt, prog);
      if (!verdict.allowed) return { kind: 'taken', status: 'ok' };
      tracked = { ...ctCreate(w, node, 'OUT', pkt, src.secId), created: true };
    }
  } else {
    dir = ct.state === 'reply' ? 'reply' : 'orig';
    tracked = { key: ct.key, value: ct.value, created: false };
  }
  if (xlate && tracked) tracked = { ...tracked, value: rememberXlate(env, sent, pkt, xlate.lb, tracked.value) };
  const revNat = nodeportReverseAtLxc(env, pkt);
  if (revNat) {
    w.hop(ctx, {
      ns: node,
      kind: 'nat',
      device: dev.name,
      note: `${prog}: a NodePort reply from a local backend: reverse NAT ${pkt.ip.src} → ${revNat.ip.src} (the frontend the client addressed)`,
      pkt: revNat,
      rewrite: { before: { src: pkt.ip.src, dst: pkt.ip.dst }, after: { src: revNat.ip.src, dst: revNat.ip.dst } },
    });
    return fibRedirect(env, revNat, prog);
  }
  const frame = { ...env.frame, pkt };
  const dst = ipcacheDecision(w, node, pkt.ip.dst, prog);
  const local = endpointOf(node, pkt.ip.dst);
  if (local) return localDelivery(env, local, pkt, src.secId, prog);
  if (dst.entry?.flags.includes('hastunnel')) return encapRedirect(env, pkt, src.secId, dst.identity, dst.entry, dst.decided, prog, dir, tracked);
  if (!tracked || ctShouldReport(w, node, pkt, tracked.key, tracked.value, dir, tracked.created))
    emitFlow(w, node, pkt, { srcId: src.secId, dstId: dst.identity, isReply: dir === 'reply', type: 'to-stack', verdict: 'FORWARDED' });
  w.hop(ctx, {
    ns: node,
    kind: 'filter',
    device: dev.name,
    note: `${prog}: ${pkt.ip.dst} is no local endpoint and has no tunnel endpoint (identity ${dst.identity}): passed to the stack (to-stack)`,
    pkt,
    decided: dst.decided,
  });
  return { kind: 'pass', frame };
}

export function fromOverlay(env: TcEnv): TcVerdict {
  const { w, ns: node, dev, frame, ctx } = env;
  const pkt = frame.pkt;
  const prog = `cil_from_overlay (${dev.name})`;
  const vni = pkt.tunnel?.vni ?? 0;
  if (vni === HOST) {
    w.drop(
      ctx,
      { ns: node, device: dev.name, note: `${prog}: VNI 1 is the host identity, which no node sends: Invalid identity (171)`, pkt },
      'CILIUM_INVALID_IDENTITY',
    );
    return { kind: 'taken', status: 'ok' };
  }
  // the remote node's own traffic is re-resolved by source address (kube-apiserver, 7)
  const srcId = vni === REMOTE_NODE ? (ipcacheLookup(node, pkt.ip.src)?.entry.identity ?? REMOTE_NODE) : vni;
  const ep = endpointOf(node, pkt.ip.dst);
  if (ep) return localDelivery(env, ep, pkt, srcId, prog, true);
  return { kind: 'pass', frame };
}

export function fromHost(env: TcEnv): TcVerdict {
  const { w, ns: node, dev, frame, ctx } = env;
  const pkt = frame.pkt;
  const prog = `cil_from_host (${dev.name})`;
  const src = ipcacheLookup(node, pkt.ip.src)?.entry.identity ?? WORLD;
  const ep = endpointOf(node, pkt.ip.dst);
  if (ep) return localDelivery(env, ep, pkt, src, prog);
  const dst = ipcacheDecision(w, node, pkt.ip.dst, prog);
  if (dst.entry?.flags.includes('hastunnel')) return encapRedirect(env, pkt, src, dst.identity, dst.entry, dst.decided, prog, 'orig');
  emitFlow(w, node, pkt, { srcId: src, dstId: dst.identity, isReply: null, type: 'Stale or unroutable IP', verdict: 'DROPPED' });
  w.drop(
    ctx,
    {
      ns: node,
      device: dev.name,
      note: `${prog}: ${pkt.ip.dst} is neither a local endpoint nor behind a tunnel: Stale or unroutable IP (151)`,
      pkt,
      decided: dst.decided,
    },
    'CILIUM_UNROUTABLE',
  );
  return { kind: 'taken', status: 'ok' };
}

/** cil_from_netdev: NodePort with the kube-proxy replacement (nodeport.ts); everything else goes to the stack. */
export function fromNetdev(env: TcEnv): TcVerdict {
  const { ns: node } = env;
  const prog = `cil_from_netdev (${env.dev.name})`;
  const np = nodeportIngress(
    env,
    (pkt, srcId) => localDelivery(env, endpointOf(node, pkt.ip.dst)!, pkt, srcId, prog),
    (pkt) => {
      const dst = ipcacheDecision(env.w, node, pkt.ip.dst, prog);
      if (dst.entry?.flags.includes('hastunnel'))
        return encapRedirect({ ...env, frame: { ...env.frame, pkt } }, pkt, HOST, dst.identity, dst.entry, dst.decided, prog, 'orig');
      return fibRedirect(env, pkt, prog);
    },
    (pkt) => fibRedirect(env, pkt, prog),
  );
  return np ?? { kind: 'pass', frame: env.frame };
}

export { l4Proto };
