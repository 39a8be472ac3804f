import { COMMANDS } from './commands';
import { runCli } from './run';

// `barwise runs | head` closes the pipe early: the rest of the output has no reader, and the
// command still finishes its work and exits as it would, instead of dying on EPIPE.
let stdoutClosed = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  stdoutClosed = true;
});

const code = await runCli(process.argv.slice(2), COMMANDS, {
  stdout: (text) => {
    if (!stdoutClosed) process.stdout.write(text);
  },
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stderr.isTTY),
  env: process.env,
});
process.exitCode = code;
