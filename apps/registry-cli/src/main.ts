#!/usr/bin/env node
/**
 * `flr`, the analysts' and operators' command line (`npm run cli -- --help`). Exit codes: 0 done,
 * 1 failure, 2 usage. It reads the register's log directly and never touches the API's build.
 */
import 'reflect-metadata';
import { runCli } from './run-cli';

runCli(process.argv).then((code) => {
  process.exitCode = code;
  // For the command-line bench: peak memory of this process (kB), on stderr.
  if (process.env.FLR_CLI_RESOURCE_USAGE === '1') {
    process.stderr.write(`flr_max_rss_kb=${process.resourceUsage().maxRSS}\n`);
  }
});
