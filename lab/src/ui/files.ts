// Files the user hands the page: read as text (gzip-compressed model files too), from a file input
// or dropped anywhere on the page.
import { InputError } from 'hnn';

/** What a file is for, judged by its name: trajectories or a model. */
export type FileRole = 'csv' | 'model';

/** The text of a file; a name ending in .gz is decompressed first. */
export async function readText(file: File): Promise<string> {
  if (!/\.gz$/i.test(file.name)) return file.text();
  try {
    const stream = file.stream().pipeThrough(new DecompressionStream('gzip'));
    return await new Response(stream).text();
  } catch (e) {
    throw new InputError(`${file.name}: not a gzip file (${(e as Error).message})`);
  }
}

/** The role of a dropped file, or an InputError saying which files the page takes. */
export function roleOf(file: File): FileRole {
  if (/\.csv$/i.test(file.name) || file.type === 'text/csv') return 'csv';
  if (/\.json(\.gz)?$/i.test(file.name) || file.type === 'application/json') return 'model';
  throw new InputError(`${file.name}: drop a .csv file of trajectories or a .json (or .json.gz) model file`);
}

/** Calls `onFile` with every file dropped on the page, showing `overlay` while one is dragged over it. */
export function acceptDrops(overlay: HTMLElement, onFile: (file: File) => void): void {
  let depth = 0;
  const dragging = (e: DragEvent): boolean => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
  document.addEventListener('dragenter', (e) => {
    if (!dragging(e)) return;
    depth++;
    overlay.hidden = false;
  });
  document.addEventListener('dragleave', (e) => {
    if (!dragging(e)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) overlay.hidden = true;
  });
  document.addEventListener('dragover', (e) => {
    if (dragging(e)) e.preventDefault();
  });
  document.addEventListener('drop', (e) => {
    if (!dragging(e)) return;
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    const file = e.dataTransfer!.files[0];
    if (file) onFile(file);
  });
}
