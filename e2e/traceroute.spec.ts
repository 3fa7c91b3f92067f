/**
 * Honest labels: the terminal's traceroute runs traceroute(8)'s UDP probes (3 per TTL, times
 * from the lab clock), and the mtu-black-hole sample shows the black hole after the handshake.
 */
import { test, expect } from './fixtures';
import { TerminalPane } from './pages/terminal';

const SHOTS = '/tmp/honest-shots';

test('traceroute prints three lab-clock times per hop; tracepath still finds the path MTU', async ({ lab, page }) => {
  await lab.goto();
  await lab.scenario.selectOption('mtu-black-hole');
  const term = new TerminalPane(page);
  await term.open('client (pod on node1)');
  await term.run('traceroute -n 10.244.2.2');
  await expect(term.screen).toContainText('traceroute to 10.244.2.2 (10.244.2.2), 30 hops max, 60 byte packets');
  await expect(term.screen).toContainText(/ 2 {2}10\.244\.2\.0( {2}\d+\.\d{3} ms){3}/);
  await page.screenshot({ path: `${SHOTS}/terminal-traceroute-udp.png` });
  await term.run('tracepath -n 10.244.2.2');
  await expect(term.screen).toContainText('pmtu 1450');
  await page.screenshot({ path: `${SHOTS}/terminal-traceroute.png` });
});

test('the black hole: 4000 bytes from batch on node3 hang after the handshake (PMTUD_BLACK_HOLE)', async ({ lab, page }) => {
  await lab.goto();
  await lab.scenario.selectOption('mtu-black-hole');
  await lab.sendProbe({ from: 'batch', to: 'web-1:8080', protocol: 'tcp', size: 4000, df: true });
  await expect(lab.verdict).toContainText('PMTUD_BLACK_HOLE');
  await expect(lab.verdict).toContainText('dropped');
  await page.screenshot({ path: `${SHOTS}/black-hole-verdict.png` });
});
