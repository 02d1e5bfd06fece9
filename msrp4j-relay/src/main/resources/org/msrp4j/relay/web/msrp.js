// A browser MSRP client (RFC 4975) that reaches its peer through a relay (RFC 4976) over a WebSocket
// (RFC 7977): AUTH with digest, refresh, text messages, chunked file transfer with a window, reports.

import { Chunk, MsrpParseError, encode, parse, parseByteRange, parseStatus, randomId, splitPath } from './codec.js';
import { authorization, digestResponse, parseChallenge } from './digest.js';
import { Receiver, Refusal } from './receiver.js';

/** How a file is cut and paced: bytes per chunk, chunks awaiting their 200 at once, seconds to wait for one. */
export const SEND_SETTINGS = Object.freeze({ chunkSize: 65536, window: 8, transactionTimeout: 30 });

const MAX_AUTH_ROUND_TRIPS = 8;
const utf8 = new TextEncoder();

/** AUTH failed: the relay refused the credentials or the request, or answered nothing usable. */
export class MsrpAuthError extends Error {
  /**
   * @param {string} message
   * @param {number|null} code the relay's status code, if it answered
   */
  constructor(message, code = null) {
    super(message);
    this.name = 'MsrpAuthError';
    this.code = code;
  }
}

/** A request the far side answered with an error, or that got no answer in time. */
export class MsrpRequestError extends Error {
  /**
   * @param {string} message
   * @param {number|null} code the status code, or null on a timeout or a lost connection
   */
  constructor(message, code = null) {
    super(message);
    this.name = 'MsrpRequestError';
    this.code = code;
  }
}

/**
 * The URI of this client, as RFC 7977 §5 asks of a WebSocket client: an msrps URI with a random `.invalid`
 * host and the `ws` transport.
 * @returns {string}
 */
export function newLocalUri() {
  return 'msrps://' + randomId(12).toLowerCase() + '.invalid:2855/' + randomId(20) + ';ws';
}

/**
 * The relay URI to AUTH with, from the WebSocket URL: msrps for wss, msrp for ws, and the `ws` transport.
 * @param {string} wsUrl
 * @returns {string}
 */
export function relayUriOf(wsUrl) {
  const url = new URL(wsUrl);
  const secure = url.protocol === 'wss:';
  const port = url.port !== '' ? url.port : (secure ? '443' : '80');
  return (secure ? 'msrps' : 'msrp') + '://' + url.hostname + ':' + port + ';ws';
}

/**
 * One MSRP client over one WebSocket to one relay. Events: `message` (detail: ReceivedMessage),
 * `report` (detail: {messageId, code, comment, range}), `close` (detail: {reason}), `log` (detail: text).
 */
export class MsrpClient extends EventTarget {
  /**
   * @param {{url: string, username: string, password: string, expires?: number}} options
   */
  constructor(options) {
    super();
    this.url = options.url;
    this.username = options.username;
    this.password = options.password;
    this.expires = options.expires ?? 600;
    this.localUri = newLocalUri();
    this.relayUri = relayUriOf(options.url);
    /** @type {string[]} what the relay granted, to put before the local URI */
    this.usePath = [];
    /** @type {string[]} the far peer's path, its own URI last */
    this.peerPath = [];
    this.socket = null;
    this.pending = new Map();
    this.receiver = new Receiver();
    this.challenge = null;
    this.nonceCount = 0;
    this.refreshTimer = null;
    this.closed = false;
    this.outgoing = new Map();
  }

  /**
   * Opens the WebSocket and runs AUTH until the relay grants a path.
   * @returns {Promise<string>} the path to give the far peer (its SDP a=path)
   * @throws {MsrpAuthError} when AUTH fails; {Error} when the WebSocket cannot be opened
   */
  async connect() {
    await new Promise((resolve, reject) => {
      let socket;
      try {
        socket = new WebSocket(this.url, 'msrp');
      } catch (e) {
        reject(new Error('cannot open ' + this.url + ': ' + e.message));
        return;
      }
      socket.binaryType = 'arraybuffer';
      this.socket = socket;
      socket.onopen = () => {
        if (socket.protocol !== 'msrp') {
          socket.close(1002, 'subprotocol msrp required');
          reject(new Error('the relay did not accept the msrp subprotocol'));
          return;
        }
        resolve();
      };
      socket.onerror = () => reject(new Error('cannot connect to ' + this.url));
      socket.onclose = (e) => {
        reject(new Error('the relay closed the connection (' + e.code + (e.reason ? ' ' + e.reason : '') + ')'));
        this.lost('connection closed: ' + e.code + (e.reason ? ' ' + e.reason : ''));
      };
      socket.onmessage = (e) => this.received(e.data);
    });
    await this.authenticate();
    return this.path();
  }

  /** @returns {string} the path to give the far peer: the relay's Use-Path, then the local URI */
  path() {
    return [...this.usePath, this.localUri].join(' ');
  }

  /**
   * Sets the far peer's path (its SDP a=path): its relays, then its own URI.
   * @param {string} path
   */
  setPeerPath(path) {
    const uris = splitPath(path);
    if (uris.length === 0 || !uris.every((u) => /^msrps?:\/\//i.test(u))) {
      throw new Error('a path is one or more msrp: or msrps: URIs separated by spaces');
    }
    this.peerPath = uris;
  }

  async authenticate() {
    let answeredFresh = false;
    for (let round = 0; round < MAX_AUTH_ROUND_TRIPS; round++) {
      const auth = new Chunk(randomId(12), { method: 'AUTH' });
      auth.add('To-Path', this.relayUri).add('From-Path', this.localUri);
      let sent = null;
      if (this.challenge !== null) {
        sent = { cnonce: randomId(16), nc: ++this.nonceCount };
        auth.add('Authorization', authorization(this.challenge, {
          username: this.username, password: this.password, uri: this.relayUri, nc: sent.nc, cnonce: sent.cnonce,
        }));
      }
      auth.add('Expires', this.expires);
      let response;
      try {
        response = await this.transact(auth);
      } catch (e) {
        throw new MsrpAuthError('AUTH got no answer: ' + e.message);
      }
      const why = response.status + (response.comment ? ' ' + response.comment : '');
      if (response.status === 200) {
        this.checkProof(response, sent);
        this.granted(response);
        return;
      }
      if (response.status === 401) {
        const offered = parseChallenge(response.header('WWW-Authenticate'));
        if (offered === null || offered.scheme.toLowerCase() !== 'digest') {
          throw new MsrpAuthError('the relay sent no usable Digest challenge', 401);
        }
        const stale = (offered.params.get('stale') ?? '').toLowerCase() === 'true';
        if (answeredFresh && !stale) {
          throw new MsrpAuthError('the relay refused the credentials of ' + this.username + ': ' + why, 401);
        }
        this.challenge = offered.params;
        this.nonceCount = 0;
        answeredFresh = true;
      } else if (response.status === 423) {
        const min = Number(response.header('Min-Expires'));
        const max = Number(response.header('Max-Expires'));
        this.expires = min > 0 ? min : max > 0 ? max : this.expires;
      } else {
        throw new MsrpAuthError('the relay refused AUTH for ' + this.username + ': ' + why, response.status);
      }
    }
    throw new MsrpAuthError('the relay granted no path after ' + MAX_AUTH_ROUND_TRIPS + ' AUTH requests');
  }

  checkProof(response, sent) {
    const info = response.header('Authentication-Info');
    if (info === null || sent === null) {
      return;
    }
    const p = parseChallenge('Digest ' + info);
    const rspauth = p?.params.get('rspauth');
    if (rspauth === undefined) {
      return;
    }
    const expected = digestResponse({
      username: this.username, realm: this.challenge.get('realm'), password: this.password,
      nonce: this.challenge.get('nonce'), nc: sent.nc.toString(16).padStart(8, '0'), cnonce: sent.cnonce,
      qop: 'auth', method: '', uri: this.relayUri,
    });
    if (rspauth !== expected) {
      throw new MsrpAuthError('the relay\'s 200 does not prove it knows the password (rspauth)');
    }
  }

  granted(response) {
    const usePath = splitPath(response.header('Use-Path'));
    if (usePath.length === 0) {
      throw new MsrpAuthError('the relay\'s 200 to AUTH has no Use-Path', 200);
    }
    this.usePath = usePath;
    const expires = Number(response.header('Expires') ?? this.expires);
    clearTimeout(this.refreshTimer);
    if (expires > 0) {
      // refresh after half the granted time (RFC 4976 §5.2 leaves the moment to the client)
      this.refreshTimer = setTimeout(() => this.refresh(), expires * 500);
    }
  }

  async refresh() {
    if (this.closed) {
      return;
    }
    try {
      await this.authenticate();
      this.log('AUTH refreshed');
    } catch (e) {
      this.log('AUTH refresh failed: ' + e.message);
      this.close();
    }
  }

  /**
   * Sends a text message in one chunk, with Success-Report.
   * @param {string} text
   * @returns {Promise<string>} the Message-ID, once the far side's relay chain answered 200
   * @throws {MsrpRequestError} on an error response or timeout
   */
  async sendText(text) {
    const messageId = randomId(16);
    const bytes = utf8.encode(text);
    const chunk = this.sendChunk(messageId, 'text/plain', null, bytes, 1, bytes.length, '$');
    await this.transact(chunk);
    return messageId;
  }

  /**
   * Sends a file in chunks of SEND_SETTINGS.chunkSize with at most SEND_SETTINGS.window unanswered.
   * @param {Blob & {name?: string}} file
   * @param {(acknowledged: number, total: number) => void} onProgress called as 200s arrive
   * @returns {Promise<string>} the Message-ID, once every chunk was answered 200
   * @throws {MsrpRequestError} on an error response (the rest is not sent) or timeout
   */
  async sendFile(file, onProgress = () => {}) {
    const messageId = randomId(16);
    const total = file.size;
    const type = file.type !== '' ? file.type : 'application/octet-stream';
    const name = (file.name ?? 'file').replace(/["\\\r\n]/g, '_');
    const disposition = 'attachment; filename="' + name + '"';
    let acknowledged = 0;
    let failure = null;
    const inFlight = new Set();
    onProgress(0, total);
    for (let start = 0; start < total || (total === 0 && start === 0); start += SEND_SETTINGS.chunkSize) {
      while (inFlight.size >= SEND_SETTINGS.window && failure === null) {
        await Promise.race(inFlight);
      }
      if (failure !== null) {
        break;
      }
      const end = Math.min(total, start + SEND_SETTINGS.chunkSize);
      const bytes = new Uint8Array(await file.slice(start, end).arrayBuffer());
      const chunk = this.sendChunk(messageId, type, disposition, bytes, start + 1, total, end === total ? '$' : '+');
      const done = this.transact(chunk).then(() => {
        acknowledged += bytes.length;
        onProgress(acknowledged, total);
      }, (e) => {
        failure = failure ?? e;
      }).finally(() => inFlight.delete(done));
      inFlight.add(done);
      if (total === 0) {
        break;
      }
    }
    await Promise.all(inFlight);
    if (failure !== null) {
      throw failure;
    }
    return messageId;
  }

  sendChunk(messageId, type, disposition, bytes, start, total, flag) {
    if (this.peerPath.length === 0) {
      throw new Error('paste the far peer\'s path first');
    }
    const chunk = new Chunk(randomId(12), { method: 'SEND' });
    chunk.add('To-Path', [...this.usePath, ...this.peerPath].join(' ')).add('From-Path', this.localUri);
    chunk.add('Message-ID', messageId).add('Success-Report', 'yes').add('Failure-Report', 'yes');
    chunk.add('Byte-Range', start + '-' + (start + bytes.length - 1) + '/' + total);
    if (disposition !== null) {
      chunk.add('Content-Disposition', disposition);
    }
    chunk.add('Content-Type', type);
    chunk.body = bytes;
    chunk.flag = flag;
    return chunk;
  }

  /**
   * Sends a request and waits for its response.
   * @param {Chunk} request
   * @returns {Promise<Chunk>} the response (any status for AUTH; 200 for other requests)
   */
  transact(request) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(request.tid);
        reject(new MsrpRequestError(request.method + ' got no response in '
          + SEND_SETTINGS.transactionTimeout + ' s'));
      }, SEND_SETTINGS.transactionTimeout * 1000);
      this.pending.set(request.tid, { request, resolve, reject, timer });
      try {
        this.write(request);
      } catch (e) {
        clearTimeout(timer);
        this.pending.delete(request.tid);
        reject(e);
      }
    });
  }

  write(chunk) {
    if (this.socket === null || this.socket.readyState !== WebSocket.OPEN) {
      throw new MsrpRequestError('not connected');
    }
    this.socket.send(encode(chunk));
  }

  received(data) {
    const bytes = typeof data === 'string' ? utf8.encode(data) : new Uint8Array(data);
    let chunk;
    try {
      chunk = parse(bytes);
    } catch (e) {
      if (!(e instanceof MsrpParseError)) {
        throw e;
      }
      this.log('unreadable chunk from the relay: ' + e.message);
      if (e.tid === null || e.method === null) {
        this.close();
      }
      return;
    }
    if (!chunk.isRequest()) {
      this.answered(chunk);
    } else if (chunk.method === 'SEND') {
      this.incomingSend(chunk);
    } else if (chunk.method === 'REPORT') {
      this.incomingReport(chunk);
    } else {
      this.respond(chunk, 501, 'Unknown method');
    }
  }

  answered(response) {
    const waiting = this.pending.get(response.tid);
    if (waiting === undefined) {
      return;
    }
    this.pending.delete(response.tid);
    clearTimeout(waiting.timer);
    if (waiting.request.method === 'AUTH' || response.status === 200) {
      waiting.resolve(response);
    } else {
      waiting.reject(new MsrpRequestError(waiting.request.method + ' refused: ' + response.status
        + (response.comment ? ' ' + response.comment : ''), response.status));
    }
  }

  incomingSend(chunk) {
    const to = chunk.toPath();
    if (to.length !== 1 || to[0] !== this.localUri) {
      this.respond(chunk, 481, 'Not this session');
      return;
    }
    let message;
    try {
      message = this.receiver.accept(chunk);
    } catch (e) {
      if (!(e instanceof Refusal)) {
        throw e;
      }
      this.respond(chunk, e.code, e.comment);
      return;
    }
    this.respond(chunk, 200, 'OK');
    if (message === null || message.body.length === 0) {
      // nothing yet, or an empty SEND: the far side binding its connection (RFC 4975 §5.4), not a message
      return;
    }
    if ((chunk.header('Success-Report') ?? 'no').toLowerCase() === 'yes') {
      const report = new Chunk(randomId(12), { method: 'REPORT' });
      report.add('To-Path', chunk.header('From-Path')).add('From-Path', this.localUri);
      report.add('Message-ID', message.messageId).add('Byte-Range', '1-' + message.body.length + '/'
        + message.body.length).add('Status', '000 200 OK');
      this.write(report);
    }
    this.dispatchEvent(new CustomEvent('message', { detail: message }));
  }

  incomingReport(chunk) {
    const status = parseStatus(chunk.header('Status'));
    const messageId = chunk.header('Message-ID');
    if (status === null || messageId === null) {
      this.log('ignored a REPORT without a readable Status or Message-ID');
      return;
    }
    this.dispatchEvent(new CustomEvent('report', {
      detail: { messageId, code: status.code, comment: status.comment, range: parseByteRange(chunk.header('Byte-Range')) },
    }));
  }

  /** Answers a request hop by hop (RFC 4975 §7.2), unless Failure-Report forbids this answer. */
  respond(request, code, comment) {
    const mode = (request.header('Failure-Report') ?? 'yes').toLowerCase();
    if (mode === 'no' || (mode === 'partial' && code === 200)) {
      return;
    }
    const from = request.fromPath();
    const to = request.toPath();
    if (from.length === 0 || to.length === 0) {
      return;
    }
    const response = new Chunk(request.tid, { status: code, comment });
    response.add('To-Path', from[0]).add('From-Path', to[0]);
    this.write(response);
  }

  log(text) {
    this.dispatchEvent(new CustomEvent('log', { detail: text }));
  }

  lost(reason) {
    if (this.closed) {
      return;
    }
    this.closed = true;
    clearTimeout(this.refreshTimer);
    for (const waiting of this.pending.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(new MsrpRequestError(reason));
    }
    this.pending.clear();
    this.receiver.clear();
    this.dispatchEvent(new CustomEvent('close', { detail: { reason } }));
  }

  /** Closes the WebSocket; pending requests fail. */
  close() {
    if (this.socket !== null) {
      this.socket.close(1000);
    }
    this.lost('closed by this page');
  }
}
