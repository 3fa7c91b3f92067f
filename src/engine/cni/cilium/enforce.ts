/**
 * policy_can_egress4 / policy_can_ingress4 at tc (bpf/lib/policy.h, policy_log.h): a new flow
 * is looked up in the endpoint's policy map by (direction, peer identity, protocol, port).
 * Verdicts of enforced directions are reported (`policy-verdict:<match> INGRESS|EGRESS`);
 * a miss is 133 Policy denied, a deny entry 181 Policy denied by denylist. The hop's decision
 * names the map entry and the agent's reason: the rule that allowed, or why nothing matched.
 */
import type { TcEnv } from '../tc-programs';
import type { Pkt } from '../../wire/packet';
import { entries, policyMapName, type EndpointInfo } from './maps';
import { policyLookup, type PolicyDir, type PolicyValue } from './policy-map';
import { emitFlow } from './monitor';

function protoOf(p: Pkt): 'TCP' | 'UDP' | 'ICMP' {
  return p.l4?.kind === 'tcp' ? 'TCP' : p.l4?.kind === 'udp' ? 'UDP' : 'ICMP';
}

function dportOf(p: Pkt): number {
  return p.l4 && p.l4.kind !== 'icmp' ? p.l4.dstPort : 0;
}

export interface PolicyOutcome {
  readonly allowed: boolean;
  readonly value?: PolicyValue;
}

export function checkPolicy(env: TcEnv, ep: EndpointInfo, dir: PolicyDir, peerId: number, pkt: Pkt, prog: string): PolicyOutcome {
  const { w, ns: node, ctx, dev } = env;
  const hit = policyLookup(node, ep.id, dir, peerId, protoOf(pkt), dportOf(pkt));
  if (hit === 'not-enforced') return { allowed: true };
  const map = policyMapName(ep.id);
  const rows = Object.entries(entries<PolicyValue>(node, map))
    .filter(([, v]) => v && 'verdict' in v && !v.miss)
    .map(([k, v]) => `${k} ${v.verdict === 'allow' ? 'Allow' : 'Deny'} ${v.portProto}`);
  const srcId = dir === 'Egress' ? ep.secId : peerId;
  const dstId = dir === 'Egress' ? peerId : ep.secId;
  const allowed = hit?.value.verdict === 'allow';
  const match = allowed ? (hit!.value.match ?? 'L3-L4') : 'none';
  emitFlow(w, node, pkt, { srcId, dstId, isReply: null, type: `policy-verdict:${match} ${dir.toUpperCase()}`, verdict: allowed ? 'ALLOWED' : 'DENIED' });
  const why = hit?.value.why ?? `no ${dir.toLowerCase()} entry admits identity ${peerId}`;
  const decided = {
    table: 'policy' as const,
    row: hit
      ? `${hit.key} ${allowed ? 'Allow' : 'Deny'}${hit.value.miss ? ' (no entry: default deny)' : ''}: ${why}`
      : `(no entry for identity ${peerId}: default deny)`,
    rows,
    where: `${w.where(node)} ${map}`,
    path: [prog, `policy_can_${dir === 'Egress' ? 'egress' : 'ingress'}4 endpoint ${ep.id} (${ep.pod})`, ...(hit?.value.policies ?? [])],
  };
  if (allowed) {
    w.hop(ctx, {
      ns: node,
      kind: 'filter',
      device: dev.name,
      note: `${prog}: ${dir.toLowerCase()} policy of ${ep.pod} allows identity ${peerId}: ${why}`,
      pkt,
      decided,
    });
    return { allowed: true, value: hit!.value };
  }
  const denyRule = !!hit?.value.denyRule;
  emitFlow(w, node, pkt, { srcId, dstId, isReply: null, type: denyRule ? 'Policy denied by denylist' : 'Policy denied', verdict: 'DROPPED' });
  w.drop(
    ctx,
    {
      ns: node,
      device: dev.name,
      note: `${prog}: ${dir.toLowerCase()} policy of ${ep.pod} denies identity ${peerId} (${denyRule ? 'Policy denied by denylist, 181' : 'Policy denied, 133'}): ${why}`,
      pkt,
      decided,
    },
    denyRule ? 'POLICY_DENY_RULE' : 'POLICY_DENIED',
  );
  return { allowed: false, value: hit?.value };
}
