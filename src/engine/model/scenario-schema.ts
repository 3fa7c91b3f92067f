/**
 * The scenario schema (SCENARIOS.md), validated with zod: a bad file gets a message that
 * names the field. Fields SCENARIOS.md leaves open are documented in docs/scenarios.md.
 */
import { z } from 'zod';
import { isCidr, isIpv4 } from '../wire/ipv4';
import { CNI_MODES, MAX_PROBE_PAYLOAD, PROBE_PROTOCOLS } from './shapes';
import { parseIcmpType } from '../tables/iptables-parse';
// policy/objects.ts imports nothing from model/, so there is no cycle (layers.test.ts ranks this file above policy)
import { policyObjectKey, policyObjectSchema } from '../policy/objects';

export { CNI_MODES, PROBE_PROTOCOLS, type CniName } from './shapes';

const ipv4 = z.string().refine(isIpv4, { message: 'must be an IPv4 address like 10.244.1.5' });
const cidr = z.string().refine(isCidr, { message: 'must be a CIDR like 10.244.0.0/16' });
const name = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { message: 'must be a DNS-1123 name (lowercase letters, digits, "-" and ".")' });
const labels = z.record(z.string(), z.string());
const mtu = z.number().int().min(68, { message: 'an IPv4 MTU is at least 68 (RFC 791)' }).max(65535);

const containerPort = z.union([
  z.number().int().min(1).max(65535),
  z
    .object({ name: z.string().optional(), containerPort: z.number().int().min(1).max(65535), protocol: z.enum(['TCP', 'UDP', 'SCTP']).default('TCP') })
    .strict(),
]);

const node = z
  .object({
    name,
    ip: ipv4,
    podCIDR: cidr.optional(),
    mtu: mtu.optional(),
    subnet: cidr.optional(),
    zone: z.string().optional(),
    /** the cloud instance type (vpc: its ENI and IP-per-ENI limits, REFERENCE.md §7) */
    instanceType: z.string().min(1).optional(),
    /** iptables-restore --noflush input applied to the node after its agents programmed it (rules of your own) */
    iptables: z.string().optional(),
    /** node labels (the scheduler matches a manifest pod's nodeSelector against them; kubernetes.io/hostname is implied) */
    labels: labels.optional(),
    /** node taints: a manifest pod lands here only if it tolerates them (NoSchedule, NoExecute) */
    taints: z
      .array(z.object({ key: z.string().min(1), value: z.string().optional(), effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']) }).strict())
      .optional(),
  })
  .strict();

const dnsOptions = z
  .object({
    /** kubelet --cluster-domain */
    domain: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { message: 'must be a DNS domain like cluster.local' })
      .default('cluster.local'),
    /** the kube-dns Service's ClusterIP (kubelet --cluster-dns); default: the 10th address of the service CIDR */
    serviceIP: ipv4.optional(),
    /** CoreDNS replicas (kubeadm: 2) */
    replicas: z.number().int().min(0).max(10).default(2),
    /** the nodes' resolver (CoreDNS forwards to it): default the underlay gateway; `none`: no upstream */
    upstream: z.union([ipv4, z.literal('none')]).optional(),
    /** search domains of the nodes' /etc/resolv.conf */
    hostSearch: z.array(z.string().min(1)).default([]),
  })
  .strict();

/** Pod spec.dnsConfig (core/v1 PodDNSConfig). */
const dnsConfig = z
  .object({
    nameservers: z.array(ipv4).max(3, { message: 'at most 3 nameservers (Kubernetes API validation)' }).optional(),
    searches: z.array(z.string().min(1)).max(32, { message: 'at most 32 search domains (MaxDNSSearchPaths)' }).optional(),
    options: z.array(z.object({ name: z.string().min(1), value: z.string().optional() }).strict()).optional(),
  })
  .strict();

const pod = z
  .object({
    name,
    namespace: name.default('default'),
    node: name,
    labels: labels.default({}),
    ports: z.array(containerPort).default([]),
    ip: ipv4.optional(),
    hostNetwork: z.boolean().default(false),
    dnsPolicy: z.enum(['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None']).optional(),
    dnsConfig: dnsConfig.optional(),
    libc: z.enum(['glibc', 'musl']).default('glibc'),
    /** the Ready condition (readiness probe); a pod that is not ready is not a Service endpoint */
    ready: z.boolean().default(true),
    hostname: name.optional(),
    subdomain: name.optional(),
  })
  .strict();

const servicePort = z
  .object({
    name: z.string().optional(),
    port: z.number().int().min(1).max(65535),
    targetPort: z.union([z.number().int().min(1).max(65535), z.string().min(1)]).optional(),
    protocol: z.enum(['TCP', 'UDP', 'SCTP']).default('TCP'),
    nodePort: z.number().int().min(30000, { message: 'a nodePort is in the default range 30000-32767' }).max(32767).optional(),
  })
  .strict();

const service = z
  .object({
    name,
    namespace: name.default('default'),
    labels: labels.default({}),
    selector: labels.optional(),
    ports: z.array(servicePort).default([]),
    type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']).default('ClusterIP'),
    clusterIP: z.union([ipv4, z.literal('None')]).optional(),
    externalName: z.string().min(1).optional(),
    sessionAffinity: z.enum(['None', 'ClientIP']).default('None'),
    sessionAffinityTimeout: z.number().int().min(1).max(86400).default(10800),
    externalTrafficPolicy: z.enum(['Cluster', 'Local']).default('Cluster'),
    internalTrafficPolicy: z.enum(['Cluster', 'Local']).default('Cluster'),
    externalIPs: z.array(ipv4).default([]),
    /** the address the outside load balancer answers on (status.loadBalancer.ingress[0].ip) */
    loadBalancerIP: ipv4.optional(),
    publishNotReadyAddresses: z.boolean().default(false),
  })
  .strict()
  .superRefine((svc, ctx) => {
    if (svc.type === 'ExternalName' && !svc.externalName)
      ctx.addIssue({ code: 'custom', path: ['externalName'], message: 'an ExternalName Service needs externalName' });
    if (svc.type !== 'ExternalName' && svc.clusterIP !== 'None' && svc.ports.length === 0)
      ctx.addIssue({ code: 'custom', path: ['ports'], message: 'a Service needs at least one port (spec.ports: Required value)' });
    if (svc.clusterIP === 'None' && (svc.type === 'NodePort' || svc.type === 'LoadBalancer'))
      ctx.addIssue({ code: 'custom', path: ['clusterIP'], message: `a headless Service cannot be of type ${svc.type}` });
    const names = svc.ports.map((p) => p.name ?? '');
    if (svc.ports.length > 1 && names.some((n) => !n))
      ctx.addIssue({ code: 'custom', path: ['ports'], message: 'when a Service has several ports, each needs a name' });
  });

const fault = z.discriminatedUnion('type', [
  z.object({ type: z.literal('mtu'), node: name, device: z.string().min(1), mtu, pod: z.string().optional() }).strict(),
  z.object({ type: z.literal('delete-route'), node: name, dst: z.union([cidr, z.literal('default')]) }).strict(),
  z
    .object({
      type: z.literal('add-route'),
      node: name,
      dst: z.union([cidr, z.literal('default')]),
      via: ipv4.optional(),
      dev: z.string().optional(),
      onlink: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      type: z.literal('block'),
      node: name,
      protocol: z.enum(['udp', 'tcp', 'icmp']),
      port: z.number().int().min(1).max(65535).optional(),
      /** with protocol icmp: `--icmp-type` as iptables takes it (`fragmentation-needed`, `3/4`, `echo-request` …) */
      icmpType: z
        .string()
        .refine((v) => parseIcmpType(v) !== undefined, { message: 'an ICMP type as iptables names it: fragmentation-needed, 3/4, echo-request …' })
        .optional(),
      chain: z.enum(['INPUT', 'FORWARD', 'OUTPUT']).default('INPUT'),
    })
    .strict(),
  z.object({ type: z.literal('delete-fdb'), node: name, device: z.string().min(1), peer: name }).strict(),
  z.object({ type: z.literal('delete-neigh'), node: name, device: z.string().min(1), peer: name }).strict(),
  /** `kubectl -n kube-system scale deployment coredns --replicas=N` */
  z.object({ type: z.literal('coredns-scale'), replicas: z.number().int().min(0).max(10) }).strict(),
  /** CoreDNS pods stay Running but fail their readiness probe: not ready, so no endpoints */
  z.object({ type: z.literal('coredns-not-ready') }).strict(),
  /** the Service's selector matches no pod (a label typo): the EndpointSlice controller empties its slice */
  z.object({ type: z.literal('endpointslice-empty'), service: z.string().min(1) }).strict(),
  /** the nodes' upstream resolver stops answering (CoreDNS's `forward .` gets nothing back) */
  z.object({ type: z.literal('upstream-dns-down') }).strict(),
  /** kube-proxy stops on a node (all nodes when none is given): its rules stay as they were; `services` were created afterwards */
  z.object({ type: z.literal('kube-proxy-stopped'), node: name.optional(), services: z.array(z.string().min(1)).default([]) }).strict(),
  /** a UDP conntrack entry on the pod's node still sends its DNS queries to a CoreDNS pod that is gone */
  z.object({ type: z.literal('stale-conntrack'), pod: z.string().min(1), deadIp: ipv4.optional() }).strict(),
  /** `sysctl -w` on a node: net.bridge.bridge-nf-call-iptables or net.ipv4.ip_forward */
  z
    .object({
      type: z.literal('sysctl'),
      node: name,
      key: z.enum(['net.bridge.bridge-nf-call-iptables', 'net.ipv4.ip_forward']),
      value: z.union([z.literal(0), z.literal(1)]),
    })
    .strict(),
  /** `bridge link set dev <pod's host veth> hairpin on|off` */
  z.object({ type: z.literal('hairpin'), node: name, pod: z.string().min(1), on: z.boolean() }).strict(),
  /** calico: the node's BIRD stops (`calico-node` BGP sessions down); its routes are withdrawn from every peer */
  z.object({ type: z.literal('bgp-down'), node: name }).strict(),
  /**
   * The node's IPAM has no address left (other workloads hold them all); `pod` (a pod on that node) is
   * recreated and its CNI ADD fails with the plugin's own error, so it stays ContainerCreating.
   */
  z.object({ type: z.literal('ipam-exhaust'), node: name, pod: z.string().min(1) }).strict(),
  /** vpc: the nodes' security group stops allowing `protocol` (all: every protocol) from the other nodes' ENIs */
  z
    .object({
      type: z.literal('security-group'),
      node: name.optional(),
      protocol: z.enum(['icmp', 'tcp', 'udp', 'all']).default('all'),
      port: z.number().int().min(1).max(65535).optional(),
    })
    .strict(),
  /** `sysctl -w net.ipv4.conf.<pod's host veth>.proxy_arp=0|1` (calico answers 169.254.1.1 by proxy ARP) */
  z.object({ type: z.literal('proxy-arp'), node: name, pod: z.string().min(1), on: z.boolean() }).strict(),
  /** `ip neigh flush all` on a node (or in a pod's namespace) */
  z.object({ type: z.literal('neigh-flush'), node: name, pod: z.string().min(1).optional() }).strict(),
]);

const probe = z
  .object({
    id: z.string().min(1).optional(),
    from: z.string().min(1),
    to: z.string().min(1),
    protocol: z.enum(PROBE_PROTOCOLS),
    size: z.number().int().min(0).max(MAX_PROBE_PAYLOAD).optional(),
    df: z.boolean().optional(),
    /**
     * Path-MTU discovery mode of the sending socket, as `ping -M`: `do` (DF always), `dont` (never),
     * `want` (the kernel default, what ping does without -M: DF on packets that fit the path MTU,
     * larger ones fragmented by the sender). Overrides `df` for ICMP and UDP.
     */
    pmtudisc: z.enum(['do', 'dont', 'want']).optional(),
    /** seconds the sender waits for an answer (ping -W); default 10 */
    timeout: z.number().positive().max(600).optional(),
    ttl: z.number().int().min(1).max(255).optional(),
    /** dns probes: the record type asked for (default: what getaddrinfo asks, A and AAAA) */
    qtype: z.enum(['A', 'AAAA', 'SRV', 'PTR', 'TXT', 'ANY']).optional(),
  })
  .strict();

const vxlanOptions = z
  .object({
    port: z.number().int().min(1).max(65535).optional(),
    vni: z.number().int().min(0).max(16777215).optional(),
    /** bind the VXLAN device to the node NIC (`dev eth0`, what flannel does) or leave it unbound */
    lowerDevice: z.enum(['bound', 'none']).default('bound'),
    mtu: mtu.optional(),
    df: z.enum(['unset', 'set', 'inherit']).default('unset'),
  })
  .strict();

/** A hand-written EndpointSlice (for a Service without a selector), as `manifests:` and `kubectl apply` bring it. */
export const endpointSliceSchema = z
  .object({
    name,
    namespace: name.default('default'),
    /** label kubernetes.io/service-name */
    service: name,
    /** label endpointslice.kubernetes.io/managed-by (the EndpointSlice controller leaves other managers' slices alone) */
    managedBy: z.string().min(1).default('kubectl'),
    ports: z
      .array(
        z.object({ name: z.string().optional(), port: z.number().int().min(1).max(65535), protocol: z.enum(['TCP', 'UDP', 'SCTP']).default('TCP') }).strict(),
      )
      .default([]),
    endpoints: z
      .array(
        z
          .object({
            addresses: z.array(ipv4).min(1),
            ready: z.boolean().default(true),
            serving: z.boolean().optional(),
            terminating: z.boolean().default(false),
            nodeName: name.optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export const clusterSchema = z
  .object({
    cni: z.enum(['flannel', 'calico', 'cilium', 'vpc']).default('flannel'),
    mode: z.string().optional(),
    kubeProxy: z.enum(['iptables', 'ipvs', 'nftables', 'ebpf', 'none']).default('iptables'),
    /** kube-proxy's IPVS scheduler (--ipvs-scheduler) */
    ipvs: z
      .object({ scheduler: z.enum(['rr', 'lc', 'sh']).default('rr') })
      .strict()
      .optional(),
    dns: dnsOptions.optional(),
    /** seed of the kernel's random generator (-m statistic, nft numgen): default derived from metadata.name */
    seed: z.number().int().min(0).max(0xffffffff).optional(),
    podCIDR: cidr.optional(),
    serviceCIDR: cidr.default('10.96.0.0/12'),
    underlayMTU: mtu.default(1500),
    podMTU: z.union([z.literal('auto'), mtu]).default('auto'),
    /** the underlay router nodes use as default gateway; `none`: nodes get no default route */
    gateway: z.union([ipv4, z.literal('none')]).optional(),
    vxlan: vxlanOptions.optional(),
    /**
     * every node gets `default via <address> dev eth0` although nothing on the underlay answers for it
     * (a router the lab does not draw): what the Calico kernel oracle builds, since proxy ARP needs a route
     */
    nodeDefaultVia: ipv4.optional(),
    /** Calico IPPool and Felix settings */
    calico: z
      .object({
        /** IPPool blockSize: each node's IPAM blocks (calico-ipam default /26) */
        blockSize: z.number().int().min(20).max(32).default(26),
        /** IPPool natOutgoing: pod traffic leaving the pools is masqueraded (default true) */
        natOutgoing: z.boolean().default(true),
      })
      .strict()
      .optional(),
    /** cilium-agent settings (cilium-config ConfigMap) */
    cilium: z
      .object({
        /** --service-no-backend-response: a Service without endpoints rejects (ICMP unreachable / EHOSTUNREACH) or drops */
        serviceNoBackendResponse: z.enum(['reject', 'drop']).default('reject'),
        /** cluster-pool-ipv4-mask-size: each node's pod range (default /24) */
        clusterPoolMaskSize: z.number().int().min(16).max(30).default(24),
      })
      .strict()
      .optional(),
    /** VPC CNI settings (aws-node environment) */
    vpc: z
      .object({
        /** ENABLE_NETWORK_POLICY: the network policy agent enforces NetworkPolicy with eBPF at tc */
        networkPolicy: z.boolean().default(false),
        /** AWS_VPC_K8S_CNI_EXTERNALSNAT: no SNAT on the node; an outside NAT gateway translates instead */
        externalSnat: z.boolean().default(false),
      })
      .strict()
      .optional(),
    /** flanneld flags: --ip-masq (kube-flannel.yml sets it) */
    flannel: z
      .object({ ipMasq: z.boolean().default(true) })
      .strict()
      .optional(),
    nodes: z.array(node).min(1, { message: 'a cluster needs at least one node' }),
    namespaces: z.array(z.object({ name, labels: labels.default({}) }).strict()).default([]),
    pods: z.array(pod).default([]),
    services: z.array(service).default([]),
    networkPolicies: z.array(policyObjectSchema).default([]),
    /** hand-written EndpointSlices (the controller writes the others from Services with selectors) */
    endpointSlices: z.array(endpointSliceSchema).default([]),
    externalHosts: z.array(z.object({ name: z.string().min(1), ip: ipv4 }).strict()).default([]),
    manifests: z.string().default(''),
  })
  .strict()
  .superRefine((c, ctx) => {
    const modes: readonly string[] = CNI_MODES[c.cni];
    if (c.mode !== undefined && !modes.includes(c.mode)) {
      ctx.addIssue({ code: 'custom', path: ['mode'], message: `${c.cni} has no mode "${c.mode}" (one of: ${modes.join(', ')})` });
    }
    if (c.kubeProxy === 'ebpf' && c.cni !== 'cilium') {
      ctx.addIssue({ code: 'custom', path: ['kubeProxy'], message: 'kubeProxy ebpf is the Cilium kube-proxy replacement: it needs cni: cilium' });
    }
    const seen = new Set<string>();
    c.nodes.forEach((n, i) => {
      if (seen.has(n.name)) ctx.addIssue({ code: 'custom', path: ['nodes', i, 'name'], message: `duplicate node name "${n.name}"` });
      seen.add(n.name);
    });
    const svcKeys = new Set<string>();
    c.services.forEach((s, i) => {
      const key = `${s.namespace}/${s.name}`;
      if (svcKeys.has(key)) ctx.addIssue({ code: 'custom', path: ['services', i, 'name'], message: `duplicate Service ${key}` });
      svcKeys.add(key);
    });
    const policyKeys = new Set<string>();
    c.networkPolicies.forEach((p, i) => {
      const key = policyObjectKey(p);
      if (policyKeys.has(key)) ctx.addIssue({ code: 'custom', path: ['networkPolicies', i, 'metadata', 'name'], message: `duplicate ${key}` });
      policyKeys.add(key);
    });
    const podKeys = new Set<string>();
    c.pods.forEach((p, i) => {
      if (!seen.has(p.node))
        ctx.addIssue({ code: 'custom', path: ['pods', i, 'node'], message: `pod "${p.name}" is on node "${p.node}", which is not in cluster.nodes` });
      const key = `${p.namespace}/${p.name}`;
      if (podKeys.has(key)) ctx.addIssue({ code: 'custom', path: ['pods', i, 'name'], message: `duplicate pod ${key}` });
      podKeys.add(key);
    });
  });

export const scenarioSchema = z
  .object({
    apiVersion: z.literal('podpath/v1', { message: 'apiVersion must be podpath/v1' }),
    kind: z.literal('Scenario', { message: 'kind must be Scenario' }),
    metadata: z.object({ name: z.string().min(1), description: z.string().optional() }).passthrough(),
    cluster: clusterSchema,
    faults: z.array(fault).default([]),
    probes: z.array(probe).default([]),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;
export type ClusterSpec = z.infer<typeof clusterSchema>;
export type FaultSpec = z.infer<typeof fault>;
export type ProbeSpec = z.infer<typeof probe>;
export type PodSpec = z.infer<typeof pod>;
export type EndpointSliceSpec = z.infer<typeof endpointSliceSchema>;
export { pod as podSchema, service as serviceSchema };
export type ServiceSpec = z.infer<typeof service>;
