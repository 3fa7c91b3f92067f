/**
 * CoreDNS's Corefile as kubeadm writes it (REFERENCE.md §4.4; K8S
 * cmd/kubeadm/app/phases/addons/dns/manifests.go CoreDNSConfigMap). What the lab models of it:
 * the kubernetes plugin (`pods insecure`, `fallthrough in-addr.arpa ip6.arpa`, `ttl 30`),
 * `forward . /etc/resolv.conf` to the node's resolver, and `cache 30`. errors, health, ready,
 * prometheus, loop, reload and loadbalance are listed because they are there; they do not
 * change an answer in the lab (simplified: loadbalance does not shuffle).
 */
export function corefileFor(domain: string): string {
  return `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes ${domain} in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf
    cache 30
    loop
    reload
    loadbalance
}`;
}

/** The kubernetes plugin's settings the answers depend on. */
export const COREDNS_TTL = 30;
/** `cache 30`: positive and negative answers kept at most 30 s, at least 5 s (plugin/cache). */
export const CACHE_MAX_TTL = 30;
export const CACHE_MIN_TTL = 5;
/** forward: 2 attempts × 2 s read timeout with one upstream (plugin/pkg/proxy, CoreDNS ≥ 1.14.7) */
export const FORWARD_ATTEMPTS = 2;
export const FORWARD_READ_TIMEOUT_MS = 2000;
