// The probes themselves: a TCP connect or an HTTP GET from the host to
// 127.0.0.1:<host port> (instances use host networking). Each probe settles
// within its timeout and never throws: it returns what happened in words.
import http from 'node:http';
import net from 'node:net';
import { describePlan, httpVerdict, probeErrorDetail, type ProbePlan, type ProbeResult } from './decisions.ts';

export function probe(plan: ProbePlan, host = '127.0.0.1', timeoutMs?: number): Promise<ProbeResult> {
  switch (plan.type) {
    case 'none':
      return Promise.resolve({ ok: true, detail: 'no check' });
    case 'tcp':
      return tcpProbe(plan, host, timeoutMs ?? plan.timeoutMs);
    case 'http':
      return httpProbe(plan, host, timeoutMs ?? plan.timeoutMs);
  }
}

function tcpProbe(plan: ProbePlan & { type: 'tcp' }, host: string, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(r);
    };
    const sock = net.connect({ host, port: plan.hostPort });
    const timer = setTimeout(() => done({ ok: false, detail: probeErrorDetail({ ...plan, timeoutMs }, 'timeout') }), timeoutMs);
    sock.once('connect', () => done({ ok: true, detail: `${describePlan(plan)} succeeded` }));
    sock.once('error', (err: NodeJS.ErrnoException) => done({ ok: false, detail: probeErrorDetail(plan, err) }));
  });
}

function httpProbe(plan: ProbePlan & { type: 'http' }, host: string, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(r);
    };
    const req = http.request({ host, port: plan.hostPort, path: plan.path, method: 'GET', agent: false, headers: { 'user-agent': 'gantry-health-check' } }, (res) => {
      res.resume();
      done(httpVerdict(plan, res.statusCode ?? 0));
    });
    const timer = setTimeout(() => done({ ok: false, detail: probeErrorDetail({ ...plan, timeoutMs }, 'timeout') }), timeoutMs);
    req.once('error', (err: NodeJS.ErrnoException) => done({ ok: false, detail: probeErrorDetail(plan, err) }));
    req.end();
  });
}
