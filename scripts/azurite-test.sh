#!/usr/bin/env bash
# Starts or stops a throw-away Azure Queue Storage service for tests (scripts/azurite-queue-server.js on the npm package
# azurite, its queue service).
#   scripts/azurite-test.sh start DIR PORT   -> prints host:port once it listens
#   scripts/azurite-test.sh stop DIR         -> stops it and deletes DIR
# Installs azurite (AZURITE_VERSION, default 3.37.0) with npm into .tools/azurite when it is missing. The account is
# Azurite's development account devstoreaccount1 with its well-known key.
exec "$(dirname "${BASH_SOURCE[0]}")/npm-test-server.sh" azurite-test azurite "${AZURITE_VERSION:-3.37.0}" azurite-queue-server.js "$@"
