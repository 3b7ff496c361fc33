// A throw-away SMTP server for tests, built on the npm package smtp-server (installed by scripts/smtp-test.sh).
//   node smtp-test-server.js DIR PORT [--user NAME --pass PASSWORD] [--cert FILE --key FILE]
// Listens on 127.0.0.1:PORT. With --user, AUTH (PLAIN, LOGIN) is required and checked; with --cert, STARTTLS is
// offered and AUTH needs it. Each accepted message is written to DIR/messages/<n>.eml (as received) and <n>.json
// (envelope: from, to, the authenticated user, whether the session was encrypted). Writes DIR/ready once listening.
'use strict';
const fs = require('fs');
const path = require('path');
const { SMTPServer } = require('smtp-server');

const [dir, port, ...rest] = process.argv.slice(2);
const option = (name) => { const i = rest.indexOf(name); return i >= 0 ? rest[i + 1] : undefined; };
const user = option('--user');
const pass = option('--pass');
const cert = option('--cert');
const key = option('--key');
const messages = path.join(dir, 'messages');
fs.mkdirSync(messages, { recursive: true });
let count = 0;

const server = new SMTPServer({
  name: 'events-test-smtp',
  secure: false,
  key: key ? fs.readFileSync(key) : undefined,
  cert: cert ? fs.readFileSync(cert) : undefined,
  hideSTARTTLS: !cert,
  authOptional: !user,
  authMethods: ['PLAIN', 'LOGIN'],
  allowInsecureAuth: !cert,
  logger: false,
  onAuth(auth, session, callback) {
    if (user && auth.username === user && auth.password === pass) {
      return callback(null, { user: auth.username });
    }
    const error = new Error('Authentication credentials invalid');
    error.responseCode = 535;
    return callback(error);
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      const n = String(++count).padStart(4, '0');
      fs.writeFileSync(path.join(messages, `${n}.eml`), Buffer.concat(chunks));
      fs.writeFileSync(path.join(messages, `${n}.json`), JSON.stringify({
        from: session.envelope.mailFrom && session.envelope.mailFrom.address,
        to: session.envelope.rcptTo.map((r) => r.address),
        user: session.user || null,
        secure: !!session.secure,
      }));
      callback();
    });
  },
});

server.on('error', (error) => process.stderr.write(`smtp-test-server: ${error.message}\n`));
server.listen(Number(port), '127.0.0.1', () => fs.writeFileSync(path.join(dir, 'ready'), ''));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
