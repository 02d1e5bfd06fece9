// Incoming MSRP messages put back together from their chunks (RFC 4975 §5.1, §7.1.1): by Message-ID and
// Byte-Range, with bounds on what a peer can make this page hold.

import { parseByteRange } from './codec.js';

/**
 * Bounds on incoming messages: one message's size, messages in progress at once, and the bytes all of them hold
 * together. A peer that exceeds them gets 413 and the message is dropped.
 */
export const RECEIVE_LIMITS = Object.freeze({
  maxMessageBytes: 256 * 1024 * 1024, maxOpenMessages: 16, maxHeldBytes: 256 * 1024 * 1024,
});

/** A SEND this receiver refuses: code and comment of the response RFC 4975 asks for. */
export class Refusal extends Error {
  /**
   * @param {number} code
   * @param {string} comment
   */
  constructor(code, comment) {
    super(code + ' ' + comment);
    this.name = 'Refusal';
    this.code = code;
    this.comment = comment;
  }
}

/** A whole incoming message. */
export class ReceivedMessage {
  constructor(messageId, contentType, disposition, body) {
    this.messageId = messageId;
    this.contentType = contentType;
    this.disposition = disposition;
    /** @type {Uint8Array} */
    this.body = body;
  }

  /** @returns {string|null} the file name from Content-Disposition, if any */
  fileName() {
    const m = /filename\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(this.disposition ?? '');
    return m === null ? null : (m[1] ?? m[2]);
  }

  /** @returns {boolean} whether the body is text to show rather than a file to offer */
  isText() {
    return /^text\/plain\b/i.test(this.contentType ?? '') && this.fileName() === null;
  }
}

class Partial {
  constructor(contentType, disposition) {
    this.contentType = contentType;
    this.disposition = disposition;
    this.total = null;
    this.lastEnd = null;
    /** @type {Array<{start: number, bytes: Uint8Array}>} */
    this.pieces = [];
    this.received = 0;
  }

  add(start, bytes) {
    const end = start + bytes.length - 1;
    for (const p of this.pieces) {
      if (start <= p.start + p.bytes.length - 1 && p.start <= end) {
        if (p.start === start && p.bytes.length === bytes.length) {
          return false;
        }
        throw new Refusal(400, 'Overlapping Byte-Range');
      }
    }
    this.pieces.push({ start, bytes });
    this.received += bytes.length;
    return true;
  }

  complete() {
    return this.lastEnd !== null && this.received === this.lastEnd;
  }

  assemble() {
    const body = new Uint8Array(this.lastEnd);
    for (const p of this.pieces) {
      body.set(p.bytes, p.start - 1);
    }
    return body;
  }
}

/** Collects the chunks of incoming SENDs. Not shared: one per client. */
export class Receiver {
  /**
   * @param {{maxMessageBytes: number, maxOpenMessages: number, maxHeldBytes: number}} limits
   */
  constructor(limits = RECEIVE_LIMITS) {
    this.limits = limits;
    /** @type {Map<string, Partial>} */
    this.open = new Map();
    this.held = 0;
  }

  /**
   * Takes one SEND chunk.
   * @param {import('./codec.js').Chunk} chunk a SEND request
   * @returns {ReceivedMessage|null} the message when this chunk completes it
   * @throws {Refusal} when the chunk is malformed or over the limits
   */
  accept(chunk) {
    const messageId = chunk.header('Message-ID');
    if (messageId === null) {
      throw new Refusal(400, 'SEND without Message-ID');
    }
    const body = chunk.body ?? new Uint8Array(0);
    const rangeHeader = chunk.header('Byte-Range');
    const range = rangeHeader === null ? { start: 1, end: null, total: null } : parseByteRange(rangeHeader);
    if (range === null) {
      throw new Refusal(400, 'Bad Byte-Range');
    }
    if (range.end !== null && chunk.flag !== '#' && range.end - range.start + 1 !== body.length) {
      throw new Refusal(400, 'Byte-Range does not match the body');
    }
    const total = range.total;
    const end = range.start + body.length - 1;
    if ((total !== null && total > this.limits.maxMessageBytes) || end > this.limits.maxMessageBytes) {
      this.drop(messageId);
      throw new Refusal(413, 'Message too large');
    }
    let partial = this.open.get(messageId);
    if (partial === undefined) {
      if (chunk.flag === '#') {
        return null;
      }
      if (this.open.size >= this.limits.maxOpenMessages) {
        throw new Refusal(413, 'Too many messages in progress');
      }
      partial = new Partial(chunk.header('Content-Type'), chunk.header('Content-Disposition'));
      this.open.set(messageId, partial);
    }
    if (chunk.flag === '#') {
      this.drop(messageId);
      return null;
    }
    if (total !== null) {
      if (partial.total !== null && partial.total !== total) {
        this.drop(messageId);
        throw new Refusal(400, 'Byte-Range total changed');
      }
      partial.total = total;
    }
    if (this.held + body.length > this.limits.maxHeldBytes) {
      this.drop(messageId);
      throw new Refusal(413, 'Too much data in messages in progress');
    }
    if (body.length > 0 && partial.add(range.start, body)) {
      this.held += body.length;
    }
    if (chunk.flag === '$') {
      partial.lastEnd = end;
      if (partial.total !== null && partial.total !== end) {
        this.drop(messageId);
        throw new Refusal(400, 'Last chunk does not end at the total');
      }
    }
    if (partial.lastEnd === null && partial.total !== null && partial.received === partial.total) {
      partial.lastEnd = partial.total;
    }
    if (!partial.complete()) {
      return null;
    }
    this.drop(messageId);
    return new ReceivedMessage(messageId, partial.contentType, partial.disposition, partial.assemble());
  }

  drop(messageId) {
    const partial = this.open.get(messageId);
    if (partial !== undefined) {
      this.held -= partial.received;
      this.open.delete(messageId);
    }
  }

  /** Forgets every message in progress (the connection is gone). */
  clear() {
    this.open.clear();
    this.held = 0;
  }
}
