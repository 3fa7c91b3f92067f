/**
 * The terminal runs the engine's CLI on a pod or node: real-format output, history, tab
 * completion; commands that send packets play their trace on the canvas; commands the lab
 * does not model say so.
 */
import { test, expect } from './fixtures';
import { TerminalPane } from './pages/terminal';
import { labOf, sampleScenario } from './engine-oracle';
import { runCommand } from '../src/engine/cli';

test('ip route on node1 shows the flannel.1 route; an unknown command is not modelled', async ({ lab, page }) => {
  await lab.goto();
  const term = new TerminalPane(page);
  await term.open('node1 (node)');
  await term.run('ip route');
  const expected = runCommand(labOf(sampleScenario('flannel-vxlan')), 'node1', 'ip route').output;
  await expect(term.screen).toContainText('10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink');
  for (const line of expected.split('\n')) await expect(term.screen).toContainText(line.trim());

  await term.run('frobnicate --now');
  await expect(term.screen).toContainText('"frobnicate" is not modelled yet');
});

test('history, tab completion and a ping that plays on the canvas', async ({ lab, page }) => {
  await lab.goto();
  const term = new TerminalPane(page);
  await term.open('client (pod on node1)');

  // Tab completes `bri` → `bridge`, which then refuses politely in a pod (a node command)
  await term.input.focus();
  await page.keyboard.type('hostn');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(term.screen).toContainText('client:/# hostname');

  // by address: a pod's name is no DNS name (ping resolves names through the pod's resolver, as getaddrinfo does)
  const oracle = labOf(sampleScenario('flannel-vxlan'));
  const web1 = oracle.cluster.pods.find((p) => p.name === 'web-1')!.ip!;
  await term.run(`ping -c 1 ${web1}`);
  const { traces } = runCommand(oracle, 'default/client', `ping -c 1 ${web1}`);
  await expect(term.screen).toContainText('1 packets transmitted, 1 received');
  await expect(lab.hopItems).toHaveCount(traces[0].hops.length);
  expect(await lab.hopNotes()).toEqual(traces[0].hops.map((h) => h.note));
  await expect(page.locator('.packet-layer')).toHaveCount(1);

  // ArrowUp brings the ping back (the screen shows the recalled line, then a second run)
  await term.input.focus();
  await page.keyboard.press('ArrowUp');
  await expect(term.screen).toContainText(`client:/# ping -c 1 ${web1}`);
  await page.keyboard.press('Enter');
  await expect(page.locator('.drawer__count')).toHaveText('2');

  // the flow log saw both pings
  await lab.openTool('Flow log');
  await expect(page.getByRole('table', { name: 'Flow log' }).getByRole('row')).toHaveCount(3);
});

test('Esc leaves the terminal (no keyboard trap)', async ({ lab, page }) => {
  await lab.goto();
  const term = new TerminalPane(page);
  await term.open('node1 (node)');
  await term.input.focus();
  await page.keyboard.press('Escape');
  await expect(term.target).toBeFocused();
});
