/**
 * host-local IPAM, as the CNI `host-local` plugin does it for Flannel's bridge delegate:
 * a node's range is its podCIDR without the network address, the gateway (.1) and the
 * broadcast address; addresses are handed out in order from .2 (containernetworking/plugins
 * plugins/ipam/host-local/backend/allocator: RangeStart = network + 2 when the gateway is .1).
 */
import { cidrContains, cidrSize, intToIp, ipToInt, type Cidr, type Ipv4 } from '../../wire/ipv4';

export interface IpamResult {
  readonly ip: Ipv4 | null;
  readonly error?: string;
}

export class HostLocalRange {
  private readonly used = new Set<Ipv4>();
  private next: number;
  private readonly first: number;
  private readonly last: number;

  constructor(readonly cidr: Cidr) {
    this.first = ipToInt(cidr.net) + 2;
    this.last = ipToInt(cidr.net) + cidrSize(cidr) - 2;
    this.next = this.first;
  }

  /** Reserve a pinned address; returns an error message when it cannot be used. */
  reserve(ip: Ipv4): string | undefined {
    if (!cidrContains(this.cidr, ip)) return `${ip} is outside the node's pod range ${this.cidr.net}/${this.cidr.prefix}`;
    const n = ipToInt(ip);
    if (n < this.first || n > this.last) return `${ip} is the network, gateway or broadcast address of ${this.cidr.net}/${this.cidr.prefix}`;
    if (this.used.has(ip)) return `${ip} is already allocated`;
    this.used.add(ip);
    return undefined;
  }

  allocate(): IpamResult {
    for (let n = this.next; n <= this.last; n++) {
      const ip = intToIp(n);
      if (!this.used.has(ip)) {
        this.used.add(ip);
        this.next = n + 1;
        return { ip };
      }
    }
    return { ip: null, error: this.exhaustedError() };
  }

  /** The plugin's own wording (host-local allocator.go: "no IP addresses available in range set"). */
  exhaustedError(): string {
    return `failed to allocate for range 0: no IP addresses available in range set: ${intToIp(this.first - 1)}-${intToIp(this.last)}`;
  }

  get capacity(): number {
    return this.last - this.first + 1;
  }
}
