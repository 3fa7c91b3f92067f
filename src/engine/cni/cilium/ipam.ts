/**
 * Cilium's default IPAM, cluster-pool (notes/cilium.md §2):
 * - cilium-operator hands each CiliumNode a /clusterPoolMaskSize of the pool (default
 *   10.0.0.0/8, /24) with a moving cursor from index 0, so the first node gets 10.0.0.0/24
 *   (pkg/ipam/cidrset/cidr_set.go AllocateNext); nodes are taken in scenario order (the real
 *   order follows the operator's events: UNVERIFIED);
 * - the agent's host-scope allocator hands out .1 … .254 of the node's range (network and
 *   broadcast never; ipallocator NewCIDRRange) at a random offset, scanning forward
 *   (bitmap.go randomScanStrategy). Simplified: the offset is a hash of the owner's name, so a
 *   scenario gives the same addresses every run. The router IP (cilium_host) is allocated
 *   first, as reallocateRouterIPs does at startup.
 * - a full range answers `range is full` (ipallocator.ErrFull), which the CNI plugin wraps.
 */
import { cidrContains, cidrSize, cidrString, intToIp, ipToInt, subnetAt, type Cidr, type Ipv4 } from '../../wire/ipv4';
import type { BuildError } from '../program';
import { fnv1a } from '../../wire/fnv';

export const CILIUM_DEFAULT_POOL = '10.0.0.0/8';

/** The operator's per-node CIDRs: a node's own podCIDR when the scenario pins one, else the next block of the pool. */
export function nodeCidrs(nodes: readonly { name: string; podCIDR?: string }[], pool: Cidr, maskSize: number, errors: BuildError[]): Cidr[] {
  let cursor = 0;
  return nodes.map((n, i) => {
    if (n.podCIDR) {
      const c: Cidr = { net: n.podCIDR.split('/')[0], prefix: Number(n.podCIDR.split('/')[1]) };
      if (!cidrContains(pool, c.net))
        errors.push({ path: `cluster.nodes[${i}].podCIDR`, message: `${n.podCIDR} is outside the cluster pool ${cidrString(pool)}` });
      return c;
    }
    try {
      return subnetAt(pool, maskSize, cursor++);
    } catch {
      // the operator's own words (ErrCIDRRangeNoCIDRsRemaining)
      errors.push({
        path: `cluster.nodes[${i}]`,
        message: `CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range (${cidrString(pool)}, /${maskSize} per node)`,
      });
      return subnetAt(pool, maskSize, 0);
    }
  });
}

/** The agent's host-scope allocator over one node's range. */
export class HostScopeAllocator {
  private readonly used = new Map<Ipv4, string>();
  readonly size: number;
  private readonly base: number;

  constructor(readonly cidr: Cidr) {
    this.base = ipToInt(cidr.net) + 1;
    this.size = cidrSize(cidr) - 2;
  }

  reserve(ip: Ipv4, owner: string): string | undefined {
    if (!cidrContains(this.cidr, ip)) return `${ip} is outside the node's pod range ${cidrString(this.cidr)}`;
    const off = ipToInt(ip) - this.base;
    if (off < 0 || off >= this.size) return `${ip} is the network or broadcast address of ${cidrString(this.cidr)}`;
    if (this.used.has(ip)) return `${ip} is already allocated`;
    this.used.set(ip, owner);
    return undefined;
  }

  release(ip: Ipv4): void {
    this.used.delete(ip);
  }

  /** randomScanStrategy: start at a (hashed) offset and take the first free address forward, wrapping. */
  allocate(owner: string): { ip: Ipv4 | null; error?: string } {
    const start = fnv1a(`${cidrString(this.cidr)}/${owner}`) % this.size;
    for (let i = 0; i < this.size; i++) {
      const ip = intToIp(this.base + ((start + i) % this.size));
      if (!this.used.has(ip)) {
        this.used.set(ip, owner);
        return { ip };
      }
    }
    return { ip: null, error: RANGE_FULL };
  }

  /** `cilium-dbg status --all-addresses`: the owners by address */
  owners(): ReadonlyMap<Ipv4, string> {
    return this.used;
  }
}

/** ipallocator.ErrFull */
export const RANGE_FULL = 'range is full';

/**
 * What kubelet's FailedCreatePodSandBox event carries when the agent has no address: libcni's
 * `plugin type="cilium-cni" name="cilium" failed (add): ` (conflist name `cilium`), the plugin's
 * `unable to allocate IP via local cilium agent: ` and the go-swagger client error of v1.17+
 * (`[POST /ipam][502] postIpamFailure "range is full"`) — notes/cilium.md §2.3.
 */
export function ciliumAddError(error: string): string {
  return `plugin type="cilium-cni" name="cilium" failed (add): unable to allocate IP via local cilium agent: [POST /ipam][502] postIpamFailure ${JSON.stringify(error)}`;
}
