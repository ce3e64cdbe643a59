import { relative } from 'node:path';
import type { WrittenAnimation } from './pixel-figures.js';
import type { WrittenFigure } from './task-figures.js';
import { table1Markdown, type Table1Entry } from '../eval/table1.js';

/** Figures of one task, or why they could not be drawn. */
export interface TaskFigureSet {
  readonly task: string;
  readonly figures: readonly WrittenFigure[];
  /** Animations (GIF), shown after the figures. */
  readonly animations?: readonly WrittenAnimation[];
  /** Set when the figures failed (e.g. a model's rollout blew up). */
  readonly error?: string;
}

/** Escapes text for HTML. */
function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A Markdown pipe table (as table1Markdown writes it) as an HTML table, followed by its notes. */
function markdownTableHtml(md: string): string {
  const lines = md.trim().split('\n');
  const rows = lines.filter((l) => l.startsWith('|') && !/^\|[-| ]+\|$/.test(l));
  const notes = lines.filter((l) => l.trim() !== '' && !l.startsWith('|'));
  const cells = (l: string): string[] => l.slice(1, -1).split('|').map((c) => escapeHtml(c.trim()));
  const [head, ...body] = rows;
  const tr = (cs: string[], tag: string): string => `<tr>${cs.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;
  return `<table><thead>${tr(cells(head!), 'th')}</thead><tbody>${body.map((r) => tr(cells(r), 'td')).join('\n')}</tbody></table>\n${notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n')}`;
}

/** A self-contained HTML report: Table 1 beside the paper's, then every figure with its caption (paths relative to `reportDir`). */
export function reportHtml(entries: readonly Table1Entry[], figureSets: readonly TaskFigureSet[], reportDir: string, settings: string): string {
  const sections = figureSets.map((set) => {
    const body = set.error
      ? `<p class="error">Figures could not be drawn: ${escapeHtml(set.error)}</p>`
      : [...set.figures.map((f) => ({ ...f, src: f.svg })), ...(set.animations ?? []).map((a) => ({ ...a, src: a.gif, width: undefined }))]
          .map((f) => `<figure${f.width ? ` style="max-width: ${Math.ceil(f.width)}px"` : ''}><img src="${escapeHtml(relative(reportDir, f.src))}" alt="${escapeHtml(f.name)}"><figcaption>${escapeHtml(f.caption)}</figcaption></figure>`)
          .join('\n');
    return `<section><h2>${escapeHtml(set.task)}</h2>\n${body}\n</section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hnn — Table 1 and figures</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 1200px; margin: 2em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; } th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: right; }
th:first-child, td:first-child, td:nth-child(2) { text-align: left; } .note { color: #555; font-size: 0.9em; }
figure { display: inline-block; margin: 0.5em; vertical-align: top; } img { max-width: 100%; }
figcaption { font-size: 0.9em; color: #444; } .error { color: #b00; }
</style></head><body>
<h1>Hamiltonian Neural Networks — Table 1 reproduced</h1>
<p>${escapeHtml(settings)}</p>
${markdownTableHtml(table1Markdown(entries))}
${sections.join('\n')}
</body></html>
`;
}
