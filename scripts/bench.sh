#!/usr/bin/env bash
# Whole-process benchmark: `scripts/bench.sh [N...]` (default: 1000 10000).
#
# For each N, generates (or reuses) a corpus of N reports under target/bench-corpus-N with
# examples/gen_corpus, then times `jxlint check --format json DIR > /dev/null` next to the
# machine's floor on the same folder, measured in the same run: `cat` of every file and
# `rg` over them. Also prints single-file latency on a ~10 KB report and peak RSS.
# Prints a Markdown table (the one in README.md's "Performance" section).
#
# Uses hyperfine and /usr/bin/time when installed (Debian: hyperfine, ripgrep, time),
# else falls back to repeated timing with `date`.
#
# `scripts/bench.sh --hostile [CASE...]` instead runs the hostile inputs of issue 13 (written
# by scripts/hostile_inputs.py under target/bench-hostile), each once under
# `/usr/bin/time -v`, and prints wall time and peak memory against the targets (one 50 MB
# report < 3 s and < 400 MB; every other case < 5 s and < 500 MB), then the doubling check:
# the same input at twice the size must take at most about twice the time and memory.
# It needs /usr/bin/time (Debian package `time`), and installs it when run as root.
# `JX=path/to/jxlint scripts/bench.sh --hostile` measures another binary (before/after).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--hostile" ]; then
    shift
    exec bash scripts/bench_hostile.sh "$@"
fi

SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(1000 10000)
RUNS=${BENCH_RUNS:-5}

cargo build --release --quiet --bin jxlint --example gen_corpus
JX=target/release/jxlint
GEN=target/release/examples/gen_corpus

have() { command -v "$1" >/dev/null 2>&1; }

# Mean wall seconds of a shell command over $RUNS runs (after one warm-up run).
mean_seconds() {
    local cmd=$1
    if have hyperfine; then
        local json
        json=$(mktemp)
        hyperfine --style none --warmup 1 --runs "$RUNS" -i --export-json "$json" "$cmd" >/dev/null 2>&1
        python3 -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["mean"])' "$json"
        rm -f "$json"
    else
        bash -c "$cmd" >/dev/null 2>&1 || true
        local start end
        start=$(date +%s.%N)
        for _ in $(seq "$RUNS"); do bash -c "$cmd" >/dev/null 2>&1 || true; done
        end=$(date +%s.%N)
        python3 -c "print('%.4f' % (($end - $start) / $RUNS))"
    fi
}

peak_rss_mb() {
    if [ -x /usr/bin/time ]; then
        # jxlint exits 1 when it finds something: that is not a failure here.
        { /usr/bin/time -v "$@" 2>&1 >/dev/null || true; } | awk -F: '/Maximum resident set size/ {printf "%.0f", $2 / 1024}'
    else
        echo "n/a"
    fi
}

rate() { python3 -c "import sys; print('%.0f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }
mbs() { python3 -c "import sys; print('%.1f' % (float(sys.argv[1]) / 1048576 / float(sys.argv[2])))" "$1" "$2"; }
ratio() { python3 -c "import sys; print('%.1f×' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }

echo "machine: $(nproc) CPU, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg); jxlint $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo
echo "| reports | MB | tool | wall (s) | files/s | MB/s | vs rg | peak RSS (MB) |"
echo "|---:|---:|---|---:|---:|---:|---:|---:|"
for n in "${SIZES[@]}"; do
    dir=target/bench-corpus-$n
    if [ ! -f "$dir/.complete" ]; then
        rm -rf "$dir"
        "$GEN" "$dir" "$n" >/dev/null
        touch "$dir/.complete"
    fi
    bytes=$(find "$dir" -type f -name '*.txt' -printf '%s\n' | awk '{s += $1} END {print s}')
    mb=$(python3 -c "print('%.1f' % ($bytes / 1048576))")
    t_cat=$(mean_seconds "find $dir -type f -name '*.txt' -print0 | xargs -0 cat > /dev/null")
    if have rg; then
        # -uuu: the corpus sits under target/, which .gitignore hides from rg.
        t_rg=$(mean_seconds "rg -uuu --count-matches 执行率 $dir > /dev/null")
    else
        t_rg=""
    fi
    t_jx=$(mean_seconds "$JX check --format json $dir > /dev/null")
    rss=$(peak_rss_mb "$JX" check --format json "$dir")
    echo "| $n | $mb | cat | $t_cat | $(rate "$n" "$t_cat") | $(mbs "$bytes" "$t_cat") | | |"
    if [ -n "$t_rg" ]; then
        echo "| $n | $mb | rg | $t_rg | $(rate "$n" "$t_rg") | $(mbs "$bytes" "$t_rg") | 1.0× | |"
        vs=$(ratio "$t_jx" "$t_rg")
    else
        vs="n/a"
    fi
    echo "| $n | $mb | **jxlint** | **$t_jx** | $(rate "$n" "$t_jx") | $(mbs "$bytes" "$t_jx") | $vs | $rss |"
done

# Single-file latency: the editor case, a report of about 10 KB, whole process.
one=$(find "target/bench-corpus-${SIZES[0]}" -type f -name '*.txt' -size +9700c -size -10700c | sort | head -1 || true)
if [ -n "$one" ]; then
    t_one=$(RUNS=20 mean_seconds "$JX check --format json '$one' > /dev/null")
    echo
    echo "single file ($(stat -c %s "$one") bytes): $(python3 -c "print('%.1f ms' % ($t_one * 1000))") per \`jxlint check\` process"
fi
