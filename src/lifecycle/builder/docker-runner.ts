// Runs a staging Task in a container of the stack image directly through the
// Docker engine, the way a cell runs a task: its downloads fetched from the
// object store (through a digest-keyed cache), bind-mounted read-only and
// handed to the launcher (GANTRY_DOWNLOADS), which unpacks them as the task's
// user and then runs the task's command. It exists because
// a Task cannot yet carry the staging's outputs (the droplet and the build
// cache) back out of a cell; here the container's output directory is a bind
// mount the staging API reads afterwards.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import type { Task } from '../../generated/gantry/models/Task.ts';

export const LAUNCHER_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../launcher/launcher.sh');

/** Where the runner mounts things inside the container. */
const mounts = {
  downloads: '/tmp/gantry-downloads',
  launcher: '/tmp/gantry-launcher/launcher.sh',
  home: '/home/vcap',
} as const;

/** The uid of the stack's vcap user, who must own the output directory. */
const STACK_UID = 2000;

export interface TaskLogLine {
  stream: 'stdout' | 'stderr';
  line: string;
}

export interface DockerTaskOptions {
  docker: Docker;
  image: string;
  /** The container directory (holding the task's result file) whose files the caller wants after the run. */
  outputDir: string;
  /** A local file holding one download's verified bytes, held until release(). */
  download: (download: { digest: string; url: string }) => Promise<{ path: string; release(): void }>;
  onLog?: (line: TaskLogLine) => void;
  timeoutMs: number;
  /** Staging needs no network: 'none' proves it. */
  network?: 'none' | 'host';
  launcherPath?: string;
  /** Lines of output kept for error messages. */
  keepLines?: number;
}

export interface DockerTaskRun {
  exitCode: number;
  oomKilled: boolean;
  timedOut: boolean;
  /** The last lines of output, stdout and stderr interleaved as they arrived. */
  output: string[];
  /** The result file's content, when the task wrote one. */
  result: string | null;
  /** The host directory holding what the container wrote to outputDir. */
  hostOutputDir: string;
  /** Remove the container (already under way) and the host directories; call once the outputs are read. */
  cleanup(): Promise<void>;
}

/** Splits a byte stream into lines. */
function eachLine(stream: Readable, onLine: (line: string) => void): Promise<void> {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      onLine(buffered.slice(0, nl).replace(/\r$/, ''));
      buffered = buffered.slice(nl + 1);
    }
  });
  return new Promise((resolve) =>
    stream.once('end', () => {
      if (buffered) onLine(buffered);
      resolve();
    }),
  );
}

export async function runTaskInDocker(task: Task, o: DockerTaskOptions): Promise<DockerTaskRun> {
  const resultFile = task.result_file ?? '';
  if (resultFile && !resultFile.startsWith(`${o.outputDir}/`)) throw new Error(`result_file ${resultFile} is not under the output dir ${o.outputDir}`);
  const work = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'gantry-task-'));
  const held: { release(): void }[] = [];
  const releaseDownloads = () => held.splice(0).forEach((h) => h.release());
  let removal: Promise<unknown> = Promise.resolve();
  const cleanup = async () => {
    await removal;
    await fs.promises.rm(work, { recursive: true, force: true });
  };
  try {
    const outDir = path.join(work, 'out');
    await fs.promises.mkdir(outDir);
    // The task runs as vcap: it must be able to write its outputs.
    if (process.getuid?.() === 0) await fs.promises.chown(outDir, STACK_UID, STACK_UID);
    else await fs.promises.chmod(outDir, 0o777);

    const lines: string[] = [];
    const binds: string[] = [];
    for (const [i, d] of (task.downloads ?? []).entries()) {
      const file = await o.download({ digest: d.digest ?? '', url: d.url ?? '' });
      held.push(file);
      binds.push(`${file.path}:${mounts.downloads}/${i}:ro`);
      lines.push(`${mounts.downloads}/${i}\t${d.to ?? ''}\t${d.extract ? 1 : 0}`);
    }
    const env = (task.env ?? []).map((e) => `${e.name}=${e.value}`);
    env.push(`GANTRY_DOWNLOADS=${lines.join('\n')}`);

    const container = await o.docker.createContainer({
      name: `gantry-${task.task_guid}-${crypto.randomBytes(3).toString('hex')}`,
      Image: o.image,
      Cmd: ['bash', mounts.launcher, mounts.home, task.command ?? ''],
      User: task.user || 'vcap',
      Env: env,
      WorkingDir: mounts.home,
      Labels: { 'gantry.kind': 'task', 'gantry.task-guid': task.task_guid ?? '', 'gantry.runner': 'staging' },
      HostConfig: {
        Binds: [...binds, `${outDir}:${o.outputDir}`, `${o.launcherPath ?? LAUNCHER_PATH}:${mounts.launcher}:ro`],
        NetworkMode: o.network ?? 'none',
        ...(task.memory_mb ? { Memory: task.memory_mb * 1024 * 1024 } : {}),
        ...(task.max_pids ? { PidsLimit: task.max_pids } : {}),
      },
    });
    try {
      const output: string[] = [];
      const keep = o.keepLines ?? 200;
      const emit = (stream: 'stdout' | 'stderr') => (line: string) => {
        output.push(line);
        if (output.length > keep) output.shift();
        o.onLog?.({ stream, line });
      };
      const attached = await container.attach({ stream: true, stdout: true, stderr: true });
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      container.modem.demuxStream(attached, stdout, stderr);
      attached.once('end', () => {
        stdout.end();
        stderr.end();
      });
      const drained = Promise.all([eachLine(stdout, emit('stdout')), eachLine(stderr, emit('stderr'))]);

      await container.start();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        container.kill().catch(() => {});
      }, o.timeoutMs);
      let exitCode: number;
      try {
        const waited = (await container.wait()) as { StatusCode: number };
        exitCode = waited.StatusCode;
      } finally {
        clearTimeout(timer);
      }
      // The attach stream ends just after the process; do not wait forever for it.
      await Promise.race([drained, new Promise((r) => setTimeout(r, 2000))]);
      const inspected = await container.inspect();
      const oomKilled = Boolean(inspected.State?.OOMKilled);
      let result: string | null = null;
      if (resultFile) {
        const hostResult = path.join(outDir, path.relative(o.outputDir, resultFile));
        result = await fs.promises.readFile(hostResult, 'utf8').catch(() => null);
      }
      return { exitCode, oomKilled, timedOut, output, result, hostOutputDir: outDir, cleanup };
    } finally {
      // Removing a container takes a while; the caller reads the outputs meanwhile (cleanup() waits for it).
      removal = container
        .remove({ force: true })
        .catch(() => {})
        .finally(releaseDownloads);
    }
  } catch (err) {
    await cleanup();
    releaseDownloads();
    throw err;
  }
}
