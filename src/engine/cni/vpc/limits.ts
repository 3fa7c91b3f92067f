/**
 * ENI limits per instance type (aws/amazon-vpc-cni-k8s pkg/vpc/vpc_ip_resource_limit.go
 * ENILimit / IPv4Limit; REFERENCE.md §7, checked in notes/vpc-flannel.md §0) and the max-pods
 * formula of misc/eni-max-pods.txt: `maxPods = ENIs × (IPv4 per ENI − 1) + 2` — each ENI's
 * primary IP is the host's, and the +2 are "the pods that use host-networking (AWS CNI and
 * kube-proxy)". ipamd hands pods the secondary IPs only (ipamd.go addENIsecondaryIPsToDataStore
 * skips `Primary == true`), so a node holds at most ENIs × (IPv4 per ENI − 1) pod addresses.
 */

export interface EniLimits {
  readonly enis: number;
  readonly ipv4PerEni: number;
}

export const INSTANCE_LIMITS: Readonly<Record<string, EniLimits>> = {
  't3.nano': { enis: 2, ipv4PerEni: 2 },
  't3.micro': { enis: 2, ipv4PerEni: 2 },
  't3.small': { enis: 3, ipv4PerEni: 4 },
  't3.medium': { enis: 3, ipv4PerEni: 6 },
  't3.large': { enis: 3, ipv4PerEni: 12 },
  't3.xlarge': { enis: 4, ipv4PerEni: 15 },
  't3.2xlarge': { enis: 4, ipv4PerEni: 15 },
  'm5.large': { enis: 3, ipv4PerEni: 10 },
  'm5.xlarge': { enis: 4, ipv4PerEni: 15 },
  'm5.2xlarge': { enis: 4, ipv4PerEni: 15 },
  'm5.4xlarge': { enis: 8, ipv4PerEni: 30 },
  'm5.24xlarge': { enis: 15, ipv4PerEni: 50 },
  'c5.large': { enis: 3, ipv4PerEni: 10 },
  'c5.xlarge': { enis: 4, ipv4PerEni: 15 },
  'c5.4xlarge': { enis: 8, ipv4PerEni: 30 },
  'c5.18xlarge': { enis: 15, ipv4PerEni: 50 },
  'm4.large': { enis: 2, ipv4PerEni: 10 },
  'a1.medium': { enis: 2, ipv4PerEni: 4 },
  't3a.small': { enis: 2, ipv4PerEni: 4 },
  't3a.medium': { enis: 3, ipv4PerEni: 6 },
};

/** eksctl's default node instance type, for a node without `instanceType` */
export const DEFAULT_INSTANCE_TYPE = 'm5.large';

export function maxPods(l: EniLimits): number {
  return l.enis * (l.ipv4PerEni - 1) + 2;
}

/** Pod addresses one ENI carries: all but its primary (awsutils.go GetENIIPv4Limit: "Subtract one …"). */
export function podIpsPerEni(l: EniLimits): number {
  return l.ipv4PerEni - 1;
}

/**
 * ENIs attached for `pods` pods under WARM_ENI_TARGET=1 (ipamd.go isDatastorePoolTooLow: the pool is
 * too low while available < maxIPsPerENI × WARM_ENI_TARGET, and ipamd attaches another ENI while it
 * has room): the smallest count leaving a whole ENI's worth free, capped by the instance.
 * t3.small: 0 pods → 1 ENI, 5 pods → 3 ENIs (docs/eni-and-ip-target.md).
 */
export function enisFor(l: EniLimits, pods: number): number {
  const per = podIpsPerEni(l);
  return Math.min(l.enis, Math.ceil(pods / per) + 1);
}
