// Types for papersift in Node (node.mjs): publishing from a build script.

export interface PublishOptions {
  /** A folder of daily digests (or several). */
  digests?: string | string[];
  /** A digest file (or several). */
  digest?: string | string[];
  /** The site's folder (created when missing); it may hold your own files. */
  out: string;
  /** How to cut the index: "auto" (the default), "always" or "never". */
  split?: "auto" | "always" | "never";
  /** false: rank by the words alone (no meaning lists). */
  meaning?: boolean;
  /** The year of dates that have none. */
  year?: number;
  /** A site to take the engine from (default: the one this package carries). */
  engine?: string;
  /** The folder relative paths are read from (default: the current one). */
  cwd?: string;
}

/** `papersift publish`; resolves to what it printed ("published 64 papers to …"). */
export function publish(options: PublishOptions): Promise<string>;
/** Runs `papersift ARGS…`; resolves to its standard error, rejects with it. */
export function run(args: string[], options?: { cwd?: string }): Promise<string>;
/** The native binary's path for this machine; throws when the package has none. */
export function binaryPath(): string;
/** The platforms this package carries a binary for (`linux-x64`, …). */
export function platforms(): string[];
