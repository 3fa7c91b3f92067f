/**
 * The terminal repairs: a here-document feeds `kubectl apply -f -`, `kubectl edit` opens an
 * editor in the terminal panel and runs with the saved text, and a kernel edit on a node
 * changes what the next command shows.
 */
import { test, expect } from './fixtures';
import { TerminalPane } from './pages/terminal';

test('a here-document feeds kubectl apply -f -', async ({ lab, page }) => {
  await lab.goto();
  const term = new TerminalPane(page);
  await term.open('node1 (node)');
  await term.run('kubectl apply -f - <<EOF');
  for (const l of [
    'apiVersion: v1',
    'kind: Service',
    'metadata: { name: extra }',
    'spec:',
    '  selector: { app: web }',
    '  ports: [{ port: 80, targetPort: 8080 }]',
    'EOF',
  ])
    await term.run(l);
  await expect(term.screen).toContainText('service/extra created');
  await term.run('kubectl get svc extra');
  await expect(term.screen).toContainText('ClusterIP');
});

test('kubectl edit opens an editor; Save runs the edit, Cancel changes nothing', async ({ lab, page }) => {
  await lab.goto();
  const term = new TerminalPane(page);
  await term.open('node1 (node)');
  await term.run('kubectl -n kube-system edit configmap kube-proxy');
  const editor = page.getByRole('textbox', { name: 'kubectl edit configmap/kube-proxy' });
  await expect(editor).toBeFocused();
  await expect(editor).toHaveValue(/mode: iptables/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(term.screen).toContainText('Edit cancelled, no changes made.');

  await term.run('kubectl -n kube-system edit configmap kube-proxy');
  const text = await editor.inputValue();
  await editor.fill(text.replace('mode: iptables', 'mode: ipvs'));
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(term.screen).toContainText('configmap/kube-proxy edited');
  await term.run('kubectl -n kube-system rollout restart daemonset kube-proxy');
  await expect(term.screen).toContainText('daemonset.apps/kube-proxy restarted');
  await term.run('ipvsadm -Ln');
  await expect(term.screen).toContainText('UDP  10.96.0.10:53 rr');
});

test('ip link set on a node changes the device; in a pod the kernel refuses', async ({ lab, page }) => {
  await lab.goto();
  const term = new TerminalPane(page);
  await term.open('client (pod on node1)');
  await term.run('ip link set dev eth0 mtu 1400');
  await expect(term.screen).toContainText('RTNETLINK answers: Operation not permitted');
  await term.open('node1 (node)');
  await term.run('ip link set dev eth0 mtu 1400');
  await term.run('ip link show eth0');
  await expect(term.screen).toContainText('mtu 1400');
});
