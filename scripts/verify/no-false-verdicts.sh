#!/usr/bin/env bash
# Grades a lesson's reference solution (lesson 5 unless LESSON names another) on a machine made
# hostile, and counts every check that did not pass: a correct program must never be failed
# because the grader was starved or stopped.
#   a) 8 graders at once, 10 rounds, while two processes burn CPU: every check must pass.
#   b) 12 runs, each grader SIGSTOPped for 3.5 s at a random moment 0.15-0.45 s into its run, then
#      SIGCONT: no check may fail (an error that names the grader's stall is allowed, and counted).
#   c) 10 runs inside a cgroup limited to half a CPU (needs root and cgroup v1 or v2): all pass.
# Usage: scripts/verify/no-false-verdicts.sh [a] [b] [c]   (all parts when none is named)
#   GRADE_ROOT=DIR grades from another checkout (e.g. a clean `git archive HEAD`).
#   LESSON=lesson3 grades that lesson's solution instead of lesson 5's.
#   STOP_FROM / STOP_TO (seconds, default 0.15 / 0.45) move part b's window.
# Exit 1 when any part saw a false verdict. Every loop is bounded; burners and the cgroup are
# removed on any exit.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=${GRADE_ROOT:-$(cd "$HERE/../.." && pwd)}
PARTS=${*:-a b c}
OUT=$(mktemp -d /tmp/hs-verdicts.XXXXXX)
BURNERS=()
CGROUP=
BAD=0

cleanup() {
  for p in "${BURNERS[@]}"; do kill "$p" 2>/dev/null; done
  if [ -n "$CGROUP" ]; then
    # The graders and their programs have left it by now; allow the last ones a moment.
    for _ in 1 2 3 4 5 6 7 8 9 10; do rmdir "$CGROUP" 2>/dev/null && break; sleep 0.2; done
  fi
  rm -rf "$OUT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# One grading run of the solution; its JSON report to $1, its stderr to $1.err.
grade() {
  (cd "$ROOT" && exec node bin/grade.mjs "${LESSON:-lesson5}" --solution --reporter json) >"$1" 2>"$1.err"
}

# Every check of every run passed (how many there are depends on the lesson).
all_passed() {
  [[ $(tail -1 <<<"$1") =~ ^pass=[1-9][0-9]*\ fail=0\ error=0\ skip=0\ stall-errors=0\ unreadable=0$ ]]
}

tally() {
  node "$HERE/tally-verdicts.mjs" "$@"
}

load() {
  echo "  load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) on $(nproc) cores"
}

echo "grading $ROOT"
# Build the grader's bundle once, so that the graders started together do not all build it.
grade "$OUT/warm-up.json"

part_a() {
  echo "a) 8 graders at once x 10 rounds, two CPU burners running"
  for _ in 1 2; do
    timeout 900 sh -c 'while :; do :; done' &
    BURNERS+=($!)
  done
  load
  local start=$SECONDS
  for round in $(seq 1 10); do
    local pids=()
    for i in $(seq 1 8); do
      grade "$OUT/a-$round-$i.json" &
      pids+=($!)
    done
    wait "${pids[@]}"
  done
  load
  kill "${BURNERS[@]}" 2>/dev/null
  BURNERS=()
  local summary
  summary=$(tally "$OUT"/a-*.json)
  echo "$summary"
  echo "  $((SECONDS - start)) s"
  all_passed "$summary" || BAD=1
}

part_b() {
  local from=${STOP_FROM:-0.15} to=${STOP_TO:-0.45}
  echo "b) 12 runs, each grader SIGSTOPped for 3.5 s at a random moment ${from}-${to} s into its run"
  load
  local start=$SECONDS
  for i in $(seq 1 12); do
    # Not through grade(): $! must be the grader itself (the subshell execs it), not a shell above it.
    (cd "$ROOT" && exec node bin/grade.mjs "${LESSON:-lesson5}" --solution --reporter json) >"$OUT/b-$i.json" 2>"$OUT/b-$i.json.err" &
    local pid=$!
    local delay
    delay=$(awk -v seed="$RANDOM$i" -v from="$from" -v to="$to" 'BEGIN { srand(seed); printf "%.3f", from + rand() * (to - from) }')
    sleep "$delay"
    if kill -STOP "$pid" 2>/dev/null; then
      sleep 3.5
      kill -CONT "$pid" 2>/dev/null
    fi
    wait "$pid"
  done
  load
  local summary
  summary=$(tally "$OUT"/b-*.json)
  echo "$summary"
  # Only a stop that caught the grader still running tests anything: its run, and the checks in
  # flight, then last more than 3 s.
  node -e '
    const fs = require("fs");
    let landed = 0; const inFlight = {};
    for (const f of process.argv.slice(1)) {
      let d; try { d = JSON.parse(fs.readFileSync(f, "utf8")); } catch { continue; }
      if (d.durationMs > 3000) landed++;
      for (const c of d.lessons[0].checks) if (c.durationMs > 3000) inFlight[c.id] = (inFlight[c.id] ?? 0) + 1;
    }
    const list = Object.entries(inFlight).map(([k, v]) => k + " " + v).join(", ");
    console.log("  the stop caught the grader still running in " + landed + " of " + (process.argv.length - 1) + " runs; checks in flight during the stop: " + (list || "none"));
    if (landed < (process.argv.length - 1) / 2) console.log("  (most runs had ended before the stop: this machine grades faster than the window; move the window earlier with STOP_FROM and STOP_TO)");
  ' "$OUT"/b-*.json
  echo "  $((SECONDS - start)) s"
  [[ $(tail -1 <<<"$summary") =~ fail=0\ .*unreadable=0 ]] || BAD=1
}

part_c() {
  echo "c) 10 runs in a cgroup limited to half a CPU"
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    CGROUP=/sys/fs/cgroup/hs-half
    mkdir -p "$CGROUP" && echo "50000 100000" >"$CGROUP/cpu.max" || { echo "  cannot create a cgroup v2 with cpu.max: skipped"; CGROUP=; return; }
  elif [ -d /sys/fs/cgroup/cpu ]; then
    CGROUP=/sys/fs/cgroup/cpu/hs-half
    mkdir -p "$CGROUP" && echo 100000 >"$CGROUP/cpu.cfs_period_us" && echo 50000 >"$CGROUP/cpu.cfs_quota_us" || { echo "  cannot create a cgroup v1 with a CPU quota: skipped"; CGROUP=; return; }
  else
    echo "  no cgroup CPU controller: skipped"
    return
  fi
  load
  local start=$SECONDS
  for i in $(seq 1 10); do
    # The shell moves itself into the cgroup, then becomes the grader: its programs start inside too.
    sh -c 'echo $$ >"$1/cgroup.procs" && cd "$2" && exec node bin/grade.mjs "$3" --solution --reporter json' sh "$CGROUP" "$ROOT" "${LESSON:-lesson5}" >"$OUT/c-$i.json" 2>"$OUT/c-$i.json.err"
  done
  load
  local summary
  summary=$(tally "$OUT"/c-*.json)
  echo "$summary"
  # Proof that the limit bit: how often the kernel throttled the group.
  grep -E 'nr_periods|nr_throttled|throttled_(time|usec)' "$CGROUP/cpu.stat" | tr '\n' ' ' | sed 's/^/  cpu.stat: /'
  echo "; $((SECONDS - start)) s"
  all_passed "$summary" || BAD=1
}

for part in $PARTS; do
  case $part in
    a) part_a ;;
    b) part_b ;;
    c) part_c ;;
    *) echo "unknown part: $part (a, b or c)" >&2; exit 2 ;;
  esac
done
exit $BAD
