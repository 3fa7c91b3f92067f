/**
 * `kubectl describe svc|pod|cm NAME [-n NS]` from the lab's API objects, field by field as
 * kubectl pkg/describe/describe.go writes them (describeService, describePod,
 * ConfigMapDescriber, DescribeEvents, printLabelsMultiline, printAnnotationsMultiline,
 * formatEndpointSlices), laid out by its tabwriter (kubectl-format.ts tabbedString).
 * The describe command (pkg/cmd/describe Run): several objects are separated by an empty
 * line and shown without events; a NAME that matches nothing exactly describes every object
 * whose name starts with it (DescribeMatchingResources), else NotFound.
 *
 * describe pod shows what the lab models: the top block, Conditions and Events. The
 * Containers, Volumes, QoS Class, Node-Selectors and Tolerations sections (images, mounts,
 * scheduling constraints) are not modelled; a line where they would end says so instead of
 * inventing them.
 */
import type { Lab } from '../lab';
import type { PodInfo } from '../model/datapath';
import type { ServiceInfo } from '../model/k8s';
import { LAB_EPOCH_S } from '../model/lab-clock';
import { type CommandResult, done, type Shell } from './context';
import { formatLabels, humanDuration, tabbedString } from './kubectl-format';
import {
  byNamespaceAndName,
  clusterIPs,
  corednsConfigMap,
  ipFamilyPolicy,
  isStaticPod,
  podEvents,
  type PodEvent,
  podPhase,
  podPriority,
  podServiceAccount,
  serviceAnnotations,
  slicesOf,
} from './kubectl-objects';
import { KINDS, type Kind } from './kubectl-resources';

export const POD_NOT_MODELLED =
  "podpath: not modelled in this lab: the Containers, Volumes, QoS Class, Node-Selectors and Tolerations sections, and the kubelet's container events";

function labelsBlock(title: string, labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort();
  if (!keys.length) return `${title}:\t<none>\n`;
  return keys.map((k, i) => `${i === 0 ? `${title}:` : ''}\t${k}=${labels[k]}\n`).join('');
}

/** printAnnotationsMultiline (values here are short and single-line). */
function annotationsBlock(annotations: Readonly<Record<string, string>>): string {
  const keys = Object.keys(annotations).sort();
  if (!keys.length) return 'Annotations:\t<none>\n';
  return keys.map((k, i) => `${i === 0 ? 'Annotations:' : ''}\t${k}: ${annotations[k]}\n`).join('');
}

function eventsBlock(lab: Lab, events: readonly PodEvent[] | undefined): string {
  if (!events) return '';
  if (!events.length) return 'Events:\t<none>\n';
  const rows = events.map((e) => `  ${e.type}\t${e.reason}\t${humanDuration(lab.kernel.now - e.at)}\t${e.from}\t${e.message}\n`);
  return `Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n${rows.join('')}`;
}

/** formatEndpointSlices(slices, {port name}): ready `ip:port` of the slice port with that name, at most 3. */
function endpointsFor(lab: Lab, s: ServiceInfo, portName: string): string {
  const slices = slicesOf(lab, s);
  if (!slices.length) return '<none>';
  const list: string[] = [];
  for (const e of slices) {
    for (const p of e.ports) {
      if ((p.name ?? '') !== portName) continue;
      for (const x of e.endpoints) if (x.conditions.ready) list.push(`${x.addresses[0]}:${p.port}`);
    }
    if (!e.ports.length) for (const x of e.endpoints) if (x.conditions.ready) list.push(x.addresses[0]);
  }
  return list.length > 3 ? `${list.slice(0, 3).join(',')} + ${list.length - 3} more...` : list.join(',');
}

export function describeService(lab: Lab, s: ServiceInfo): string[] {
  let t = `Name:\t${s.name}\nNamespace:\t${s.namespace}\n`;
  t += labelsBlock('Labels', s.labels) + annotationsBlock(serviceAnnotations(s));
  t += `Selector:\t${s.selector && Object.keys(s.selector).length ? formatLabels(s.selector) : '<none>'}\nType:\t${s.type}\n`;
  const policy = ipFamilyPolicy(s);
  if (policy) t += `IP Family Policy:\t${policy}\n`;
  const ips = clusterIPs(s);
  t += `IP Families:\t${policy ? 'IPv4' : '<none>'}\nIP:\t${s.clusterIP ?? ''}\nIPs:\t${ips.length ? ips.join(',') : '<none>'}\n`;
  if (s.externalIPs.length) t += `External IPs:\t${s.externalIPs.join(',')}\n`;
  if (s.externalName) t += `External Name:\t${s.externalName}\n`;
  // the API server defaults ipMode VIP for an ingress IP (LoadBalancerIPMode, beta and on since v1.30)
  if (s.type === 'LoadBalancer' && s.loadBalancerIP) t += `LoadBalancer Ingress:\t${s.loadBalancerIP} (VIP)\n`;
  for (const p of s.ports) {
    const name = p.name || '<unset>';
    t += `Port:\t${name}\t${p.port}/${p.protocol}\nTargetPort:\t${p.targetPort}/${p.protocol}\n`;
    if (p.nodePort) t += `NodePort:\t${name}\t${p.nodePort}/${p.protocol}\n`;
    t += `Endpoints:\t${endpointsFor(lab, s, p.name ?? '')}\n`;
  }
  t += `Session Affinity:\t${s.sessionAffinity}\n`;
  // the API server keeps externalTrafficPolicy only on NodePort and LoadBalancer Services, internalTrafficPolicy on all but ExternalName
  if (s.type === 'NodePort' || s.type === 'LoadBalancer') t += `External Traffic Policy:\t${s.externalTrafficPolicy}\n`;
  if (s.type !== 'ExternalName') t += `Internal Traffic Policy:\t${s.internalTrafficPolicy}\n`;
  return tabbedString(t + eventsBlock(lab, []));
}

/** Go time.RFC1123Z of the lab's start (LAB_EPOCH): pods start when the scenario does. */
function startTime(): string {
  const d = new Date(LAB_EPOCH_S * 1000);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${day}, ${two(d.getUTCDate())} ${month} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/**
 * status.conditions as the kubelet writes them (v1.29+ with PodReadyToStartContainers;
 * order as in captured output, UNVERIFIED): the sandbox is up unless CNI ADD failed, and
 * Ready follows the readiness probe.
 */
function conditions(p: PodInfo): [string, boolean][] {
  const sandbox = p.status === 'Running';
  const ready = sandbox && p.ready;
  return [
    ['PodReadyToStartContainers', sandbox],
    ['Initialized', true],
    ['Ready', ready],
    ['ContainersReady', ready],
    ['PodScheduled', true],
  ];
}

export function describePod(lab: Lab, p: PodInfo, showEvents = true): string[] {
  const node = lab.cluster.nodes.find((n) => n.name === p.node);
  const prio = podPriority(p);
  const sa = podServiceAccount(p);
  let t = `Name:\t${p.name}\nNamespace:\t${p.namespace}\nPriority:\t${prio.priority}\n`;
  if (prio.className) t += `Priority Class Name:\t${prio.className}\n`;
  if (sa) t += `Service Account:\t${sa}\n`;
  t += p.node ? `Node:\t${p.node}/${node?.ip ?? ''}\n` : 'Node:\t<none>\n';
  t += `Start Time:\t${startTime()}\n`;
  t += labelsBlock('Labels', p.labels) + annotationsBlock({});
  t += `Status:\t${podPhase(p)}\nIP:\t${p.ip ?? ''}\n`;
  t += p.ip ? `IPs:\n  IP:\t${p.ip}\n` : 'IPs:\t<none>\n';
  if (p.owner) t += `Controlled By:\t${p.owner}\n`;
  t += `Conditions:\n  Type\tStatus\n${conditions(p)
    .map(([type, ok]) => `  ${type} \t${ok ? 'True' : 'False'} \n`)
    .join('')}`;
  // the note stands where Volumes … Tolerations would be; being tab-less it ends the Conditions block as they do
  t += `${POD_NOT_MODELLED}${isStaticPod(p) ? "; nor this static pod's kubelet annotations (kubernetes.io/config.*)" : ''}\n`;
  t += eventsBlock(lab, showEvents ? podEvents(lab, p) : undefined);
  return tabbedString(t);
}

/** ConfigMapDescriber: sorted data keys, each `key:\n----\nvalue\n\n`, then BinaryData, then events. */
export function describeCorednsConfigMap(lab: Lab): string[] {
  const cm = corednsConfigMap(lab);
  let t = `Name:\t${cm.name}\nNamespace:\t${cm.namespace}\nLabels:\t<none>\nAnnotations:\t<none>\n\nData\n====\n`;
  for (const k of Object.keys(cm.data).sort()) t += `${k}:\n----\n${cm.data[k]}\n\n`;
  t += '\nBinaryData\n====\n\n';
  return tabbedString(t + eventsBlock(lab, []));
}

export const DESCRIBABLE: readonly Kind[] = ['services', 'pods', 'configmaps'];

/**
 * Describes the objects of `kind` in `namespace` (every namespace when undefined) named
 * `name`, or all of them. describe.go Run shows events for a single object only; a name
 * with no exact match describes the objects starting with it (DescribeMatchingResources:
 * each followed by an empty line, without events), or fails NotFound.
 */
export function kubectlDescribe(shell: Shell, kind: Kind, name: string | undefined, namespace: string | undefined): CommandResult {
  const lab = shell.lab;
  const inNs = <T extends { readonly namespace: string; readonly name: string }>(xs: readonly T[]) =>
    xs.filter((x) => namespace === undefined || x.namespace === namespace).sort(byNamespaceAndName);
  const all: { name: string; text: (events: boolean) => string[] }[] =
    kind === 'services'
      ? inNs(lab.cluster.api.services).map((s) => ({ name: s.name, text: () => describeService(lab, s) }))
      : kind === 'pods'
        ? inNs(lab.cluster.pods).map((p) => ({ name: p.name, text: (ev: boolean) => describePod(lab, p, ev) }))
        : inNs([corednsConfigMap(lab)]).map(() => ({ name: 'coredns', text: () => describeCorednsConfigMap(lab) }));
  const exact = name === undefined ? all : all.filter((o) => o.name === name);
  if (exact.length) return done(shell, exact.map((o) => o.text(exact.length === 1).join('\n')).join('\n\n\n'));
  if (name === undefined) return done(shell, namespace === undefined ? 'No resources found' : `No resources found in ${namespace} namespace.`);
  const prefixed = all.filter((o) => o.name.startsWith(name));
  if (!prefixed.length) return done(shell, `Error from server (NotFound): ${KINDS[kind].resource} "${name}" not found`, 1);
  return done(shell, prefixed.map((o) => `${o.text(false).join('\n')}\n`).join('\n'));
}
