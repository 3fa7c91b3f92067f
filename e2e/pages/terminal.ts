/** Page object for the xterm.js terminal in the tools drawer. */
import { expect, type Locator, type Page } from '@playwright/test';

export class TerminalPane {
  readonly target: Locator;
  readonly screen: Locator;
  readonly input: Locator;

  constructor(readonly page: Page) {
    this.target = page.getByLabel('Terminal on', { exact: true });
    this.screen = page.locator('.terminal-pane__screen .xterm-rows');
    this.input = page.locator('.terminal-pane__screen .xterm-helper-textarea');
  }

  async open(where: string): Promise<void> {
    await this.page.getByRole('tab', { name: 'Terminal', exact: true }).click();
    await expect(this.screen).toBeVisible();
    await this.target.selectOption({ label: where });
  }

  /** Types a line the way a user does (keystrokes into xterm) and presses Enter. */
  async run(line: string): Promise<void> {
    await this.input.focus();
    await this.page.keyboard.type(line);
    await this.page.keyboard.press('Enter');
  }

  async text(): Promise<string> {
    return (await this.screen.textContent()) ?? '';
  }
}
