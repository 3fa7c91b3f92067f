/**
 * `ip link set [dev] NAME mtu N | up | down` (iproute2 ip/iplink.c iplink_parse, sent as
 * RTM_NEWLINK; the kernel side is net/core/dev.c dev_set_mtu_ext / dev_change_flags).
 *
 * MTU limits per device kind: dev_validate_mtu checks the driver's min_mtu/max_mtu first
 * (extack "mtu less than device minimum" / "mtu greater than device maximum", printed by
 * iproute2 as `Error: ….` with exit 2), then the driver's ndo_change_mtu may refuse with a bare
 * errno (vxlan_change_mtu: a device bound to a lower device takes at most lower MTU − 50,
 * else -EINVAL, `RTNETLINK answers: Invalid argument`).
 *
 * Side effects modelled: a bridge port's MTU change re-derives the bridge's MTU (br_mtu_auto_adjust,
 * unless the bridge's MTU was set by the user); cached path MTUs above the new device MTU are
 * lowered (fib_sync_mtu, net/ipv4/fib_semantics.c); `down` removes the device's routes
 * (fib_sync_down_dev: every non-host route through it) and its ARP entries (arp_ifdown →
 * neigh_ifdown, permanent ones included); `up` re-adds the prefix routes of its addresses
 * (fib_add_ifaddr). Static routes removed by `down` do not come back, as on Linux.
 */
import type { Interface, Netns } from '../../model/datapath';
import type { KernelState } from '../../model/kernel-state';
import { connectedRoute } from '../../cni/netns';
import { lookupRoute } from '../../tables/route';
import { cidrString } from '../../wire/ipv4';
import { type CommandResult, done, notModelled, type Shell } from '../context';
import { commit, eperm, needsNetAdmin, rtnl, withNetns } from './commit';

const VXLAN_HEADROOM = 50;
const ETH_MIN_MTU = 68;
const ETH_MAX_MTU = 65535;

/** The driver's [min_mtu, max_mtu] (0 = no limit), as `ip -d link` prints them. */
export function mtuLimits(d: Interface): { min: number; max: number } {
  switch (d.kind) {
    case 'loopback':
    case 'dummy':
    case 'ipip':
      // loopback_setup / dummy_setup / ip_tunnel: no driver limits (ipip's own check is below)
      return { min: 0, max: 0 };
    case 'geneve':
      // geneve_setup: IP_MAX_MTU − GENEVE_BASE_HLEN (16) − ETH_HLEN (14)
      return { min: ETH_MIN_MTU, max: ETH_MAX_MTU - 16 - 14 };
    case 'nic':
      // an EC2 ENI (ena) reports 9216; the lab's other NICs are virtio_net without VIRTIO_NET_F_MTU (max_mtu = ETH_MAX_MTU)
      return { min: ETH_MIN_MTU, max: d.eni ? 9216 : ETH_MAX_MTU };
    default:
      // veth_setup, br_dev_setup, vxlan_setup, wg_setup: ETH_MIN_MTU .. ETH_MAX_MTU
      return { min: ETH_MIN_MTU, max: ETH_MAX_MTU };
  }
}

/** dev_validate_mtu, then the driver's own check; undefined when the kernel takes it. */
export function mtuRefusal(ns: Netns, d: Interface, mtu: number): string | undefined {
  const { min, max } = mtuLimits(d);
  if (mtu < min) return 'Error: mtu less than device minimum.';
  if (max > 0 && mtu > max) return 'Error: mtu greater than device maximum.';
  if (d.kind === 'vxlan' && d.vxlan?.dev) {
    const lower = ns.interfaces.find((x) => x.name === d.vxlan!.dev);
    if (lower && mtu > lower.mtu - VXLAN_HEADROOM) return 'RTNETLINK answers: Invalid argument';
  }
  // __ip_tunnel_change_mtu(strict): below 68 or above IP_MAX_MTU − the outer header
  if (d.kind === 'ipip' && (mtu < ETH_MIN_MTU || mtu > ETH_MAX_MTU - 20)) return 'RTNETLINK answers: Invalid argument';
  return undefined;
}

function setMtu(ns: Netns, name: string, mtu: number): Netns {
  let interfaces = ns.interfaces.map((d) => (d.name === name ? { ...d, mtu, ...(d.kind === 'bridge' ? { mtuSetByUser: true } : {}) } : d));
  const dev = interfaces.find((d) => d.name === name)!;
  const bridge = dev.master ? interfaces.find((d) => d.name === dev.master && d.kind === 'bridge') : undefined;
  if (bridge && !bridge.mtuSetByUser) {
    const ports = interfaces.filter((d) => d.master === bridge.name);
    const auto = Math.min(...ports.map((p) => p.mtu));
    interfaces = interfaces.map((d) => (d === bridge ? { ...d, mtu: auto } : d));
  }
  return { ...ns, interfaces };
}

/** fib_sync_mtu: exceptions through the device larger than its new MTU shrink to it. */
function syncPmtu(kernel: KernelState, ns: Netns, dev: string, mtu: number): KernelState {
  const cached = kernel.pmtu[ns.id];
  if (!cached) return kernel;
  const next = Object.fromEntries(Object.entries(cached).map(([dst, e]) => [dst, e.mtu > mtu && lookupRoute(ns, dst)?.route.dev === dev ? { ...e, mtu } : e]));
  return { ...kernel, pmtu: { ...kernel.pmtu, [ns.id]: next } };
}

function setDown(ns: Netns, kernel: KernelState, name: string): { ns: Netns; kernel: KernelState } {
  const keep = (r: { dev?: string; type?: string }) => r.dev !== name || r.type === 'local';
  const routeTables = ns.routeTables ? Object.fromEntries(Object.entries(ns.routeTables).map(([t, rs]) => [t, rs.filter(keep)])) : undefined;
  const learned = Object.fromEntries(Object.entries(kernel.neigh[ns.id] ?? {}).filter(([key]) => key.split(' ')[0] !== name));
  return {
    ns: {
      ...ns,
      interfaces: ns.interfaces.map((d) => (d.name === name ? { ...d, up: false } : d)),
      routes: ns.routes.filter(keep),
      ...(routeTables ? { routeTables } : {}),
      neigh: ns.neigh.filter((n) => n.dev !== name),
    },
    kernel: { ...kernel, neigh: { ...kernel.neigh, [ns.id]: learned } },
  };
}

function setUp(ns: Netns, name: string): Netns {
  const dev = ns.interfaces.find((d) => d.name === name)!;
  const have = new Set(ns.routes.map((r) => `${cidrString(r.dst)} ${r.dev}`));
  const prefixRoutes = dev.addrs
    .filter((a) => a.prefix < 32 && a.scope !== 'host')
    .map((a) => connectedRoute(a.ip, a.prefix, name))
    .filter((r) => !have.has(`${cidrString(r.dst)} ${name}`));
  return { ...ns, interfaces: ns.interfaces.map((d) => (d.name === name ? { ...d, up: true } : d)), routes: [...ns.routes, ...prefixRoutes] };
}

/** `ip link set …` after the word `set`; `argv` is the whole command line (for the record). */
export function ipLinkSet(shell: Shell, args: readonly string[], argv: readonly string[]): CommandResult {
  let name: string | undefined;
  let mtu: number | undefined;
  let state: 'up' | 'down' | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === 'dev') name = args[++i];
    else if (a === 'mtu') {
      const v = args[++i];
      // get_integer(): decimal digits only here; iproute2's invarg() exits 255
      if (v === undefined || !/^\d+$/.test(v)) return done(shell, `Error: argument "${v ?? ''}" is wrong: Invalid "mtu" value`, 255);
      mtu = Number(v);
    } else if (a === 'up' || a === 'down') state = a;
    else if (name === undefined && !a.startsWith('-')) name = a;
    else return notModelled(shell, `ip link set ${args.join(' ')}`);
  }
  if (name === undefined) return done(shell, 'Not enough of information: "dev" argument is required.', 255);
  if (mtu === undefined && state === undefined) return notModelled(shell, `ip link set ${args.join(' ')}`);
  let ns = shell.netns;
  const dev = ns.interfaces.find((d) => d.name === name);
  // iproute2 resolves the name first (no privilege needed); rtnetlink_rcv_msg then checks CAP_NET_ADMIN
  if (!dev) return done(shell, `Cannot find device "${name}"`, 1);
  if (needsNetAdmin(shell)) return eperm(shell);
  let kernel = shell.lab.kernel;
  if (mtu !== undefined) {
    const refused = mtuRefusal(ns, dev, mtu);
    if (refused) return rtnl(shell, refused);
    ns = setMtu(ns, dev.name, mtu);
    kernel = syncPmtu(kernel, ns, dev.name, mtu);
  }
  if (state === 'down' && dev.up) ({ ns, kernel } = setDown(ns, kernel, dev.name));
  if (state === 'up' && !dev.up) ns = setUp(ns, dev.name);
  return commit(shell, argv, { cluster: withNetns(shell.lab.cluster, ns), kernel });
}
