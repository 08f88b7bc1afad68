#!/usr/bin/env bash
# The hostile-input half of scripts/bench.sh (run it as `scripts/bench.sh --hostile [CASE...]`).
set -euo pipefail
cd "$(dirname "$0")/.."

CASES=("$@")
[ ${#CASES[@]} -eq 0 ] && CASES=(report-50mb consensus rate-line cell-lines count-sentence halfwidth-paren count-mismatch-4mb fix-diff
    junit-20k sarif-20k rdjson-20k sarif-5mb rdjson-5mb docx-100mb-text docx-two overrides-1k overrides-10k)
# Inputs whose size doubles cleanly, for the doubling check.
DOUBLING=(${BENCH_DOUBLING:-report-25mb halfwidth-paren consensus rate-line cell-lines count-sentence fix-diff sarif-5mb junit-20k docx-100mb-text overrides-1k})
LIMIT=${BENCH_TIMEOUT:-300}

if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
    else
        echo "bench.sh --hostile needs /usr/bin/time: sudo apt-get install time" >&2
        exit 2
    fi
fi
if [ -z "${JX:-}" ]; then
    cargo build --release --quiet --bin jxlint
    JX=target/release/jxlint
fi
OUT=target/bench-hostile
mkdir -p "$OUT"

# Prints "wall_seconds peak_mb status cpu_seconds" for one run of jxlint check ARGS (stdout discarded,
# its size kept in $OUT/last.bytes); a run past $LIMIT seconds is stopped.
measure() {
    local log=$OUT/time.log status
    set +e
    /usr/bin/time -v -o "$log" timeout "$LIMIT" "$JX" check "$@" >"$OUT/last.out" 2>/dev/null
    status=$?
    set -e
    stat -c %s "$OUT/last.out" >"$OUT/last.bytes"
    python3 - "$log" "$status" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
wall = re.search(r"Elapsed \(wall clock\) time.*: (.*)", text).group(1)
secs = 0.0
for part in wall.split(":"):
    secs = secs * 60 + float(part)
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
cpu = sum(float(re.search(r"%s time \(seconds\): ([\d.]+)" % k, text).group(1)) for k in ("User", "System"))
status = int(sys.argv[2])
print("%.2f %.0f %s %.2f" % (secs, rss, "timeout" if status == 124 else "exit_%d" % status, cpu))
PY
}

# Generates (once) the input of CASE at SCALE; prints jxlint's arguments, one per line.
inputs() {
    local case=$1 scale=$2 stamp=$OUT/$1-x$2.args
    if [ ! -f "$stamp" ]; then
        python3 scripts/hostile_inputs.py "$OUT" "$case" "$scale" >"$stamp.tmp"
        mv "$stamp.tmp" "$stamp"
    fi
    cat "$stamp"
}

run_case() {
    local case=$1 scale=$2 args=()
    mapfile -t args < <(inputs "$case" "$scale")
    # The format is the case's own when it names one, else json.
    case " ${args[*]} " in
        *" --format "*) measure "${args[@]}" ;;
        *) measure --format json "${args[@]}" ;;
    esac
}

echo "machine: $(nproc) CPU, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg); jxlint $JX $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo
# CPU time (user + system) is printed beside wall time: on a shared machine it is the
# steadier of the two.
echo "| case | wall (s) | CPU (s) | peak RSS (MB) | output (MB) | target | result |"
echo "|---|---:|---:|---:|---:|---|---|"
for case in "${CASES[@]}"; do
    read -r wall rss status cpu < <(run_case "$case" 1)
    out_mb=$(python3 -c "print('%.1f' % ($(cat "$OUT/last.bytes") / 1048576))")
    if [ "$case" = report-50mb ]; then max_s=3; max_mb=400; else max_s=5; max_mb=500; fi
    verdict=$(python3 -c "print('ok' if $wall < $max_s and $rss < $max_mb and '$status' != 'timeout' else 'OVER')")
    echo "| $case | $wall | $cpu | $rss | $out_mb | < $max_s s, < $max_mb MB | $verdict ($status) |"
done

echo
echo "Doubling: the same input at 1× and 2× its size (at most about 2× time and memory)."
echo
echo "| case | wall 1× | wall 2× | ratio | RSS 1× (MB) | RSS 2× (MB) | ratio | result |"
echo "|---|---:|---:|---:|---:|---:|---:|---|"
for case in "${DOUBLING[@]}"; do
    read -r w1 r1 _ < <(run_case "$case" 1)
    read -r w2 r2 _ < <(run_case "$case" 2)
    python3 - "$case" "$w1" "$w2" "$r1" "$r2" <<'PY'
import sys
case, w1, w2, r1, r2 = sys.argv[1], *map(float, sys.argv[2:])
# Noise: times under 0.2 s and memory under 40 MB are mostly start-up, not input.
tr = w2 / max(w1, 0.2)
mr = r2 / max(r1, 40.0)
ok = "ok" if tr <= 2.5 and mr <= 2.5 else "OVER"
print("| %s | %.2f | %.2f | %.1f× | %.0f | %.0f | %.1f× | %s |" % (case, w1, w2, tr, r1, r2, mr, ok))
PY
done
