// The `iam-policy-lab` command line: a dispatcher; each command lives in its own file.
import { runCommand } from './commands';

// A reader that stops early (`iam-policy-lab test … | head`) closes the pipe: stop quietly, as a Unix tool killed by
// SIGPIPE does (status 141), instead of an unhandled EPIPE error with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(141);
    throw error;
  });
}

runCommand(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`iam-policy-lab: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
