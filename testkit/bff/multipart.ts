/**
 * Multipart bodies for tests, including streamed ones far larger than memory should hold.
 */
import http from 'node:http';
import { Readable } from 'node:stream';

export const BOUNDARY = '----sw-edge-test-boundary';
export const MULTIPART_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer | string;
}

function partHeader(part: Part): string {
  const disposition = part.filename !== undefined ? `form-data; name="${part.name}"; filename="${part.filename}"` : `form-data; name="${part.name}"`;
  const type = part.filename !== undefined ? `\r\nContent-Type: ${part.contentType ?? 'application/octet-stream'}` : '';
  return `--${BOUNDARY}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`;
}

export function multipartBody(parts: Part[]): Buffer {
  const out: Buffer[] = [];
  for (const part of parts) {
    out.push(Buffer.from(partHeader(part)), Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data), Buffer.from('\r\n'));
  }
  out.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(out);
}

/** The multipart body curl -F would send for one JPEG; a `field` other than "image" is what the BFF refuses with 400. */
export function imageUpload(image: Buffer, field = 'image'): { body: Buffer; contentType: string } {
  return { body: multipartBody([{ name: field, filename: 'photo.jpg', contentType: 'image/jpeg', data: image }]), contentType: MULTIPART_TYPE };
}

/** A multipart body with one file field whose content (`head`, then filler) is generated lazily in 64 KB chunks. */
export function streamedUpload(field: string, head: Buffer, size: number, onChunk?: (sent: number) => void): Readable {
  const filler = Buffer.alloc(64 * 1024, 7);
  let sent = 0;
  let stage = 0;
  return new Readable({
    read() {
      if (stage === 0) {
        stage = 1;
        this.push(Buffer.from(partHeader({ name: field, filename: 'big.png', contentType: 'image/png', data: '' })));
        this.push(head);
        sent = head.length;
        onChunk?.(sent);
        return;
      }
      if (stage === 1) {
        if (sent < size) {
          const n = Math.min(filler.length, size - sent);
          sent += n;
          onChunk?.(sent);
          this.push(n === filler.length ? filler : filler.subarray(0, n));
          return;
        }
        stage = 2;
        this.push(Buffer.from(`\r\n--${BOUNDARY}--\r\n`));
        return;
      }
      this.push(null);
    },
  });
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: any;
}

/** POSTs a stream with a raw client; resolves as soon as the answer is complete, even if the upload is not. */
export function postStream(url: string, body: Readable, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': MULTIPART_TYPE, ...headers } });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        body.unpipe(req);
        body.destroy();
        req.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json });
      });
    });
    req.on('error', reject);
    body.pipe(req);
  });
}
