#!/usr/bin/env node
// `npx papersift …`: runs this platform's native binary (native/<platform>-<arch>/papersift)
// with the same arguments, and exits as it does.
import { spawnSync } from "node:child_process";
import { binaryPath } from "../node.mjs";

let binary;
try {
  binary = binaryPath();
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
const done = spawnSync(binary, process.argv.slice(2), { stdio: "inherit" });
if (done.error) {
  console.error(`papersift: cannot run ${binary}: ${done.error.message}`);
  process.exit(1);
}
if (done.signal) process.kill(process.pid, done.signal);
process.exit(done.status ?? 1);
