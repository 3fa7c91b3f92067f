/**
 * calico-ipam (libcalico-go lib/ipam/ipam.go autoAssign, ipam_block.go; /work/notes/calico.md §2):
 *
 * - the pool is cut into blocks of `blockSize` (default /26); a node claims a block (a block
 *   affinity) when it needs an address and its affine blocks are full, up to 20 blocks per host;
 * - inside a block, addresses go from ordinal 0 (the network address is usable on Linux) in
 *   order; a released ordinal goes to the end of the free list;
 * - with no unclaimed block left and StrictAffinity false (the default), an address is borrowed
 *   from another node's block;
 * - the errors are calico-ipam's own words (PartialFulfillmentError, ErrBlockLimit).
 *
 * Simplified: a node claims blocks in pool order (ordinal 0 of the pool first). Calico walks the
 * pool from a hostname-seeded pseudo-random start (findUsableBlock, randomBlockGenerator), which
 * needs Go's math/rand to reproduce.
 */
import { cidrContains, cidrSize, cidrString, intToIp, ipToInt, subnetAt, type Cidr, type Ipv4 } from '../../wire/ipv4';

/** libcalico-go ipam.go: MaxBlocksPerHost 0 means this hard-coded limit */
export const MAX_BLOCKS_PER_HOST = 20;

export interface IpamBlock {
  readonly cidr: Cidr;
  affinity: string | null;
  /** ordinal → handle (`k8s-pod-network.<pod>`, `vxlan-tunnel-addr-<node>`) */
  readonly allocated: Map<number, string>;
  /** free ordinals, in the order they will be handed out */
  readonly unallocated: number[];
}

export type Assigned = { readonly ip: Ipv4; readonly block: Cidr; readonly borrowed: boolean } | { readonly ip: null; readonly error: string };

export class CalicoIpam {
  private readonly blocks = new Map<number, IpamBlock>();
  private readonly count: number;

  constructor(
    readonly pool: Cidr,
    readonly blockSize: number,
  ) {
    this.count = Math.max(1, cidrSize(pool) / 2 ** (32 - blockSize));
  }

  private index(ip: Ipv4): number {
    return Math.floor((ipToInt(ip) - ipToInt(this.pool.net)) / 2 ** (32 - this.blockSize));
  }

  private block(i: number): IpamBlock {
    let b = this.blocks.get(i);
    if (!b) {
      const cidr = subnetAt(this.pool, this.blockSize, i);
      b = { cidr, affinity: null, allocated: new Map(), unallocated: Array.from({ length: cidrSize(cidr) }, (_, n) => n) };
      this.blocks.set(i, b);
    }
    return b;
  }

  /** Claims `cidr` (a node's pinned podCIDR) for `node`; an error when it is not a free block of the pool. */
  claim(node: string, cidr: Cidr): string | undefined {
    if (!cidrContains(this.pool, cidr.net) || cidr.prefix < this.pool.prefix) return `${cidrString(cidr)} is outside the IP pool ${cidrString(this.pool)}`;
    if (cidr.prefix !== this.blockSize || (ipToInt(cidr.net) - ipToInt(this.pool.net)) % 2 ** (32 - this.blockSize) !== 0)
      return `${cidrString(cidr)} is not a /${this.blockSize} block of the IP pool ${cidrString(this.pool)} (blockSize ${this.blockSize})`;
    const b = this.block(this.index(cidr.net));
    if (b.affinity && b.affinity !== node) return `block ${cidrString(cidr)} is already affine to ${b.affinity}`;
    b.affinity = node;
    return undefined;
  }

  /** The next block nobody claimed, in pool order, now affine to `node`; undefined when the pool has none left. */
  claimNext(node: string): IpamBlock | undefined {
    for (let i = 0; i < this.count; i++) {
      const b = this.blocks.get(i);
      if (b && (b.affinity || b.allocated.size)) continue;
      const nb = this.block(i);
      nb.affinity = node;
      return nb;
    }
    return undefined;
  }

  affineBlocks(node: string): IpamBlock[] {
    return [...this.blocks.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, b]) => b)
      .filter((b) => b.affinity === node);
  }

  private take(b: IpamBlock, ordinal: number, handle: string): Ipv4 {
    b.unallocated.splice(b.unallocated.indexOf(ordinal), 1);
    b.allocated.set(ordinal, handle);
    return intToIp(ipToInt(b.cidr.net) + ordinal);
  }

  /** autoAssign for one IPv4 address. */
  assign(node: string, handle: string): Assigned {
    for (const b of this.affineBlocks(node)) if (b.unallocated.length) return { ip: this.take(b, b.unallocated[0], handle), block: b.cidr, borrowed: false };
    if (this.affineBlocks(node).length >= MAX_BLOCKS_PER_HOST) return { ip: null, error: 'cannot allocate new block due to per host block limit' };
    const fresh = this.claimNext(node);
    if (fresh) return { ip: this.take(fresh, fresh.unallocated[0], handle), block: fresh.cidr, borrowed: false };
    // StrictAffinity false: "Attempting to assign 1 more addresses from non-affine blocks"
    for (let i = 0; i < this.count; i++) {
      const b = this.blocks.get(i);
      if (b?.unallocated.length) return { ip: this.take(b, b.unallocated[0], handle), block: b.cidr, borrowed: b.affinity !== node };
    }
    return { ip: null, error: this.exhaustedText() };
  }

  /** A pinned address (AssignIP): its block is claimed for the node if nobody holds it, otherwise it is borrowed. */
  reserve(node: string, ip: Ipv4, handle: string): string | undefined {
    if (!cidrContains(this.pool, ip)) return `${ip} is not in any IP pool (${cidrString(this.pool)})`;
    const b = this.block(this.index(ip));
    const ordinal = ipToInt(ip) - ipToInt(b.cidr.net);
    if (b.allocated.has(ordinal)) return `${ip} is already allocated`;
    if (!b.affinity && !b.allocated.size) b.affinity = node;
    this.take(b, ordinal, handle);
    return undefined;
  }

  /** The block holding `ip` and who it is affine to (undefined outside the pool or before anyone used it). */
  blockOf(ip: Ipv4): IpamBlock | undefined {
    return cidrContains(this.pool, ip) ? this.blocks.get(this.index(ip)) : undefined;
  }

  release(ip: Ipv4): void {
    const b = this.blocks.get(this.index(ip));
    if (!b) return;
    const ordinal = ipToInt(ip) - ipToInt(b.cidr.net);
    if (b.allocated.delete(ordinal)) b.unallocated.push(ordinal);
  }

  /** calico-ipam's words when neither a block nor a borrowed address is left (ipam.go PartialFulfillmentError). */
  exhaustedText(): string {
    return `Assigned 0 out of 1 requested IPv4 addresses; No IPs available in pools: [${cidrString(this.pool)}]`;
  }
}

/**
 * The error CNI ADD returns, as libcni wraps it (`plugin type="calico" failed (add): `) around
 * calico-ipam's (`failed to request IPv4 addresses: %w`, cni-plugin pkg/ipamplugin/ipam_plugin.go);
 * the block limit comes back unwrapped (ErrBlockLimit is returned before the wrapper).
 */
export function calicoAddError(ipamError: string): string {
  if (ipamError.startsWith('cannot allocate new block')) return `plugin type="calico" failed (add): ${ipamError}`;
  return `plugin type="calico" failed (add): failed to request IPv4 addresses: ${ipamError}`;
}
