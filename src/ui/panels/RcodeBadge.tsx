/** What each answer code means to the resolver, for the badge's tooltip. */
const MEANING: Record<string, string> = {
  NOERROR: 'an answer (it may hold no record of this type: NODATA)',
  NXDOMAIN: 'no such name: the resolver tries the next search domain',
  SERVFAIL: 'the server could not get an answer: the resolver asks the next server',
  REFUSED: 'the server refused to answer',
  TIMEOUT: 'nothing came back before the resolver gave up',
  UNREACHABLE: 'refused: an ICMP port unreachable came back instead of an answer',
};

/** A DNS answer code as a coloured badge (NOERROR green, NXDOMAIN amber, failures red). */
export function RcodeBadge({ rcode }: { rcode: string }) {
  return (
    <span className={`rcode rcode--${rcode.toLowerCase()}`} title={MEANING[rcode]}>
      {rcode}
    </span>
  );
}
