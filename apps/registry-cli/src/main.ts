#!/usr/bin/env node
/**
 * `flr`, the analysts' and operators' command line (`npm run cli -- --help`). Exit codes: 0 done,
 * 1 failure, 2 usage. It reads the register's log directly and never touches the API's build.
 */
import 'reflect-metadata';
import { runCli } from './run-cli';

runCli(process.argv).then((code) => {
  process.exitCode = code;
});
