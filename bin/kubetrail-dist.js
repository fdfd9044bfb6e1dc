#!/usr/bin/env node
// The production entry (the container image's): the CLI bundled by `npm run build`, no loader.
import { runFromShell } from '../dist/cli.mjs';

process.exitCode = await runFromShell(process.argv.slice(2));
