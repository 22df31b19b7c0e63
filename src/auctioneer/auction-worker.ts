// The auction worker thread (see auction-engine.ts): holds one batch's
// decoded cell states and runs its rounds, answering with positions and ids.
import { parentPort } from 'node:worker_threads';
import { SessionCore, type WorkerReply, type WorkerRequest } from './auction-engine.ts';

let session: SessionCore | undefined;
const reply = (msg: WorkerReply) => parentPort!.postMessage(msg);

parentPort!.on('message', (req: WorkerRequest) => {
  try {
    switch (req.type) {
      case 'begin':
        session = new SessionCore(req.answers, req.options);
        reply({ type: 'begun', cells: session.cells, undecodable: session.undecodable });
        break;
      case 'round':
        if (!session) throw new Error('round without a session');
        reply({ type: 'result', result: session.round(req.lrps, req.tasks, new Map(req.refusals), req.accepted, req.unreachable) });
        break;
      case 'end':
        session = undefined;
        break;
    }
  } catch (err) {
    reply({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
