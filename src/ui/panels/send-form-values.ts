/**
 * The send form's fields as the learner left them. They live in the lab store (not in the
 * form) so a share link can carry them and restore them (store/share-link.ts).
 */

/** The protocols the walk sends: `dns` is a lookup only, `http` a curl GET over TCP. */
export const PROTOCOLS = [
  { value: 'icmp', label: 'ICMP (ping)' },
  { value: 'tcp', label: 'TCP' },
  { value: 'udp', label: 'UDP' },
  { value: 'http', label: 'HTTP (curl)' },
  { value: 'dns', label: 'DNS lookup' },
  { value: 'traceroute', label: 'traceroute (UDP 33434+, 3 per hop)' },
  { value: 'tracepath', label: 'tracepath (UDP, DF, full size)' },
] as const;
export type Protocol = (typeof PROTOCOLS)[number]['value'];

/** dns probes: what getaddrinfo asks (A and AAAA) unless one type is picked. */
export const QTYPES = ['', 'A', 'AAAA', 'SRV', 'PTR', 'TXT'] as const;
export type Qtype = (typeof QTYPES)[number];

export interface SendFormValues {
  /** '' until picked: the form shows the first place */
  readonly from: string;
  /** null: the default destination (a pod other than From); otherwise what the learner typed or picked */
  readonly to: string | null;
  readonly protocol: Protocol;
  readonly qtype: Qtype;
  /** as typed (the form explains a size it cannot send) */
  readonly size: string;
  /** empty: the engine picks the target pod's declared port */
  readonly port: string;
  readonly df: boolean;
}

export const DEFAULT_SEND_FORM: SendFormValues = { from: '', to: null, protocol: 'icmp', qtype: '', size: '56', port: '', df: false };
