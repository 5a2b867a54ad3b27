import { type ChildProcess, spawn } from 'node:child_process';
import { liveTempDirs, onTempDir } from '../temp-files.js';

/**
 * Children that die with this process, however it dies. SIGINT and SIGTERM are handled (the CLI
 * stops its children and removes its temporary files, see cli/interrupt.ts), but SIGKILL cannot
 * be: an ffmpeg encoder reads a file and writes a file, so nothing tells it that its parent is
 * gone, and it would run on (and its raw frames stay on disk).
 *
 * So the first ffmpeg child also starts a lifeline: a tiny detached node process that reads our
 * pipe. We tell it every child pid and working folder as they come and go. When the pipe closes
 * (we exited, or were killed: the kernel closes it either way) it SIGKILLs the children still
 * listed, deletes the folders still listed, and exits. It ignores SIGINT / SIGTERM / SIGHUP, so a
 * Ctrl-C to the terminal's process group cannot take it down before it has done its work.
 */
const SCRIPT = `
const fs = require('fs');
const pids = new Set();
const dirs = new Set();
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {});
let buffer = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  for (let i = buffer.indexOf('\\n'); i >= 0; i = buffer.indexOf('\\n')) {
    const line = buffer.slice(0, i);
    buffer = buffer.slice(i + 1);
    const arg = line.slice(2);
    if (line[0] === '+') pids.add(Number(arg));
    else if (line[0] === '-') pids.delete(Number(arg));
    else if (line[0] === 'D') dirs.add(JSON.parse(arg));
    else if (line[0] === 'd') dirs.delete(JSON.parse(arg));
  }
});
let ended = false;
const end = () => {
  if (ended) return;
  ended = true;
  for (const pid of pids) { try { process.kill(pid, 'SIGKILL'); } catch {} }
  for (const dir of dirs) { try { fs.rmSync(dir, { recursive: true, force: true }); } catch {} }
  process.exit(0);
};
process.stdin.on('end', end);
process.stdin.on('close', end);
process.stdin.on('error', end);
`;

let lifeline: ChildProcess | undefined;
let unavailable = false;

function send(line: string): void {
  const stdin = lifeline?.stdin;
  if (!stdin || stdin.destroyed) return;
  stdin.write(`${line}\n`);
}

function start(): void {
  if (lifeline || unavailable) return;
  try {
    // Plain node: no loaders from NODE_OPTIONS (tsx under tests), nothing to wait for.
    const env = { ...process.env, NODE_OPTIONS: '' };
    lifeline = spawn(process.execPath, ['-e', SCRIPT], { stdio: ['pipe', 'ignore', 'ignore'], detached: true, windowsHide: true, env });
  } catch {
    unavailable = true;
    return;
  }
  const child = lifeline;
  child.on('error', () => {
    // Cannot start (an unusual node): children then die on SIGINT / SIGTERM and 'exit' only.
    unavailable = true;
    if (lifeline === child) lifeline = undefined;
  });
  child.on('exit', () => {
    if (lifeline === child) lifeline = undefined;
  });
  child.stdin?.on('error', () => undefined);
  // Neither the lifeline nor its pipe keeps this process alive.
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  for (const dir of liveTempDirs()) send(`D ${JSON.stringify(dir)}`);
}

onTempDir((event, dir) => {
  if (lifeline) send(`${event === 'add' ? 'D' : 'd'} ${JSON.stringify(dir)}`);
});

/** A child that must not outlive this process (an ffmpeg); starts the lifeline on first use. */
export function tieToLife(pid: number): void {
  if (!(pid > 0)) return;
  start();
  send(`+ ${pid}`);
}

/** The child exited: the lifeline must not kill its pid (which the system may give to another process). */
export function untie(pid: number): void {
  if (pid > 0) send(`- ${pid}`);
}

/** The lifeline's pid, for tests; undefined before the first child. */
export function lifelinePid(): number | undefined {
  return lifeline?.pid;
}
