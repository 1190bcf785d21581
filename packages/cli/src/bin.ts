#!/usr/bin/env node
import { CommanderError } from 'commander';
import type { Io } from './io.js';
import { buildProgram, ExitCode } from './program.js';

// A reader that goes away (`| head`, an ACD that exits) is not a crash: what would have gone to it
// is dropped, and `contactmesh centre` stops on its input's end.
const gone = new Set<NodeJS.WriteStream>();
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    gone.add(stream);
    // Nobody reads the output any more (the ACD that drove `contactmesh centre` went away): end the
    // input too, as an ACD that exits closes both, so the centre stops cleanly.
    if (stream === process.stdout) process.stdin.push(null);
  });
}

// On a terminal a live line is rewritten in place; the next ordinary output starts below it.
let liveShown = false;
const write = (stream: NodeJS.WriteStream, text: string) => {
  if (gone.has(stream)) return;
  if (liveShown) stream.write('\n');
  liveShown = false;
  stream.write(text);
};
const io: Io = {
  out: (text) => write(process.stdout, text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => write(process.stderr, text.endsWith('\n') ? text : `${text}\n`),
  ...(process.stdout.isTTY
    ? {
        live: (line: string) => {
          // A line wider than the terminal would wrap and could not be rewritten: print it as it is.
          if (line.length >= process.stdout.columns) return write(process.stdout, `${line}\n`);
          process.stdout.write(`\r\x1b[2K${line}`);
          liveShown = true;
        },
      }
    : {}),
};

try {
  await buildProgram(io).parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  } else {
    io.err(`contactmesh: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = ExitCode.failure;
  }
}
