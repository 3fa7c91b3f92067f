/**
 * kube-system/kube-proxy, the ConfigMap kubeadm writes (cmd/kubeadm/app/phases/addons/proxy/
 * manifests.go KubeProxyConfigMap19: data `config.conf`, the KubeProxyConfiguration
 * kubeproxy.config.k8s.io/v1alpha1 as kubeadm marshals it, fields in alphabetical order, and
 * `kubeconfig.conf`), `kubectl -n kube-system edit configmap kube-proxy` and
 * `kubectl -n kube-system rollout restart daemonset kube-proxy`.
 *
 * As in a cluster, editing the ConfigMap changes nothing by itself: kube-proxy reads
 * config.conf when it starts, so the new mode takes effect when the DaemonSet's pods are
 * restarted. A restart also starts a kube-proxy that was stopped (fault kube-proxy-stopped).
 * The edit lives in Lab.edits (its stdin is the saved object), so a rebuild keeps it.
 *
 * Simplified: the server-set metadata (creationTimestamp, resourceVersion, uid) and kubeadm's
 * component-config hash annotation are left out (the lab has no clock and no etcd); the
 * switch rebuilds the node tables in the new mode without the other mode's leftovers
 * (kube-proxy's platformCleanup, cmd/kube-proxy/app/server_linux.go, removes nftables rules
 * when switching to iptables/ipvs and iptables/ipvs rules when switching to nftables; the
 * unreferenced KUBE-SVC-* chains an iptables → ipvs switch leaves are not drawn).
 */
import { parse, parseDocument } from 'yaml';
import type { Lab } from '../../lab-core';
import { MODELLED_PROXY_MODES } from '../../model/shapes';
import { type CommandResult, done, type Shell } from '../context';
import { commit } from './commit';
import { rebuildWith } from './replay';

const NOT_FOUND = (what: string, name: string) => `Error from server (NotFound): ${what} "${name}" not found`;

export function runsKubeProxy(lab: Lab): boolean {
  const m = lab.cluster.proxy.mode;
  return m !== 'none' && m !== 'ebpf';
}

function configConf(lab: Lab): string {
  const p = lab.cluster.proxy;
  return `apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
bindAddressHardFail: false
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: ${p.clusterCIDR}
configSyncPeriod: 0s
conntrack:
  maxPerCore: null
  min: null
  tcpBeLiberal: false
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
  udpStreamTimeout: 0s
  udpTimeout: 0s
detectLocal:
  bridgeInterface: ""
  interfaceNamePrefix: ""
detectLocalMode: ""
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  localhostNodePorts: null
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: "${p.ipvsScheduler === 'rr' ? '' : p.ipvsScheduler}"
  strictARP: false
  syncPeriod: 0s
  tcpFinTimeout: 0s
  tcpTimeout: 0s
  udpTimeout: 0s
kind: KubeProxyConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
metricsBindAddress: ""
mode: ${p.mode}
nftables:
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
showHiddenMetricsForVersion: ""
winkernel:
  enableDSR: false
  forwardHealthCheckVip: false
  networkName: ""
  rootHnsEndpointName: ""
  sourceVip: ""`;
}

function kubeconfigConf(lab: Lab): string {
  const server = lab.cluster.nodes[0]?.ip ?? '127.0.0.1';
  return `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: https://${server}:6443
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token`;
}

const indent = (s: string) =>
  s
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');

/** The object as kubeadm created it, in `kubectl get -o yaml` form. */
export function defaultConfigMapYaml(lab: Lab): string {
  return `apiVersion: v1
data:
  config.conf: |-
${indent(configConf(lab))}
  kubeconfig.conf: |-
${indent(kubeconfigConf(lab))}
kind: ConfigMap
metadata:
  labels:
    app: kube-proxy
  name: kube-proxy
  namespace: kube-system`;
}

const isConfigEdit = (argv: readonly string[]) => argv[0] === 'kubectl' && argv.includes('edit');

/** kubectl edit drops the lines starting with `#` (its instructions) before it sends the object. */
function stripComments(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\s+$/, '');
}

/** The ConfigMap as it is now: the last saved edit, else kubeadm's. */
export function configMapYaml(lab: Lab): string {
  const last = [...(lab.edits ?? [])].reverse().find((e) => isConfigEdit(e.argv) && e.stdin !== undefined);
  return last ? stripComments(last.stdin!) : defaultConfigMapYaml(lab);
}

/** What `kubectl edit` shows in the editor: its instructions, then the object. */
export function editBuffer(lab: Lab): string {
  return [
    "# Please edit the object below. Lines beginning with a '#' will be ignored,",
    '# and an empty file will abort the edit. If an error occurs while saving this file will be',
    '# reopened with the relevant failures.',
    '#',
    configMapYaml(lab),
    '',
  ].join('\n');
}

/** The `mode:` of the ConfigMap's config.conf ("" = the best available, iptables on Linux). */
export function configuredMode(yamlText: string): { mode: string } | { error: string } {
  try {
    const obj = parse(yamlText, { maxAliasCount: 100 }) as { data?: Record<string, unknown> } | null;
    const conf = obj?.data?.['config.conf'];
    if (typeof conf !== 'string') return { mode: '' };
    const inner = parse(conf, { maxAliasCount: 100 }) as { mode?: unknown } | null;
    return { mode: typeof inner?.mode === 'string' ? inner.mode : '' };
  } catch (e) {
    return { error: (e as Error).message.split('\n')[0] };
  }
}

export function getKubeProxyConfigMap(shell: Shell): CommandResult {
  if (!runsKubeProxy(shell.lab)) return done(shell, NOT_FOUND('configmaps', 'kube-proxy'), 1);
  return done(shell, configMapYaml(shell.lab));
}

export function editKubeProxyConfigMap(shell: Shell, argv: readonly string[]): CommandResult {
  if (!runsKubeProxy(shell.lab)) return done(shell, NOT_FOUND('configmaps', 'kube-proxy'), 1);
  if (shell.stdin === undefined)
    return done(shell, 'podpath: kubectl edit needs the edited object: the terminal opens an editor for it (or give it on stdin)', 1);
  const edited = stripComments(shell.stdin);
  if (edited.trim() === '') return done(shell, 'Edit cancelled, no changes made.');
  if (edited === configMapYaml(shell.lab)) return done(shell, 'Edit cancelled, no changes made.');
  const doc = parseDocument(edited);
  if (doc.errors.length) return done(shell, `error: The edited file had a syntax error: ${doc.errors[0].message.split('\n')[0]}`, 1);
  let obj: { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
  try {
    obj = doc.toJS({ maxAliasCount: 100 }) as typeof obj;
  } catch (e) {
    return done(shell, `error: The edited file had a syntax error: ${e instanceof Error ? e.message : String(e)}`, 1);
  }
  if (obj?.apiVersion !== 'v1' || obj.kind !== 'ConfigMap' || obj.metadata?.name !== 'kube-proxy')
    return done(shell, 'error: At least one of apiVersion, kind and name was changed', 1);
  const conf = configuredMode(edited);
  if ('error' in conf) return done(shell, `error: The edited file had a syntax error: ${conf.error}`, 1);
  return commit(shell, argv, {}, 'configmap/kube-proxy edited');
}

/** validateProxyModeLinux (pkg/proxy/apis/config/validation/validation.go) */
const LINUX_MODES = ['iptables', 'ipvs', 'nftables'];

export function restartKubeProxy(shell: Shell): CommandResult {
  const lab = shell.lab;
  if (!runsKubeProxy(lab)) return done(shell, NOT_FOUND('daemonsets.apps', 'kube-proxy'), 1);
  const conf = configuredMode(configMapYaml(lab));
  const mode = 'error' in conf ? lab.cluster.proxy.mode : conf.mode === '' ? 'iptables' : conf.mode;
  if (!LINUX_MODES.includes(mode))
    return done(
      shell,
      `podpath: the new kube-proxy pods would exit (KubeProxyConfiguration.Mode: Invalid value: "${mode}": must be iptables, ipvs, nftables or blank (blank means the best-available proxy [currently iptables])) and crash-loop; the lab does not model that, so kube-proxy keeps running in ${lab.cluster.proxy.mode} mode`,
      1,
    );
  if (!MODELLED_PROXY_MODES.includes(mode)) return done(shell, `podpath: kube-proxy mode ${mode} is not modelled yet in this lab`, 127);
  const s = lab.scenario;
  const scenario = {
    ...s,
    cluster: { ...s.cluster, kubeProxy: mode as typeof s.cluster.kubeProxy },
    // the restarted pods run on every node, also where kube-proxy had stopped
    faults: s.faults.filter((f) => f.type !== 'kube-proxy-stopped'),
  };
  const r = rebuildWith(lab, scenario);
  if (!r.ok) return done(shell, `podpath: this lab cannot run kube-proxy in ${mode} mode: ${r.error}`, 1);
  return { lab: r.lab, output: 'daemonset.apps/kube-proxy restarted', exitCode: 0, traces: [] };
}
