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

export function classify(edgeUrl: string, image: Buffer, options: { headers?: Record<string, string>; agent?: http.Agent } = {}): Promise<ClassifyAnswer> {
  const boundary = `----e2e${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    image,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return new Promise((resolve, reject) => {
    const req = http.request(`${edgeUrl}/inference/api/v1/classify`, {
      method: 'POST',
      agent: options.agent,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(body.length), ...options.headers },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d) => (text += d)).on('end', () => {
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
