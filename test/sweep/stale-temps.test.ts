import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleTemps } from '../../src/sweep/stale-temps.js';

describe('removeStaleTemps', () => {
  it('removes the temporary files of dead processes only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lv-temps-'));
    // 99999999 is above any Linux pid_max: that process cannot be running.
    const dead = ['results.csv.99999999.tmp', 'provenance.json.99999999.tmp', 'x.json.99999999-3-0a1b2c3d.tmp'];
    const kept = [`results.json.${process.pid}.tmp`, `table.md.${process.ppid}.tmp`, 'notes.tmp', 'results.csv'];
    for (const name of [...dead, ...kept]) writeFileSync(join(dir, name), 'x');
    mkdirSync(join(dir, 'folder.99999999.tmp'));
    expect((await removeStaleTemps(dir)).sort()).toEqual([...dead].sort());
    expect(readdirSync(dir).sort()).toEqual([...kept, 'folder.99999999.tmp'].sort());
  });

  it('is a no-op for a folder that does not exist yet', async () => {
    expect(await removeStaleTemps(join(tmpdir(), 'lv-no-such-folder-16'))).toEqual([]);
  });
});
