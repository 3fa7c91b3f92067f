/**
 * ipamd, the VPC CNI's IP address manager (aws/amazon-vpc-cni-k8s pkg/ipamd; notes/vpc-flannel.md
 * §1, §4): a node starts with its primary ENI, filled with secondary IPs; whenever fewer than one
 * ENI's worth of addresses is free (WARM_ENI_TARGET=1) and the instance has room, it attaches the
 * next ENI at the lowest free device index, with all its IPv4 slots taken at once
 * (createENI SecondaryPrivateIpAddressCount = IPv4Limit − 1). Pods get secondary IPs only.
 *
 * Which free address a pod gets is arbitrary on a real node (the datastore iterates Go maps:
 * data_store.go AssignPodIPv4Address); the lab fills ENIs in device order and addresses in
 * order, so scenarios are reproducible. EC2 picks free addresses of the subnet for new ENIs;
 * here they come from the subnet in order, after the 4 addresses AWS reserves at its start
 * (network, router, DNS, future use) and never its last (AWS VPC UG "subnet sizing").
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { EniAttachment } from '../../model/datapath';
import { cidrSize, nthAddress, type Cidr, type Ipv4 } from '../../wire/ipv4';
import { enisFor, podIpsPerEni, type EniLimits } from './limits';

/** The subnet's free addresses, handed out in order to ENIs of every node (EC2's side). */
export class SubnetAddresses {
  private next = 4;
  private readonly taken: Set<Ipv4>;
  constructor(
    private readonly subnet: Cidr,
    taken: Iterable<Ipv4>,
  ) {
    this.taken = new Set(taken);
  }
  take(): Ipv4 | undefined {
    const last = cidrSize(this.subnet) - 2;
    while (this.next <= last) {
      const ip = nthAddress(this.subnet, this.next++);
      if (!this.taken.has(ip)) {
        this.taken.add(ip);
        return ip;
      }
    }
    return undefined;
  }
}

export function eniId(node: string, deviceIndex: number): string {
  return `eni-${bytesToHex(sha256(new TextEncoder().encode(`eni ${node} ${deviceIndex}`))).slice(0, 17)}`;
}

/** The ENIs of one node and which of their secondary IPs are assigned. */
export class Ipamd {
  readonly enis: EniAttachment[] = [];
  private readonly assigned = new Map<Ipv4, string>();
  constructor(
    readonly node: string,
    readonly primaryIp: Ipv4,
    readonly limits: EniLimits,
    private readonly subnet: SubnetAddresses,
    /** the host side of an attach: setupENINetwork (eni.ts) */
    private readonly onAttach: (eni: EniAttachment) => void,
  ) {
    this.attach();
  }

  /** Attaches the next ENI (device index = count); false when the instance has no room or the subnet no addresses. */
  private attach(): boolean {
    const d = this.enis.length;
    if (d >= this.limits.enis) return false;
    const primary = d === 0 ? this.primaryIp : this.subnet.take();
    if (!primary) return false;
    const secondaryIps: Ipv4[] = [];
    for (let i = 0; i < podIpsPerEni(this.limits); i++) {
      const ip = this.subnet.take();
      if (ip) secondaryIps.push(ip);
    }
    const eni: EniAttachment = { id: eniId(this.node, d), deviceIndex: d, primaryIp: primary, secondaryIps };
    this.enis.push(eni);
    this.onAttach(eni);
    return true;
  }

  /** The pool manager: attach ENIs until a whole ENI's worth is free again (or the instance is full). */
  private warm(): void {
    while (this.enis.length < enisFor(this.limits, this.assigned.size) && this.attach()) {
      /* attach until warm */
    }
  }

  eniOf(ip: Ipv4): EniAttachment | undefined {
    return this.enis.find((e) => e.secondaryIps.includes(ip));
  }

  /** A pinned address: one of this node's free secondary IPs, or why not. */
  reserve(ip: Ipv4, owner = `pinned ${ip}`): string | undefined {
    if (!this.eniOf(ip)) {
      const held = this.enis.map((e) => `${e.id}: ${e.secondaryIps[0]}…${e.secondaryIps[e.secondaryIps.length - 1]}`).join(', ');
      return `${ip} is not a secondary IP of ${this.node}'s ENIs (${held}): the VPC CNI gives pods only the addresses EC2 assigned to the node's ENIs`;
    }
    if (this.assigned.has(ip)) return `${ip} is already assigned to ${this.assigned.get(ip)}`;
    this.assigned.set(ip, owner);
    this.warm();
    return undefined;
  }

  /**
   * AssignPodIPv4Address: the first free secondary IP (ENI order), or undefined when the datastore has
   * none; a pinned address reserved before (`reserve`) goes to the pod that names it.
   */
  assign(owner: string, pinned?: Ipv4): { ip: Ipv4; eni: EniAttachment } | undefined {
    if (pinned && this.assigned.get(pinned) === `pinned ${pinned}`) {
      this.assigned.set(pinned, owner);
      return { ip: pinned, eni: this.eniOf(pinned)! };
    }
    for (const [ip, who] of this.assigned) if (who === owner) return { ip, eni: this.eniOf(ip)! };
    for (const eni of this.enis)
      for (const ip of eni.secondaryIps)
        if (!this.assigned.has(ip)) {
          this.assigned.set(ip, owner);
          this.warm();
          return { ip, eni };
        }
    return undefined;
  }

  /** TotalIPs / AssignedIPs as ipamd's introspection counts them. */
  counts(): { total: number; assigned: number } {
    return { total: this.enis.reduce((n, e) => n + e.secondaryIps.length, 0), assigned: this.assigned.size };
  }
}
