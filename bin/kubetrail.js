#!/usr/bin/env node
// Entry for `npx kubetrail`: registers the TypeScript loader, then hands over to the CLI.
import { register } from 'tsx/esm/api';

register();
const { runFromShell } = await import('../cli/index.ts');
process.exitCode = await runFromShell(process.argv.slice(2));
