#!/usr/bin/env node
// The text2x command. Runs the compiled CLI; `npm install` builds it (the root `prepare` script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/run.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('text2x is not built yet: run `npm run build` in the repository root.\n');
  process.exit(1);
}
await import(entry.href);
