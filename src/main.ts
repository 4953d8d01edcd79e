#!/usr/bin/env node
import 'reflect-metadata';
import { startApp } from './app';
import { buildClients } from './aws/clients';
import { ConfigError, flagsToEnv, loadConfig, type Config } from './config';
import { loadLocalAws } from './local/lazy';
import { createLogger } from './logger';
import { printSchemaSdl } from './schema';
import { awsStartFailure, MissingResourceError, setupResources } from './setup';

// The stack is fixed at Node 20; the AWS SDK's notice about Node 22 says nothing actionable here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const COMMANDS = ['serve', 'local-aws', 'setup', 'schema'] as const;
type Command = (typeof COMMANDS)[number];

async function main(argv: string[]): Promise<void> {
  const [first, ...rest] = argv;
  const command = (first && !first.startsWith('--') ? first : 'serve') as Command;
  if (!COMMANDS.includes(command)) throw new ConfigError(`unknown command ${command}; expected one of ${COMMANDS.join(', ')}`);
  const flags = flagsToEnv(first && !first.startsWith('--') ? rest : argv);
  const config = loadConfig({ ...process.env, ...flags });
  switch (command) {
    case 'serve':
      return serve(config);
    case 'local-aws':
      return localAws(config);
    case 'setup':
      return setup(config);
    case 'schema':
      process.stdout.write(await printSchemaSdl());
      return;
    default: {
      const unknown: never = command;
      throw new ConfigError(`unknown command ${String(unknown)}`);
    }
  }
}

async function serve(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel);
  const app = await startApp(config, logger);
  logger.info({ url: app.url, mode: config.mode, localAws: app.localAws?.endpoint, dataDir: config.dataDir }, `aws-graphql ready at ${app.url}`);
  onShutdown(logger, () => app.close());
}

async function localAws(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel);
  const local = await loadLocalAws().startLocalAws({ port: config.localAwsPort, region: config.region, dataDir: config.dataDir, functionsDir: config.functionsDir, lambdaConcurrency: config.lambdaConcurrency, logger });
  logger.info({ endpoint: local.endpoint, dataDir: config.dataDir }, `local AWS ready at ${local.endpoint}`);
  onShutdown(logger, () => local.close());
}

async function setup(config: Config): Promise<void> {
  const clients = buildClients({ region: config.region, endpoint: config.endpoint, awsMaxAttempts: config.awsMaxAttempts });
  const created = await setupResources(clients, config).catch((err: unknown) => {
    throw awsStartFailure(err, config);
  }).finally(() => clients.destroy());
  process.stdout.write(created.length ? `created: ${created.join(', ')}\n` : 'everything already exists\n');
}

/** SIGTERM/SIGINT close gracefully and exit 0; a second signal or 10 s exits at once. */
function onShutdown(logger: ReturnType<typeof createLogger>, close: () => Promise<void>): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) process.exit(1);
    closing = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), 10_000).unref();
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof MissingResourceError) {
    process.stderr.write(`aws-graphql: ${err.message}\n`);
  } else {
    process.stderr.write(`aws-graphql: failed to start: ${(err as Error).stack ?? String(err)}\n`);
  }
  process.exit(1);
});
