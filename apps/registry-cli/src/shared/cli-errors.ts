/** Exit codes: 0 done, 1 failure (the register, the files, the machine), 2 usage (the command line itself). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A command line the command cannot run as written: a missing or malformed option or argument. */
export class UsageError extends Error {
  readonly exitCode = EXIT_USAGE;
}

/** The data folder does not hold a register; reading never creates one. */
export class NoRegisterError extends Error {
  readonly exitCode = EXIT_FAILURE;
  constructor(dataDir: string) {
    super(
      `No register in ${dataDir}: there is no event store at ${dataDir}/events. ` +
        'Check FLR_DATA_DIR (or --data-dir), or create one with `flr generate` or `flr import`.',
    );
  }
}

/**
 * The register holds no such person or list (the API's 404 UNKNOWN_PERSON / UNKNOWN_CONTRACT): a failure,
 * exit 1, not a usage error (the number or id itself is well formed). The message never echoes a NIN.
 */
export class NotFoundError extends Error {
  readonly exitCode = EXIT_FAILURE;
  constructor(code: 'UNKNOWN_PERSON' | 'UNKNOWN_CONTRACT', what: string) {
    super(`${code}: ${what}`);
  }
}

export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError) return EXIT_USAGE;
  return EXIT_FAILURE;
}
