// DOM writes that skip values already shown (a write of the same text still costs a layout).

/** Sets `el`'s text unless it already reads `text`. */
export function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}
