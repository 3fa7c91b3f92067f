/** Who enforces a cluster's NetworkPolicies, in a sentence for the page (its program's words). */
import type { Cluster } from '../model/datapath';
import { enforcementText } from './program';
import { programFor } from './registry';

export function policyEnforcementText(cluster: Cluster): string | undefined {
  const program = programFor(cluster.cni);
  return program && enforcementText(program, cluster);
}
