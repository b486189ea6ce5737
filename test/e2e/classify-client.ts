/** A client of the edge: multipart upload of field `image`, over keep-alive, like curl -F. */
import http from 'node:http';
import sharp from 'sharp';

export interface ClassifyAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: any;
}

export function photoLikeJpeg(width = 640, height = 480, hue = 200): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="hsl(${hue},55%,60%)"/>
    <circle cx="${width * 0.7}" cy="${height * 0.3}" r="${height * 0.12}" fill="#ffe38a"/>
    <path d="M0 ${height * 0.7} Q ${width * 0.3} ${height * 0.55} ${width * 0.6} ${height * 0.7} T ${width} ${height * 0.65} V ${height} H 0 Z" fill="#3f7d3a"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

/** The multipart body curl -F would send; `field` other than "image" is what the BFF refuses with 400. */
export function multipartImage(image: Buffer, field = 'image'): { body: Buffer; contentType: string } {
  const boundary = `----e2e${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    image,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface ClassifyOptions {
  headers?: Record<string, string>;
  agent?: http.Agent;
  /** Default the edge's route, /inference/api/v1/classify; /api/v1/classify to call the BFF itself. */
  path?: string;
  /** The multipart field; default "image". */
  field?: string;
}

export function classify(edgeUrl: string, image: Buffer, options: ClassifyOptions = {}): Promise<ClassifyAnswer> {
  const { body, contentType } = multipartImage(image, options.field);
  return new Promise((resolve, reject) => {
    const req = http.request(`${edgeUrl}${options.path ?? '/inference/api/v1/classify'}`, {
      method: 'POST',
      agent: options.agent,
      headers: { 'content-type': contentType, 'content-length': String(body.length), ...options.headers },
    });
    req.on('response', (res) => {
      let text = '';
      res
        .setEncoding('utf8')
        .on('data', (d) => (text += d))
        .on('end', () => {
          let json: any;
          try {
            json = JSON.parse(text);
          } catch {
            json = { unparsed: text };
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
        });
    });
    req.on('error', reject);
    req.end(body);
  });
}
