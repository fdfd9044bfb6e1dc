import { parseArgs } from 'node:util';
import { startServer } from '../../api/index.ts';
import { KubetrailError } from '../../store/index.ts';
import { type CliIo, dbPathOf } from '../context.ts';

/** `kubetrail serve`: the API, the Kubernetes facade and the viewer over a read-only database, until SIGINT/SIGTERM. */
export async function serve(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '7070' },
      token: { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new KubetrailError(
      'bad-input',
      `--port: ${JSON.stringify(values.port)} is not a port number (0 to 65535)`,
    );
  }
  const token = values.token ?? io.env.KUBETRAIL_TOKEN;
  const server = await startServer({
    dbPath: dbPathOf(values.db, io.env),
    host: values.host,
    port,
    token,
    now: io.now,
  });
  io.stdout(
    `kubetrail: serving ${server.url} (API ${server.url}/api/v1, OpenAPI ${server.url}/api/openapi.json)${token ? ', bearer token required' : ''}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
