/**
 * Export pcap (issue 10): the trace on screen and the whole flow log download as capture files
 * the engine wrote — libpcap magic, Ethernet link type, one record per frame on the wire, and
 * the VXLAN port of the cross-node ping in its outer UDP header.
 */
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';

function records(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let off = 24; off + 16 <= b.length;) {
    const len = b.readUInt32LE(off + 8);
    out.push(b.subarray(off + 16, off + 16 + len));
    off += 16 + len;
  }
  return out;
}

test('Export pcap: the trace on screen and the flow log as capture files', async ({ lab, page }) => {
  await lab.goto();
  await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
  await expect(lab.verdict).toContainText('delivered');
  const [one] = await Promise.all([page.waitForEvent('download'), page.locator('.verdict__tools').getByRole('button', { name: 'Export pcap' }).click()]);
  expect(one.suggestedFilename()).toBe('podpath-trace.pcap');
  const bytes = readFileSync((await one.path())!);
  expect(bytes.readUInt32LE(0)).toBe(0xa1b2c3d4);
  expect(bytes.readUInt32LE(20)).toBe(1); // LINKTYPE_ETHERNET
  const frames = records(bytes);
  expect(frames.length).toBeGreaterThan(4);
  // some frame carries UDP to Flannel's VXLAN port 8472 (outer IPv4 at 14, UDP dst port at 14 + 20 + 2)
  expect(frames.some((f) => f.readUInt16BE(12) === 0x0800 && f[23] === 17 && f.readUInt16BE(36) === 8472)).toBe(true);

  await lab.sendProbe({ from: 'client', to: 'web-0', size: 56 });
  await lab.openTool('Flow log');
  const [all] = await Promise.all([page.waitForEvent('download'), page.getByRole('tabpanel').getByRole('button', { name: 'Export pcap' }).click()]);
  expect(all.suggestedFilename()).toBe('podpath-flows.pcap');
  expect(records(readFileSync((await all.path())!)).length).toBeGreaterThan(frames.length);
});
