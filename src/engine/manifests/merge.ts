/**
 * A scenario's `manifests:` merged into its own lists (SCENARIOS.md: "raw Kubernetes YAML …
 * merged into the above"). The scenario that comes out holds the objects, not the text, so a
 * share link or a saved copy carries them once; errors point at `cluster.manifests` and, for
 * a YAML file, the file's own line.
 */
import type { Scenario } from '../model/scenario-schema';
import type { ScenarioError } from '../model/scenario-error';
import { formatManifestError, importManifests } from './index';

export type Merged =
  { readonly ok: true; readonly scenario: Scenario; readonly ignored: readonly string[] } | { readonly ok: false; readonly errors: ScenarioError[] };

/** `firstLine`: the file line the manifests text starts on (a block scalar's first content line), when known. */
export function mergeManifests(s: Scenario, firstLine?: number): Merged {
  const text = s.cluster.manifests;
  if (!text.trim()) return { ok: true, scenario: s, ignored: [] };
  const r = importManifests(text, { nodes: s.cluster.nodes, pods: s.cluster.pods });
  if (!r.ok)
    return {
      ok: false,
      errors: r.errors.map((e) => ({
        path: 'cluster.manifests',
        ...(firstLine !== undefined && e.line !== undefined ? { line: firstLine + e.line - 1 } : {}),
        message: formatManifestError(e),
      })),
    };
  const o = r.objects;
  const declared = new Map(s.cluster.namespaces.map((n) => [n.name, n]));
  for (const n of o.namespaces) declared.set(n.name, { name: n.name, labels: { ...(declared.get(n.name)?.labels ?? {}), ...n.labels } });
  const cluster = {
    ...s.cluster,
    namespaces: [...declared.values()],
    pods: [...s.cluster.pods, ...o.pods],
    services: [...s.cluster.services, ...o.services],
    endpointSlices: [...s.cluster.endpointSlices, ...o.endpointSlices],
    networkPolicies: [...s.cluster.networkPolicies, ...o.networkPolicies],
    manifests: '',
  };
  return { ok: true, scenario: { ...s, cluster }, ignored: r.ignored.map((i) => `document ${i.doc}: ${i.kind} ${i.name} ignored: ${i.why}`) };
}
