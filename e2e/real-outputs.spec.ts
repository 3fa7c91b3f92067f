/**
 * Real outputs (issue 10): the trace as JSON and the scenario as YAML are files a script reads
 * back. The flow log's "Export JSON" holds every logged probe with the engine's trace (the same
 * hops the trace panel lists); the editor's "Save to file" gives YAML that loads back as the
 * scenario on screen. (The pcap export has its own spec: pcap-export.spec.ts.)
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { test, expect } from './fixtures';

interface TraceFile {
  format: string;
  version: number;
  scenario: string;
  traces: {
    flow: number;
    at: number;
    probe: { from: string; to: string; protocol: string };
    trace: { verdict: string; hops: { node: string; kind: string }[] };
  }[];
}

test('Export JSON: the flow log as the engine traced it, oldest first', async ({ lab, page }) => {
  await lab.goto();
  await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
  await expect(lab.verdict).toContainText('delivered');
  const hops = await lab.hopItems.count();
  await lab.sendProbe({ from: 'client', to: 'web-0', size: 56 });
  await expect(lab.verdict).toContainText('delivered');
  await lab.openTool('Flow log');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('tabpanel').getByRole('button', { name: 'Export JSON' }).click()]);
  expect(dl.suggestedFilename()).toBe('podpath-flows.json');
  const file = JSON.parse(readFileSync((await dl.path())!, 'utf8')) as TraceFile;
  expect(file).toMatchObject({ format: 'podpath-traces', version: 1, scenario: 'flannel-vxlan' });
  expect(file.traces.map((t) => [t.flow, t.probe.to, t.trace.verdict])).toEqual([
    [1, 'web-1', 'delivered'],
    [2, 'web-0', 'delivered'],
  ]);
  // the cross-node trace crosses both nodes; its hop count is the trace panel's
  expect(new Set(file.traces[0].trace.hops.map((h) => h.node))).toEqual(new Set(['node1', 'node2']));
  expect(file.traces[0].trace.hops.length).toBeGreaterThanOrEqual(hops);

  // the filter narrows the export as it narrows the table
  await page.getByLabel('Filter flows').fill('web-0');
  const [narrow] = await Promise.all([page.waitForEvent('download'), page.getByRole('tabpanel').getByRole('button', { name: 'Export JSON' }).click()]);
  expect((JSON.parse(readFileSync((await narrow.path())!, 'utf8')) as TraceFile).traces.map((t) => t.probe.to)).toEqual(['web-0']);
});

test('Export JSON beside Export pcap: the trace on screen', async ({ lab, page }) => {
  await lab.goto();
  await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
  await expect(lab.verdict).toContainText('delivered');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('.verdict__tools').getByRole('button', { name: 'Export JSON' }).click()]);
  expect(dl.suggestedFilename()).toBe('podpath-trace.json');
  const file = JSON.parse(readFileSync((await dl.path())!, 'utf8')) as TraceFile;
  expect(file.traces.map((t) => [t.probe.to, t.trace.verdict])).toEqual([['web-1', 'delivered']]);
});

test('Save to file: the scenario as YAML, which loads back as the same scenario', async ({ lab, page }) => {
  await lab.goto();
  await lab.pickShape('calico', 'bgp');
  await lab.openTool('Edit scenario');
  const text = page.getByRole('textbox', { name: 'Scenario YAML' });
  await expect(text).toHaveValue(/cni: calico/);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save to file' }).click()]);
  const yaml = readFileSync((await dl.path())!, 'utf8');
  const doc = parse(yaml) as { apiVersion: string; kind: string; cluster: { cni: string; mode: string; nodes: unknown[] } };
  expect(doc).toMatchObject({ apiVersion: 'podpath/v1', kind: 'Scenario', cluster: { cni: 'calico', mode: 'bgp' } });
  expect(yaml).toBe(await text.inputValue());

  // back to the default, then load the saved file: the calico scenario returns
  await lab.pickShape('flannel', 'vxlan');
  await expect(text).toHaveValue(/cni: flannel/);
  await page.locator('.scenario-editor input[type=file]').setInputFiles({ name: dl.suggestedFilename(), mimeType: 'text/yaml', buffer: Buffer.from(yaml) });
  await expect(text).toHaveValue(yaml);
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(lab.cni).toHaveValue('calico');
  await expect(lab.mode).toHaveValue('bgp');
});
