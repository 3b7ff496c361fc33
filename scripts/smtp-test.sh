#!/usr/bin/env bash
# Starts or stops a throw-away SMTP server for tests (scripts/smtp-test-server.js on the npm package smtp-server).
#   scripts/smtp-test.sh start DIR PORT [--user NAME --pass PASSWORD] [--cert FILE --key FILE]   -> prints host:port once it listens
#   scripts/smtp-test.sh stop DIR                                                               -> stops it and deletes DIR
# Installs smtp-server (SMTP_SERVER_VERSION, default 3.21.6) with npm into .tools/smtp-server when it is missing.
# Accepted messages land in DIR/messages (see smtp-test-server.js).
exec "$(dirname "${BASH_SOURCE[0]}")/npm-test-server.sh" smtp-test smtp-server "${SMTP_SERVER_VERSION:-3.21.6}" smtp-test-server.js "$@"
