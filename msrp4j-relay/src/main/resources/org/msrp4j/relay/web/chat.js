// The chat page: sign in to the relay, exchange the paths, chat and send files through msrp.js.

import { MsrpClient } from './msrp.js';

const $ = (id) => document.getElementById(id);
let client = null;

function defaultRelayUrl() {
  const secure = location.protocol === 'https:';
  return (secure ? 'wss://' : 'ws://') + location.host + '/msrp';
}

function setStatus(text, error = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', error);
}

function note(text, kind) {
  const item = document.createElement('li');
  item.className = kind;
  item.textContent = text;
  $('messages').append(item);
}

function showReceived(message) {
  if (message.isText()) {
    note('peer: ' + new TextDecoder().decode(message.body), 'peer');
    return;
  }
  const name = message.fileName() ?? 'message-' + message.messageId;
  // never the peer's Content-Type: a text/html blob opened from this page would run in the page's origin
  const blob = new Blob([message.body], { type: 'application/octet-stream' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.textContent = name + ' (' + message.body.length + ' bytes)';
  const item = document.createElement('li');
  item.append(link);
  $('received').append(item);
  note('peer sent the file ' + name, 'note');
}

async function signIn(event) {
  event.preventDefault();
  if (client !== null) {
    client.close();
  }
  const candidate = new MsrpClient({ url: $('relay').value, username: $('user').value, password: $('password').value });
  candidate.addEventListener('message', (e) => showReceived(e.detail));
  candidate.addEventListener('report', (e) => {
    const r = e.detail;
    note(r.code === 200 ? 'delivered (' + r.messageId + ')' : 'not delivered: ' + r.code + ' ' + r.comment, 'note');
  });
  candidate.addEventListener('log', (e) => note(e.detail, 'note'));
  candidate.addEventListener('close', (e) => {
    if (client === candidate) {
      setStatus('Disconnected: ' + e.detail.reason, true);
    }
  });
  setStatus('Connecting to ' + candidate.url + ' …');
  $('signin').disabled = true;
  try {
    const path = await candidate.connect();
    client = candidate;
    $('path').value = path;
    $('session').hidden = false;
    setStatus('Signed in as ' + candidate.username + '.');
  } catch (e) {
    candidate.close();
    setStatus('Sign-in failed: ' + e.message, true);
  } finally {
    $('signin').disabled = false;
  }
}

function usePeer(event) {
  event.preventDefault();
  try {
    client.setPeerPath($('peer').value);
    note('far peer: ' + client.peerPath[client.peerPath.length - 1], 'note');
  } catch (e) {
    setStatus(e.message, true);
  }
}

async function sendText(event) {
  event.preventDefault();
  const text = $('text').value;
  if (text === '') {
    return;
  }
  $('text').value = '';
  note('me: ' + text, 'me');
  try {
    await client.sendText(text);
  } catch (e) {
    note('not sent: ' + e.message, 'note');
  }
}

async function sendFile(event) {
  event.preventDefault();
  const file = $('file').files[0];
  if (file === undefined) {
    return;
  }
  $('sendfile').disabled = true;
  note('sending the file ' + file.name, 'me');
  try {
    await client.sendFile(file, (done, total) => {
      $('progress').max = Math.max(total, 1);
      $('progress').value = done;
      $('progress-text').textContent = done + ' / ' + total + ' bytes';
    });
    note('file sent: ' + file.name, 'note');
  } catch (e) {
    note('file not sent: ' + e.message, 'note');
  } finally {
    $('sendfile').disabled = false;
  }
}

const query = new URLSearchParams(location.search);
$('relay').value = query.get('relay') ?? defaultRelayUrl();
$('user').value = query.get('user') ?? '';
$('password').value = query.get('password') ?? '';
$('signin-form').addEventListener('submit', signIn);
$('peer-form').addEventListener('submit', usePeer);
$('text-form').addEventListener('submit', sendText);
$('file-form').addEventListener('submit', sendFile);
document.body.dataset.ready = 'true';
