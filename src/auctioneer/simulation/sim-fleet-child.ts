// A child process hosting many simulated reps (see sim-fleet.ts): started by
// its parent over IPC, it serves each cell on its own loopback port and
// heartbeats for all of them, answers snapshot requests, and exits on stop.
import { connectNats } from '../../common/nats.ts';
import { loadTls, serverCredentials } from '../../common/tls.ts';
import { createLogger, setLogLevel } from '../../common/log.ts';
import { startSimReps, type SimRep } from './sim-rep.ts';
import type { FleetRequest, FleetReply } from './sim-fleet.ts';

const log = createLogger('sim-fleet');
setLogLevel('warn');
let reps: SimRep[] = [];
let nc: Awaited<ReturnType<typeof connectNats>> | undefined;

const reply = (msg: FleetReply) => process.send!(msg);

process.on('message', (msg: FleetRequest) => {
  void (async () => {
    try {
      switch (msg.type) {
        case 'start': {
          const tls = msg.tls && loadTls(msg.tls);
          nc = await connectNats({ servers: msg.natsUrl, name: `gantry-sim-fleet-${process.pid}`, log, tls });
          const credentials = serverCredentials(tls);
          reps = await startSimReps(msg.specs, { nc, log, heartbeatIntervalMs: msg.heartbeatIntervalMs, credentials }, (_, i) => msg.behaviours?.[i]);
          reply({ type: 'started', addresses: reps.map((r) => r.address) });
          break;
        }
        case 'snapshot':
          {
          const cpu = process.cpuUsage();
          reply({
            type: 'snapshot',
            cells: reps.map((r) => r.cell.snapshot()),
            performs: reps.reduce((n, r) => n + r.performs, 0),
            stateCalls: reps.reduce((n, r) => n + r.stateCalls, 0),
            cpuMs: (cpu.user + cpu.system) / 1000,
          });
        }
          break;
        case 'stop':
          await Promise.all(reps.map((r) => r.stop(msg.goodbye)));
          await nc?.drain().catch(() => undefined);
          reply({ type: 'stopped' });
          process.disconnect();
          break;
      }
    } catch (err) {
      reply({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  })();
});

// The parent went away: nothing left to serve.
process.on('disconnect', () => process.exit(0));
