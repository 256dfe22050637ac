// Preloaded (`node -r`) into a command the bench runs as a whole process: reports the process's peak RSS on stderr
// when it exits, after everything the command printed, so stdout stays the command's own.
'use strict';
const { writeSync } = require('node:fs');

process.on('exit', () => {
  writeSync(2, `\npeak-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
