// HTTP Digest (RFC 2617, MD5, qop=auth) as MSRP AUTH uses it (RFC 4976 §5): the method is AUTH and the
// digest URI is the relay URI the AUTH's To-Path names.

import { randomId } from './codec.js';
import { md5Hex } from './md5.js';

/**
 * The parameters of a Digest challenge (WWW-Authenticate) or credentials value.
 * @param {string} value e.g. `Digest realm="r", nonce="n", qop="auth"`
 * @returns {{scheme: string, params: Map<string, string>}|null} null when it cannot be read
 */
export function parseChallenge(value) {
  const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(value ?? '');
  if (m === null) {
    return null;
  }
  const params = new Map();
  const rest = m[2];
  const param = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))\s*(,|$)/y;
  let at = 0;
  while (at < rest.length) {
    param.lastIndex = at;
    const p = param.exec(rest);
    if (p === null) {
      return null;
    }
    const name = p[1].toLowerCase();
    const quoted = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3];
    if (!params.has(name)) {
      params.set(name, quoted);
    }
    at = param.lastIndex;
  }
  return { scheme: m[1], params };
}

function quote(text) {
  return '"' + text.replace(/[\\"]/g, '\\$&') + '"';
}

/**
 * The digest response: MD5(HA1:nonce:nc:cnonce:qop:HA2) with HA1 = MD5(user:realm:password) and
 * HA2 = MD5(method:uri).
 * @param {{username: string, realm: string, password: string, nonce: string, nc: string, cnonce: string,
 *   qop: string, method: string, uri: string}} p
 * @returns {string}
 */
export function digestResponse(p) {
  const ha1 = md5Hex(p.username + ':' + p.realm + ':' + p.password);
  const ha2 = md5Hex(p.method + ':' + p.uri);
  return md5Hex(ha1 + ':' + p.nonce + ':' + p.nc + ':' + p.cnonce + ':' + p.qop + ':' + ha2);
}

/**
 * The Authorization header value answering a challenge.
 * @param {Map<string, string>} challenge the challenge's parameters (realm, nonce, qop, opaque, algorithm)
 * @param {{username: string, password: string, uri: string, nc: number, cnonce?: string}} creds
 * @returns {string}
 * @throws {Error} when the challenge is not one this client can answer (no auth qop, not MD5, no nonce)
 */
export function authorization(challenge, creds) {
  const realm = challenge.get('realm');
  const nonce = challenge.get('nonce');
  const qops = (challenge.get('qop') ?? '').split(',').map((q) => q.trim().toLowerCase());
  const algorithm = challenge.get('algorithm');
  if (realm === undefined || nonce === undefined) {
    throw new Error('the relay\'s challenge has no realm or nonce');
  }
  if (!qops.includes('auth')) {
    throw new Error('the relay does not offer qop=auth');
  }
  if (algorithm !== undefined && algorithm.toUpperCase() !== 'MD5') {
    throw new Error('the relay wants digest algorithm ' + algorithm + '; only MD5 is supported');
  }
  const nc = creds.nc.toString(16).padStart(8, '0');
  const cnonce = creds.cnonce ?? randomId(16);
  const response = digestResponse({
    username: creds.username, realm, password: creds.password, nonce, nc, cnonce, qop: 'auth',
    method: 'AUTH', uri: creds.uri,
  });
  let value = 'Digest username=' + quote(creds.username) + ', realm=' + quote(realm) + ', nonce=' + quote(nonce)
    + ', uri=' + quote(creds.uri) + ', response=' + quote(response) + ', qop=auth, nc=' + nc
    + ', cnonce=' + quote(cnonce);
  if (algorithm !== undefined) {
    value += ', algorithm=' + algorithm;
  }
  const opaque = challenge.get('opaque');
  if (opaque !== undefined) {
    value += ', opaque=' + quote(opaque);
  }
  return value;
}
