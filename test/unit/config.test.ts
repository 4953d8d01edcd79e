import path from 'node:path';
import { ConfigError, flagsToEnv, loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('defaults to LOCAL mode on port 4000 with no endpoint or credentials', () => {
    const config = loadConfig({}, '/srv');
    expect(config).toMatchObject({ mode: 'LOCAL', port: 4000, region: 'us-east-1', localAwsPort: 4566, endpoint: undefined, functionsDir: '/srv/functions' });
    expect(config.tables).toEqual({ users: 'users', orders: 'orders', emailIndex: 'email-index', userEmails: 'user-emails' });
  });

  it('switches to AWS mode when an endpoint or credentials are configured', () => {
    expect(loadConfig({ AWS_ENDPOINT_URL: 'http://localhost:5000/' })).toMatchObject({ mode: 'AWS', endpoint: 'http://localhost:5000' });
    expect(loadConfig({ AWS_ACCESS_KEY_ID: 'AKIA' }).mode).toBe('AWS');
    expect(loadConfig({ AWS_PROFILE: 'dev', MODE: 'local' }).mode).toBe('LOCAL');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT=abc is not valid: expected a whole number from 0 to 65535'],
    [{ PORT: '70000' }, 'PORT=70000 is not valid: expected a whole number from 0 to 65535'],
    [{ MODE: 'cloud' }, 'MODE=cloud is not valid: expected one of LOCAL, AWS'],
    [{ AWS_REGION: 'mars' }, 'AWS_REGION=mars is not valid: expected an AWS region such as us-east-1'],
    [{ AWS_ENDPOINT_URL: 'ftp://x' }, 'AWS_ENDPOINT_URL=ftp://x is not valid: expected an http(s) URL such as http://localhost:4566'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL=loud is not valid: expected one of fatal, error, warn, info, debug, trace, silent'],
    [{ USERS_TABLE: 'a' }, 'USERS_TABLE=a is not valid: expected 3-255 characters of A-Z a-z 0-9 _ . -'],
    [{ SEED: 'maybe' }, 'SEED=maybe is not valid: expected true or false'],
    [{ FUNCTIONS_DIR: '/nonexistent' }, 'FUNCTIONS_DIR=/nonexistent is not valid: expected an existing directory (its folders are deployed as Lambda functions in LOCAL mode)'],
    [{ FUNCTIONS_DIR: __filename }, `FUNCTIONS_DIR=${__filename} is not valid: expected an existing directory (its folders are deployed as Lambda functions in LOCAL mode)`],
    [{ CURSOR_SECRET: 'short' }, 'CURSOR_SECRET is not valid: expected at least 32 characters (it has 5), e.g. from openssl rand -base64 32'],
    [{ USERS_TABLE: 'shared', ORDERS_TABLE: 'shared' }, 'ORDERS_TABLE is not valid: it names the same table as USERS_TABLE (shared); the users, orders and email claims need three different tables'],
    [{ USER_EMAILS_TABLE: 'orders' }, 'USER_EMAILS_TABLE is not valid: it names the same table as ORDERS_TABLE (orders); the users, orders and email claims need three different tables'],
  ])('refuses %p with one line naming the setting', (env, message) => {
    expect(() => loadConfig(env)).toThrow(new ConfigError(message));
  });

  it('takes a FUNCTIONS_DIR that is a directory, any FUNCTIONS_DIR in AWS mode (unused there), and an absent default', () => {
    expect(loadConfig({ FUNCTIONS_DIR: __dirname }).functionsDir).toBe(__dirname);
    expect(loadConfig({ FUNCTIONS_DIR: '/nonexistent', MODE: 'AWS' }).functionsDir).toBe('/nonexistent');
    expect(loadConfig({}, '/nonexistent').functionsDir).toBe('/nonexistent/functions');
  });

  it('takes a CURSOR_SECRET of 32 characters or more, and none', () => {
    expect(loadConfig({ CURSOR_SECRET: 'x'.repeat(32) }).cursorSecret).toBe('x'.repeat(32));
    expect(loadConfig({ CURSOR_SECRET: '' }).cursorSecret).toBeUndefined();
  });

  it('resolves the data directory against the working directory', () => {
    expect(loadConfig({ DATA_DIR: 'data/local' }, '/srv').dataDir).toBe(path.join('/srv', 'data/local'));
  });

  it('serves metrics unless METRICS turns them off', () => {
    expect(loadConfig({}).metrics).toBe(true);
    expect(loadConfig({ METRICS: 'false' }).metrics).toBe(false);
    expect(() => loadConfig({ METRICS: 'off' })).toThrow(new ConfigError('METRICS=off is not valid: expected true or false'));
  });
});

describe('flagsToEnv', () => {
  it('maps flags with separate and inline values, and boolean flags', () => {
    expect(flagsToEnv(['--port', '5000', '--data-dir=/tmp/x', '--no-seed'])).toEqual({ PORT: '5000', DATA_DIR: '/tmp/x', SEED: 'false' });
  });

  it('refuses unknown flags and missing values', () => {
    expect(() => flagsToEnv(['--prot', '1'])).toThrow(/unknown option --prot/);
    expect(() => flagsToEnv(['--port'])).toThrow('--port needs a value');
  });
});
