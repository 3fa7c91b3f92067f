/**
 * NetworkPolicy as Felix programs it into each node's filter table (felix/rules/endpoints.go,
 * dispatch.go, policy.go; /work/notes/calico.md §6.1–§6.7, v3.30 baseline, manifest install):
 *
 *   cali-FORWARD -i cali+ → cali-from-wl-dispatch -i caliX -g cali-fw-caliX   (the pod's egress)
 *   cali-FORWARD -o cali+ → cali-to-wl-dispatch   -o caliX -g cali-tw-caliX   (the pod's ingress)
 *
 * An endpoint chain accepts RELATED,ESTABLISHED first (replies of allowed connections), drops
 * INVALID, clears the accept/pass bits, then — when policies select the endpoint for that
 * direction — runs the default tier: each policy's cali-pi-/cali-po- chain while no Pass is set,
 * returning as soon as one accepted, and `End of tier default. Drop if no policies passed
 * packet`; then the profiles kns.<ns> (allow all) and ksa.<ns>.default (no rules), and
 * `Drop if no profiles matched`. The policies are the cluster's Kubernetes NetworkPolicies
 * (converted as kube-controllers does) and projectcalico.org/v3 NetworkPolicy /
 * GlobalNetworkPolicy, in Felix's order (order, then name).
 *
 * Where Felix's drop rule names no policy (End of tier), the lab adds a comment naming the
 * policies and the direction that left the packet unmatched; it is not part of Felix's hash.
 * Simplified: one tier; dispatch chains are flat (Felix splits them into a tree by interface
 * name prefix when there are many endpoints); service-account profiles are all `default`.
 */
import type { Chain, Cluster, IpSet, Netns } from '../../model/datapath';
import { calicoPolicySelects, sortPolicies as sortCalicoPolicies } from '../../policy/calico';
import { kubernetesToCalico } from '../../policy/calico-convert';
import { policyWorldOf } from '../../policy/world';
import type { CalicoContext, CalicoPolicy } from '../../policy/crd-types';
import type { NetworkPolicyRecord } from '../../policy/types';
import { fx, felixChain, type Built } from './felix-rule';
import { MARK_ACCEPT, MARK_PASS } from './felix-static';
import { lengthLimited, policyChainName, policyChainRules, policyLabel } from './policy-rules';

const OWNED = /^cali-(fw|tw|pi|po|pri|pro)-|^cali-(from|to)-wl-dispatch$/;
const CLEAR_ACCEPT_PASS = MARK_ACCEPT | MARK_PASS;

interface Endpoint {
  readonly iface: string;
  readonly pod: CalicoContext['pods'][number];
}

function profileChains(ns: string, dir: 'Ingress' | 'Egress'): Record<string, Chain> {
  const [pk, sec] = dir === 'Ingress' ? ['cali-pri-', 'ingress'] : ['cali-pro-', 'egress'];
  const kns = lengthLimited(pk, `kns.${ns}`);
  const ksa = lengthLimited(pk, `ksa.${ns}.default`);
  return {
    // conversion.go NamespaceToProfile: Ingress/Egress [Allow]; ServiceAccountToProfile: no rules
    [kns]: felixChain(kns, [fx().comment(`Profile kns.${ns} ${sec}`).setMark(MARK_ACCEPT, MARK_ACCEPT)]),
    [ksa]: felixChain(ksa, [fx().comment(`Profile ksa.${ns}.default ${sec}`).nothing()]),
  };
}

function endpointChain(ep: Endpoint, dir: 'Ingress' | 'Egress', policies: readonly CalicoPolicy[]): Chain {
  const name = `${dir === 'Ingress' ? 'cali-tw-' : 'cali-fw-'}${ep.iface}`;
  const rules: Built[] = [fx().ctstate(['RELATED', 'ESTABLISHED']).accept(), fx().ctstate(['INVALID']).drop(), fx().setMark(0, CLEAR_ACCEPT_PASS)];
  if (dir === 'Egress') {
    // present in every mode unless Allow{VXLAN,IPIP}PacketsFromWorkloads (calico.md §6.3 step 4)
    rules.push(fx().comment('Drop VXLAN encapped packets originating in workloads').proto('udp', 17).dports([4789]).drop());
    rules.push(fx().comment('Drop IPinIP encapped packets originating in workloads').proto('ipip', 4).drop());
  }
  if (policies.length) {
    rules.push(fx().comment('Start of tier default').setMark(0, MARK_PASS));
    for (const p of policies) {
      rules.push(fx().mark(0, MARK_PASS).jump(policyChainName(p, dir)));
      rules.push(fx().comment('Return if policy accepted').mark(MARK_ACCEPT, MARK_ACCEPT).ret());
    }
    const names = policies.map(policyLabel).join(', ');
    const sec = dir === 'Ingress' ? 'ingress' : 'egress';
    rules.push(
      fx()
        .comment('End of tier default. Drop if no policies passed packet')
        .labComment(`${policies.length > 1 ? 'Policies' : 'Policy'} ${names} ${sec}: no rule matched`)
        .mark(0, MARK_PASS)
        .drop(),
    );
  }
  const pk = dir === 'Ingress' ? 'cali-pri-' : 'cali-pro-';
  for (const prof of [`kns.${ep.pod.namespace}`, `ksa.${ep.pod.namespace}.default`]) {
    rules.push(fx().jump(lengthLimited(pk, prof)));
    rules.push(fx().comment('Return if profile accepted').mark(MARK_ACCEPT, MARK_ACCEPT).ret());
  }
  rules.push(fx().comment('Drop if no profiles matched').drop());
  return felixChain(name, rules);
}

/** The policy context Felix's calculation graph works from: the cluster's pods, namespaces and policies. */
export function calicoContextOf(c: Cluster): CalicoContext {
  const objs = c.api.networkPolicies;
  return {
    ...policyWorldOf(c),
    calicoPolicies: objs.filter((p): p is CalicoPolicy => p.kind === 'CalicoNetworkPolicy' || p.kind === 'GlobalNetworkPolicy'),
    networkPolicies: objs.filter((p): p is NetworkPolicyRecord => p.kind === 'NetworkPolicy'),
  };
}

function programNode(c: Cluster, ctx: CalicoContext, policies: readonly CalicoPolicy[], ns: Netns): Netns {
  const endpoints: Endpoint[] = c.pods
    .filter((p) => p.node === ns.name && !p.hostNetwork && p.ip && c.netns[p.netns])
    .map((p) => ({
      iface: c.netns[p.netns].interfaces.find((d) => d.peer)?.peer?.ifname ?? '',
      pod: ctx.pods.find((x) => x.namespace === p.namespace && x.name === p.name)!,
    }))
    .filter((e) => e.iface && e.pod)
    .sort((a, b) => (a.iface < b.iface ? -1 : 1));
  const filter: Record<string, Chain> = Object.fromEntries(Object.entries(ns.netfilter.filter ?? {}).filter(([k]) => !OWNED.test(k)));
  const sets = new Map<string, IpSet>();
  for (const dir of ['Ingress', 'Egress'] as const) {
    for (const ep of endpoints) {
      const mine = policies.filter((p) => calicoPolicySelects(ctx, p, ep.pod, dir));
      const chain = endpointChain(ep, dir, mine);
      filter[chain.name] = chain;
      for (const p of mine) {
        const pc = policyChainName(p, dir);
        if (!filter[pc]) filter[pc] = felixChain(pc, policyChainRules(ctx, p, dir, sets));
      }
      Object.assign(filter, profileChains(ep.pod.namespace, dir));
    }
    const [dispatch, prefix, by] = dir === 'Egress' ? ['cali-from-wl-dispatch', 'cali-fw-', 'in'] : ['cali-to-wl-dispatch', 'cali-tw-', 'out'];
    filter[dispatch] = felixChain(dispatch, [
      ...endpoints.map((ep) => (by === 'in' ? fx().inIface(ep.iface) : fx().outIface(ep.iface)).goto(`${prefix}${ep.iface}`)),
      fx().comment('Unknown interface').drop(),
    ]);
  }
  const ipsets = Object.fromEntries(Object.entries(ns.ipsets ?? {}).filter(([k]) => !k.startsWith('cali40s:') && !k.startsWith('cali40n:')));
  for (const [k, v] of sets) ipsets[k] = v;
  return { ...ns, netfilter: { ...ns.netfilter, filter }, ipsets };
}

/** Every node's Felix policy chains and sets, recomputed from the cluster (idempotent). */
export function withCalicoPolicy(c: Cluster): Cluster {
  const ctx = calicoContextOf(c);
  const policies = sortCalicoPolicies([...ctx.calicoPolicies, ...(ctx.networkPolicies ?? []).map(kubernetesToCalico)]);
  const netns = { ...c.netns };
  for (const n of c.nodes) netns[n.netns] = programNode(c, ctx, policies, netns[n.netns]);
  return { ...c, netns };
}
