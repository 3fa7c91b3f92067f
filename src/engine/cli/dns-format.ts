/**
 * Resource records and questions as bind9 prints them (lib/dns/masterdump.c with dig's style:
 * columns ttl 24, class 32, type 40, rdata 48, tab width 8). `indent` is masterdump.c indent():
 * the target column is at least one past the current one; tabs reach the target's tab stop,
 * spaces the rest. A question line is `;` + the name, its columns counted from the name.
 */
import type { DnsRecord, DnsType } from '../wire/app-data';

const TAB = 8;

function indent(cur: number, to: number): { text: string; cur: number } {
  const target = Math.max(to, cur + 1);
  const tabs = Math.floor(target / TAB) - Math.floor(cur / TAB);
  let from = cur;
  let text = '';
  if (tabs > 0) {
    text = '\t'.repeat(tabs);
    from = Math.floor(target / TAB) * TAB;
  }
  return { text: text + ' '.repeat(target - from), cur: target };
}

function columns(fields: readonly (readonly [string, number])[], last: string): string {
  let out = '';
  let cur = 0;
  for (const [text, col] of fields) {
    out += text;
    cur += text.length;
    const pad = indent(cur, col);
    out += pad.text;
    cur = pad.cur;
  }
  return out + last;
}

/** `kubernetes.default.svc.cluster.local. 30 IN A\t10.96.0.1` */
export function rrLine(r: DnsRecord): string {
  return columns(
    [
      [r.name, 24],
      [String(r.ttl), 32],
      ['IN', 40],
      [r.type, 48],
    ],
    r.data,
  );
}

/** `;kubernetes.default.svc.cluster.local. IN A` */
export function questionLine(name: string, type: DnsType): string {
  return `;${columns(
    [
      [name, 32],
      ['IN', 40],
    ],
    type,
  )}`;
}

/** FQDN with its trailing dot, as dig puts a name on the wire. */
export function absolute(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * strftime "%a %b %d %H:%M:%S %Z %Y" in UTC (dig's `;; WHEN:`). The lab's wall clock starts at
 * LAB_EPOCH, 2025-01-01 00:00:00 UTC (model/lab-clock.ts), and pods run in UTC — a simplification:
 * a real run prints the moment it ran, in the container's TZ.
 */
export function whenText(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}
