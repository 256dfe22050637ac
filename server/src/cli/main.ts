// The `iam-policy-lab` command line: a dispatcher; each command lives in its own file.
import { runCommand } from './commands';
import { FileChangedError } from '../node/fileWindows';

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
    // A model changed on disk while a command read it is the user's to know, not a fault of ours.
    const said =
      error instanceof FileChangedError ? error.message : `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    process.stderr.write(`iam-policy-lab: ${said}\n`);
    process.exitCode = 2;
  },
);
