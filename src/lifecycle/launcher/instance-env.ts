// The environment an instance runs with: the LRP's own variables, then what
// the cell knows about this instance (PORT, INSTANCE_*, CF_INSTANCE_*), and a
// VCAP_APPLICATION JSON in Cloud Foundry's shape. Instances use host
// networking, so the port an app listens on is the host port the rep chose:
// PORT, CF_INSTANCE_PORT and each CF_INSTANCE_PORTS entry's "internal" are
// that port; "container" names the port the LRP declared for it.

export interface InstanceEnvSpec {
  guid: string;
  tags: { kind: 'lrp' | 'task'; processGuid?: string; index?: number; instanceGuid?: string; taskGuid?: string };
  memoryMb: number;
  diskMb: number;
  ports: { container_port: number; host_port: number }[];
  env: { name: string; value: string }[];
  user: string;
}

export interface InstanceEnvContext {
  /** The address the cell advertises (CF_INSTANCE_IP). */
  hostAddress: string;
  /** HOME inside the container (/home/vcap) or the instance's directory. */
  home: string;
}

/** File descriptors an instance may open (VCAP_APPLICATION.limits.fds). */
export const INSTANCE_FDS = 16384;

/** Later entries win: the cell's instance variables override the LRP's own of the same name. */
export function instanceEnv(spec: InstanceEnvSpec, ctx: InstanceEnvContext): [string, string][] {
  const vars = new Map<string, string>();
  const user = spec.user || 'vcap';
  vars.set('HOME', ctx.home);
  vars.set('USER', user);
  for (const e of spec.env) if (e.name) vars.set(e.name, e.value);
  vars.set('CF_INSTANCE_IP', ctx.hostAddress);
  vars.set('CF_INSTANCE_INTERNAL_IP', ctx.hostAddress);

  if (spec.tags.kind === 'lrp') {
    const index = spec.tags.index ?? 0;
    const instanceGuid = spec.tags.instanceGuid || spec.guid;
    const first = spec.ports[0];
    vars.set('INSTANCE_INDEX', String(index));
    vars.set('INSTANCE_GUID', instanceGuid);
    vars.set('CF_INSTANCE_INDEX', String(index));
    vars.set('CF_INSTANCE_GUID', instanceGuid);
    vars.set('CF_INSTANCE_PORTS', JSON.stringify(spec.ports.map((p) => ({ external: p.host_port, internal: p.host_port, container: p.container_port }))));
    if (first) {
      vars.set('PORT', String(first.host_port));
      vars.set('CF_INSTANCE_PORT', String(first.host_port));
      vars.set('CF_INSTANCE_ADDR', `${ctx.hostAddress}:${first.host_port}`);
    }
    vars.set('VCAP_APPLICATION', JSON.stringify(vcapApplication(spec, vars.get('VCAP_APPLICATION'))));
  }
  return [...vars.entries()];
}

/** The LRP's VCAP_APPLICATION (when it gave one) completed with this instance's facts. */
export function vcapApplication(spec: InstanceEnvSpec, given: string | undefined): Record<string, unknown> {
  let base: Record<string, unknown> = {};
  if (given) {
    try {
      const parsed: unknown = JSON.parse(given);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) base = parsed as Record<string, unknown>;
    } catch {
      /* not JSON: replaced by ours */
    }
  }
  const appId = spec.tags.processGuid ?? spec.guid;
  const first = spec.ports[0];
  return {
    application_id: appId,
    application_name: appId,
    name: appId,
    application_uris: [],
    uris: [],
    ...base,
    instance_id: spec.tags.instanceGuid || spec.guid,
    instance_index: spec.tags.index ?? 0,
    host: '0.0.0.0',
    ...(first ? { port: first.host_port } : {}),
    limits: { mem: spec.memoryMb, disk: spec.diskMb, fds: INSTANCE_FDS },
  };
}

/** "NAME=value" strings, as Docker wants them. */
export function envStrings(env: [string, string][]): string[] {
  return env.map(([k, v]) => `${k}=${v}`);
}
