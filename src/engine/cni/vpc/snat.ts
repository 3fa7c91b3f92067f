/**
 * aws-node's SNAT for traffic leaving the VPC (aws/amazon-vpc-cni-k8s pkg/networkutils/network.go
 * buildIptablesSNATRules, v1.16.0+ single-chain layout; notes/vpc-flannel.md §3). As
 * `iptables-save -t nat` prints it on a real v1.18–v1.22 node:
 *
 *   -A POSTROUTING -m comment --comment "AWS SNAT CHAIN" -j AWS-SNAT-CHAIN-0
 *   -A AWS-SNAT-CHAIN-0 -d 10.0.0.0/16 -m comment --comment "AWS SNAT CHAIN" -j RETURN
 *   -A AWS-SNAT-CHAIN-0 ! -o vlan+ -m comment --comment "AWS, SNAT" -m addrtype ! --dst-type LOCAL -j SNAT --to-source 10.0.1.10 --random-fully
 *
 * One RETURN per VPC CIDR (inserted at the top), then SNAT to the primary ENI's primary IP
 * (AWS_VPC_K8S_CNI_RANDOMIZESNAT=prng → --random-fully). AWS_VPC_K8S_CNI_EXTERNALSNAT=true
 * removes all of it: pods leave with their own address and a NAT gateway translates.
 *
 * Simplified: the CONNMARK half (nat AWS-CONNMARK-CHAIN-0, the mangle "AWS, primary ENI" rules and
 * the restore-mark that makes rule 1024 send a secondary-ENI pod's SNATed traffic out of eth0)
 * is not written: the lab's netfilter has no CONNMARK target. Such traffic leaves by its own ENI.
 */
import type { Chain, MatchModule, Netfilter, Rule } from '../../model/datapath';
import type { Cidr, Ipv4 } from '../../wire/ipv4';

export const SNAT_CHAIN = 'AWS-SNAT-CHAIN-0';
const comment = (text: string): MatchModule => ({ m: 'comment', comment: text });

export function vpcSnat(base: Netfilter, vpcCidrs: readonly Cidr[], primaryIp: Ipv4): Netfilter {
  const nat = base.nat ?? {};
  const returns: Rule[] = vpcCidrs.map((c) => ({ match: { dst: c, modules: [comment('AWS SNAT CHAIN')] }, target: { kind: 'RETURN' } }));
  const snat: Rule = {
    match: { notOutIface: 'vlan+', modules: [comment('AWS, SNAT'), { m: 'addrtype', dstType: 'LOCAL', invert: true }] },
    target: { kind: 'SNAT', to: primaryIp, randomFully: true },
  };
  const post: Chain = nat.POSTROUTING;
  const jump: Rule = { match: { modules: [comment('AWS SNAT CHAIN')] }, target: { kind: 'JUMP', chain: SNAT_CHAIN } };
  return { ...base, nat: { ...nat, POSTROUTING: { ...post, rules: [...post.rules, jump] }, [SNAT_CHAIN]: { name: SNAT_CHAIN, rules: [...returns, snat] } } };
}
