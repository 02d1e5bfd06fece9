// MSRP chunks (RFC 4975 §7) as bytes: one chunk per WebSocket message (RFC 7977 §5.2).
// Bodies stay Uint8Array; only the start line and the header block are read as text.

const CR = 13;
const LF = 10;
const encoder = new TextEncoder();
const latin1 = new TextDecoder('latin1');

/** Limits on what a peer may send in one chunk's head; bigger heads are refused. */
export const LIMITS = Object.freeze({ maxHeadBytes: 16384, maxHeaders: 64 });

const TID = /^[A-Za-z0-9][A-Za-z0-9.+%=-]{3,31}$/;
const METHOD = /^[A-Z]+$/;
const HEADER = /^([A-Za-z0-9-]+): (.*)$/;

/** A chunk that does not follow RFC 4975's grammar; tid is its transaction id when it could be read. */
export class MsrpParseError extends Error {
  /**
   * @param {string} message
   * @param {string|null} tid
   * @param {string|null} method
   */
  constructor(message, tid = null, method = null) {
    super(message);
    this.name = 'MsrpParseError';
    this.tid = tid;
    this.method = method;
  }
}

/** One MSRP chunk: a request (method set) or a response (status set). */
export class Chunk {
  /**
   * @param {string} tid transaction id
   * @param {{method?: string, status?: number, comment?: string}} start
   */
  constructor(tid, start) {
    this.tid = tid;
    this.method = start.method ?? null;
    this.status = start.status ?? null;
    this.comment = start.comment ?? null;
    /** @type {Array<[string, string]>} */
    this.headers = [];
    /** @type {Uint8Array|null} */
    this.body = null;
    this.flag = '$';
  }

  /** @returns {boolean} */
  isRequest() {
    return this.method !== null;
  }

  /**
   * The first value of a header, by case-insensitive name.
   * @param {string} name
   * @returns {string|null}
   */
  header(name) {
    const lower = name.toLowerCase();
    for (const [n, v] of this.headers) {
      if (n.toLowerCase() === lower) {
        return v;
      }
    }
    return null;
  }

  /**
   * Adds a header (no check that it is not there already).
   * @param {string} name
   * @param {string|number} value
   * @returns {Chunk} this
   */
  add(name, value) {
    const text = String(value);
    if (/[\r\n]/.test(text) || !/^[A-Za-z0-9-]+$/.test(name)) {
      throw new Error('header ' + name + ' would break the chunk');
    }
    this.headers.push([name, text]);
    return this;
  }

  /** @returns {string[]} the To-Path URIs */
  toPath() {
    return splitPath(this.header('To-Path'));
  }

  /** @returns {string[]} the From-Path URIs */
  fromPath() {
    return splitPath(this.header('From-Path'));
  }
}

/**
 * The URIs of a path header value.
 * @param {string|null} value
 * @returns {string[]}
 */
export function splitPath(value) {
  return value === null ? [] : value.trim().split(/\s+/).filter((u) => u.length > 0);
}

/**
 * A random transaction id or Message-ID of letters and digits.
 * @param {number} length
 * @returns {string}
 */
export function randomId(length) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let id = '';
  for (const b of bytes) {
    id += alphabet[b % alphabet.length];
  }
  return id;
}

/**
 * The bytes of a chunk. To-Path and From-Path come first (RFC 4975 §7.1); a body, if any, follows an empty
 * line. Refuses a body that contains the chunk's own end-line, which the receiver would cut it at.
 * @param {Chunk} chunk
 * @returns {Uint8Array}
 */
export function encode(chunk) {
  const start = chunk.isRequest()
    ? 'MSRP ' + chunk.tid + ' ' + chunk.method
    : 'MSRP ' + chunk.tid + ' ' + chunk.status + (chunk.comment ? ' ' + chunk.comment : '');
  const order = (name) => {
    const lower = name.toLowerCase();
    return lower === 'to-path' ? 0 : lower === 'from-path' ? 1 : 2;
  };
  const headers = [...chunk.headers].sort((x, y) => order(x[0]) - order(y[0]));
  let head = start + '\r\n';
  for (const [name, value] of headers) {
    head += name + ': ' + value + '\r\n';
  }
  const endLine = '-------' + chunk.tid;
  const body = chunk.body;
  if (body !== null && containsEndLine(body, encoder.encode(endLine))) {
    throw new Error('the body contains the end-line of transaction ' + chunk.tid);
  }
  const headBytes = encoder.encode(body !== null ? head + '\r\n' : head);
  const tail = encoder.encode((body !== null ? '\r\n' : '') + endLine + chunk.flag + '\r\n');
  const out = new Uint8Array(headBytes.length + (body !== null ? body.length : 0) + tail.length);
  out.set(headBytes, 0);
  if (body !== null) {
    out.set(body, headBytes.length);
  }
  out.set(tail, out.length - tail.length);
  return out;
}

/**
 * Parses one whole chunk, as one WebSocket message carries it.
 * @param {Uint8Array} bytes
 * @returns {Chunk}
 * @throws {MsrpParseError} when the bytes are not one well-formed chunk
 */
export function parse(bytes) {
  const firstEnd = lineEnd(bytes, 0);
  if (firstEnd < 0) {
    throw new MsrpParseError('no start line');
  }
  const startLine = latin1.decode(bytes.subarray(0, firstEnd));
  const parts = startLine.split(' ');
  if (parts.length < 3 || parts[0] !== 'MSRP' || !TID.test(parts[1])) {
    throw new MsrpParseError('bad start line');
  }
  const tid = parts[1];
  let chunk;
  if (/^[0-9]{3}$/.test(parts[2])) {
    chunk = new Chunk(tid, { status: Number(parts[2]), comment: parts.length > 3 ? parts.slice(3).join(' ') : null });
  } else if (parts.length === 3 && METHOD.test(parts[2])) {
    chunk = new Chunk(tid, { method: parts[2] });
  } else {
    throw new MsrpParseError('bad start line', tid);
  }
  const endLine = encoder.encode('-------' + tid);
  const fail = (why) => new MsrpParseError(why, tid, chunk.method);
  if (bytes.length < endLine.length + 3 || bytes[bytes.length - 2] !== CR || bytes[bytes.length - 1] !== LF) {
    throw fail('no end-line');
  }
  const flagAt = bytes.length - 3;
  const flag = String.fromCharCode(bytes[flagAt]);
  if (flag !== '$' && flag !== '+' && flag !== '#') {
    throw fail('bad continuation flag');
  }
  const endAt = flagAt - endLine.length;
  if (endAt < firstEnd + 2 || !startsWith(bytes, endLine, endAt)) {
    throw fail('end-line does not match the transaction id');
  }
  chunk.flag = flag;
  let at = firstEnd + 2;
  while (at < endAt) {
    const end = lineEnd(bytes, at);
    if (end < 0 || end > endAt) {
      throw fail('header line not ended');
    }
    if (end === at) {
      // the empty line: a body follows, ended by CRLF before the end-line
      const bodyStart = at + 2;
      if (endAt - 2 < bodyStart || bytes[endAt - 2] !== CR || bytes[endAt - 1] !== LF) {
        throw fail('body not followed by CRLF');
      }
      chunk.body = bytes.slice(bodyStart, endAt - 2);
      if (containsEndLine(chunk.body, endLine)) {
        throw fail('body contains the end-line');
      }
      at = endAt;
      break;
    }
    if (end - at > LIMITS.maxHeadBytes || at > LIMITS.maxHeadBytes) {
      throw fail('header block too large');
    }
    const match = HEADER.exec(latin1.decode(bytes.subarray(at, end)));
    if (match === null) {
      throw fail('bad header line');
    }
    if (chunk.headers.length >= LIMITS.maxHeaders) {
      throw fail('too many headers');
    }
    chunk.headers.push([match[1], match[2]]);
    at = end + 2;
  }
  if (chunk.isRequest() && (chunk.header('To-Path') === null || chunk.header('From-Path') === null)) {
    throw fail('To-Path and From-Path are required');
  }
  return chunk;
}

/**
 * A Byte-Range header value.
 * @param {string|null} value
 * @returns {{start: number, end: number|null, total: number|null}|null} null when absent or malformed
 */
export function parseByteRange(value) {
  if (value === null) {
    return null;
  }
  const m = /^([0-9]{1,15})-([0-9]{1,15}|\*)\/([0-9]{1,15}|\*)$/.exec(value.trim());
  if (m === null || Number(m[1]) < 1) {
    return null;
  }
  const end = m[2] === '*' ? null : Number(m[2]);
  const total = m[3] === '*' ? null : Number(m[3]);
  if ((end !== null && end < Number(m[1]) - 1) || (total !== null && end !== null && end > total)) {
    return null;
  }
  return { start: Number(m[1]), end, total };
}

/**
 * A Status header value (RFC 4975 §9.2: namespace SP status-code [SP comment]).
 * @param {string|null} value
 * @returns {{code: number, comment: string}|null}
 */
export function parseStatus(value) {
  if (value === null) {
    return null;
  }
  const m = /^([0-9]{3}) ([0-9]{3})(?: (.*))?$/.exec(value.trim());
  return m === null ? null : { code: Number(m[2]), comment: m[3] ?? '' };
}

/**
 * Whether a body holds a whole end-line of its chunk (at its start or after a CRLF, then a flag and CRLF),
 * where a reader of the byte stream would cut the chunk.
 */
function containsEndLine(body, endLine) {
  for (let i = indexOf(body, endLine, 0); i >= 0; i = indexOf(body, endLine, i + 1)) {
    const after = i + endLine.length;
    const lineStart = i === 0 || (i >= 2 && body[i - 2] === CR && body[i - 1] === LF);
    // the CRLF after the flag may be the body's own or, at the body's end, the one that closes it
    const flagged = after < body.length && '$+#'.includes(String.fromCharCode(body[after]))
      && (after + 1 === body.length || (body[after + 1] === CR && body[after + 2] === LF));
    if (lineStart && flagged) {
      return true;
    }
  }
  return false;
}

function lineEnd(bytes, from) {
  for (let i = from; i + 1 < bytes.length; i++) {
    if (bytes[i] === CR && bytes[i + 1] === LF) {
      return i;
    }
  }
  return -1;
}

function startsWith(bytes, prefix, at) {
  if (at < 0 || at + prefix.length > bytes.length) {
    return false;
  }
  for (let i = 0; i < prefix.length; i++) {
    if (bytes[at + i] !== prefix[i]) {
      return false;
    }
  }
  return true;
}

/**
 * Where pattern first occurs in bytes at or after from, or -1.
 * @param {Uint8Array} bytes
 * @param {Uint8Array} pattern
 * @param {number} from
 * @returns {number}
 */
export function indexOf(bytes, pattern, from) {
  const first = pattern[0];
  for (let i = bytes.indexOf(first, from); i >= 0 && i + pattern.length <= bytes.length;
    i = bytes.indexOf(first, i + 1)) {
    if (startsWith(bytes, pattern, i)) {
      return i;
    }
  }
  return -1;
}
