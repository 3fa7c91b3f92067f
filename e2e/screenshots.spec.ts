/**
 * Screenshots at 1280×800 and 1920×1080 for a human to look at; written to /tmp, never
 * into the repository (PODPATH_SHOTS overrides the folder).
 */
import { test } from './fixtures';
import { mkdirSync } from 'node:fs';
import { TerminalPane } from './pages/terminal';
import { dataScenario } from './engine-oracle';
import { shareHash } from '../src/ui/store/share-link';

const dir = process.env.PODPATH_SHOTS ?? '/tmp/podpath-shots';
mkdirSync(dir, { recursive: true });

for (const [w, h] of [
  [1280, 800],
  [1920, 1080],
] as const) {
  test(`screenshots at ${w}×${h}`, async ({ lab, page }) => {
    await page.setViewportSize({ width: w, height: h });
    const shot = (name: string) => page.screenshot({ path: `${dir}/${w}x${h}-${name}.png` });
    await lab.goto();
    await shot('01-first-load');

    await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
    await lab.pause.click();
    await lab.hopItems.filter({ hasText: 'wraps the frame' }).first().getByRole('button').click();
    await shot('02-encap-hop');

    await page.getByLabel('node2 NIC MTU', { exact: true }).selectOption('1400');
    await lab.sendProbe({ from: 'client', to: 'web-1', size: 1400 });
    await lab.speed.selectOption('4');
    await page
      .getByLabel('Hop position')
      .filter({ hasText: /^(\d+) \/ \1$/ })
      .waitFor({ timeout: 20_000 });
    await shot('03-drop-at-node2');

    await page.getByLabel('node2 NIC MTU', { exact: true }).selectOption('1500');
    await page.getByLabel('Pod MTU', { exact: true }).selectOption('1500');
    await lab.sendProbe({ from: 'client', to: 'web-1', size: 1472, df: true });
    await lab.pause.click();
    await lab.hopItems.filter({ hasText: 'do not fit' }).getByRole('button').click();
    await shot('04-frag-needed');

    const term = new TerminalPane(page);
    await term.open('node1 (node)');
    await term.run('ip route');
    await term.run('bridge fdb show');
    await term.run('nslookup kubernetes.default');
    await term.run('frobnicate');
    await term.screen.getByText('not modelled').waitFor();
    await shot('05-terminal');

    await lab.openTool('Compare');
    await page.getByRole('img', { name: 'Encapsulation overhead against underlay MTU' }).waitFor();
    await shot('06-compare');

    await lab.openTool('Flow log');
    await shot('07-flow-log');

    await lab.goto('#scenario=garbage');
    await shot('08-bad-link-same-tab');
    await page.reload();
    await shot('09-bad-link-on-load');

    await lab.goto(shareHash(dataScenario('ten-nodes.yaml')));
    await page.getByRole('button', { name: 'Fit View' }).click();
    await shot('10-ten-nodes');
    await page.getByRole('group', { name: 'Scenario probes' }).getByRole('button', { name: 'far' }).click();
    await page
      .getByLabel('Hop position')
      .filter({ hasText: /^10 \// })
      .waitFor({ timeout: 20_000 });
    await lab.pause.click();
    await page.waitForTimeout(600);
    await shot('11-ten-nodes-following');

    await lab.goto();
    await lab.scenario.selectOption('services-dns');
    await shot('12-services-dns');
    await lab.chip('by-name').click();
    await page.waitForTimeout(1200);
    await lab.pause.click();
    await shot('13-lookup-query');
    await lab.hopItems.filter({ hasText: 'DNAT 10.96.100.10:80' }).first().getByRole('button').click();
    await shot('14-dnat-hop');
    await lab.fault('CoreDNS scaled to 0').check();
    await page.getByRole('button', { name: 'Run all' }).click();
    await lab.chip('by-name').click();
    await lab.pause.click();
    await shot('15-coredns-at-zero');
    await lab.kubeProxy.selectOption('ipvs');
    await shot('16-ipvs');
    await page.getByRole('button', { name: 'What the lab simplifies' }).click();
    await shot('17-simplifications');
  });
}
