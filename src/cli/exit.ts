// Exit codes scripts can rely on, and the error type every command throws to
// end with one of them and a message that says what to do.
export const exitCodes = {
  ok: 0,
  /** Something failed: the cluster refused, an instance would not run, a wait timed out. */
  failure: 1,
  /** The command line (or a file it names) is wrong; nothing was changed. */
  usage: 2,
  /** The app, task or cluster named does not exist. */
  notFound: 3,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

export class CliError extends Error {
  constructor(message: string, readonly exitCode: ExitCode = exitCodes.failure) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string) => new CliError(message, exitCodes.usage);
export const notFoundError = (message: string) => new CliError(message, exitCodes.notFound);

/** The text `gantry --help` prints about exit codes. */
export const exitCodeHelp = [
  'exit codes:',
  '  0  success',
  '  1  failure (the cluster refused, an instance would not run, a wait timed out, the BBS is unreachable)',
  '  2  usage error (bad flags or arguments, or input the BBS rejects as invalid); nothing was changed',
  '  3  not found (no such app, task or instance)',
].join('\n');
