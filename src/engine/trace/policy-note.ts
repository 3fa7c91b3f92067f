/**
 * NetworkPolicy where nothing enforces it. The API server stores a NetworkPolicy whatever the
 * CNI; only a policy agent turns it into tables (Felix's chains, Cilium's maps). On a shape
 * without one (Flannel) the packet goes through, and the trace says what the policies would
 * have decided: the classic surprise (kubernetes.io "Network Policies": "Posting
 * NetworkPolicy to the API server for your cluster will have no effect unless your chosen
 * networking solution supports network policy").
 */
import type { Cluster } from '../model/datapath';
import type { PolicyNote, Trace } from '../model/trace';
import { programFor } from '../cni/registry';
import { enforcementOf } from '../cni/program';
import { evaluate } from '../policy/evaluate';
import { policyWorldOf } from '../policy/world';
import type { ConnProtocol, DirectionResult, NetworkPolicyRecord } from '../policy/types';

const PROTOCOL: Readonly<Record<string, ConnProtocol>> = { icmp: 'ICMP', tcp: 'TCP', http: 'TCP', udp: 'UDP', traceroute: 'UDP', dns: 'UDP' };

/** Where the request really went: the destination after the last DNAT on the way (a Service's backend). */
function finalDestination(t: Trace): { ip: string; port?: number } | undefined {
  if (!t.sent) return undefined;
  let dst: { ip: string; port?: number } = { ip: t.sent.dst, port: t.sent.dport };
  for (const h of t.hops) {
    if (h.dir !== 'request' || !h.rewrite) continue;
    dst = { ip: h.rewrite.after.dst, port: h.rewrite.after.dport ?? dst.port };
  }
  return dst;
}

function policiesOf(r: DirectionResult): readonly string[] {
  return r.kind === 'not-isolated' ? [] : r.isolatedBy;
}

/** The note for a probe's trace, when the cluster has policies and its shape does not enforce them. */
export function unenforcedPolicyNote(c: Cluster, t: Trace): PolicyNote | undefined {
  const program = programFor(c.cni);
  const enforcement = program && enforcementOf(program, c);
  if (!program || !enforcement || enforcement.kind !== 'none' || !c.api.networkPolicies.length || !t.sent) return undefined;
  const protocol = PROTOCOL[t.sent.protocol];
  const dst = finalDestination(t);
  if (!protocol || !dst) return undefined;
  // (not policy/objects' splitPolicies: that module carries the schema, which the first load leaves out)
  const policies = c.api.networkPolicies.filter((o): o is NetworkPolicyRecord => o.kind === 'NetworkPolicy');
  const v = evaluate(
    { ...policyWorldOf(c), policies },
    { src: { ip: t.sent.src }, dst: { ip: dst.ip }, protocol, ...(protocol !== 'ICMP' && dst.port !== undefined ? { port: dst.port } : {}) },
  );
  const deciding = v.egress.kind === 'denied' ? v.egress : v.ingress.kind === 'denied' ? v.ingress : undefined;
  const involved = [...new Set([...policiesOf(v.egress), ...policiesOf(v.ingress)])].sort();
  const shape = program.title ?? c.cni;
  const text = deciding
    ? `${shape} does not enforce NetworkPolicy, so this went through — where policy is enforced it would be denied: ${deciding.text}`
    : involved.length
      ? `${shape} does not enforce NetworkPolicy; the policies selecting these pods (${involved.join(', ')}) would allow this`
      : `${shape} does not enforce NetworkPolicy; no policy selects either end of this connection`;
  return { enforced: false, why: enforcement.why, wouldDeny: !!deciding, policies: involved, text };
}
