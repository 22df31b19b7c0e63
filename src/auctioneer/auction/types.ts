// Plain shapes the auction works on. The auctioneer service maps gRPC
// messages onto these; nothing here knows about the network.

export interface Resources {
  memoryMb: number;
  diskMb: number;
  containers: number;
  pids: number;
}

export interface CellLRP {
  processGuid: string;
  index: number;
  memoryMb: number;
  diskMb: number;
}

export interface CellTask {
  taskGuid: string;
  memoryMb: number;
  diskMb: number;
}

/** What a cell reports about itself when the auction asks for its state. */
export interface CellState {
  cellId: string;
  zone: string;
  /** Root filesystems (stacks) the cell can run, e.g. "cflinuxfs4". */
  stacks: string[];
  /** Tags the cell requires: work must ask for every one of them. */
  placementTags: string[];
  /** Tags the cell also offers but does not require. */
  optionalPlacementTags: string[];
  total: Resources;
  available: Resources;
  lrps: CellLRP[];
  tasks: CellTask[];
  startingContainers: number;
  evacuating: boolean;
}

/** One instance of a long-running process to place. */
export interface LRPWork {
  processGuid: string;
  index: number;
  domain: string;
  stack: string;
  memoryMb: number;
  diskMb: number;
  /** 0 asks for no pid limit. */
  maxPids: number;
  placementTags: string[];
}

/** One task to place. */
export interface TaskWork {
  taskGuid: string;
  domain: string;
  stack: string;
  memoryMb: number;
  diskMb: number;
  /** 0 asks for no pid limit. */
  maxPids: number;
  placementTags: string[];
}

export interface AuctionWork {
  lrps?: readonly LRPWork[];
  tasks?: readonly TaskWork[];
}

export interface Placement<W> {
  work: W;
  cellId: string;
}

export interface PlacementFailure<W> {
  work: W;
  reason: string;
}

export interface AuctionResult {
  lrpPlacements: Placement<LRPWork>[];
  taskPlacements: Placement<TaskWork>[];
  lrpFailures: PlacementFailure<LRPWork>[];
  taskFailures: PlacementFailure<TaskWork>[];
}

export type AuctionStrategy = 'diego' | 'gantry';

export interface AuctionWeights {
  /**
   * Score added per container the cell is already starting (Diego's
   * StartingContainerWeight, default 0.25), so a burst of starts spreads.
   */
  startingContainerWeight: number;
  /**
   * Score added per instance of the same app already on the cell (LRPs), or
   * per task already on the cell (tasks). Diego's LocalityOffset is 1000:
   * large enough that co-location only wins when nothing else fits.
   */
  localityWeight: number;
  /**
   * Score added per position of the cell within its zone (cells ordered by
   * id), so low cells fill first. Diego's BinPackFirstFitWeight, default 0 (off).
   */
  binPackFirstFitWeight: number;
  /**
   * Diego's StartingContainerCountMaximum: a limit on container starts in
   * flight across all cells (those already starting plus those this auction
   * places). Work beyond it fails this auction. 0 means no limit (Diego's default).
   */
  maxInFlightStarts: number;
  /**
   * gantry's per-cell limit: a cell already starting this many containers
   * takes no more work in this auction. 0 means no limit.
   */
  maxStartingPerCell: number;
}

export interface AuctionOptions extends Partial<AuctionWeights> {
  /** 'gantry' (default) or 'diego' (Diego's auctionrunner, faithfully). */
  strategy?: AuctionStrategy;
  /**
   * Cells that refused a piece of work at Perform, keyed by workKey(work).
   * The auction does not offer that work to those cells again.
   */
  refusals?: ReadonlyMap<string, readonly string[]>;
}
