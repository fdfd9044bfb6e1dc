import { spawn } from 'node:child_process';

/**
 * Runs `node ...args` with its stdout closed before the program has even loaded, as `| head`
 * leaves it once it has read enough: the program's first write meets a pipe nobody reads.
 */
export async function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stderr };
}
