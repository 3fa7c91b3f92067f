/**
 * The chains Felix writes on every node before any endpoint exists (felix/rules/static.go
 * StaticFilterTableChains, StaticNATTableChains; /work/notes/calico.md §5–§6, v3.30+ mark bits):
 * its hooks at the top of INPUT/FORWARD/OUTPUT/POSTROUTING, cali-FORWARD sending workload
 * traffic to the dispatch chains, cali-INPUT (IPIP only from Calico hosts; workload → host via
 * cali-wl-to-host), cali-OUTPUT (host → workload is not policed) and natOutgoing's
 * cali-nat-outgoing MASQUERADE for pod traffic leaving the pools.
 *
 * Not written (simplified): raw/mangle chains (the rpfilter check, VXLAN NOTRACK), the VXLAN
 * and WireGuard accept rules of cali-INPUT/OUTPUT, host endpoints.
 */
import type { Chain, Netfilter, Rule } from '../../model/datapath';
import { fx, felixChain, felixRuleHashes, type Built } from './felix-rule';
import { CALICO_IPIP_DEVICE, CALICO_VXLAN_DEVICE, CALICO_WG_DEVICE, type CalicoMode } from './names';

/** Felix's mark bits from v3.30 (felix/dataplane/driver.go allocation order) */
export const MARK_ACCEPT = 0x10000;
export const MARK_PASS = 0x20000;
export const MARK_DROP = 0x40000;
export const MARK_SCRATCH0 = 0x80000;
/** cali-FORWARD clears every Calico bit but accept; cali-INPUT/OUTPUT every bit */
const CLEAR_FORWARD = 0x1a0000;
const CLEAR_IN_OUT = 0x1b0000;

export const IPSET_ALL_POOLS = 'cali40all-ipam-pools';
export const IPSET_MASQ_POOLS = 'cali40masq-ipam-pools';
export const IPSET_ALL_HOSTS = 'cali40all-hosts-net';

const EMPTY = ['cali-from-hep-forward', 'cali-to-hep-forward', 'cali-cidr-block', 'cali-from-host-endpoint', 'cali-to-host-endpoint'];

/**
 * Rules Felix inserts into (or appends to) a kernel chain are hashed as their own chain:
 * `FORWARD` for the inserts, `FORWARD*appends*` for the appends (felix/iptables/table.go).
 */
function hooked(chain: string, rules: readonly Built[], appends = false): readonly Rule[] {
  return felixChain(appends ? `${chain}*appends*` : chain, rules).rules;
}

function withHooks(c: Chain | undefined, name: string, insert: readonly Rule[], append: readonly Rule[] = []): Chain {
  const base = c ?? { name, policy: 'ACCEPT' as const, rules: [] };
  return { ...base, rules: [...insert, ...base.rules, ...append] };
}

function forwardChain(): Chain {
  return felixChain('cali-FORWARD', [
    fx().setMark(0, CLEAR_FORWARD),
    fx().mark(0, MARK_ACCEPT).jump('cali-from-hep-forward'),
    fx().inIface('cali+').jump('cali-from-wl-dispatch'),
    fx().outIface('cali+').jump('cali-to-wl-dispatch'),
    fx().jump('cali-to-hep-forward'),
    fx().jump('cali-cidr-block'),
  ]);
}

function inputChain(mode: CalicoMode): Chain {
  const ipip =
    mode.encap === 'ipip'
      ? [
          fx().proto('ipip', 4).comment('Allow IPIP packets from Calico hosts').set(IPSET_ALL_HOSTS, ['src']).addrtype('dst').accept(),
          fx().proto('ipip', 4).comment('Drop IPIP packets from non-Calico hosts').drop(),
        ]
      : [];
  return felixChain('cali-INPUT', [
    ...ipip,
    fx().inIface('cali+').goto('cali-wl-to-host'),
    fx().mark(MARK_ACCEPT, MARK_ACCEPT).accept(),
    fx().setMark(0, CLEAR_IN_OUT),
    fx().jump('cali-from-host-endpoint'),
    fx().comment('Host endpoint policy accepted packet.').mark(MARK_ACCEPT, MARK_ACCEPT).accept(),
  ]);
}

function outputChain(mode: CalicoMode): Chain {
  const ipip =
    mode.encap === 'ipip'
      ? [fx().proto('ipip', 4).comment('Allow IPIP packets to other Calico hosts').set(IPSET_ALL_HOSTS, ['dst']).addrtype('src').accept()]
      : [];
  return felixChain('cali-OUTPUT', [
    fx().mark(MARK_ACCEPT, MARK_ACCEPT).accept(),
    fx().outIface('cali+').ret(),
    ...ipip,
    fx().setMark(0, CLEAR_IN_OUT),
    fx().ctstate(['DNAT'], true).jump('cali-to-host-endpoint'),
    fx().comment('Host endpoint policy accepted packet.').mark(MARK_ACCEPT, MARK_ACCEPT).accept(),
  ]);
}

/** The workload → host chain: the endpoint's egress policy, then the manifest's DefaultEndpointToHostAction ACCEPT. */
function wlToHost(): Chain {
  return felixChain('cali-wl-to-host', [fx().jump('cali-from-wl-dispatch'), fx().comment('Configured DefaultEndpointToHostAction').accept()]);
}

/**
 * nat: cali-POSTROUTING → cali-fip-snat, cali-nat-outgoing, then per tunnel device a MASQUERADE
 * of host-sourced packets whose source is not the tunnel's (the tunnel source fix).
 */
function natChains(mode: CalicoMode, natOutgoing: boolean): Record<string, Chain> {
  const tunnels = [
    ...(mode.encap === 'ipip' ? [CALICO_IPIP_DEVICE] : []),
    ...(mode.encap === 'vxlan' ? [CALICO_VXLAN_DEVICE] : []),
    ...(mode.wireguard ? [CALICO_WG_DEVICE] : []),
  ];
  const post = felixChain('cali-POSTROUTING', [
    fx().jump('cali-fip-snat'),
    fx().jump('cali-nat-outgoing'),
    ...tunnels.map((dev) => fx().outIface(dev).addrtype('src', true, true).addrtype('src').masquerade()),
  ]);
  const out = natOutgoing ? [fx().set(IPSET_MASQ_POOLS, ['src']).set(IPSET_ALL_POOLS, ['dst'], true).masquerade()] : [];
  return {
    'cali-POSTROUTING': post,
    'cali-fip-snat': { name: 'cali-fip-snat', rules: [] },
    'cali-fip-dnat': { name: 'cali-fip-dnat', rules: [] },
    'cali-nat-outgoing': felixChain('cali-nat-outgoing', out),
    'cali-PREROUTING': felixChain('cali-PREROUTING', [fx().jump('cali-fip-dnat')]),
    'cali-OUTPUT': felixChain('cali-OUTPUT', [fx().jump('cali-fip-dnat')]),
  };
}

/** A node's netfilter with Felix's static chains and hooks (the per-endpoint chains come in policy.ts). */
export function felixStatic(nf: Netfilter, mode: CalicoMode, natOutgoing: boolean): Netfilter {
  const filter = { ...(nf.filter ?? {}) };
  const nat = { ...(nf.nat ?? {}) };
  filter.INPUT = withHooks(filter.INPUT, 'INPUT', hooked('INPUT', [fx().jump('cali-INPUT')]));
  filter.FORWARD = withHooks(
    filter.FORWARD,
    'FORWARD',
    hooked('FORWARD', [fx().jump('cali-FORWARD')]),
    hooked(
      'FORWARD',
      [fx().comment('Policy explicitly accepted packet.').mark(MARK_ACCEPT, MARK_ACCEPT).accept(), fx().setMark(MARK_ACCEPT, MARK_ACCEPT)],
      true,
    ),
  );
  filter.OUTPUT = withHooks(filter.OUTPUT, 'OUTPUT', hooked('OUTPUT', [fx().jump('cali-OUTPUT')]));
  filter['cali-FORWARD'] = forwardChain();
  filter['cali-INPUT'] = inputChain(mode);
  filter['cali-OUTPUT'] = outputChain(mode);
  filter['cali-wl-to-host'] = wlToHost();
  for (const c of EMPTY) filter[c] = { name: c, rules: [] };
  nat.PREROUTING = withHooks(nat.PREROUTING, 'PREROUTING', hooked('PREROUTING', [fx().jump('cali-PREROUTING')]));
  nat.OUTPUT = withHooks(nat.OUTPUT, 'OUTPUT', hooked('OUTPUT', [fx().jump('cali-OUTPUT')]));
  nat.POSTROUTING = withHooks(nat.POSTROUTING, 'POSTROUTING', hooked('POSTROUTING', [fx().jump('cali-POSTROUTING')]));
  Object.assign(nat, natChains(mode, natOutgoing));
  return { ...nf, filter, nat };
}

export { felixRuleHashes };
