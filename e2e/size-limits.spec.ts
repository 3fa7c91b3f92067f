/**
 * Size limits (issue 10 "Hardening"): at every entry point a file, paste or manifest that is too
 * large is refused with a message and nothing is half-loaded — the scenario file load, the
 * editor's Apply, a manifest pasted or dropped, a progress import — and a scenario with more
 * nodes or pods than the lab builds says so in the lab's banner, leaving the lab as it was; a large
 * cluster within the limits is taken and folded on the canvas.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

const MB = 1_000_000;

function bigScenario(n: number, k: number): string {
  const nodes = Array.from({ length: n }, (_, i) => `    - { name: node${i + 1}, ip: 192.168.${1 + Math.floor(i / 200)}.${10 + (i % 200)} }`).join('\n');
  const pods = Array.from({ length: n * k }, (_, i) => `    - { name: p${i}, namespace: default, node: node${(i % n) + 1} }`).join('\n');
  return `apiVersion: podpath/v1\nkind: Scenario\nmetadata: { name: big }\ncluster:\n  cni: flannel\n  mode: vxlan\n  nodes:\n${nodes}\n  pods:\n${pods}\nprobes: []\n`;
}

const editor = (page: Page) => page.getByRole('textbox', { name: 'Scenario YAML' });
const message = (page: Page) => page.locator('.scenario-editor__message');

test('a scenario file, an applied text and a manifest paste or drop too large: refused with a message, nothing loaded', async ({ lab, page }) => {
  await lab.goto();
  await lab.openTool('Edit scenario');
  const before = await editor(page).inputValue();

  // the file picker: refused before it is read
  const huge = `${bigScenario(2, 1)}# ${'x'.repeat(1.2 * MB)}\n`;
  await page.locator('.scenario-editor input[type=file]').setInputFiles({ name: 'huge.yaml', mimeType: 'text/yaml', buffer: Buffer.from(huge) });
  await expect(message(page)).toHaveText('huge.yaml is 1.2 MB; the lab reads files up to 1 MB');
  await expect(editor(page)).toHaveValue(before);

  // a manifest paste
  const manifests = page.getByRole('textbox', { name: 'Kubernetes manifests' });
  await manifests.fill(`apiVersion: v1\nkind: ConfigMap\nmetadata: { name: big }\ndata: { a: "${'y'.repeat(1.1 * MB)}" }\n`);
  await page.getByRole('button', { name: 'Import into the scenario' }).click();
  await expect(message(page)).toHaveText('The manifests were not imported: they are 1.1 MB; the lab reads up to 1 MB');
  await expect(editor(page)).toHaveValue(before);
  await manifests.fill('');

  // a manifest file dropped on the import box
  const drop = await page.evaluateHandle((size) => {
    const dt = new DataTransfer();
    dt.items.add(new File(['#'.repeat(size)], 'dropped.yaml', { type: 'text/yaml' }));
    return dt;
  }, 1.3 * MB);
  await page.locator('.scenario-editor__side section').first().dispatchEvent('drop', { dataTransfer: drop });
  await expect(message(page)).toHaveText('dropped.yaml is 1.3 MB; the lab reads files up to 1 MB');
  await expect(manifests).toHaveValue('');

  // text typed or pasted into the editor: checked on Apply only, then refused with the banner
  await editor(page).fill(huge);
  await expect(page.locator('.scenario-editor__state')).toHaveText('large text — checked when you Apply');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(lab.banner.filter({ hasText: 'too large for the lab' })).toContainText('the text is 1.2 MB; the lab reads scenarios up to 1 MB');
  await expect(page.locator('.scenario-strip__desc')).toContainText('flannel-vxlan');
});

test('more nodes or pods than the lab builds: the editor names the limit, Apply says so in the banner, the lab stays as it was', async ({ lab, page }) => {
  await lab.goto();
  await lab.openTool('Edit scenario');
  const groups = lab.canvas.locator('.react-flow__node-k8sNode');
  await expect(groups).toHaveCount(2);

  await editor(page).fill(bigScenario(251, 1));
  const errors = page.locator('#scenario-editor-errors');
  await expect(errors).toContainText('cluster.nodes: 251 nodes are more than the lab builds (at most 250); nothing was loaded');
  await page.getByRole('button', { name: 'Apply' }).click();
  const banner = lab.banner.filter({ hasText: 'That scenario is too large for the lab; nothing was loaded' });
  await expect(banner).toContainText('251 nodes are more than the lab builds');
  await expect(groups).toHaveCount(2);
  await banner.getByRole('button', { name: 'Dismiss' }).click();

  // one node of 111 pods: more than kubelet's default maxPods
  await editor(page).fill(bigScenario(1, 111));
  await expect(errors).toContainText("111 pods on node1 are more than a node holds (kubelet's default maxPods is 110)");
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(lab.banner.filter({ hasText: 'too large for the lab' })).toContainText('maxPods');
  await expect(groups).toHaveCount(2);

  // twenty nodes: taken, and the nodes no packet crosses fold into one card
  await editor(page).fill(bigScenario(20, 2));
  await expect(page.locator('.scenario-editor__state')).toHaveText('valid — not applied yet');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(lab.canvas.locator('.react-flow__node-collapsed')).toHaveCount(1);

  // the largest that fits is drawn, whole
  await editor(page).fill(bigScenario(14, 2));
  await expect(page.locator('.scenario-editor__state')).toHaveText('valid — not applied yet');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(groups).toHaveCount(14);
  // the whole drawing fits the canvas at the overview zoom (React Flow's Fit View button)
  const frame = (await lab.canvas.boundingBox())!;
  await expect
    .poll(async () => {
      // (clicked again until it holds: the new drawing's own legible fit may land after a click)
      await page.getByRole('button', { name: 'Fit View' }).click();
      const boxes = await groups.evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height })));
      return boxes
        .filter((b) => !(b.x >= frame.x - 1 && b.y >= frame.y - 1 && b.x + b.w <= frame.x + frame.width + 1 && b.y + b.h <= frame.y + frame.height + 1))
        .map((b) => JSON.stringify(b));
    })
    .toEqual([]);
  await page.screenshot({ path: '/tmp/harden-shots/size-limit-14-nodes.png' });
});

test('a progress file too large is refused with its size; the progress stays as it was', async ({ lab, page }) => {
  void lab;
  await page.goto('/lessons');
  await expect(page.locator('.lesson-card').first()).toBeVisible();
  const stored = await page.evaluate(() => localStorage.getItem('podpath.progress'));
  const padded = JSON.stringify({
    format: 'podpath-progress',
    version: 1,
    exported: '2026-12-02T00:00:00.000Z',
    progress: { version: 1, pad: 'z'.repeat(5.2 * MB) },
  });
  await page.getByLabel('Progress file to import').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(padded) });
  await expect(page.locator('.progress-file__msg')).toHaveText(
    'big.json: The file is too large to be podpath progress (5.2 MB or more; this browser keeps at most 5 MB). Nothing was imported.',
  );
  expect(await page.evaluate(() => localStorage.getItem('podpath.progress'))).toBe(stored);
});
