// Legends as HTML lists (readable by screen readers, wrapping on narrow screens).

/** One legend entry: a label and a line's colour and style. */
export interface LegendItem {
  readonly label: string;
  readonly color: string;
  readonly style?: 'solid' | 'dashed' | 'dotted';
}

/** Replaces the items of a legend list. */
export function setLegend(list: HTMLElement, items: readonly LegendItem[]): void {
  const key = JSON.stringify(items);
  if (list.dataset['key'] === key) return;
  list.dataset['key'] = key;
  list.replaceChildren(
    ...items.map((item) => {
      const li = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = `swatch ${item.style ?? 'solid'}`;
      swatch.style.borderTopColor = item.color;
      swatch.setAttribute('aria-hidden', 'true');
      li.append(swatch, item.label);
      return li;
    }),
  );
}
