import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Copies the generated tiny model that `rerank-in-browser/testing` serves into the build: the
 * default preset's architecture (BERT, an fp32 and a q8 graph), about 870 KB, never committed.
 * `npm run fixtures` generates it first.
 */
const from = path.resolve('test-models/bert-tiny-q8');
const to = path.resolve(process.argv[2] ?? 'dist-lib/test-model');
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true, filter: (file) => path.basename(file) !== 'expected.json' });
