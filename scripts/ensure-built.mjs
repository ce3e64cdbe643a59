// Installs dependencies and (re)builds the project when needed, so `npm start` / `npm test`
// work on a fresh clone. Uses only Node built-ins.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// The build's output goes to stderr, so that commands whose stdout is data (npm pack --json) stay parseable.
const run = (cmd) => execSync(cmd, { cwd: root, stdio: ['inherit', 2, 'inherit'] });

/** Newest modification time (ms) of any file under the given folders. */
function newest(dirs) {
  let t = 0;
  const walk = (d) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else t = Math.max(t, statSync(p).mtimeMs);
    }
  };
  for (const d of dirs) walk(join(root, d));
  return t;
}

if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
  console.error('hnn: installing dependencies (npm ci)…');
  run(existsSync(join(root, 'package-lock.json')) ? 'npm ci' : 'npm install');
}
const sources = newest(['src', 'test', 'bench', 'examples', 'asm', 'scripts']);
const stamp = join(root, 'dist', '.build-stamp');
if (!existsSync(stamp) || statSync(stamp).mtimeMs < sources) {
  console.error('hnn: building…');
  run('npm run build --silent');
}
const addon = join(root, 'build-native', 'hnn_native.node');
if (process.env.HNN_NATIVE_BUILD !== '0' && (!existsSync(addon) || statSync(addon).mtimeMs < newest(['native']))) {
  run(`"${process.execPath}" scripts/build-native.mjs`);
}
