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
export const MODELLED_SHAPES: Readonly<Record<string, readonly string[]>> = {
  flannel: ['vxlan', 'host-gw', 'ipip', 'wireguard'],
  calico: ['bgp', 'vxlan', 'ipip', 'vxlan-crosssubnet', 'ipip-crosssubnet', 'wireguard'],
  cilium: ['vxlan', 'geneve', 'native'],
  vpc: ['eni'],
};

/** kube-proxy modes only some shapes run with (Cilium's eBPF kube-proxy replacement); the UI offers them on that shape only. */
export const SHAPE_PROXY_MODES: Readonly<Record<string, readonly string[]>> = { cilium: ['ebpf'] };

/** The kube-proxy modes the engine models today with every shape; the UI offers exactly these (plus SHAPE_PROXY_MODES). */
export const MODELLED_PROXY_MODES: readonly string[] = ['iptables', 'ipvs', 'nftables'];
