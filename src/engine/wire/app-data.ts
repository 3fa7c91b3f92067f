/**
 * What an application put in a packet's payload. The walk sizes payloads from these records
 * and the answering sockets read them: an HTTP request gets a response, a DNS query an answer.
 * The lab's servers are simulated (a container port runs a small HTTP server on TCP and an
 * echo server on UDP); CoreDNS's answers follow its kubernetes plugin (src/engine/dns).
 */
export type DnsType = 'A' | 'AAAA' | 'SRV' | 'PTR' | 'TXT' | 'CNAME' | 'SOA' | 'NS' | 'ANY';
export type DnsRcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED' | 'FORMERR';

/** A resource record as dig prints it: `web.prod.svc.cluster.local. 30 IN A 10.96.45.12` */
export interface DnsRecord {
  readonly name: string;
  readonly ttl: number;
  readonly type: DnsType;
  /** rdata in presentation form: `10.96.45.12`, `0 100 80 web.prod.svc.cluster.local.` */
  readonly data: string;
}

export interface DnsQueryData {
  readonly app: 'dns-query';
  readonly id: number;
  /** the name as sent, fully qualified with its trailing dot */
  readonly name: string;
  readonly qtype: DnsType;
  /** EDNS0 OPT record size the client adds (dig adds one; glibc and musl do not by default) */
  readonly edns?: number;
}

export interface DnsResponseData {
  readonly app: 'dns-response';
  readonly id: number;
  readonly name: string;
  readonly qtype: DnsType;
  readonly rcode: DnsRcode;
  /** authoritative answer (CoreDNS's kubernetes plugin sets AA for its zone) */
  readonly aa: boolean;
  /** recursion available: a recursive resolver sets it; CoreDNS's kubernetes plugin never does */
  readonly ra?: boolean;
  readonly answers: readonly DnsRecord[];
  readonly authority: readonly DnsRecord[];
  readonly additional?: readonly DnsRecord[];
  /** which server produced the answer and how: `kubernetes`, `forward`, `cache` */
  readonly via?: string;
  readonly edns?: number;
}

export interface HttpRequestData {
  readonly app: 'http-request';
  readonly method: string;
  readonly host: string;
  readonly path: string;
  readonly userAgent: string;
}

export interface HttpResponseData {
  readonly app: 'http-response';
  readonly status: number;
  readonly reason: string;
  readonly body: string;
  /** who answered: the pod or host whose simulated server wrote the response */
  readonly server: string;
  /**
   * a policy proxy answered in the server's place and refused the request (Envoy's local reply for
   * a Cilium L7 rule): what refused it, for the trace — the request never reached the server
   */
  readonly refusedBy?: string;
}

export interface EchoData {
  readonly app: 'echo';
  readonly bytes: number;
}

export type AppData = DnsQueryData | DnsResponseData | HttpRequestData | HttpResponseData | EchoData;
