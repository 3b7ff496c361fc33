#!/usr/bin/env bash
# Prints the failed tests of a run from its TRX files, each with the first 400 characters of its message, then one
# closing line: "tests: N passed, N failed, N skipped". The list comes last so that a log's tail names the failures.
set -euo pipefail
dir="${1:?results directory}"
passed=0; failed=0; skipped=0
shopt -s nullglob globstar
for trx in "$dir"/**/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
  total=$(get total); executed=$(get executed)
  skipped=$((skipped + total - executed))
  perl -0777 -ne '
    my %entity = (lt => "<", gt => ">", quot => "\"", apos => "\x27", amp => "&");
    sub text { my $t = shift // ""; $t =~ s/&(lt|gt|quot|apos|amp);/$entity{$1}/g; $t =~ s/&#x([0-9A-Fa-f]+);/chr(hex $1)/ge; $t }
    while (/<UnitTestResult\b([^>]*?)(?:\/>|>(.*?)<\/UnitTestResult>)/sg) {
      my ($attributes, $body) = ($1, $2 // "");
      next unless $attributes =~ /outcome="Failed"/;
      my ($name) = $attributes =~ /testName="([^"]*)"/;
      my ($message) = $body =~ /<Message>(.*?)<\/Message>/s;
      $message = text($message); $message =~ s/\s+/ /g;
      printf "failed: %s\n  %s\n", text($name), substr($message, 0, 400);
    }' "$trx"
done
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
