/**
 * The kube-proxy modes the top bar offers for the shape on screen: the modes every shape runs
 * with (MODELLED_PROXY_MODES: iptables, IPVS, nftables) and the shape's own (SHAPE_PROXY_MODES,
 * e.g. Cilium's eBPF kube-proxy replacement) — both lists from the engine's first-load face,
 * kept equal to the programs' declarations by cni/registry.test.ts.
 */
import type { Scenario } from '../../engine';
import { MODELLED_PROXY_MODES, SHAPE_PROXY_MODES } from '../../engine/shell';

export function offeredProxyModes(s: Scenario): string[] {
  return [...MODELLED_PROXY_MODES, ...(SHAPE_PROXY_MODES[s.cluster.cni] ?? [])];
}
