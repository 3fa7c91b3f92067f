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

export const PROBE_PROTOCOLS = ['icmp', 'tcp', 'udp', 'dns', 'traceroute', 'tracepath', 'http'] as const;

/**
 * The largest probe payload: an IPv4 datagram is at most 65535 bytes (16-bit total length,
 * RFC 791), less its 20-byte header and an 8-byte ICMP or UDP header. ping(8) refuses more
 * (`-s`: "0 <= value <= 65507"); the scenario schema and the send form use the same bound.
 */
export const MAX_PROBE_PAYLOAD = 65535 - 20 - 8;

/** traceroute.c DEF_DATA_LEN 40 (“all but IP header”) less the 8-byte UDP header: what a traceroute probe carries unless told */
export const TRACEROUTE_DATA_BYTES = 32;

/**
 * The kubelet's default maxPods (KubeletConfiguration `maxPods: 110`), a node's allocatable
 * pods: the scheduler's "Too many pods" (manifests/schedule.ts) and the lab's limit on one node.
 */
export const MAX_PODS_PER_NODE = 110;

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
