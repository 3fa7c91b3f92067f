/**
 * The Kubernetes network model: one IP per pod, pod to pod without NAT, the three address
 * ranges, and who wires a pod (kubelet → CRI → CNI, the pause container). Facts: seeds 000,
 * 001, 002, 004; REFERENCE.md §6.1 (kubectl get pods -o wide), §6.2 (a flannel pod's routes).
 */
import { seedRef } from '../seeds';
import type { Lesson } from '../types';
import { paras } from './text';

export const networkModel: Lesson = {
  id: 'network-model',
  title: 'The network model: an IP per pod, no NAT',
  summary: 'The rules every cluster network obeys, the three address ranges, and who actually wires a pod.',
  topic: 'model',
  domains: ['cka-networking', 'cka-architecture'],
  minutes: 12,
  scenario: { sample: 'flannel-vxlan' },
  steps: [
    {
      id: 'rules',
      kind: 'explain',
      title: 'Four rules, no mechanism',
      body: paras(
        'Kubernetes writes down what the pod network must do and leaves the how to a plugin. The contract is short: every pod gets an address of its own; any pod reaches any other pod, on any node, by that address and without address translation; agents on a node (the kubelet, kube-proxy) reach the pods there; and the address a pod sees on its own `eth0` is the one everyone else uses for it.',
        'Containers of one pod share a single network namespace, so they talk over `localhost` and must not both bind the same port. Services sit on top of this flat pod network; they do not replace it.',
        "It is the opposite of Docker's default bridge, where containers hide behind the host's address and reach the outside through NAT and published ports: in Kubernetes a container listening on 8080 is reachable at its pod address, port 8080, from anywhere in the cluster.",
        'Nothing in those rules says VXLAN, BGP or eBPF. This lab runs Flannel in VXLAN mode, but the rules are the same on every shape you will meet in later lessons.',
      ),
      seeds: [
        seedRef('000', 'Kubernetes Network Model'),
        seedRef('001', 'The Kubernetes Networking Requirements'),
        seedRef('001', 'The Flat Network Model'),
        seedRef('002', 'Core concepts: the Kubernetes network model'),
        seedRef('004', 'What This Concept Is'),
        seedRef('001', 'Containers Within a Pod'),
        seedRef('001', 'How Docker Does It (Without Kubernetes)'),
        seedRef('001', 'Why Kubernetes Needs More'),
        seedRef('001', 'Network Components Overview'),
        seedRef('004', 'Cluster Networking Model: Every Pod Gets an IP'),
        seedRef('004', 'Check Yourself'),
      ],
      diagram: { highlight: ['pod:default/client', 'pod:default/web-0', 'pod:default/web-1'] },
    },
    {
      id: 'ranges',
      kind: 'investigate',
      title: 'Three ranges, three owners',
      body: paras(
        'A cluster juggles three address ranges that must never overlap: node addresses (your infrastructure: here 192.168.1.0/24), pod addresses (handed out by the CNI plugin through IPAM: 10.244.0.0/16, a /24 slice per node) and Service ClusterIPs (allocated by the API server from `--service-cluster-ip-range`: 10.96.0.0/12).',
        "List the pods with their IPs and nodes, the nodes with their internal IPs, and the Services. Note which range each address falls in — and that `kube-apiserver-node1` shows the node address, because it runs in the node's own namespace.",
      ),
      hint: 'Run `kubectl get pods -A -o wide`, `kubectl get nodes -o wide` and `kubectl get svc -A` on node1.',
      goal: {
        kind: 'all',
        text: 'Look at pod, node and Service addresses',
        goals: [
          { kind: 'ran', pattern: '^kubectl get pods? .*-o wide', text: 'kubectl get pods -o wide' },
          { kind: 'ran', pattern: '^kubectl get nodes? .*-o wide', text: 'kubectl get nodes -o wide' },
          { kind: 'ran', pattern: '^kubectl get (svc|services?)\\b', text: 'kubectl get svc' },
        ],
      },
      solution: [
        { do: 'command', where: 'node1', line: 'kubectl get pods -A -o wide' },
        { do: 'command', where: 'node1', line: 'kubectl get nodes -o wide' },
        { do: 'command', where: 'node1', line: 'kubectl get svc -A' },
      ],
      seeds: [
        seedRef('002', 'The three IP ranges you must keep straight'),
        seedRef('001', 'IP Address Allocation'),
        seedRef('000', 'Command Examples'),
        seedRef('002', '3. Deploy Pods and inspect IPs, namespaces and veths'),
        seedRef('002', '1. A multi-node cluster'),
      ],
    },
    {
      id: 'wiring',
      kind: 'explain',
      title: 'kubelet → CRI → CNI',
      body: paras(
        "The kubelet never calls the network plugin. It asks the container runtime (containerd or CRI-O) over the CRI to run a pod sandbox. The runtime starts the pause container, whose only job is to hold the pod's network namespace open, so the namespace survives while app containers crash and restart.",
        "With the namespace in place the runtime executes the CNI plugin binary from `/opt/cni/bin/` with `CNI_COMMAND=ADD`, the namespace path in `CNI_NETNS`, `CNI_IFNAME=eth0`, and the network config from `/etc/cni/net.d/` on stdin. The plugin asks IPAM for an address from the node's slice, creates a veth pair (one end becomes the pod's `eth0`), programs routes and returns the result. Only then does the kubelet create the app containers, each joining the sandbox's namespace. Deleting the pod runs `DEL`, which hands the address back.",
        'CNI is a specification and a set of executables, not a daemon — though most plugins also run an agent DaemonSet for routes, policy or IPAM.',
      ),
      simplification:
        'The lab does not model the container runtime, the pause container or the CNI binaries and config files: pods appear already wired, exactly as a successful CNI ADD leaves them.',
      seeds: [
        seedRef('002', 'How a Pod actually gets wired: kubelet \u2192 CRI \u2192 CNI'),
        seedRef('001', 'What Happens When a Pod Starts'),
        seedRef('001', 'The Pause Container'),
        seedRef('001', 'How CNI Works'),
        seedRef('001', 'What is CNI?'),
        seedRef('001', 'CNI Operations'),
        seedRef('002', 'The CNI operations (the contract)'),
        seedRef('002', `What the CNI is \u2014 and is not`),
        seedRef('001', 'CNI Configuration'),
        seedRef('001', 'CNI Plugin Location'),
        seedRef('002', 'Config: conflists and chained plugins'),
        seedRef('000', 'CNI Responsibilities'),
        seedRef('004', 'CNI Plugins: What They Actually Do'),
        seedRef('002', '2. See the CNI config and binaries on a node'),
      ],
    },
    {
      id: 'inside',
      kind: 'investigate',
      title: 'What CNI ADD left behind',
      body: paras(
        "Open a shell in the client pod and look at its namespace: `eth0` carries the pod address with a /24 from node1's slice, and the MTU Flannel chose for its VXLAN overlay (1450).",
        "Its routing table sends the whole pod network and everything else to 10.244.1.1 — the `cni0` bridge on node1, the host side of the pod's veth.",
      ),
      hint: 'In the client pod run `ip addr` and `ip route`.',
      goal: {
        kind: 'all',
        text: "Read the pod's addresses and routes",
        goals: [
          { kind: 'ran', pattern: '^ip (-\\S+ )*a(ddr)?( show)?', where: 'client', text: 'ip addr in the client pod' },
          { kind: 'ran', pattern: '^ip (-\\S+ )*r(oute)?( show)?$', where: 'client', text: 'ip route in the client pod' },
        ],
      },
      solution: [
        { do: 'command', where: 'client', line: 'ip addr' },
        { do: 'command', where: 'client', line: 'ip route' },
      ],
      seeds: [seedRef('000', 'Command Examples'), seedRef('001', 'Network Namespaces'), seedRef('001', 'Inside the Pod')],
    },
    {
      id: 'guess-cross-node',
      kind: 'predict',
      title: 'Across nodes, by pod IP',
      body: "The client on node1 opens a TCP connection straight to web-1's pod address on node2, port 8080 — no Service, no name. What happens?",
      probe: { from: 'client', to: 'web-1:8080', protocol: 'tcp' },
      atChoices: ['pod:default/client', 'node1', 'node2', 'pod:default/web-1'],
      reasonChoices: ['NO_ROUTE', 'FILTERED', 'TIMEOUT', 'CONNECTION_REFUSED'],
      solution: [{ do: 'predict', prediction: { verdict: 'delivered' } }],
      seeds: [seedRef('002', 'The four communication paths')],
    },
    {
      id: 'no-nat',
      kind: 'send',
      title: 'The server sees the real client',
      body: paras(
        "Send an HTTP request from the client to web-1 on port 8080. The lab's web server answers with the address it saw the request come from: it is the client's own pod address, 10.244.1.2, not node1's 192.168.1.10. Nothing translated it on the way, even across the overlay.",
        'That is why the model forbids NAT between pods: logs, allow-lists and rate limits see the real workload. NAT still appears at the edges — egress to the internet, and some Service paths — which later lessons take apart.',
      ),
      hint: 'Send an HTTP probe from client to `web-1:8080`, or run `curl http://10.244.2.2:8080` in the client pod.',
      goal: {
        kind: 'sent',
        probe: { from: 'client', to: 'web-1' },
        fate: { verdict: 'delivered', throughKind: 'encap' },
        text: 'Reach web-1 from the client across the overlay',
      },
      solution: [{ do: 'probe', probe: { from: 'client', to: 'web-1:8080', protocol: 'http' } }],
      seeds: [seedRef('002', 'Why \u201cno NAT\u201d matters so much'), seedRef('002', '4. Prove the flat, NAT-free network'), seedRef('002', 'Validation')],
    },
  ],
};
