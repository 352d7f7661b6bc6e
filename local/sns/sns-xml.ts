/** XML answers in the shapes the AWS SDK's awsQuery protocol and the AWS CLI parse. */

export const SNS_XML_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function element(name: string, content: string): string {
  return `<${name}>${content}</${name}>`;
}

export function textElement(name: string, text: string): string {
  return element(name, escapeXml(text));
}

/**
 * Renders a result the way awsQuery serialises it: lists as `<member>` items, the `Attributes` map as
 * `<entry><key/><value/></entry>` items, scalars as text.
 */
export function resultXml(result: Readonly<Record<string, unknown>>): string {
  return Object.entries(result)
    .map(([name, value]) => {
      if (Array.isArray(value))
        return element(name, value.map((item) => element('member', resultXml(item as Record<string, unknown>))).join(''));
      if (value !== null && typeof value === 'object') {
        const entries = Object.entries(value as Record<string, unknown>).map(([key, entry]) =>
          element('entry', textElement('key', key) + textElement('value', String(entry))),
        );
        return element(name, entries.join(''));
      }
      return textElement(name, String(value));
    })
    .join('');
}

/** `<{Action}Response><{Action}Result>…</{Action}Result><ResponseMetadata>…</ResponseMetadata></{Action}Response>` */
export function actionResponse(action: string, result: string, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${SNS_XML_NAMESPACE}">` +
    element(`${action}Result`, result) +
    element('ResponseMetadata', textElement('RequestId', requestId)) +
    `</${action}Response>\n`
  );
}

export type ErrorType = 'Sender' | 'Receiver';

export function errorResponse(type: ErrorType, code: string, message: string, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${SNS_XML_NAMESPACE}">` +
    element('Error', textElement('Type', type) + textElement('Code', code) + textElement('Message', message)) +
    textElement('RequestId', requestId) +
    '</ErrorResponse>\n'
  );
}
