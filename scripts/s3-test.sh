#!/usr/bin/env bash
# Starts or stops a throw-away S3 API for tests (scripts/s3-test-server.js on the npm package s3rver).
#   scripts/s3-test.sh start DIR PORT [--seed SEEDDIR]   -> prints host:port once it listens
#   scripts/s3-test.sh stop DIR                          -> stops it and deletes DIR
# Installs s3rver (S3RVER_VERSION, default 3.7.1) with npm into .tools/s3rver when it is missing.
# Each folder of SEEDDIR becomes a bucket holding its files; the access key and secret key are both S3RVER.
exec "$(dirname "${BASH_SOURCE[0]}")/npm-test-server.sh" s3-test s3rver "${S3RVER_VERSION:-3.7.1}" s3-test-server.js "$@"
