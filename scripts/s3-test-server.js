// A throw-away S3 API for tests, built on the npm package s3rver (installed by scripts/s3-test.sh).
//   node s3-test-server.js DIR PORT [--seed SEEDDIR]
// Listens on 127.0.0.1:PORT, storing in DIR/store. Each folder of SEEDDIR becomes a bucket and each file under it an
// object, keyed by its path relative to the folder. Requests are signed with the access key and secret key S3RVER
// (s3rver's only account); another access key is refused (signatures are not checked). Writes DIR/ready once listening.
'use strict';
const fs = require('fs');
const path = require('path');
const S3rver = require('s3rver');
const S3Object = require('s3rver/lib/models/object');

const [dir, port, ...rest] = process.argv.slice(2);
const option = (name) => { const i = rest.indexOf(name); return i >= 0 ? rest[i + 1] : undefined; };
const seed = option('--seed');

const files = (root, folder = root) => fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
  const full = path.join(folder, entry.name);
  return entry.isDirectory() ? files(root, full) : [path.relative(root, full).split(path.sep).join('/')];
});
const buckets = seed ? fs.readdirSync(seed, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name) : [];

const server = new S3rver({
  address: '127.0.0.1',
  port: Number(port),
  silent: true,
  directory: path.join(dir, 'store'),
  configureBuckets: buckets.map((name) => ({ name })),
});

(async () => {
  await server.run();
  for (const bucket of buckets) {
    for (const key of files(path.join(seed, bucket))) {
      const content = fs.readFileSync(path.join(seed, bucket, key));
      await server.store.putObject(new S3Object(bucket, key, content, { 'content-type': 'application/octet-stream', 'content-length': String(content.length) }));
    }
  }
  fs.writeFileSync(path.join(dir, 'ready'), '');
})().catch((err) => { console.error(err); process.exit(1); });

process.on('SIGTERM', () => server.close().finally(() => process.exit(0)));
