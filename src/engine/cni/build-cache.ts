/**
 * buildCluster, once per cluster spec. A fault toggle, a Reset and the faults panel's "lab
 * without its faults" rebuild from a Scenario that holds the very same `cluster` object (the
 * lab store edits `faults` only), so the built cluster — every node's tables, every pod's CNI
 * ADD, kube-proxy's sync — is the same value every time and is worth making once: at 200 nodes
 * and 2,000 pods it is a second of work, applying the faults afterwards a millisecond.
 *
 * Sound because everything here is immutable: a ClusterSpec is validated data nobody edits in
 * place (an edit makes a new object: src/ui/store/scenario-edits.ts), and a built Cluster is only
 * ever copied, never written (faults, kube-proxy syncs and terminal repairs return new records;
 * build-cache.test.ts runs them on a frozen cluster). A WeakMap keyed by the spec object: the
 * entry goes when the scenario does, and a structurally equal spec in another object builds
 * afresh (equal data gives an equal cluster, so that is only slower, never different).
 */
import type { ClusterSpec } from '../model/scenario-schema';
import { buildCluster, type BuildResult } from './build';

const built = new WeakMap<ClusterSpec, Map<string, BuildResult>>();

export function buildClusterOnce(spec: ClusterSpec, name: string): BuildResult {
  let byName = built.get(spec);
  if (!byName) built.set(spec, (byName = new Map()));
  let r = byName.get(name);
  if (!r) byName.set(name, (r = buildCluster(spec, name)));
  return r;
}
