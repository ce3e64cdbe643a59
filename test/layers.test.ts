import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { projectRoot } from './helpers/shared.js';

/**
 * The layers of src/, in order: a module may import (types included) only from its own folder or
 * from a folder earlier in this list. The core (src/index.ts and everything it reaches) ends at `run`;
 * `node`, `plot` and `cli` are the other entry points. docs/architecture.md draws the same picture.
 */
const LAYERS = ['core', 'kernels', 'nn', 'models', 'optim', 'integrate', 'systems', 'data', 'tasks', 'train', 'eval', 'io', 'run', 'node', 'plot', 'cli'];

const src = join(projectRoot, 'src');

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports, `import type` and dynamic imports included. */
function specifiers(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => (m[1] ?? m[2] ?? m[3])!);
}

/** The layer (top folder under src/) of a module, or null for the entry file src/index.ts. */
function layerOf(path: string): string | null {
  const parts = relative(src, path).split(/[\\/]/);
  return parts.length > 1 ? parts[0]! : null;
}

/** The source file a relative specifier of `from` names. */
function target(from: string, spec: string): string {
  return resolve(dirname(from), spec.replace(/\.js$/, '.ts'));
}

test('every import under src/ follows the layer order (type-only imports included)', () => {
  const edges: string[] = [];
  for (const file of sources(src)) {
    const layer = layerOf(file);
    for (const spec of specifiers(file)) {
      if (!spec.startsWith('.')) continue;
      const to = layerOf(target(file, spec));
      if (layer === null || to === null) continue;
      assert.ok(LAYERS.includes(layer), `${relative(src, file)}: folder ${layer} is not in the layer list`);
      if (LAYERS.indexOf(to) > LAYERS.indexOf(layer)) edges.push(`${relative(src, file)} → ${spec} (${layer} imports ${to})`);
    }
  }
  assert.deepEqual(edges, [], `imports against the layer order:\n${edges.join('\n')}`);
});

/** Every module reachable from `entry` through relative imports, with the packages and built-ins they import. */
function graph(entry: string): { modules: Set<string>; external: Map<string, string> } {
  const modules = new Set<string>();
  const external = new Map<string, string>();
  const visit = (file: string): void => {
    if (modules.has(file)) return;
    modules.add(file);
    for (const spec of specifiers(file)) {
      if (spec.startsWith('.')) visit(target(file, spec));
      else external.set(spec, relative(src, file));
    }
  };
  visit(entry);
  return { modules, external };
}

test('the core entry (src/index.ts) reaches no node: built-in, no Node-only package and no layer past run', () => {
  const { modules, external } = graph(join(src, 'index.ts'));
  const allowed = new Set(['@noble/hashes/sha2.js', '@noble/hashes/utils.js']);
  const foreign = [...external].filter(([spec]) => !allowed.has(spec)).map(([spec, from]) => `${from} imports ${spec}`);
  assert.deepEqual(foreign, [], 'the core imports only browser-safe packages');
  const beyond = [...modules].map(layerOf).filter((l): l is string => l !== null && LAYERS.indexOf(l) > LAYERS.indexOf('run'));
  assert.deepEqual([...new Set(beyond)], []);
});

test('hnn/node and the CLI load no figure code; only hnn/plot does', () => {
  for (const entry of [join(src, 'node', 'index.ts')]) {
    const { modules, external } = graph(entry);
    assert.ok(![...modules].some((m) => layerOf(m) === 'plot'), `${relative(src, entry)} reaches src/plot`);
    assert.ok(![...external.keys()].some((spec) => /^(vega|vega-lite|@resvg|omggif|dejavu)/.test(spec)), `${relative(src, entry)} imports a figure package`);
  }
});
