/**
 * The Calico oracle cases as oracle.test.ts runs them: calico/cases/ (fixtures-calico.ts) replayed
 * by procedures-calico.ts, under their own ids (`calico/<section>/<name>`), with the facts where
 * the engine knowingly differs from the kernel run and why.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineFacts, OracleCase } from '../facts';
import { loadFixtures, type Fixture } from '../fixtures';
import type { CalicoCase } from './extract-calico';
import { runCalicoCase } from './procedures-calico';

const CASES = join(dirname(fileURLToPath(import.meta.url)), 'cases');

/**
 * `calico/<section>/<case>: <fact key>` → the kernel behaviour the engine does not model.
 * oracle.test.ts runs these as it.fails: when the engine is fixed the entry must go.
 */
const ARP_UNANSWERED =
  'the trace records an unanswered neighbour resolution as one failure, not as the mcast_solicit ARP requests the kernel broadcasts (net/core/neighbour.c neigh_timer_handler)';
const FELIX_ARP =
  'Felix writes a PERMANENT neighbour for every workload (felix/routetable route_table.go updatePermanentARP); run-calico.sh runs no Felix, so node1 knows a pod only once it has ARPed';

export const CALICO_KNOWN_DISAGREEMENTS: Readonly<Record<string, string>> = {
  'calico/modes/bgp_no_default_route: reachability/pod-a->pod-c.class':
    "the kernel's third ping is queued behind the first ping's resolution and fails with it when its 3 probes run out (~0.96 s in); the engine starts no resolution a second time and the ping times out",
  'calico/modes/bgp_no_default_route: reachability/pod-a->pod-c.error_from': 'follows from reachability/pod-a->pod-c.class',
  'calico/modes/bgp_no_default_route: arp_seen_by_pod-a': ARP_UNANSWERED,
  'calico/modes/bgp_no_default_route: node1_neigh': FELIX_ARP,
  'calico/faults/proxy_arp_off: arp_seen_by_pod-a': ARP_UNANSWERED,
  'calico/faults/proxy_arp_off: pod-a_neigh':
    "node1's unicast re-probe of pod-a (DELAY→PROBE 5 s after its last use, `who-has 10.244.1.2 tell 192.168.50.1`) leaves `192.168.50.1 lladdr ee:ee:ee:ee:ee:ee` in pod-a; the engine does not model neighbour re-probes",
};

export interface OracleRun extends Fixture {
  readonly id: string;
  readonly run: (c: OracleCase, yaml: string) => EngineFacts;
  readonly known: Readonly<Record<string, string>>;
}

export function calicoFixtures(): OracleRun[] {
  return loadFixtures(CASES).map((f) => ({
    ...f,
    id: `calico/${f.case.section}/${f.case.name}`,
    run: (c, yaml) => runCalicoCase(c as unknown as CalicoCase, yaml),
    known: CALICO_KNOWN_DISAGREEMENTS,
  }));
}
