import { functionArn } from '../../lib/arn';
import type { PolicyStatement } from './policy';

/** The settings of a function that CreateFunction and UpdateFunctionConfiguration set. */
export interface FunctionSettings {
  runtime: string;
  handler: string;
  role: string;
  description: string;
  /** Seconds, 1-900. */
  timeout: number;
  /** MB, 128-10240. */
  memorySize: number;
  environment?: Record<string, string>;
  architectures: string[];
  /** MB of /tmp, as EphemeralStorage.Size. */
  ephemeralStorage: number;
}

/** Everything the local Lambda keeps about one function (its $LATEST; versions are not emulated). */
export interface FunctionRecord extends FunctionSettings {
  name: string;
  tags: Record<string, string>;
  /** base64 SHA-256 of the deployment package, as AWS reports it. */
  codeSha256: string;
  codeSize: number;
  /** ISO time of the last change, stored as `Date#toISOString`. */
  lastModified: string;
  revisionId: string;
  /** Resource policy statements (AddPermission). */
  policy: PolicyStatement[];
  /** Folder (under the function's folder) that holds the unzipped code. */
  codeDir: string;
}

/** Where the function lives: region and account of its ARN. */
export interface Placement {
  region: string;
  accountId: string;
}

/** AWS's LastModified format: `2024-01-15T10:30:00.000+0000`. */
export function awsTimestamp(iso: string): string {
  return iso.replace(/Z$/, '+0000');
}

/** The FunctionConfiguration that Get/List/Create/Update answer with. */
export function toConfiguration(fn: FunctionRecord, at: Placement): Record<string, unknown> {
  return {
    FunctionName: fn.name,
    FunctionArn: functionArn(at.region, at.accountId, fn.name),
    Runtime: fn.runtime,
    Role: fn.role,
    Handler: fn.handler,
    CodeSize: fn.codeSize,
    Description: fn.description,
    Timeout: fn.timeout,
    MemorySize: fn.memorySize,
    LastModified: awsTimestamp(fn.lastModified),
    CodeSha256: fn.codeSha256,
    Version: '$LATEST',
    ...(fn.environment ? { Environment: { Variables: fn.environment } } : {}),
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: fn.revisionId,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: fn.architectures,
    EphemeralStorage: { Size: fn.ephemeralStorage },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${fn.name}` },
  };
}
