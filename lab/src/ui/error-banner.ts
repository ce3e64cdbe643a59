// The inline message (data-testid error-message): one problem at a time, in words, until dismissed
// or replaced; the page stays usable underneath.

/** The banner. */
export class ErrorBanner {
  /** A banner showing its text in `text` inside `box`, dismissed by `close`. */
  constructor(
    private readonly box: HTMLElement,
    private readonly text: HTMLElement,
    close: HTMLElement,
  ) {
    close.addEventListener('click', () => this.show(null));
  }

  /** Shows a message, or hides the banner for null. */
  show(message: string | null): void {
    this.text.textContent = message ?? '';
    this.box.hidden = message === null;
  }
}
