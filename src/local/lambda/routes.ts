/** The Lambda operations the local Lambda answers, plus the download of a function's package. */
export type Operation =
  | 'CreateFunction'
  | 'ListFunctions'
  | 'GetFunction'
  | 'DeleteFunction'
  | 'GetFunctionConfiguration'
  | 'UpdateFunctionConfiguration'
  | 'UpdateFunctionCode'
  | 'AddPermission'
  | 'GetPolicy'
  | 'RemovePermission'
  | 'Invoke'
  | 'InvokeAsync'
  | 'DownloadCode'
  | 'ListTags'
  | 'TagResource'
  | 'UntagResource';

/** A matched request: the operation and its path parameters (decoded). */
export interface Route {
  op: Operation;
  /** FunctionName (name, ARN or partial ARN, maybe qualified), or the resource ARN of tag operations. */
  target?: string;
  statementId?: string;
}

const FN = '/20\\d\\d-\\d\\d-\\d\\d/functions';
const TABLE: Array<[string, RegExp, Operation]> = [
  ['POST', new RegExp(`^${FN}/?$`), 'CreateFunction'],
  ['GET', new RegExp(`^${FN}/?$`), 'ListFunctions'],
  ['GET', new RegExp(`^${FN}/([^/]+)/?$`), 'GetFunction'],
  ['DELETE', new RegExp(`^${FN}/([^/]+)/?$`), 'DeleteFunction'],
  ['GET', new RegExp(`^${FN}/([^/]+)/configuration/?$`), 'GetFunctionConfiguration'],
  ['PUT', new RegExp(`^${FN}/([^/]+)/configuration/?$`), 'UpdateFunctionConfiguration'],
  ['PUT', new RegExp(`^${FN}/([^/]+)/code/?$`), 'UpdateFunctionCode'],
  ['GET', new RegExp(`^${FN}/([^/]+)/code\\.zip$`), 'DownloadCode'],
  ['POST', new RegExp(`^${FN}/([^/]+)/policy/?$`), 'AddPermission'],
  ['GET', new RegExp(`^${FN}/([^/]+)/policy/?$`), 'GetPolicy'],
  ['DELETE', new RegExp(`^${FN}/([^/]+)/policy/([^/]+)/?$`), 'RemovePermission'],
  ['POST', new RegExp(`^${FN}/([^/]+)/invocations/?$`), 'Invoke'],
  ['POST', new RegExp(`^${FN}/([^/]+)/invoke-async/?$`), 'InvokeAsync'],
  ['GET', /^\/20\d\d-\d\d-\d\d\/tags\/(.+)$/, 'ListTags'],
  ['POST', /^\/20\d\d-\d\d-\d\d\/tags\/(.+)$/, 'TagResource'],
  ['DELETE', /^\/20\d\d-\d\d-\d\d\/tags\/(.+)$/, 'UntagResource'],
];

function decode(part: string | undefined): string | undefined {
  if (part === undefined) return undefined;
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Which operation a method and path ask for, or undefined. */
export function matchRoute(method: string, pathname: string): Route | undefined {
  for (const [m, re, op] of TABLE) {
    if (m !== method) continue;
    const match = re.exec(pathname);
    if (match) return { op, target: decode(match[1]), statementId: decode(match[2]) };
  }
  return undefined;
}
