/**
 * The bytes an application put after the L4 header: the lab's DNS messages in wire format,
 * curl's request and the lab server's response as text (wire/app-size.ts writes the same
 * text to size them), ping's data, and filler where the lab has no content.
 *
 * ping (iputils ping/ping.c, ping4_run / main: "Do not forget about case of small datalen,
 * fill timestamp area too!"): the data is filled with 0x00, 0x01, … (byte i = i), then, when the
 * data is at least a struct timeval (16 bytes on 64-bit Linux), the send time overwrites the
 * first 16 bytes (tv_sec, tv_usec as native little-endian 64-bit words). The default 56 bytes
 * are therefore a timeval and 0x10 … 0x37. The echo reply carries the same data back
 * (LNX net/ipv4/icmp.c icmp_echo).
 */
import { ascii, counting } from './bytes';
import { dnsQueryBytes, dnsResponseBytes } from './dns-wire';
import { httpRequestText, httpResponseHead } from '../wire/app-size';
import type { AppData } from '../wire/app-data';

export const TIMEVAL_LEN = 16;

export function appDataBytes(d: AppData): Uint8Array {
  switch (d.app) {
    case 'dns-query':
      return dnsQueryBytes(d);
    case 'dns-response':
      return dnsResponseBytes(d);
    case 'http-request':
      return ascii(httpRequestText(d));
    case 'http-response':
      return ascii(`${httpResponseHead(d).join('\r\n')}\r\n\r\n${d.body}`);
    case 'echo':
      // the lab's UDP client sends `bytes` of filler (simplified: no tool's pattern to follow)
      return counting(d.bytes);
  }
}

/** ping's data: `n` bytes, the first 16 the send time when they fit. @param sentUs µs since the Unix epoch */
export function pingData(n: number, sentUs: number): Uint8Array {
  const out = counting(n);
  if (n >= TIMEVAL_LEN) {
    const v = new DataView(out.buffer);
    const sec = Math.floor(sentUs / 1e6);
    v.setUint32(0, sec % 0x100000000, true);
    v.setUint32(4, Math.floor(sec / 0x100000000), true);
    v.setUint32(8, sentUs % 1e6, true);
    v.setUint32(12, 0, true);
  }
  return out;
}
