import { COMMANDS } from './commands';
import { runCli } from './run';

const code = await runCli(process.argv.slice(2), COMMANDS, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stderr.isTTY),
  env: process.env,
});
process.exitCode = code;
