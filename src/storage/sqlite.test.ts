import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage } from './index.ts';
import { storageConformance } from './testing/conformance.ts';

const dir = mkdtempSync(join(tmpdir(), 'loft-sqlite-'));
let n = 0;

storageConformance({
  name: 'sqlite',
  open: async () => openStorage(`sqlite://${join(dir, `store-${n++}.db`)}`),
  teardown: async () => rmSync(dir, { recursive: true, force: true }),
});
