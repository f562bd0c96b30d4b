// Loopback servers for the fault matrix (docs/FAULT-MATRIX.md): a node:http FaultServer with one route per fault,
// and a node:net RawServer for byte-exact broken framing. Both bind 127.0.0.x only; nothing leaves 127/8.
// The FaultServer records every request (path, arrival time, headers) and the highest number of requests in
// flight at once (up on 'request', down on the response's 'close').
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import zlib from 'node:zlib';

export type Route = (req: IncomingMessage, res: ServerResponse, q: URLSearchParams, srv: FaultServer) => void;

export interface Logged {
  path: string;
  at: number;
  headers: http.IncomingHttpHeaders;
}

export interface FaultServer {
  host: string;
  port: number;
  origin: string;
  url(path: string): string;
  requests: Logged[];
  count(pathname: string): number;
  maxInFlight: number;
  inFlight: number;
  /**
   * Most requests in flight at once among those answered to the end. A request the client abandoned (its
   * deadline fired) stays open here until the server sees the socket close, which can come after the client's
   * next request arrives; the client-side count (stats.maxInFlightPerHost) covers those.
   */
  maxInFlightAnswered(): number;
  /** Per-key counters for routes that change answer after N requests (/status). */
  hits: Map<string, number>;
  close(): Promise<void>;
}

export const RSS =
  '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Test wire</title>' +
  '<item><title>Lavrov meets Wang Yi</title><link>https://example.org/a/1</link><guid>a-1</guid></item>' +
  '</channel></rss>\n';
export const HTML = '<!doctype html><html><head><title>Page</title></head><body><article><p>Body text.</p></article></body></html>';
export const LAST_MODIFIED = 'Sun, 22 Nov 2026 06:00:00 GMT';

const MIB = 1024 * 1024;
const bombs = new Map<string, Buffer>();

/** Zeros compressed with `codec`: a few tens of KB on the wire, `mib` MiB once decoded. Built once per size. */
export function bomb(codec: string, mib: number): Buffer {
  const key = `${codec}:${mib}`;
  let b = bombs.get(key);
  if (!b) {
    const zeros = Buffer.alloc(mib * MIB);
    const fastBrotli = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } };
    b = codec === 'br' ? zlib.brotliCompressSync(zeros, fastBrotli) : codec === 'deflate' ? zlib.deflateSync(zeros) : zlib.gzipSync(zeros);
    bombs.set(key, b);
  }
  return b;
}

function send(res: ServerResponse, status: number, body: string | Buffer, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
}

/** Writes `total` bytes in 64 KiB pieces, honouring backpressure; stops when the client goes away. */
function stream(res: ServerResponse, total: number): void {
  const piece = Buffer.alloc(64 * 1024, 0x61);
  let sent = 0;
  const pump = (): void => {
    while (sent < total && !res.destroyed) {
      const n = Math.min(piece.length, total - sent);
      sent += n;
      if (!res.write(piece.subarray(0, n))) return void res.once('drain', pump);
    }
    if (sent >= total) res.end();
  };
  pump();
}

export const ROUTES: Record<string, Route> = {
  '/ok': (_req, res) => send(res, 200, 'ok'),
  '/feed': (_req, res) => send(res, 200, RSS, { 'content-type': 'application/rss+xml; charset=utf-8' }),
  '/notfeed': (_req, res) => send(res, 200, HTML, { 'content-type': 'text/html; charset=utf-8' }),
  '/hang': () => undefined,
  '/hang-after-headers': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.write('<rss');
  },
  '/drip': (_req, res, q) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const timer = setInterval(() => res.write('x'), Number(q.get('everyMs') ?? 1000));
    res.on('close', () => clearInterval(timer));
  },
  '/big': (_req, res, q) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    stream(res, Number(q.get('bytes') ?? 20 * MIB));
  },
  '/declared': (_req, res, q) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': q.get('bytes') ?? '10737418240' });
    res.write('abc');
  },
  '/bomb': (_req, res, q) => {
    const codec = q.get('codec') ?? 'gzip';
    send(res, 200, bomb(codec, Number(q.get('mib') ?? 32)), { 'content-encoding': codec });
  },
  '/encoded': (_req, res, q) => {
    const codec = q.get('codec') ?? 'gzip';
    const raw = Buffer.from(RSS);
    const body =
      codec === 'br'
        ? zlib.brotliCompressSync(raw)
        : codec === 'deflate'
          ? zlib.deflateSync(raw)
          : codec === 'deflate-raw'
            ? zlib.deflateRawSync(raw)
            : zlib.gzipSync(raw);
    send(res, 200, body, { 'content-encoding': codec === 'deflate-raw' ? 'deflate' : codec });
  },
  '/chain': (_req, res, q) => {
    const n = Number(q.get('n') ?? 6);
    let body = Buffer.from(RSS);
    for (let i = 0; i < n; i++) body = zlib.gzipSync(body);
    send(res, 200, body, { 'content-encoding': Array(n).fill('gzip').join(', ') });
  },
  '/unknown-encoding': (_req, res) => send(res, 200, RSS, { 'content-encoding': 'foo' }),
  '/badgzip': (_req, res) => {
    const gz = Buffer.from(zlib.gzipSync(Buffer.from(RSS)));
    gz.writeUInt32LE((gz.readUInt32LE(gz.length - 8) ^ 0xffffffff) >>> 0, gz.length - 8); // break the CRC32
    send(res, 200, gz, { 'content-encoding': 'gzip' });
  },
  '/status': (req, res, q, srv) => {
    const n = (srv.hits.get(req.url ?? '') ?? 0) + 1;
    srv.hits.set(req.url ?? '', n);
    if (n > Number(q.get('times') ?? Infinity)) return send(res, 200, RSS);
    const headers: http.OutgoingHttpHeaders = {};
    const ra = q.get('retryAfter');
    const raDate = q.get('retryAfterInMs');
    if (ra) headers['retry-after'] = ra;
    if (raDate) headers['retry-after'] = new Date(Date.now() + Number(raDate)).toUTCString();
    send(res, Number(q.get('code') ?? 503), 'status', headers);
  },
  '/redirect': (_req, res, q) => {
    const n = Number(q.get('n') ?? 1);
    const to = q.get('to');
    if (n <= 0 && !to) return send(res, 200, RSS);
    const next = n > 1 || !to ? `/redirect?n=${n - 1}${to ? `&to=${encodeURIComponent(to)}` : ''}&code=${q.get('code') ?? 302}` : to;
    send(res, Number(q.get('code') ?? 302), '', { location: next });
  },
  '/loop': (_req, res) => send(res, 302, '', { location: '/loop' }),
  '/etag': (req, res) => {
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    if (inm === '"v1"' || (!inm && ims === LAST_MODIFIED)) return void res.writeHead(304, { etag: '"v1"' }).end();
    send(res, 200, RSS, { etag: '"v1"', 'last-modified': LAST_MODIFIED, 'content-type': 'application/rss+xml' });
  },
  '/always304': (_req, res) => void res.writeHead(304).end(),
  '/code': (_req, res, q) => send(res, Number(q.get('c') ?? 404), 'status page'),
  '/robots.txt': (_req, res) => send(res, 404, 'not found'),
};

function instrument(server: http.Server, host: string, routes: Record<string, Route>): Promise<FaultServer> {
  const intervals: { start: number; end?: number; answered: boolean }[] = [];
  return new Promise((resolve) => {
    const srv: FaultServer = {
      host,
      port: 0,
      origin: '',
      url: (p) => `${srv.origin}${p}`,
      requests: [],
      count: (p) => srv.requests.filter((r) => r.path.split('?')[0] === p).length,
      maxInFlight: 0,
      inFlight: 0,
      maxInFlightAnswered: () => {
        const done = intervals.filter((i) => i.answered && i.end !== undefined);
        let max = 0;
        for (const a of done) max = Math.max(max, done.filter((b) => b.start <= a.start && (b.end as number) > a.start).length);
        return max;
      },
      hits: new Map(),
      close: () =>
        new Promise((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
    };
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      srv.requests.push({ path: req.url ?? '', at: Date.now(), headers: req.headers });
      srv.inFlight++;
      srv.maxInFlight = Math.max(srv.maxInFlight, srv.inFlight);
      const interval: { start: number; end?: number; answered: boolean } = { start: performance.now(), answered: false };
      intervals.push(interval);
      res.on('close', () => {
        srv.inFlight--;
        interval.end = performance.now();
        interval.answered = res.writableFinished;
      });
      const u = new URL(req.url ?? '/', 'http://x');
      const prefix = Object.keys(routes).find((k) => k.endsWith('/') && k.length > 1 && u.pathname.startsWith(k));
      const route = routes[u.pathname] ?? (prefix ? routes[prefix] : undefined);
      if (!route) return send(res, 404, 'not found');
      route(req, res, u.searchParams, srv);
    });
    server.listen(0, host, () => {
      srv.port = (server.address() as AddressInfo).port;
      const scheme = server instanceof https.Server ? 'https' : 'http';
      srv.origin = `${scheme}://${host}:${srv.port}`;
      resolve(srv);
    });
  });
}

export interface FaultServerOptions {
  host?: string;
  /** Extra or overriding routes; a key ending in '/' ('/page/') matches every path under it. */
  routes?: Record<string, Route>;
  tls?: { key: string | Buffer; cert: string | Buffer };
}

export function startFaultServer(o: FaultServerOptions = {}): Promise<FaultServer> {
  const routes = { ...ROUTES, '/page/': ROUTES['/ok'] as Route, ...o.routes };
  const server = o.tls ? https.createServer({ key: o.tls.key, cert: o.tls.cert }) : http.createServer();
  server.keepAliveTimeout = 1_000;
  return instrument(server, o.host ?? '127.0.0.1', routes);
}

/** Raw answers keyed by request path: bytes to write then close, 'RESET' (TCP reset), or 'HANG'. */
export type RawAnswer = string | Buffer | 'RESET' | 'HANG';

export interface RawServer {
  origin: string;
  url(path: string): string;
  close(): Promise<void>;
}

export function startRawServer(answers: Record<string, RawAnswer>, host = '127.0.0.1'): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', (d) => {
      const path = d.toString('latin1').split(' ')[1] ?? '/';
      const answer = answers[path] ?? 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';
      if (answer === 'RESET') return void socket.resetAndDestroy();
      if (answer === 'HANG') return;
      socket.end(answer);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, host, () => {
      const origin = `http://${host}:${(server.address() as AddressInfo).port}`;
      resolve({
        origin,
        url: (p) => `${origin}${p}`,
        close: () =>
          new Promise((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** A port that was just free (listened on, then closed): connecting to it is refused. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, host, () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
