/**
 * The device table: what each interface kind does with a frame handed to it (its
 * ndo_start_xmit), and whether the stack resolves a neighbour first (L2 devices) or hands it
 * the packet as it is (IP-in-IP and WireGuard are NOARP). Receiving is link.ts
 * deviceReceive for every kind; tunnel devices also take their encapsulated packets from the
 * host's local delivery (tunnelReceive).
 */
import type { Interface, InterfaceKind, Netns } from '../model/datapath';
import type { Ipv4 } from '../wire/ipv4';
import type { Pkt } from '../wire/packet';
import { bridgeXmit } from './bridge';
import { ipipReceive, ipipXmit } from './ipip';
import { udpTunnelReceive, udpTunnelXmit } from './udp-tunnel';
import { nicXmit, vethXmit } from './veth';
import { wireguardReceive, wireguardXmit } from './wireguard';
import type { Ctx, DatapathPort, Frame, SendStatus } from './port';

export interface XmitOpts {
  /** the route's gateway, or the destination itself on a link route */
  readonly nexthop: Ipv4;
}

export interface DeviceDriver {
  /** the device speaks Ethernet: the stack resolves the next hop's MAC before handing it a frame */
  readonly l2: boolean;
  xmit(w: DatapathPort, ns: Netns, dev: Interface, frame: Frame, ctx: Ctx, opts: XmitOpts): SendStatus;
}

/** A device that swallows what it is given: dummy devices (kube-ipvs0) free every packet sent to them (drivers/net/dummy.c). */
function discard(w: DatapathPort, ns: Netns, dev: Interface, f: Frame, ctx: Ctx): SendStatus {
  w.drop(ctx, { ns, device: dev.name, note: `${dev.kind} devices do not transmit: ${dev.name} discards the packet`, pkt: f.pkt }, 'NO_SOCKET');
  return 'ok';
}

const DRIVERS: Readonly<Record<InterfaceKind, DeviceDriver>> = {
  loopback: { l2: false, xmit: discard },
  dummy: { l2: false, xmit: discard },
  nic: { l2: true, xmit: nicXmit },
  veth: { l2: true, xmit: vethXmit },
  bridge: { l2: true, xmit: bridgeXmit },
  vxlan: { l2: true, xmit: udpTunnelXmit },
  geneve: { l2: true, xmit: udpTunnelXmit },
  ipip: { l2: false, xmit: (w, ns, dev, f, ctx, o) => ipipXmit(w, ns, dev, f, ctx, o.nexthop) },
  wireguard: { l2: false, xmit: wireguardXmit },
};

export function driverOf(dev: Interface): DeviceDriver {
  return DRIVERS[dev.kind];
}

/**
 * An encapsulated packet addressed to the host: the tunnel device it belongs to takes it —
 * VXLAN/Geneve and WireGuard by UDP port (their sockets), IP-in-IP by protocol 4. False: no
 * tunnel device took it (the caller answers as for any other packet).
 */
export function tunnelReceive(w: DatapathPort, ns: Netns, p: Pkt, ctx: Ctx): boolean {
  if (p.ip.proto === 'ipip') return ipipReceive(w, ns, p, ctx);
  if (p.l4?.kind !== 'udp') return false;
  return udpTunnelReceive(w, ns, p, ctx) || wireguardReceive(w, ns, p, ctx);
}
