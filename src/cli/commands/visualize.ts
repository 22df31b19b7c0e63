// `gantry visualize`: redraws the grid of cells and instances at a rate, so an
// operator watches instances move when a cell dies. BBS errors are shown in
// the frame and retried: watching a BBS fail over is a use too.
import { flag } from '../args.ts';
import { sleep, type Command } from '../context.ts';
import { exitCodes } from '../exit.ts';
import { renderGrid, type GridSnapshot } from '../format/grid.ts';

const enterScreen = '\x1b[?1049h\x1b[?25l';
const leaveScreen = '\x1b[?25h\x1b[?1049l';
const home = '\x1b[H';
const clearBelow = '\x1b[J';

export const visualize: Command = {
  def: {
    name: 'visualize',
    summary: 'a live grid of cells and their instances, coloured by state',
    details: 'One row per cell, one glyph per instance, redrawn at --rate until Ctrl-C.',
    positionals: [],
    flags: {
      rate: { kind: 'duration', value: 'DURATION', default: 1000, help: 'how often to redraw' },
      app: { kind: 'string', value: 'NAME', help: 'only this app\'s instances' },
      once: { kind: 'boolean', help: 'print one frame and exit (no screen control)' },
    },
  },
  async run(ctx, args) {
    const rate = Math.max(100, flag.number(args, 'rate')!);
    const app = flag.string(args, 'app');
    const once = flag.boolean(args, 'once') || ctx.json;
    const snapshot = async (): Promise<GridSnapshot> => {
      const bbs = ctx.bbs();
      const [cells, actuals] = await Promise.all([bbs.listCells(), bbs.listActualLRPs(app ? { process_guid: app } : {})]);
      return { cells, actuals, takenAt: ctx.now() };
    };
    const width = () => ctx.out.columns ?? 100;
    if (once) {
      const snap = await snapshot();
      if (ctx.json) ctx.printJson(snap);
      else ctx.out.write(renderGrid(snap, ctx.paint, { width: width() }));
      return exitCodes.ok;
    }
    const tty = ctx.out.isTTY === true;
    if (tty) ctx.out.write(enterScreen);
    try {
      while (!ctx.signal.aborted) {
        let frame: string;
        try {
          frame = renderGrid(await snapshot(), ctx.paint, { width: width() });
        } catch (err) {
          frame = `${ctx.paint('red', 'cannot read the cluster')}: ${(err as Error).message}\n(retrying every ${rate} ms)\n`;
        }
        ctx.out.write(tty ? home + frame.replace(/\n/g, '\x1b[K\n') + clearBelow : frame + '\n');
        await sleep(rate, ctx.signal);
      }
    } finally {
      if (tty) ctx.out.write(leaveScreen);
    }
    return exitCodes.ok;
  },
};
