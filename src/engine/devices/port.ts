/**
 * The narrow port between the devices and the rest of the stack. A device driver records hops,
 * reads what the kernel remembers (neighbours, FDB, PMTU), runs the netfilter hooks a bridge
 * owes (br_netfilter), and hands packets to the IP layer — all through this interface, which
 * the walk (trace/walker.ts) implements. Devices import nothing from the walk, so the import
 * graph stays one way: devices ← trace (ARCHITECTURE.md).
 */
import type { Cluster, Hook, Interface, Netns, RuleTarget } from '../model/datapath';
import type { NeighState } from '../model/kernel-state';
import type { Decision, Direction, Hop, HopKind, MtuCheck, Rewrite } from '../model/trace';
import type { Reason } from '../model/reasons';
import type { MtuLimit } from '../model/mtu-limit';
import type { EthHeader } from '../wire/headers';
import type { Ipv4 } from '../wire/ipv4';
import type { Pkt } from '../wire/packet';

export interface Ctx {
  readonly dir: Direction;
  /** fragments after the first, retransmissions: walked but not recorded */
  readonly quiet: boolean;
  /** a later fragment: still shown where it crosses the wire, so every frame on the underlay is visible */
  readonly fragment?: boolean;
}

export interface HopInput {
  readonly ns: Netns;
  readonly kind: HopKind;
  readonly note: string;
  readonly pkt: Pkt;
  readonly eth?: EthHeader;
  readonly device?: string;
  readonly link?: string;
  readonly mtu?: MtuCheck;
  readonly decided?: Decision;
  readonly rewrite?: Rewrite;
  readonly conntrack?: string;
  readonly tunnel?: Hop['tunnel'];
}

export interface DropRecord {
  readonly reason: Reason;
  readonly ns: string;
  readonly note: string;
  readonly dir: Direction;
  readonly t: number;
  /** the drop hop, when it was recorded */
  readonly seq?: number;
}

/** What the sending stack learns from handing a packet down (the errno a socket would see). */
export type SendStatus = 'ok' | 'EMSGSIZE' | 'ENETUNREACH' | 'EHOSTUNREACH' | 'ENOBUFS' | 'EPERM' | 'ENOKEY' | 'EINVAL' | 'queued';

export interface LocalError {
  readonly ns: string;
  readonly error: Exclude<SendStatus, 'ok' | 'queued'>;
  readonly mtu?: number;
  /** EMSGSIZE: which limit refused it (the device's MTU, the route's mtu, the cached path MTU) and on which device */
  readonly limit?: { readonly device: string; readonly limit: MtuLimit };
  readonly t: number;
  /** the hop that reported it */
  readonly seq?: number;
}

/** A frame on a link: an Ethernet header for L2 devices, none for L3 tunnels (IP-in-IP, WireGuard: NOARP). */
export interface Frame {
  readonly eth?: EthHeader;
  readonly pkt: Pkt;
}

export interface HookIo {
  readonly in?: string;
  readonly out?: string;
  /** a frame crossing a bridge (br_netfilter): iptables sees `-i br -o br` and physdev is-bridged */
  readonly bridged?: boolean;
}

/**
 * `pass: false`: the packet stopped here (recorded); `verdict` says how (DROP, REJECT); `stolen`: a hook
 * took the packet and sent it on itself (NF_STOLEN: IPVS forwarding to a real server), so nothing failed.
 */
export type HookResult = { readonly pass: true; readonly pkt: Pkt } | { readonly pass: false; readonly verdict?: RuleTarget; readonly stolen?: boolean };

/**
 * What a tc hook decided (TC_ACT_*): `pass` the (possibly rewritten) frame on, or the program
 * took it — dropped it (recorded), redirected it to another device, or delivered it itself.
 */
export type TcVerdict = { readonly kind: 'pass'; readonly frame: Frame } | { readonly kind: 'taken'; readonly status: SendStatus };

/** The kernel state devices read and teach: neighbours, bridge FDBs, path MTUs, IP ids. */
export interface KernelPort {
  /** absolute lab time when the probe started */
  readonly start: number;
  neighOf(ns: string, key: string): NeighState | undefined;
  setNeigh(ns: string, key: string, s: NeighState): void;
  neighTable(ns: string): Readonly<Record<string, NeighState>> | undefined;
  fdbTable(ns: string): Readonly<Record<string, string>> | undefined;
  learnFdb(ns: string, key: string, port: string): void;
  pmtuOf(ns: string, dst: Ipv4, now: number): number | undefined;
  learnPmtu(ns: string, dst: Ipv4, mtu: number, now: number): void;
  nextIpId(): number;
  /** maps eBPF programs fill while packets run (Cilium's conntrack and monitor events); KernelState.bpf */
  bpfLookup?(ns: string, map: string, key: string): unknown;
  bpfEntries?(ns: string, map: string): Readonly<Record<string, unknown>>;
  bpfUpdate?(ns: string, map: string, key: string, value: unknown): void;
}

export interface DatapathPort {
  readonly cluster: Cluster;
  readonly k: KernelPort;
  /** ms since the probe started */
  t: number;
  readonly lastSeq: number | undefined;
  readonly drops: DropRecord[];
  readonly localErrors: LocalError[];
  ns(id: string): Netns;
  iface(ns: Netns, name: string | undefined): Interface | undefined;
  now(): number;
  where(ns: Netns): string;
  hop(ctx: Ctx, h: HopInput): number | undefined;
  drop(ctx: Ctx, h: Omit<HopInput, 'kind'>, reason: Reason): void;
  mtuCheck(device: string, mtu: number, pkt: Pkt, slack?: number): MtuCheck;
  /** ip_rcv: the packet reached `dev`'s IP layer */
  receive(nsId: string, dev: string, pkt: Pkt, ctx: Ctx, opts?: { prerouted?: boolean }): void;
  /** ip_local_out: a packet the host itself sends (a tunnel's outer packet) */
  output(nsId: string, pkt: Pkt, ctx: Ctx, opts?: { tunnel?: boolean }): SendStatus;
  nfHook(ns: Netns, hook: Hook, pkt: Pkt, io: HookIo, ctx: Ctx): HookResult;
  sendIcmpError(ns: Netns, offending: Pkt, type: number, code: number, ctx: Ctx, mtu?: number): void;
  /** the tc programs attached to `dev` in `dir` (sch_handle_ingress / sch_handle_egress) */
  tc(ns: Netns, dev: Interface, dir: 'ingress' | 'egress', frame: Frame, ctx: Ctx): TcVerdict;
}
