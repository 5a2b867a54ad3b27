import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';

describe('cli', () => {
  it('prints help', () => {
    const out = execFileSync('node', ['--import', 'tsx', 'src/cli/main.ts', '--help'], { encoding: 'utf8' });
    expect(out).toContain('lossyvision');
  });
});
