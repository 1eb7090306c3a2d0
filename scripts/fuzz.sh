#!/usr/bin/env bash
# make fuzz: atheris (libFuzzer) on the SSDA903 importer for FUZZ_SECONDS (default 600),
# starting from tests/fuzz/corpus and tests/fuzz/regressions; then the corpus is minimised
# (libFuzzer -merge) back into tests/fuzz/corpus, which make test replays. An input that
# raises anything but the importer's own refusal stops the run and is kept as
# tests/fuzz/crashes/crash-<sha1> (git-ignored: fix it, then keep it in tests/fuzz/regressions).
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-600}"
work="$(mktemp -d)"
mkdir -p "$work/corpus" "$work/merged" tests/fuzz/crashes
cp tests/fuzz/corpus/* "$work/corpus/"
cp tests/fuzz/regressions/* "$work/corpus/" 2>/dev/null || true
# Run as an executable (its shebang finds uv's python): libFuzzer's merge starts it again.
fuzz=(python3 -m uv run --frozen tests/fuzz/fuzz_ssda903.py)

"${fuzz[@]}" "$work/corpus" -dict=tests/fuzz/ssda903.dict -max_len=8192 -len_control=0 -timeout=20 \
  -rss_limit_mb=1536 -max_total_time="$seconds" -artifact_prefix=tests/fuzz/crashes/ \
  -print_final_stats=1 2>&1 | grep --line-buffered -v '^INFO: Instrumenting'
status=${PIPESTATUS[0]}

echo "Minimising the corpus into tests/fuzz/corpus"
"${fuzz[@]}" -merge=1 "$work/merged" "$work/corpus" 2>&1 | grep -E '^MERGE-OUTER: [0-9]+ new'
if [ "${PIPESTATUS[0]}" -ne 0 ] || [ -z "$(ls -A "$work/merged")" ]; then
  echo "The merge failed; the run's corpus is left in $work/corpus" >&2
  exit 1
fi
rm -f tests/fuzz/corpus/*
cp "$work/merged"/* tests/fuzz/corpus/
rm -rf "$work"
echo "tests/fuzz/corpus: $(ls tests/fuzz/corpus | wc -l) inputs," \
  "$(cat tests/fuzz/corpus/* | wc -c) bytes"
exit "$status"
