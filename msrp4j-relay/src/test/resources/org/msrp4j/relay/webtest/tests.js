// Unit tests of the page's MSRP codec, MD5, digest and message assembly. runAll(base) loads the modules
// from base (the directory that serves msrp4j-relay's web resources) and returns what passed and failed.

function assertEquals(expected, actual, what) {
  const e = JSON.stringify(expected);
  const a = JSON.stringify(actual);
  if (e !== a) {
    throw new Error((what ? what + ': ' : '') + 'expected ' + e + ' but was ' + a);
  }
}

function assertThrows(fn, pattern, what) {
  try {
    fn();
  } catch (e) {
    if (pattern !== undefined && !pattern.test(e.message)) {
      throw new Error((what ? what + ': ' : '') + 'threw "' + e.message + '", not ' + pattern);
    }
    return e;
  }
  throw new Error((what ? what + ': ' : '') + 'did not throw');
}

const ascii = (text) => new TextEncoder().encode(text);
const text = (bytes) => new TextDecoder('latin1').decode(bytes);

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function tests(m) {
  const { md5Hex } = m.md5;
  const { Chunk, encode, parse, parseByteRange, parseStatus, MsrpParseError, LIMITS } = m.codec;
  const { authorization, digestResponse, parseChallenge } = m.digest;
  const { Receiver, Refusal, RECEIVE_LIMITS } = m.receiver;
  const { relayUriOf, newLocalUri } = m.msrp;

  const send = (tid, headers, body, flag = '$') => {
    const c = new Chunk(tid, { method: 'SEND' });
    for (const [n, v] of headers) {
      c.add(n, v);
    }
    c.body = body;
    c.flag = flag;
    return c;
  };
  const paths = [['To-Path', 'msrps://a.invalid:2855/me;ws'], ['From-Path', 'msrp://relay:2855/x;tcp']];
  const piece = (id, range, body, flag) => send('tid' + range.replace(/[^0-9]/g, ''),
    [...paths, ['Message-ID', id], ['Byte-Range', range], ['Content-Type', 'application/octet-stream']], body, flag);

  return [
    ['md5 of the RFC 1321 test suite', () => {
      assertEquals('d41d8cd98f00b204e9800998ecf8427e', md5Hex(''));
      assertEquals('0cc175b9c0f1b6a831c399e269772661', md5Hex('a'));
      assertEquals('900150983cd24fb0d6963f7d28e17f72', md5Hex('abc'));
      assertEquals('f96b697d7cb7938d525a2f31aaf161d0', md5Hex('message digest'));
      assertEquals('c3fcd3d76192e4007dfb496cca67e13b', md5Hex('abcdefghijklmnopqrstuvwxyz'));
      assertEquals('d174ab98d277d9f5a5611c2c9f419d9f',
        md5Hex('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'));
      assertEquals('57edf4a22be3c955ac49da2e2107b67a', md5Hex('1234567890'.repeat(8)));
    }],
    ['md5 at the padding boundaries and of bytes', () => {
      assertEquals('04364420e25c512fd958a70738aa8f72', md5Hex('x'.repeat(55)));
      assertEquals('668a72d5ba17f08e62dabcafad6db14b', md5Hex('x'.repeat(56)));
      assertEquals('c1bb4f81d892b2d57947682aeb252456', md5Hex('x'.repeat(64)));
      assertEquals(md5Hex('abc'), md5Hex(new Uint8Array([97, 98, 99])));
    }],
    ['digest response of RFC 2617 section 3.5', () => {
      assertEquals('6629fae49393a05397450978507c4ef1', digestResponse({
        username: 'Mufasa', realm: 'testrealm@host.com', password: 'Circle Of Life',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093', nc: '00000001', cnonce: '0a4f113b', qop: 'auth',
        method: 'GET', uri: '/dir/index.html',
      }));
    }],
    ['challenge parameters: quoted, escaped, bare, first one wins', () => {
      const c = parseChallenge('Digest realm="r\\"1", nonce="n,1", qop="auth,auth-int", algorithm=MD5, '
        + 'stale=TRUE, opaque="o", realm="second"');
      assertEquals('Digest', c.scheme);
      assertEquals([['realm', 'r"1'], ['nonce', 'n,1'], ['qop', 'auth,auth-int'], ['algorithm', 'MD5'],
        ['stale', 'TRUE'], ['opaque', 'o']], [...c.params]);
      assertEquals(null, parseChallenge('Digest realm="unterminated'));
      assertEquals(null, parseChallenge(null));
    }],
    ['authorization answers with qop=auth, nc, cnonce and echoes opaque', () => {
      const challenge = parseChallenge('Digest realm="msrp4j", nonce="abc", qop="auth", opaque="op\\"aque"').params;
      const value = authorization(challenge, { username: 'alice', password: 'pw', uri: 'msrp://h:80;ws', nc: 26,
        cnonce: 'cn' });
      const p = parseChallenge(value).params;
      assertEquals('alice', p.get('username'));
      assertEquals('msrp4j', p.get('realm'));
      assertEquals('msrp://h:80;ws', p.get('uri'));
      assertEquals('auth', p.get('qop'));
      assertEquals('0000001a', p.get('nc'));
      assertEquals('cn', p.get('cnonce'));
      assertEquals('op"aque', p.get('opaque'));
      assertEquals(digestResponse({ username: 'alice', realm: 'msrp4j', password: 'pw', nonce: 'abc', nc: '0000001a',
        cnonce: 'cn', qop: 'auth', method: 'AUTH', uri: 'msrp://h:80;ws' }), p.get('response'));
      const plain = parseChallenge(authorization(parseChallenge('Digest realm="r", nonce="n", qop="auth"').params,
        { username: 'u', password: 'p', uri: 'msrp://h:1;ws', nc: 1 })).params;
      assertEquals(false, plain.has('opaque'));
      assertEquals(16, plain.get('cnonce').length);
    }],
    ['authorization refuses challenges it cannot answer', () => {
      const creds = { username: 'u', password: 'p', uri: 'msrp://h:1;ws', nc: 1 };
      assertThrows(() => authorization(parseChallenge('Digest realm="r", nonce="n"').params, creds), /qop=auth/);
      assertThrows(() => authorization(parseChallenge('Digest realm="r", nonce="n", qop="auth", algorithm=SHA-256')
        .params, creds), /only MD5/);
      assertThrows(() => authorization(parseChallenge('Digest realm="r", qop="auth"').params, creds), /nonce/);
    }],
    ['encode writes the paths first, the body and the end-line', () => {
      const c = send('abcd1234', [['Message-ID', 'm1'], ['To-Path', 'msrp://b:1/x;tcp'], ['From-Path',
        'msrp://a:1/y;tcp'], ['Content-Type', 'text/plain']], ascii('hi'));
      assertEquals('MSRP abcd1234 SEND\r\nTo-Path: msrp://b:1/x;tcp\r\nFrom-Path: msrp://a:1/y;tcp\r\n'
        + 'Message-ID: m1\r\nContent-Type: text/plain\r\n\r\nhi\r\n-------abcd1234$\r\n', text(encode(c)));
      const r = new Chunk('abcd1234', { status: 200, comment: 'OK' });
      r.add('To-Path', 'msrp://a:1/y;tcp').add('From-Path', 'msrp://b:1/x;tcp');
      assertEquals('MSRP abcd1234 200 OK\r\nTo-Path: msrp://a:1/y;tcp\r\nFrom-Path: msrp://b:1/x;tcp\r\n'
        + '-------abcd1234$\r\n', text(encode(r)));
    }],
    ['every byte value survives encode and parse', () => {
      const body = new Uint8Array(1024);
      for (let i = 0; i < body.length; i++) {
        body[i] = i & 255;
      }
      const tricky = concat(body, ascii('\r\n-------othertid$\r\n\r\n'), body);
      const parsed = parse(encode(send('tid12345', [...paths, ['Message-ID', 'm'], ['Content-Type', 'a/b']],
        tricky, '+')));
      assertEquals(Array.from(tricky), Array.from(parsed.body));
      assertEquals('+', parsed.flag);
      assertEquals('SEND', parsed.method);
      assertEquals('m', parsed.header('message-id'));
      assertEquals(['msrps://a.invalid:2855/me;ws'], parsed.toPath());
    }],
    ['parse reads responses, their comment and chunks without body', () => {
      const r = parse(ascii('MSRP t1234 403 Too many failed AUTHs\r\nTo-Path: msrp://a:1/y;tcp\r\n'
        + 'From-Path: msrp://b:1;tcp\r\n-------t1234$\r\n'));
      assertEquals(403, r.status);
      assertEquals('Too many failed AUTHs', r.comment);
      assertEquals(null, r.body);
      assertEquals(false, r.isRequest());
      const empty = parse(ascii('MSRP t1234 SEND\r\nTo-Path: msrp://a:1/y;tcp\r\nFrom-Path: msrp://b:1/z;tcp\r\n'
        + 'Message-ID: m\r\n-------t1234$\r\n'));
      assertEquals(null, empty.body);
    }],
    ['parse refuses malformed chunks with a typed error', () => {
      const head = 'MSRP t1234 SEND\r\nTo-Path: msrp://a:1/y;tcp\r\nFrom-Path: msrp://b:1/z;tcp\r\n';
      const bad = {
        'no end-line': head,
        'other tid': head + '-------t9999$\r\n',
        'bad flag': head + '-------t1234!\r\n',
        'no CRLF at the end': head + '-------t1234$',
        'bad header': 'MSRP t1234 SEND\r\nTo-Path msrp://a:1/y;tcp\r\n-------t1234$\r\n',
        'missing From-Path': 'MSRP t1234 SEND\r\nTo-Path: msrp://a:1/y;tcp\r\n-------t1234$\r\n',
        'body without CRLF': head + 'Content-Type: a/b\r\n\r\nbody-------t1234$\r\n',
        'body holding the end-line': head + 'Content-Type: a/b\r\n\r\nx\r\n-------t1234$\r\ny\r\n-------t1234$\r\n',
        'bad start line': 'HTTP/1.1 200 OK\r\n\r\n',
        'short tid': 'MSRP t1 SEND\r\n-------t1$\r\n',
        'lower-case method': 'MSRP t1234 send\r\n-------t1234$\r\n',
        'empty': '',
      };
      for (const [what, chunk] of Object.entries(bad)) {
        const e = assertThrows(() => parse(ascii(chunk)), undefined, what);
        assertEquals(true, e instanceof MsrpParseError, what + ' is an MsrpParseError');
      }
      const e = assertThrows(() => parse(ascii(head + '-------t9999$\r\n')));
      assertEquals(['t1234', 'SEND'], [e.tid, e.method]);
    }],
    ['parse bounds the header block', () => {
      const many = 'MSRP t1234 SEND\r\n' + 'X-A: b\r\n'.repeat(LIMITS.maxHeaders + 1) + '-------t1234$\r\n';
      assertThrows(() => parse(ascii(many)), /too many headers/);
      const long = 'MSRP t1234 SEND\r\nX-A: ' + 'b'.repeat(LIMITS.maxHeadBytes + 1) + '\r\n-------t1234$\r\n';
      assertThrows(() => parse(ascii(long)), /too large/);
    }],
    ['encode refuses a body that holds its own end-line', () => {
      const c = send('t1234', paths, ascii('a\r\n-------t1234#\r\nb'));
      assertThrows(() => encode(c), /end-line/);
      assertThrows(() => new Chunk('t1234', { method: 'SEND' }).add('X-A', 'a\r\nb'), /break/);
    }],
    ['Byte-Range and Status values', () => {
      assertEquals({ start: 1, end: 10, total: 20 }, parseByteRange('1-10/20'));
      assertEquals({ start: 11, end: null, total: null }, parseByteRange('11-*/*'));
      assertEquals({ start: 1, end: 0, total: 0 }, parseByteRange('1-0/0'));
      for (const bad of ['0-10/20', '5-3/20', '1-30/20', 'a-b/c', '1-2', null]) {
        assertEquals(null, parseByteRange(bad), String(bad));
      }
      assertEquals({ code: 200, comment: 'OK' }, parseStatus('000 200 OK'));
      assertEquals({ code: 413, comment: '' }, parseStatus('000 413'));
      assertEquals(null, parseStatus('200 OK'));
    }],
    ['receiver puts chunks together in any order and ignores a repeated chunk', () => {
      const r = new Receiver();
      assertEquals(null, r.accept(piece('m', '4-6/6', ascii('def'), '$')));
      assertEquals(null, r.accept(piece('m', '4-6/6', ascii('def'), '$')));
      const done = r.accept(piece('m', '1-3/6', ascii('abc'), '+'));
      assertEquals('abcdef', text(done.body));
      assertEquals(0, r.open.size);
      const unknownTotal = new Receiver();
      assertEquals(null, unknownTotal.accept(piece('n', '1-*/*', ascii('ab'), '+')));
      assertEquals('abc', text(unknownTotal.accept(piece('n', '3-*/*', ascii('c'), '$')).body));
    }],
    ['receiver refuses overlaps, wrong lengths and too much', () => {
      const r = new Receiver();
      r.accept(piece('m', '1-3/6', ascii('abc'), '+'));
      assertEquals(400, assertThrows(() => r.accept(piece('m', '2-4/6', ascii('bcd'), '+'))).code);
      assertEquals(400, assertThrows(() => r.accept(piece('m', '4-9/9', ascii('def'), '+'))).code, 'wrong length');
      assertEquals(400, assertThrows(() => r.accept(piece('x', 'junk', ascii('a'), '$'))).code);
      const tooBig = RECEIVE_LIMITS.maxMessageBytes + 1;
      assertEquals(413, assertThrows(() => r.accept(piece('y', '1-1/' + tooBig, ascii('a'), '+'))).code);
      const crowd = new Receiver();
      for (let i = 0; i < RECEIVE_LIMITS.maxOpenMessages; i++) {
        crowd.accept(piece('m' + i, '1-1/2', ascii('a'), '+'));
      }
      const e = assertThrows(() => crowd.accept(piece('last', '1-1/2', ascii('a'), '+')));
      assertEquals(true, e instanceof Refusal);
      assertEquals(413, e.code);
    }],
    ['receiver bounds the bytes all messages in progress hold together', () => {
      const r = new Receiver({ maxMessageBytes: 10, maxOpenMessages: 4, maxHeldBytes: 8 });
      r.accept(piece('a', '1-4/10', ascii('aaaa'), '+'));
      r.accept(piece('b', '1-4/10', ascii('bbbb'), '+'));
      assertEquals(413, assertThrows(() => r.accept(piece('c', '1-1/10', ascii('c'), '+'))).code);
      assertEquals(null, r.accept(piece('a', '5-10/10', ascii('a'), '#')));
      assertEquals(4, r.held, 'held after the interrupted message');
      r.accept(piece('c', '1-4/4', ascii('cccc'), '$'));
      assertEquals(4, r.held, 'held after a whole message');
      assertEquals(413, assertThrows(() => r.accept(piece('d', '1-11/11', ascii('d'.repeat(11)), '$'))).code);
    }],
    ['receiver drops an interrupted message', () => {
      const r = new Receiver();
      r.accept(piece('m', '1-3/6', ascii('abc'), '+'));
      assertEquals(null, r.accept(piece('m', '4-6/6', ascii('d'), '#')));
      assertEquals(0, r.open.size);
    }],
    ['received messages tell text from files', () => {
      const r = new Receiver();
      const plain = r.accept(send('t1234', [...paths, ['Message-ID', 'a'], ['Content-Type', 'text/plain']],
        ascii('hi')));
      assertEquals(true, plain.isText());
      const file = r.accept(send('t1235', [...paths, ['Message-ID', 'b'], ['Content-Type', 'text/plain'],
        ['Content-Disposition', 'attachment; filename="notes.txt"']], ascii('hi')));
      assertEquals(false, file.isText());
      assertEquals('notes.txt', file.fileName());
    }],
    ['URIs of the client and of the relay', () => {
      assertEquals(true, /^msrps:\/\/[a-z0-9]{12}\.invalid:2855\/[A-Za-z0-9]{20};ws$/.test(newLocalUri()));
      assertEquals('msrp://127.0.0.1:8080;ws', relayUriOf('ws://127.0.0.1:8080/msrp'));
      assertEquals('msrps://relay.example.com:443;ws', relayUriOf('wss://relay.example.com/msrp'));
    }],
  ];
}

/**
 * Runs every test.
 * @param {string} base URL of the directory holding md5.js, codec.js, digest.js, receiver.js and msrp.js
 * @returns {Promise<{passed: string[], failed: Array<{name: string, error: string}>}>}
 */
export async function runAll(base) {
  const m = {};
  for (const name of ['md5', 'codec', 'digest', 'receiver', 'msrp']) {
    m[name] = await import(base + name + '.js');
  }
  const passed = [];
  const failed = [];
  for (const [name, fn] of tests(m)) {
    try {
      fn();
      passed.push(name);
    } catch (e) {
      failed.push({ name, error: String(e && e.stack ? e.stack : e) });
    }
  }
  return { passed, failed };
}
