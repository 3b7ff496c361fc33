// A throw-away Azure Queue Storage service for tests, built on the npm package azurite (installed by scripts/azurite-test.sh).
//   node azurite-queue-server.js DIR PORT
// Listens on 127.0.0.1:PORT with Azurite's development account (devstoreaccount1 and its well-known key), storing in
// DIR/store. Writes DIR/ready once listening.
'use strict';
const path = require('path');
const fs = require('fs');
const QueueConfiguration = require('azurite/dist/src/queue/QueueConfiguration').default;
const QueueServer = require('azurite/dist/src/queue/QueueServer').default;

const [dir, port] = process.argv.slice(2);
const store = path.join(dir, 'store');
fs.mkdirSync(store, { recursive: true });

const config = new QueueConfiguration(
  '127.0.0.1', Number(port), undefined,
  path.join(store, '__azurite_db_queue__.json'),
  path.join(store, '__azurite_db_queue_extent__.json'),
  [{ locationId: 'Default', locationPath: path.join(store, '__queuestorage__'), maxConcurrency: 10 }],
  false, undefined, false, undefined,
  true /* loose */, true /* skipApiVersionCheck */);
const server = new QueueServer(config);

(async () => {
  await server.start();
  fs.writeFileSync(path.join(dir, 'ready'), '');
})().catch((err) => { console.error(err); process.exit(1); });

process.on('SIGTERM', () => server.close().finally(() => process.exit(0)));
