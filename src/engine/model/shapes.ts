/**
 * The CNI shapes and modes a scenario may name (SCENARIOS.md) and the probe protocols: plain
 * constants, apart from the schema, so the page can list them without loading the validator.
 */
export const CNI_MODES = {
  flannel: ['vxlan', 'host-gw', 'ipip', 'wireguard'],
  calico: ['bgp', 'ipip', 'vxlan', 'vxlan-crosssubnet', 'ipip-crosssubnet', 'wireguard'],
  cilium: ['vxlan', 'geneve', 'native'],
  vpc: ['eni'],
} as const;
export type CniName = keyof typeof CNI_MODES;

export const PROBE_PROTOCOLS = ['icmp', 'tcp', 'udp', 'dns', 'traceroute', 'http'] as const;

/** The CNI shapes and modes the engine models today; the UI offers exactly these. */
export const MODELLED_SHAPES: Readonly<Record<string, readonly string[]>> = { flannel: ['vxlan', 'host-gw'] };

/** The kube-proxy modes the engine models today; the UI offers exactly these. */
export const MODELLED_PROXY_MODES: readonly string[] = ['iptables', 'ipvs', 'nftables'];
