import { type ChildProcess, spawn } from 'node:child_process';
import { type ErrorCode, LossyvisionError } from '../errors.js';
import { tieToLife, untie } from './lifeline.js';

/** How long an ffmpeg child may show no sign of progress while we wait on it. */
export const DEFAULT_STALL_TIMEOUT_MS = 60_000;

/** Kept from stderr for error messages: enough for ffmpeg's last complaints. */
const STDERR_TAIL_CHARS = 8_000;

export interface FfmpegProcessOptions {
  /** What the run does, for messages: "decoding clip.avi", "encoding h264 at crf 30". */
  readonly what: string;
  /** The user's file the run is about, named by every error. */
  readonly file?: string;
  /** Error code when ffmpeg fails: DECODE_FAILED for decodes, UNSUPPORTED for rejected settings. */
  readonly errorCode?: ErrorCode;
  /**
   * Kill the child when it shows no progress (output, or input consumed) for this long while
   * we wait on it. Time we spend not waiting (a consumer busy with a frame) never counts.
   */
  readonly stallTimeoutMs?: number;
  /** Aborting kills the child at once. */
  readonly signal?: AbortSignal;
  /** Whether the child reads stdin (encoders fed raw frames). */
  readonly stdin?: boolean;
  /**
   * The caller reads stdout itself (frames), through `watch`. Otherwise stdout is drained
   * here, so progress reports and unwanted output never fill the pipe and block ffmpeg.
   */
  readonly readStdout?: boolean;
}

/** Every ffmpeg child still running, so none outlives this process. */
const live = new Set<FfmpegProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous; sending SIGKILL is. Children that write nowhere would
  // otherwise outlive us (a pipe's reader dying stops only those that write to it).
  process.once('exit', killAllFfmpeg);
}

/**
 * SIGKILLs every ffmpeg child still running, synchronously (for signal and 'exit' handlers).
 * If this process is killed outright, the lifeline (lifeline.ts) does the same.
 */
export function killAllFfmpeg(): void {
  for (const child of live) child.kill();
}

/** Pids of ffmpeg children this process started and that have not exited yet (for tests and diagnostics). */
export function liveFfmpegPids(): number[] {
  return [...live].map((c) => c.pid);
}

/**
 * One ffmpeg child with a stall watchdog, abort and exit handling. `watch(promise)` arms the
 * watchdog for the time the caller waits on the child; any stdout/stderr byte or stdin drain
 * re-arms it. `finish()` waits for exit and turns failure into a LossyvisionError.
 */
export class FfmpegProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly options: FfmpegProcessOptions;
  private stderrTail = '';
  private failure: LossyvisionError | undefined;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exitedFlag = false;
  private readonly stallTimeoutMs: number;
  private watching = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly failureListeners = new Set<(error: LossyvisionError) => void>();
  private readonly onAbort: () => void;

  constructor(ffmpegPath: string, args: readonly string[], options: FfmpegProcessOptions) {
    this.options = options;
    this.stallTimeoutMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
    options.signal?.throwIfAborted();
    const stdinMode = options.stdin ? 'pipe' : 'ignore';
    this.child = spawn(ffmpegPath, ['-hide_banner', '-nostdin', ...args], { stdio: [stdinMode, 'pipe', 'pipe'] });
    // A failed spawn (ENOENT, EACCES) has no pid; 'error' then arrives and 'close' follows.
    this.pid = this.child.pid ?? -1;
    this.exited = new Promise((resolve) => {
      const done = (code: number | null, signal: NodeJS.Signals | null): void => {
        if (this.exitedFlag) return;
        this.exitedFlag = true;
        live.delete(this);
        untie(this.pid);
        this.disarm();
        options.signal?.removeEventListener('abort', this.onAbort);
        resolve({ code, signal });
      };
      this.child.once('close', done);
      this.child.once('error', (error) => {
        this.fail(
          new LossyvisionError('UNSUPPORTED', `could not start ffmpeg (${ffmpegPath}) for ${options.what}: ${error.message}`, { file: options.file }, { cause: error }),
        );
        // A child that never started has nothing to wait for.
        if (this.child.pid === undefined) done(null, null);
      });
    });
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_CHARS);
      this.progress();
    });
    if (!options.readStdout) this.child.stdout?.on('data', () => this.progress());
    // EPIPE when ffmpeg exits before reading all input: finish() reports the real cause.
    this.child.stdin?.on('error', () => undefined);
    this.child.stdin?.on('drain', () => this.progress());
    this.onAbort = () => {
      this.fail(new LossyvisionError('INVALID_ARGUMENT', `${options.what} aborted`, { file: options.file }, { cause: options.signal?.reason }));
      this.kill();
    };
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
    live.add(this);
    installExitHook();
    // Dies with us even on SIGKILL, which no handler here sees.
    tieToLife(this.pid);
  }

  /** stderr's last lines, for messages. */
  get stderr(): string {
    return this.stderrTail;
  }

  get running(): boolean {
    return !this.exitedFlag;
  }

  /** SIGKILL: ffmpeg holds no state worth a graceful stop once we no longer want its output. */
  kill(): void {
    if (!this.exitedFlag) this.child.kill('SIGKILL');
  }

  /** Kills the child if it still runs and waits until it is gone (reaped, not a zombie). */
  async dispose(): Promise<void> {
    this.kill();
    await this.exited;
  }

  /**
   * Waits on `promise` with the stall watchdog armed. Rejects with the stall, abort or start
   * failure if one happens first.
   */
  async watch<T>(promise: Promise<T>): Promise<T> {
    this.watching++;
    this.arm();
    let onFailure!: (error: LossyvisionError) => void;
    const failed = new Promise<never>((_, reject) => {
      onFailure = reject;
    });
    this.failureListeners.add(onFailure);
    try {
      if (this.failure) throw this.failure;
      return await Promise.race([promise, failed]);
    } finally {
      this.failureListeners.delete(onFailure);
      this.watching--;
      if (this.watching === 0) this.disarm();
    }
  }

  /** Waits for exit; throws a LossyvisionError naming the file unless ffmpeg exited 0. */
  async finish(): Promise<void> {
    const { code, signal } = await this.watch(this.exited);
    if (this.failure) throw this.failure;
    if (code === 0) return;
    throw new LossyvisionError(
      this.options.errorCode ?? 'DECODE_FAILED',
      `ffmpeg failed ${this.options.what} (${signal ? `killed by ${signal}` : `exit code ${code}`}): ${lastLines(this.stderrTail)}`,
      { file: this.options.file },
    );
  }

  /** The failure recorded so far (stall, abort, spawn error), if any. */
  get failed(): LossyvisionError | undefined {
    return this.failure;
  }

  private fail(error: LossyvisionError): void {
    if (this.failure) return;
    this.failure = error;
    for (const listener of this.failureListeners) listener(error);
  }

  private progress(): void {
    if (this.timer) this.timer.refresh();
  }

  private arm(): void {
    if (this.timer || this.exitedFlag) return;
    this.timer = setTimeout(() => {
      this.fail(
        new LossyvisionError(
          this.options.errorCode ?? 'DECODE_FAILED',
          `ffmpeg made no progress for ${this.stallTimeoutMs} ms while ${this.options.what} and was stopped${this.stderrTail ? `: ${lastLines(this.stderrTail)}` : ''}`,
          { file: this.options.file },
        ),
      );
      this.kill();
    }, this.stallTimeoutMs);
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** The last few non-empty stderr lines, joined, for a one-line message. */
export function lastLines(stderr: string, count = 3): string {
  const lines = stderr
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.slice(-count).join(' | ') || '(no message)';
}

export interface FfmpegOutput {
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly code: number | null;
}

/**
 * Runs ffmpeg to completion, collecting stdout (small outputs only: version text, probes,
 * packet lists). Does not throw on a non-zero exit: probes like `ffmpeg -i file` always exit 1.
 */
export async function runFfmpeg(ffmpegPath: string, args: readonly string[], options: FfmpegProcessOptions): Promise<FfmpegOutput> {
  const proc = new FfmpegProcess(ffmpegPath, args, options);
  const chunks: Buffer[] = [];
  proc.child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
  try {
    const exit = await proc.watch(new Promise<number | null>((resolve) => proc.child.once('close', (code) => resolve(code))));
    if (proc.failed) throw proc.failed;
    return { stdout: Buffer.concat(chunks), stderr: proc.stderr, code: exit };
  } finally {
    await proc.dispose();
  }
}
