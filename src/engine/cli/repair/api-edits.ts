/**
 * API edits from the terminal (the same answer from any shell: kubectl talks to the API
 * server): `kubectl apply -f -`, `kubectl delete KIND NAME`, `kubectl scale`.
 *
 * Services, policies and the CoreDNS replica count are scenario data: the edit changes the
 * scenario and the lab is rebuilt from it (replay.ts rebuildWith: faults first, then the
 * terminal's kernel repairs, with the kernels' memory kept). EndpointSlices written by hand
 * are not scenario data: they are applied to the API records, the running kube-proxies
 * re-sync, and the command is kept in Lab.edits. Output lines are kubectl's
 * (`service/web created|configured|unchanged`, `service "web" deleted`,
 * `deployment.apps/coredns scaled`); refusals are the API server's.
 */
import { stringify } from 'yaml';
import type { Lab } from '../../lab-core';
import type { Cluster } from '../../model/datapath';
import type { EndpointSliceInfo } from '../../model/k8s';
import type { Scenario } from '../../model/scenario-schema';
import { policyObjectKey } from '../../policy/objects';
import { programFor } from '../../cni/registry';
import { resyncEndpointSlices } from '../../services/api';
import { syncServices } from '../../services';
import { type CommandResult, done, notModelled, type Shell } from '../context';
import { parseFlags } from '../kubectl';
import { commit } from './commit';
import { type Manifest, readDocuments, readManifest } from './manifests';
import { rebuildWith } from './replay';

const SYSTEM_SERVICES = ['default/kubernetes', 'kube-system/kube-dns'];

/** The EndpointSlice controller and every running kube-proxy react to changed API objects (as faults/cluster-faults.ts reconcile). */
function reconcile(c: Cluster): Cluster {
  const converged = programFor(c.cni)?.converge?.(c) ?? c;
  return syncServices({ ...converged, api: resyncEndpointSlices(converged.api, converged.pods, converged.nodes) });
}

function withSlices(c: Cluster, slices: readonly EndpointSliceInfo[]): Cluster {
  return reconcile({ ...c, api: { ...c.api, endpointSlices: slices } });
}

function resourceOf(m: Manifest): string {
  if (m.kind === 'Service') return 'service';
  if (m.kind === 'EndpointSlice') return 'endpointslice.discovery.k8s.io';
  if (m.apiVersion === 'networking.k8s.io/v1') return 'networkpolicy.networking.k8s.io';
  return `${m.objKind.toLowerCase()}.${m.apiVersion.split('/')[0]}`;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function kubectlApply(shell: Shell, rest: readonly string[], argv: readonly string[]): CommandResult {
  const f = parseFlags(rest.filter((x) => x !== '-f' && x !== '--filename' && !x.startsWith('--filename=')));
  const fi = rest.findIndex((x) => x === '-f' || x === '--filename' || x.startsWith('--filename='));
  const file = fi < 0 ? undefined : rest[fi].startsWith('--filename=') ? rest[fi].slice(11) : rest[fi + 1];
  if (file === undefined) return done(shell, 'error: must specify one of -f and -k', 1);
  if (file !== '-') return done(shell, `error: the path "${file}" does not exist`, 1);
  if (f.unknown) return notModelled(shell, `kubectl apply ${f.unknown}`);
  if (f.args.some((a) => a !== file)) return notModelled(shell, `kubectl apply ${f.args.join(' ')}`);
  if (shell.stdin === undefined || shell.stdin.trim() === '') return done(shell, 'error: no objects passed to apply', 1);
  const read = readDocuments(shell.stdin);
  if ('error' in read) return done(shell, read.error, 1);
  const lab = shell.lab;
  let scenario: Scenario = lab.scenario;
  let cluster = lab.cluster;
  const out: string[] = [];
  const slices: Record<string, unknown>[] = [];
  for (const doc of read.docs) {
    // discovery first: a CRD the shape does not install has no REST mapping (kubectl's error before any validation)
    const apiVersion = String(doc.apiVersion ?? '');
    const group = apiVersion.split('/')[0];
    if ((group === 'projectcalico.org' && lab.cluster.cni !== 'calico') || (group === 'cilium.io' && lab.cluster.cni !== 'cilium')) {
      const meta = (doc.metadata ?? {}) as { name?: unknown; namespace?: unknown };
      const global = String(doc.kind).startsWith('Global') || String(doc.kind).includes('Clusterwide');
      return done(
        shell,
        [
          ...out,
          `error: resource mapping not found for name: "${String(meta.name ?? '')}" namespace: "${global ? '' : String(meta.namespace ?? f.namespace)}" from "STDIN": no matches for kind "${String(doc.kind)}" in version "${apiVersion}"`,
          'ensure CRDs are installed first',
        ].join('\n'),
        1,
      );
    }
    const m = readManifest(doc, f.namespace);
    if ('error' in m) {
      if (m.error.startsWith('notModelled:')) return notModelled(shell, `kubectl apply of ${m.error.slice(12)}`);
      return done(shell, [...out, m.error].join('\n'), 1);
    }
    if (m.namespace !== null && !cluster.api.namespaces.some((n) => n.name === m.namespace))
      return done(shell, [...out, `Error from server (NotFound): error when creating "STDIN": namespaces "${m.namespace}" not found`].join('\n'), 1);
    const label = `${resourceOf(m)}/${m.name}`;
    if (m.kind === 'Service') {
      const key = `${m.namespace}/${m.name}`;
      if (SYSTEM_SERVICES.includes(key)) return notModelled(shell, `kubectl apply of the system Service ${key}`);
      const live = cluster.api.services.find((s) => `${s.namespace}/${s.name}` === key);
      if (live && m.spec.clusterIP && live.clusterIP !== m.spec.clusterIP)
        return done(
          shell,
          [...out, `The Service "${m.name}" is invalid: spec.clusterIP: Invalid value: "${m.spec.clusterIP}": field is immutable`].join('\n'),
          1,
        );
      // fault endpointslice-empty is an earlier `kubectl edit` that put a typo in the live selector:
      // an apply that writes another selector replaces it (the live object is what apply compares with)
      const typo = scenario.faults.find((x) => x.type === 'endpointslice-empty' && (x.service === key || x.service === m.name));
      if (typo && live && JSON.stringify(live.selector ?? {}) !== JSON.stringify(m.spec.selector ?? {})) {
        scenario = { ...scenario, faults: scenario.faults.filter((x) => x !== typo) };
        if (!scenario.cluster.services.some((s) => s.namespace === m.namespace && s.name === m.name && same(s, m.spec)))
          scenario = {
            ...scenario,
            cluster: { ...scenario.cluster, services: scenario.cluster.services.map((s) => (s.namespace === m.namespace && s.name === m.name ? m.spec : s)) },
          };
        out.push(`${label} configured`);
        continue;
      }
      const services = scenario.cluster.services;
      const old = services.find((s) => s.namespace === m.namespace && s.name === m.name);
      if (old && same(old, m.spec)) out.push(`${label} unchanged`);
      else {
        const next = old ? services.map((s) => (s === old ? m.spec : s)) : [...services, m.spec];
        scenario = { ...scenario, cluster: { ...scenario.cluster, services: next } };
        out.push(`${label} ${old ? 'configured' : 'created'}`);
      }
    } else if (m.kind === 'Policy') {
      const key = policyObjectKey(m.record);
      const list = scenario.cluster.networkPolicies;
      const old = list.find((p) => policyObjectKey(p) === key);
      if (old && same(old, m.record)) out.push(`${label} unchanged`);
      else {
        const next = old ? list.map((p) => (p === old ? m.record : p)) : [...list, m.record];
        scenario = { ...scenario, cluster: { ...scenario.cluster, networkPolicies: next } };
        out.push(`${label} ${old ? 'configured' : 'created'}`);
      }
    } else {
      const all = cluster.api.endpointSlices;
      const old = all.find((e) => e.namespace === m.namespace && e.name === m.name);
      slices.push(doc);
      if (old && same(old, m.slice)) out.push(`${label} unchanged`);
      else {
        cluster = withSlices(cluster, old ? all.map((e) => (e === old ? m.slice : e)) : [...all, m.slice]);
        out.push(`${label} ${old ? 'configured' : 'created'}`);
      }
    }
  }
  let next: Lab = { ...lab, cluster };
  if (scenario !== lab.scenario) {
    const r = rebuildWith(next, scenario);
    if (!r.ok) return done(shell, `podpath: the lab cannot build this: ${r.error}`, 1);
    next = r.lab;
  }
  if (slices.length === 0) return { lab: next, output: out.join('\n'), exitCode: 0, traces: [] };
  // only the hand-written EndpointSlices are kept as an edit: the rest lives in the scenario now
  const sliceDocs = slices.map((d) => stringify(d)).join('---\n');
  return commit({ ...shell, stdin: sliceDocs }, argv, { lab: next }, out);
}

const DELETE_KINDS: Readonly<Record<string, 'services' | 'endpointslices' | 'networkpolicies' | 'ciliumnetworkpolicies'>> = {
  service: 'services',
  services: 'services',
  svc: 'services',
  endpointslice: 'endpointslices',
  endpointslices: 'endpointslices',
  'endpointslices.discovery.k8s.io': 'endpointslices',
  networkpolicy: 'networkpolicies',
  networkpolicies: 'networkpolicies',
  netpol: 'networkpolicies',
  'networkpolicies.networking.k8s.io': 'networkpolicies',
  ciliumnetworkpolicy: 'ciliumnetworkpolicies',
  ciliumnetworkpolicies: 'ciliumnetworkpolicies',
  cnp: 'ciliumnetworkpolicies',
};

export function kubectlDelete(shell: Shell, rest: readonly string[], argv: readonly string[]): CommandResult {
  const f = parseFlags(rest);
  if (f.unknown) return notModelled(shell, `kubectl delete ${f.unknown}`);
  const words = f.args.length === 1 && f.args[0].includes('/') ? f.args[0].split('/') : f.args;
  const [kindWord, name] = words;
  const kind = kindWord ? DELETE_KINDS[kindWord] : undefined;
  if (!kind || !name || words.length !== 2) return notModelled(shell, `kubectl delete ${f.args.join(' ')}`);
  const ns = f.namespace;
  const lab = shell.lab;
  const s = lab.scenario;
  if (kind === 'services') {
    if (SYSTEM_SERVICES.includes(`${ns}/${name}`)) return notModelled(shell, `kubectl delete of the system Service ${ns}/${name}`);
    if (!s.cluster.services.some((x) => x.namespace === ns && x.name === name))
      return done(shell, `Error from server (NotFound): services "${name}" not found`, 1);
    const r = rebuildWith(lab, { ...s, cluster: { ...s.cluster, services: s.cluster.services.filter((x) => !(x.namespace === ns && x.name === name)) } });
    return r.ok ? { lab: r.lab, output: `service "${name}" deleted`, exitCode: 0, traces: [] } : done(shell, `podpath: ${r.error}`, 1);
  }
  if (kind === 'endpointslices') {
    const slice = lab.cluster.api.endpointSlices.find((e) => e.namespace === ns && e.name === name);
    if (!slice) return done(shell, `Error from server (NotFound): endpointslices.discovery.k8s.io "${name}" not found`, 1);
    // a slice the controller manages comes straight back (reconcile re-runs it), as in a cluster
    const cluster = withSlices(
      lab.cluster,
      lab.cluster.api.endpointSlices.filter((e) => e !== slice),
    );
    return commit(shell, argv, { cluster }, `endpointslice.discovery.k8s.io "${name}" deleted`);
  }
  const policyKind = kind === 'networkpolicies' ? 'NetworkPolicy' : 'CiliumNetworkPolicy';
  const resource = kind === 'networkpolicies' ? 'networkpolicies.networking.k8s.io' : 'ciliumnetworkpolicies.cilium.io';
  if (kind === 'ciliumnetworkpolicies' && lab.cluster.cni !== 'cilium') return done(shell, `error: the server doesn't have a resource type "${kindWord}"`, 1);
  const key = `${policyKind} ${ns}/${name}`;
  if (!s.cluster.networkPolicies.some((p) => policyObjectKey(p) === key))
    return done(shell, `Error from server (NotFound): ${resource} "${name}" not found`, 1);
  const r = rebuildWith(lab, { ...s, cluster: { ...s.cluster, networkPolicies: s.cluster.networkPolicies.filter((p) => policyObjectKey(p) !== key) } });
  return r.ok ? { lab: r.lab, output: `${resource.replace(/ies\./, 'y.')} "${name}" deleted`, exitCode: 0, traces: [] } : done(shell, `podpath: ${r.error}`, 1);
}

/** `kubectl scale deployment/NAME|deployment NAME --replicas=N [-n NS]`: the lab's one Deployment is kube-system/coredns. */
export function kubectlScale(shell: Shell, rest: readonly string[]): CommandResult {
  let replicas: string | undefined;
  const others: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const x = rest[i];
    if (x === '--replicas') replicas = rest[++i] ?? '';
    else if (x.startsWith('--replicas=')) replicas = x.slice(11);
    else others.push(x);
  }
  const f = parseFlags(others);
  if (f.unknown) return notModelled(shell, `kubectl scale ${f.unknown}`);
  const words = f.args.length === 1 && f.args[0].includes('/') ? f.args[0].split('/') : f.args;
  const [kind, name] = words;
  if (!kind || !name) return done(shell, 'error: resource(s) were provided, but no name was specified', 1);
  if (!['deployment', 'deployments', 'deploy', 'deployment.apps', 'deployments.apps'].includes(kind)) return notModelled(shell, `kubectl scale ${kind}`);
  if (replicas === undefined) return done(shell, 'error: required flag(s) "replicas" not set', 1);
  if (!/^\d+$/.test(replicas))
    return done(shell, `error: invalid argument "${replicas}" for "--replicas" flag: strconv.ParseInt: parsing "${replicas}": invalid syntax`, 1);
  const lab = shell.lab;
  const hasCoredns = lab.cluster.api.services.some((x) => x.namespace === 'kube-system' && x.name === 'kube-dns');
  if (f.namespace !== 'kube-system' || name !== 'coredns' || !hasCoredns)
    return done(shell, `Error from server (NotFound): deployments.apps "${name}" not found`, 1);
  const n = Number(replicas);
  if (n > 10) return done(shell, 'podpath: the lab runs at most 10 CoreDNS replicas', 1);
  const s = lab.scenario;
  const dns = { domain: 'cluster.local', hostSearch: [], ...(s.cluster.dns ?? {}), replicas: n };
  // the scale supersedes an earlier one (fault coredns-scale is that earlier `kubectl scale`)
  const scenario = { ...s, cluster: { ...s.cluster, dns }, faults: s.faults.filter((x) => x.type !== 'coredns-scale') };
  const r = rebuildWith(lab, scenario);
  if (!r.ok) return done(shell, `podpath: ${r.error}`, 1);
  return { lab: r.lab, output: 'deployment.apps/coredns scaled', exitCode: 0, traces: [] };
}
