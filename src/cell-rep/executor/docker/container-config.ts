// What Docker is asked to create for an instance, as a pure function of the
// spec and what the executor prepared (droplet, downloads, overlay dirs).
//
// The droplet: the cache holds each droplet unpacked once, shared read-only.
// A container sees it at /home/vcap through an overlay mount (a "local" volume
// of type overlay: lower = the cached droplet, upper = a directory of the
// container's own), so starting costs no copy whatever the droplet's size,
// the droplet's pages are shared by every instance, and an app may still write
// to its own directory (copy-on-write into its upper dir). The "copy" mode, for
// a data dir where overlay cannot be mounted, bind-mounts the droplet
// read-only and has the launcher copy it into the container's own layer.
import type Docker from 'dockerode';
import { envStrings, instanceEnv } from '../../../lifecycle/launcher/instance-env.ts';
import type { ContainerSpec } from '../types.ts';
import { labelsFor, LABEL } from './labels.ts';

/** Where things are inside a container. */
export const IN_CONTAINER = {
  home: '/home/vcap',
  lifecycle: '/opt/gantry/lifecycle',
  droplet: '/opt/gantry/droplet',
  downloads: '/opt/gantry/downloads',
};

export type DropletMount = 'overlay' | 'copy';

export interface PreparedDownload {
  /** The cached file on the host. */
  hostPath: string;
  to: string;
  extract: boolean;
}

export interface CreateContext {
  cellId: string;
  name: string;
  image: string;
  hostAddress: string;
  /** Host directory holding launcher.sh. */
  launcherDir: string;
  droplet: { digest: string; dir: string } | null;
  dropletMount: DropletMount;
  /** overlay mode: the container's own upper and work dirs on the host. */
  overlay: { upper: string; work: string } | null;
  downloads: PreparedDownload[];
  /** The engine can enforce disk size (overlay2 on xfs with pquota). */
  diskQuota: boolean;
}

const MiB = 1024 * 1024;

export function createOptions(spec: ContainerSpec, ctx: CreateContext): Docker.ContainerCreateOptions {
  const env = instanceEnv(spec, { hostAddress: ctx.hostAddress, home: IN_CONTAINER.home });
  const extraEnv: string[] = [];
  const mounts: Docker.MountSettings[] = [
    { Type: 'bind', Source: ctx.launcherDir, Target: IN_CONTAINER.lifecycle, ReadOnly: true },
  ];
  if (ctx.droplet) {
    if (ctx.dropletMount === 'overlay') {
      if (!ctx.overlay) throw new Error('overlay droplet mount needs upper and work dirs');
      mounts.push({
        Type: 'volume',
        Source: '', // anonymous: removed with the container
        Target: IN_CONTAINER.home,
        VolumeOptions: {
          NoCopy: true,
          Labels: { [LABEL.cellId]: ctx.cellId, [LABEL.guid]: spec.guid },
          DriverConfig: {
            Name: 'local',
            Options: { type: 'overlay', device: 'overlay', o: `lowerdir=${ctx.droplet.dir},upperdir=${ctx.overlay.upper},workdir=${ctx.overlay.work}` },
          },
        },
      });
    } else {
      mounts.push({ Type: 'bind', Source: ctx.droplet.dir, Target: IN_CONTAINER.droplet, ReadOnly: true });
      extraEnv.push(`GANTRY_DROPLET_COPY_FROM=${IN_CONTAINER.droplet}`);
    }
  }
  if (ctx.downloads.length > 0) {
    const lines = ctx.downloads.map((d, i) => {
      const inside = `${IN_CONTAINER.downloads}/${i}`;
      mounts.push({ Type: 'bind', Source: d.hostPath, Target: inside, ReadOnly: true });
      return `${inside}\t${d.to}\t${d.extract ? 1 : 0}`;
    });
    extraEnv.push(`GANTRY_DOWNLOADS=${lines.join('\n')}`);
  }
  const memory = spec.memoryMb > 0 ? spec.memoryMb * MiB : 0;
  const hostConfig: Docker.HostConfig = {
    NetworkMode: 'host',
    // Memory and swap equal: no swap, so going over the limit is an OOM kill.
    Memory: memory,
    MemorySwap: memory,
    // A real init as pid 1: signals reach the app, zombies are reaped.
    Init: true,
    Mounts: mounts,
    RestartPolicy: { Name: 'no' },
    LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '2' } },
  };
  if (spec.maxPids > 0) hostConfig.PidsLimit = spec.maxPids;
  if (ctx.diskQuota && spec.diskMb > 0) hostConfig.StorageOpt = { size: `${spec.diskMb}M` };
  return {
    name: ctx.name,
    Image: ctx.image,
    Cmd: ['/bin/bash', `${IN_CONTAINER.lifecycle}/launcher.sh`, IN_CONTAINER.home, spec.command],
    Entrypoint: [],
    User: spec.user || 'vcap',
    WorkingDir: IN_CONTAINER.home,
    Env: [...envStrings(env), ...extraEnv],
    Labels: labelsFor(ctx.cellId, spec, ctx.droplet ? { dropletDigest: ctx.droplet.digest } : {}),
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    Tty: false,
    OpenStdin: false,
    HostConfig: hostConfig,
  };
}

/** The image of a stack: "bookworm" (or "gantry:bookworm", a DesiredLRP's rootfs) → "gantry-stack:bookworm". */
export function stackImage(prefix: string, stack: string): string {
  return `${prefix}${stack.startsWith('gantry:') ? stack.slice('gantry:'.length) : stack}`;
}
