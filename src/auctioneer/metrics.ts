// The auctioneer's Prometheus metrics, defined once per process.
import { counter, gauge, histogram } from '../common/metrics.ts';

/** Work kinds, the `kind` label of the auction counters. */
export type WorkKind = 'lrp' | 'task';

export const auctionsStarted = counter(
  'gantry_auctioneer_auctions_started_total',
  'Pieces of work (LRP instances, tasks) taken into an auction batch, by kind',
  ['kind'],
);
export const auctionsSucceeded = counter(
  'gantry_auctioneer_auctions_succeeded_total',
  'Pieces of work a cell accepted at Perform, by kind',
  ['kind'],
);
export const auctionsFailed = counter(
  'gantry_auctioneer_auctions_failed_total',
  'Pieces of work that found no cell (or were refused until the retry limit), by kind',
  ['kind'],
);
export const batchSize = histogram(
  'gantry_auctioneer_batch_size',
  'Pieces of work auctioned together in one batch',
  [],
  [1, 5, 10, 50, 100, 500, 1000, 5000, 10_000, 20_000, 50_000],
);
export const batchDuration = histogram(
  'gantry_auctioneer_batch_duration_seconds',
  'Time of one whole batch: fetch states, auction, perform, retries, failure reports',
  [],
  [0.005, 0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30],
);
export const fetchStatesDuration = histogram(
  'gantry_auctioneer_fetch_states_duration_seconds',
  'Time to fetch the State of every live cell in parallel',
  [],
  [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
);
export const auctionDuration = histogram(
  'gantry_auctioneer_auction_duration_seconds',
  'Time inside the auction algorithm (scoring and placement), per round',
  [],
  [0.0001, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
);
export const performFailures = counter(
  'gantry_auctioneer_perform_failures_total',
  'Pieces of work a cell did not take at Perform: refused by the cell, or the call failed',
  ['kind', 'cause'],
);
export const retries = counter(
  'gantry_auctioneer_retries_total',
  'Pieces of work re-auctioned after a cell refused them',
  ['kind'],
);
export const deferred = counter(
  'gantry_auctioneer_deferred_total',
  'Pieces of work that found no cell while some cells were left out of the batch, put back for the next batch',
  ['kind'],
);
export const cellStateFailures = counter(
  'gantry_auctioneer_cell_state_failures_total',
  'State calls that failed or timed out (the cell was left out of that batch)',
);
export const liveCells = gauge('gantry_auctioneer_live_cells', 'Cells whose presence heartbeats the auctioneer currently sees');
export const queuedWork = gauge('gantry_auctioneer_queued_work', 'Pieces of work waiting for the next batch');
export const failureReports = counter(
  'gantry_auctioneer_failure_reports_total',
  'Placement failures reported to the BBS, by kind and outcome (ok, error)',
  ['kind', 'outcome'],
);
