import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { buildClients } from '../src/aws/clients';
import { loadConfig } from '../src/config';
import { toUser } from '../src/datasources/users.records';
import { readBody } from '../src/local/http';

/**
 * The baseline of S2-S4: a plain node:http handler that answers the same request body as the
 * GraphQL `user` query with the same GetItem, through a client from the project's own
 * buildClients and the same config. What GraphQL costs on top is the difference.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const { doc } = buildClients({ region: config.region, endpoint: config.endpoint, awsMaxAttempts: config.awsMaxAttempts });
  const server = createServer((req, res) => {
    answer(req, res).catch(() => {
      res.writeHead(500).end();
    });
  });
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = JSON.parse((await readBody(req, 1024 * 1024)).toString('utf8')) as { variables: { id: string } };
    const out = await doc.send(new GetCommand({ TableName: config.tables.users, Key: { user_id: body.variables.id }, ConsistentRead: true }));
    const user = out.Item ? toUser(out.Item) : null;
    const text = JSON.stringify({ data: { user: user && { userId: user.userId, name: user.name, email: user.email } } });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(`${JSON.stringify({ msg: 'plain server ready', url: `http://127.0.0.1:${port}/` })}\n`);
  });
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

void main();
