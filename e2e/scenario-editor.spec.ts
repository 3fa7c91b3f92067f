/**
 * The scenario editor (Tools → Edit scenario): the scenario on screen as YAML, errors at their
 * line as you type, Apply, and Kubernetes manifests pasted in and merged — a Deployment's pods
 * appear on the canvas, spread over the nodes, and the ignored kinds are named.
 */
import { test, expect } from './fixtures';

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata: { name: shop }
spec:
  replicas: 2
  selector: { matchLabels: { app: shop } }
  template:
    metadata: { labels: { app: shop } }
    spec:
      containers: [{ name: shop, image: nginx, ports: [{ containerPort: 80 }] }]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings }
data: { a: b }
`;

test('edit the scenario as YAML: an error shows at its line, manifests merge and Apply puts their pods on the canvas', async ({ lab, page }) => {
  await lab.goto();
  await lab.openTool('Edit scenario');
  const text = page.getByRole('textbox', { name: 'Scenario YAML' });
  await expect(text).toHaveValue(/cni: flannel/);
  const yaml = await text.inputValue();

  await text.fill(yaml.replace('mode: vxlan', 'mode: bogus'));
  await expect(page.locator('#scenario-editor-errors')).toContainText(/cluster.mode/);
  await page.screenshot({ path: 'test-results/scenario-editor-error.png' });
  await text.fill(yaml);
  await expect(page.getByRole('status').filter({ hasText: /valid/ })).toBeVisible();

  await page.getByRole('textbox', { name: 'Kubernetes manifests' }).fill(MANIFESTS);
  await page.getByRole('button', { name: 'Import into the scenario' }).click();
  await expect(page.getByText(/ConfigMap settings ignored/)).toBeVisible();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText(/^Applied/)).toBeVisible();
  await expect(lab.canvas.locator('.react-flow__node-pod').filter({ hasText: /shop-/ })).toHaveCount(2);
  await page.screenshot({ path: 'test-results/scenario-editor-applied.png' });
});
