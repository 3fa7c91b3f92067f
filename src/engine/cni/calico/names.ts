/**
 * Calico's names and constants (research: /work/notes/calico.md, v3.31 baseline).
 *
 * - host veth `cali` + the first 11 hex characters of SHA-1(`<namespace>.<pod>`)
 *   (libcalico-go lib/backend/k8s/conversion/workload_endpoint_default.go VethNameForWorkload);
 * - host-side MAC ee:ee:ee:ee:ee:ee (cni-plugin pkg/dataplane/linux/dataplane_linux.go hostSideMAC);
 * - pods route via 169.254.1.1, answered by proxy ARP (tigera docs faq.mdx);
 * - vxlan.calico: VNI 4096, UDP 4789 (felix/config/config_params.go VXLANVNI, VXLANPort), MAC 0x66
 *   followed by the first 5 bytes of SHA-1(nodename) (felix/calc/vxlan_resolver.go vtepMACForHost);
 * - wireguard.cali: port 51820, fwmark 0x200000 (v3.30+ mark bits), rule priority 99, table 1
 *   (felix/config/config_params.go, felix/dataplane/driver.go).
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { cidrContains, parseCidr, type Cidr, type Ipv4 } from '../../wire/ipv4';

export const CALICO_DEFAULT_POOL = '192.168.0.0/16';
export const CALICO_HOST_MAC = 'ee:ee:ee:ee:ee:ee';
export const CALICO_POD_GATEWAY = '169.254.1.1';
export const CALICO_VXLAN_DEVICE = 'vxlan.calico';
export const CALICO_VXLAN_VNI = 4096;
export const CALICO_VXLAN_PORT = 4789;
export const CALICO_IPIP_DEVICE = 'tunl0';
export const CALICO_WG_DEVICE = 'wireguard.cali';
export const CALICO_WG_PORT = 51820;
export const CALICO_WG_MARK = 0x200000;
export const CALICO_WG_RULE_PRIORITY = 99;
export const CALICO_WG_TABLE = 1;
/** Felix's own main-table route protocol for blackhole, same-subnet and Felix-IPIP routes (dataplanedefs DefaultRouteProto) */
export const FELIX_ROUTE_PROTO = '80' as const;
/** BIRD's BGP port; its listening socket is how the lab knows BIRD runs on a node (bgp-down stops it) */
export const BGP_PORT = 179;
export const BIRD_OWNER = 'bird (calico-node)';

const enc = new TextEncoder();
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export function caliVethName(namespace: string, pod: string): string {
  return `cali${hex(sha1(enc.encode(`${namespace}.${pod}`))).slice(0, 11)}`;
}

export function calicoVtepMac(node: string): string {
  const h = sha1(enc.encode(node));
  return ['66', ...Array.from(h.slice(0, 5), (x) => x.toString(16).padStart(2, '0'))].join(':');
}

/**
 * A WireGuard public key for the node, stable per name (Felix generates a real key pair; the
 * lab shows a deterministic stand-in of the same shape: 32 bytes, base64). Simplified.
 */
export function calicoWgKey(node: string): string {
  const bytes = sha256(enc.encode(`wireguard.cali/${node}`));
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export type CalicoEncap = 'none' | 'ipip' | 'vxlan';

export interface CalicoMode {
  /** what crosses between nodes: plain routed, IP-in-IP (tunl0) or VXLAN (vxlan.calico) */
  readonly encap: CalicoEncap;
  /** CrossSubnet: encapsulate only towards nodes in another subnet */
  readonly crossSubnet: boolean;
  readonly wireguard: boolean;
  /** BIRD programs the cluster routes (bgp, ipip); VXLAN routes are Felix's (the manifest's calico_backend: vxlan runs no BIRD) */
  readonly bird: boolean;
}

export function calicoMode(mode: string): CalicoMode {
  switch (mode) {
    case 'ipip':
      return { encap: 'ipip', crossSubnet: false, wireguard: false, bird: true };
    case 'ipip-crosssubnet':
      return { encap: 'ipip', crossSubnet: true, wireguard: false, bird: true };
    case 'vxlan':
      return { encap: 'vxlan', crossSubnet: false, wireguard: false, bird: false };
    case 'vxlan-crosssubnet':
      return { encap: 'vxlan', crossSubnet: true, wireguard: false, bird: false };
    case 'wireguard':
      return { encap: 'none', crossSubnet: false, wireguard: true, bird: true };
    default:
      return { encap: 'none', crossSubnet: false, wireguard: false, bird: true };
  }
}

/** The node's own subnet (nodes[].subnet, else the underlay's): what CrossSubnet compares (confd network_v4). */
export function sameSubnet(mine: Cidr, other: Ipv4): boolean {
  return cidrContains(mine, other);
}

export function cidrOf(s: string): Cidr {
  return parseCidr(s);
}
