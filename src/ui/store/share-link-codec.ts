/**
 * The bytes of a share link: base64url (RFC 4648 §5, no padding) over deflate-raw (RFC 1951),
 * through the platform's CompressionStream / DecompressionStream (Compression Streams spec;
 * browsers and Node ≥ 18). Inflating stops at a size cap, so a small link cannot expand into
 * gigabytes (a "deflate bomb"). Every failure is an Error whose message says what is wrong.
 */

export function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(s: string): Uint8Array {
  const bad = s.search(/[^A-Za-z0-9_-]/);
  if (bad >= 0) throw new Error(`it contains a character that is not base64url (${JSON.stringify(s[bad])} at position ${bad + 1})`);
  // one character left over (4k+1) cannot hold a whole byte: the text was cut
  if (s.length % 4 === 1) throw new Error('its base64url text is cut short (a character is missing at the end)');
  const padded = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

/** Pushes `input` through a transform stream and collects its output, refusing more than `cap` bytes. */
async function pump(stream: TransformStream<Uint8Array, Uint8Array>, input: Uint8Array, cap: number): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // a corrupt input rejects these too; the reader below reports it once
  writer.write(input).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      reader.cancel().catch(() => undefined);
      throw new RangeError(`it expands to more than ${formatBytes(cap)}`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  return pump(new CompressionStream('deflate-raw') as unknown as TransformStream<Uint8Array, Uint8Array>, bytes, Number.MAX_SAFE_INTEGER);
}

/** Inflates deflate-raw data; a truncated or damaged stream, or one larger than `cap`, throws. */
export async function inflate(bytes: Uint8Array, cap: number): Promise<Uint8Array> {
  try {
    return await pump(new DecompressionStream('deflate-raw') as unknown as TransformStream<Uint8Array, Uint8Array>, bytes, cap);
  } catch (e) {
    if (e instanceof RangeError) throw e;
    throw new Error('its compressed data is cut short or damaged (was the link truncated when it was copied?)', { cause: e });
  }
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024
    ? `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) ? 1 : 0)} MiB`
    : n >= 1024
      ? `${(n / 1024).toFixed(n % 1024 ? 1 : 0)} KiB`
      : `${n} bytes`;
}
