/**
 * NetworkPolicy: default-deny, OR versus AND peers, the egress policy that forgot DNS, and the
 * Flannel no-op. Facts: REFERENCE.md §5 (isolation per direction, additive union, peers in one
 * element AND / separate elements OR, podSelector alone = the policy's namespace, policyTypes
 * defaults) and §5.1 rows 1, 3, 5, 6; seeds 001 §13, 002 "NetworkPolicy enforcement", 004.
 */
import { seedRef } from '../seeds';
import type { Lesson } from '../types';
import { paras } from './text';

type Peer = Record<string, unknown>;

function policyScenario(name: string, cni: 'calico' | 'flannel', dbPeers: readonly Peer[], extra: readonly unknown[] = []) {
  return {
    apiVersion: 'podpath/v1',
    kind: 'Scenario',
    metadata: { name, description: 'A default-deny in prod and an allow for the database.' },
    cluster: {
      cni,
      mode: cni === 'calico' ? 'bgp' : 'vxlan',
      podCIDR: '10.244.0.0/16',
      nodes: [
        { name: 'node1', ip: '192.168.1.10' },
        { name: 'node2', ip: '192.168.1.11' },
      ],
      namespaces: [
        { name: 'prod', labels: { env: 'prod' } },
        { name: 'dev', labels: { env: 'dev' } },
      ],
      pods: [
        { name: 'frontend', namespace: 'prod', node: 'node1', labels: { app: 'frontend' } },
        { name: 'batch', namespace: 'prod', node: 'node1', labels: { app: 'batch' } },
        { name: 'tester', namespace: 'dev', node: 'node1', labels: { app: 'frontend' } },
        { name: 'db', namespace: 'prod', node: 'node2', labels: { app: 'db' }, ports: [5432] },
      ],
      services: [{ name: 'db', namespace: 'prod', selector: { app: 'db' }, ports: [{ name: 'pg', port: 5432, targetPort: 5432, protocol: 'TCP' }] }],
      networkPolicies: [
        {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: 'default-deny', namespace: 'prod' },
          spec: { podSelector: {}, policyTypes: ['Ingress'] },
        },
        {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: 'db-from-frontend', namespace: 'prod' },
          spec: { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: dbPeers, ports: [{ protocol: 'TCP', port: 5432 }] }] },
        },
        ...extra,
      ],
    },
  };
}

// two list elements: namespace env=prod OR pods app=frontend (of the policy's own namespace)
const OR_PEERS = [{ namespaceSelector: { matchLabels: { env: 'prod' } } }, { podSelector: { matchLabels: { app: 'frontend' } } }];
// one element with both selectors: pods app=frontend AND in a namespace env=prod
const AND_PEERS = [{ namespaceSelector: { matchLabels: { env: 'prod' } }, podSelector: { matchLabels: { app: 'frontend' } } }];

const FRONTEND_EGRESS = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'frontend-egress', namespace: 'prod' },
  spec: {
    podSelector: { matchLabels: { app: 'frontend' } },
    policyTypes: ['Egress'],
    egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
  },
};

const orScenario = policyScenario('lesson-policy-or', 'calico', OR_PEERS);
const andScenario = policyScenario('lesson-policy-and', 'calico', AND_PEERS);
const egressScenario = policyScenario('lesson-policy-egress', 'calico', OR_PEERS, [FRONTEND_EGRESS]);
const flannelScenario = policyScenario('lesson-policy-flannel', 'flannel', OR_PEERS);

const ALLOW_DNS = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-dns
  namespace: prod
spec:
  podSelector: {}
  policyTypes:
  - Egress
  egress:
  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
      podSelector:
        matchLabels:
          k8s-app: kube-dns
    ports:
    - protocol: UDP
      port: 53
    - protocol: TCP
      port: 53
`;

export const networkPolicy: Lesson = {
  id: 'network-policy',
  title: 'NetworkPolicy: default-deny, AND versus OR',
  summary:
    'Isolation per direction, peers that combine one way in a list and another in one element, the DNS egress everyone forgets, and a CNI that ignores it all.',
  topic: 'policy',
  domains: ['cks-microservices', 'cks-cluster-setup', 'cka-networking'],
  minutes: 26,
  scenario: { inline: orScenario },
  steps: [
    {
      id: 'model',
      kind: 'explain',
      title: 'Open until selected',
      body: paras(
        "Pods accept everything until a NetworkPolicy selects them for a direction. From then on that direction is default-deny, and only what some policy allows gets through: policies add up, there is no order and (in the core API) no deny rule. A connection needs the sender's egress and the receiver's ingress to allow it; replies of an allowed connection pass by themselves.",
        'In `prod` here, `default-deny` selects every pod for Ingress with no rules. `db-from-frontend` then allows TCP 5432 to the db pod from two peers, written as two list elements: `namespaceSelector: {env: prod}` and `podSelector: {app: frontend}`.',
        'Kubernetes stores policies; the CNI enforces them. This cluster runs Calico, whose Felix agent turns them into iptables chains and ipsets on every node.',
      ),
      seeds: [
        seedRef('001', 'What are Network Policies?'),
        seedRef('001', 'Network Policy Structure'),
        seedRef('002', 'NetworkPolicy enforcement: where the firewall actually lives'),
        seedRef('004', 'NetworkPolicy: a Default-Deny Pattern'),
        seedRef('003', 'NetworkPolicy Practice'),
        seedRef('001', 'Common Patterns'),
      ],
    },
    {
      id: 'or-namespace',
      kind: 'predict',
      title: 'A prod pod that is not the frontend',
      body: 'batch lives in `prod` but is labelled `app: batch`. It connects to db:5432. Allowed?',
      probe: { from: 'prod/batch', to: 'prod/db:5432', protocol: 'tcp', timeout: 1 },
      atChoices: ['pod:prod/batch', 'node1', 'node2', 'pod:prod/db'],
      reasonChoices: ['FILTERED', 'CONNECTION_REFUSED', 'TIMEOUT', 'PORT_UNREACHABLE'],
      solution: [{ do: 'predict', prediction: { verdict: 'delivered' } }],
      seeds: [seedRef('001', 'Network Policy Structure')],
    },
    {
      id: 'or-pod',
      kind: 'predict',
      title: 'A frontend from another namespace',
      body: 'tester in `dev` carries `app: frontend`, the very label the second peer names. It connects to db:5432. Allowed?',
      probe: { from: 'dev/tester', to: 'prod/db:5432', protocol: 'tcp', timeout: 1 },
      atChoices: ['pod:dev/tester', 'node1', 'node2', 'pod:prod/db'],
      reasonChoices: ['FILTERED', 'CONNECTION_REFUSED', 'TIMEOUT', 'PORT_UNREACHABLE'],
      solution: [{ do: 'predict', prediction: { verdict: 'dropped', at: 'node2', reason: 'FILTERED' } }],
      seeds: [seedRef('004', 'Common Confusion / Misconception')],
    },
    {
      id: 'why',
      kind: 'investigate',
      title: 'Where the drop lives',
      body: paras(
        "batch got in through the namespace peer: separate list elements are OR. tester did not: a `podSelector` on its own only means pods in the policy's own namespace, so `app: frontend` in `dev` matches nothing.",
        'The drop happened on node2, in the chain Felix wrote for db\'s veth. Dump node2\'s filter table and find the `cali-tw-…` chain ("to workload") and the policy chains it calls.',
      ),
      hint: 'On node2: `iptables-save -t filter`.',
      goal: { kind: 'ran', pattern: '^iptables(-save( -t filter)?| (-t filter )?-(S|L))', where: 'node2', text: "node2's filter table" },
      solution: [{ do: 'command', where: 'node2', line: 'iptables-save -t filter' }],
      seeds: [seedRef('003', 'Calico: BGP Routing and NetworkPolicy'), seedRef('001', 'On the Node')],
    },
    {
      id: 'and',
      kind: 'predict',
      title: 'One element, both selectors',
      scenario: { inline: andScenario },
      body: 'The same policy with the two selectors in ONE element: `- namespaceSelector: {env: prod}` and `podSelector: {app: frontend}` under the same dash. Now both must hold. batch (prod, `app: batch`) connects to db:5432 again. Allowed?',
      probe: { from: 'prod/batch', to: 'prod/db:5432', protocol: 'tcp', timeout: 1 },
      atChoices: ['pod:prod/batch', 'node1', 'node2', 'pod:prod/db'],
      reasonChoices: ['FILTERED', 'CONNECTION_REFUSED', 'TIMEOUT', 'PORT_UNREACHABLE'],
      solution: [{ do: 'predict', prediction: { verdict: 'dropped', at: 'node2', reason: 'FILTERED' } }],
      seeds: [seedRef('001', 'Network Policy Structure'), seedRef('001', 'Example 4: Implement Network Policy')],
    },
    {
      id: 'dns-egress',
      kind: 'fix',
      title: 'The egress policy that forgot DNS',
      scenario: { inline: egressScenario },
      faults: [],
      body: paras(
        'A new policy `frontend-egress` allows the frontend out to db on TCP 5432 — and nothing else. The frontend now reaches db by pod IP, but `db.prod.svc.cluster.local` no longer resolves: its queries to CoreDNS on UDP 53 are egress too, and no policy allows them.',
        'Allow DNS for the namespace: an egress policy to the kube-dns pods in kube-system on UDP and TCP 53, applied with `kubectl apply -f -`.',
      ),
      hint: 'Apply a NetworkPolicy in prod with `podSelector: {}`, `policyTypes: [Egress]` and an egress rule to `namespaceSelector {kubernetes.io/metadata.name: kube-system}` + `podSelector {k8s-app: kube-dns}` on ports 53/UDP and 53/TCP.',
      goal: {
        kind: 'reach',
        probe: { from: 'prod/frontend', to: 'db.prod.svc.cluster.local:5432', protocol: 'tcp' },
        fate: { verdict: 'delivered' },
        text: 'frontend reaches db by its Service name',
      },
      solution: [
        { do: 'probe', probe: { from: 'prod/frontend', to: 'db.prod.svc.cluster.local:5432', protocol: 'tcp' } },
        { do: 'command', where: 'node1', line: 'kubectl apply -f -', stdin: ALLOW_DNS },
      ],
      seeds: [seedRef('000', 'DNS and NAT Boundaries'), seedRef('001', 'Best Practices')],
    },
    {
      id: 'cilium-identity',
      kind: 'predict',
      title: 'Cilium: identities instead of addresses',
      scenario: { sample: 'cilium-policy' },
      body: paras(
        'Cilium enforces the same API differently. Pods with the same labels share a numeric security identity; the agent compiles policies into per-endpoint eBPF maps keyed by (peer identity, port), and the tc programs look every new flow up there — no per-address iptables rules, so pod churn does not rewrite chains.',
        'Here `web-from-client` admits only `app: client` to web-1 on 8080. The pod `intruder` (`app: intruder`) connects to web-1:8080. Where does it end, and with which reason?',
      ),
      probe: { from: 'intruder', to: 'web-1:8080', protocol: 'tcp', timeout: 1 },
      atChoices: ['pod:default/intruder', 'node1', 'node2', 'pod:default/web-1'],
      reasonChoices: ['POLICY_DENIED', 'POLICY_DENY_RULE', 'FILTERED', 'CONNECTION_REFUSED'],
      solution: [{ do: 'predict', prediction: { verdict: 'dropped', at: 'node2', reason: 'POLICY_DENIED' } }],
      seeds: [seedRef('002', 'NetworkPolicy enforcement: where the firewall actually lives'), seedRef('003', `Cilium: eBPF${'\u2011'}Based Networking`)],
    },
    {
      id: 'hubble',
      kind: 'investigate',
      title: 'Ask Hubble what was dropped',
      scenario: { sample: 'cilium-policy' },
      body: paras(
        "Hubble records every flow the datapath sees, with the verdict and the reason. On node2, list the dropped flows: the intruder's SYN shows up as `Policy denied DROPPED` between two identities.",
        'The `api-l7` CiliumNetworkPolicy goes one layer up: it admits the client to api-1 only for `GET /healthz`, so Envoy answers any other request with 403. Curl api-1:8080 from the client and look again.',
      ),
      hint: 'On node2: `hubble observe --verdict DROPPED`; send an HTTP probe from client to `api-1:8080`; run it again.',
      goal: {
        kind: 'all',
        text: 'Find the drops in Hubble and meet the L7 rule',
        goals: [
          { kind: 'ran', pattern: '^hubble observe', where: 'node2', text: 'hubble observe on node2' },
          {
            kind: 'sent',
            probe: { from: 'client', to: 'api-1' },
            fate: { verdict: 'rejected', reason: 'L7_POLICY_DENIED' },
            text: "the client's request to api-1 is refused by the L7 rule",
          },
        ],
      },
      solution: [
        { do: 'command', where: 'node2', line: 'hubble observe --verdict DROPPED' },
        { do: 'probe', probe: { from: 'client', to: 'api-1:8080', protocol: 'http' } },
        { do: 'command', where: 'node2', line: 'hubble observe --verdict DROPPED' },
      ],
      seeds: [seedRef('003', 'Hubble Observability'), seedRef('003', 'Cilium eBPF Enhancements')],
    },
    {
      id: 'flannel',
      kind: 'send',
      title: 'The same policies on Flannel',
      scenario: { inline: flannelScenario },
      body: paras(
        'The same namespaces, pods and policies on plain Flannel, which only provides connectivity. Send tester → db:5432 again. It is delivered: the policies exist in the API, and nothing on the nodes enforces them. The trace says which policies would have denied it.',
        'A NetworkPolicy that blocks nothing is, most of the time, a CNI that does not enforce policy — use Calico, Cilium or Canal (Calico policy on Flannel networking).',
      ),
      hint: 'Send a TCP probe from `dev/tester` to `prod/db:5432`.',
      goal: { kind: 'sent', probe: { from: 'dev/tester', to: 'prod/db' }, fate: { verdict: 'delivered' }, text: 'tester reaches db on Flannel' },
      solution: [{ do: 'probe', probe: { from: 'dev/tester', to: 'prod/db:5432', protocol: 'tcp' } }],
      seeds: [
        seedRef('001', 'CNI Support'),
        seedRef('002', '6. NetworkPolicy enforcement (with a policy-capable CNI)'),
        seedRef('002', 'Exercise'),
        seedRef('004', 'Which CNI Should I Use?'),
      ],
    },
  ],
};
