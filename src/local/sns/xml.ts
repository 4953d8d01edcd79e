import type { ServerResponse } from 'node:http';
import type { SnsError } from './errors';

const NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';

/** A map member, written as AWS writes SNS maps: `<entry><key/><value/></entry>`. */
export class XmlMap {
  constructor(readonly entries: Iterable<[string, string]>) {}
}

/** What a result member can be: text, a list (`<member>`), a structure, or a map. */
export type XmlValue = string | number | boolean | undefined | XmlMap | XmlValue[] | { [name: string]: XmlValue };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch] as string);
}

function render(value: XmlValue): string {
  if (value === undefined) return '';
  if (typeof value !== 'object') return escapeXml(String(value));
  if (value instanceof XmlMap) {
    return [...value.entries].map(([k, v]) => `<entry><key>${escapeXml(k)}</key><value>${escapeXml(v)}</value></entry>`).join('');
  }
  if (Array.isArray(value)) return value.map((item) => `<member>${render(item)}</member>`).join('');
  return Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([name, v]) => `<${name}>${render(v)}</${name}>`)
    .join('');
}

/** `<ActionResponse><ActionResult>...</ActionResult><ResponseMetadata>...` ; no Result element when `result` is undefined. */
export function responseXml(action: string, result: { [name: string]: XmlValue } | undefined, requestId: string): string {
  const body = result === undefined ? '' : `<${action}Result>${render(result)}</${action}Result>`;
  return `<${action}Response xmlns="${NAMESPACE}">${body}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
}

export function errorXml(error: SnsError, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${error.type}</Type><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

export function sendXml(res: ServerResponse, status: number, xml: string, requestId: string): void {
  res.writeHead(status, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(xml), 'x-amzn-RequestId': requestId });
  res.end(xml);
}
