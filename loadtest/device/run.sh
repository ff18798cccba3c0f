#!/usr/bin/env bash
# `npm run bench` on a lent machine that has no Node, node_modules, network or git, from the device kit
# (`npm run device:kit` writes .device-kit/, git-ignored; carry it there with the working tree).
#
#   OUT=/results bash loadtest/device/run.sh STEPS [more bench args]
#   e.g. bash loadtest/device/run.sh 1000,2000,3000,4000 --seconds 5 --settle 3 --references none --room-sizes none
#
# The server runs on the first core this process may use, the bench and its bot workers on the others
# (one worker per core). Against the kit's baseline commit and the bare-ws reference, as `--baseline` does.
# Environment: OUT (required; bench.json, bench.svg, bench.jsonl, stdout.txt, bench.log, device.txt go
# there), BUDGET_S (wall-clock seconds for the bench, default 540; over it, it is killed and the lines so
# far stay in bench.jsonl), KIT (default .device-kit), WORKERS (default: one per bot core, at most 15),
# BASELINE (default the kit's; "none" for none).
# The bench and everything it starts run in their own process group, killed whole when this script ends.
set -euo pipefail

fail() {
  echo "run.sh: $*" >&2
  exit 1
}

[[ $# -ge 1 && $1 != -* ]] || fail "usage: OUT=DIR bash loadtest/device/run.sh STEPS [bench args], e.g. 1000,2000,3000"
steps=$1
shift
[[ -n ${OUT:-} ]] || fail 'OUT must name the folder for the results'
mkdir -p "$OUT"
kit=$(cd "${KIT:-.device-kit}" 2>/dev/null && pwd) || fail "no kit at ${KIT:-.device-kit}: run npm run device:kit and carry it"
for file in node.xz kit.json now/bench.mjs now/server.mjs; do
  [[ -f $kit/$file ]] || fail "the kit lacks $file: rebuild it with npm run device:kit"
done
for tool in xz taskset setsid awk; do
  command -v "$tool" >/dev/null || fail "$tool is not installed here"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/orb-device-XXXXXX")
pgid=''
cleanUp() {
  # Everything the bench started is in its process group (servers, workers), whatever state it left.
  if [[ -n $pgid ]]; then kill -KILL -- "-$pgid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanUp EXIT
trap 'exit 130' INT TERM

xz -dc "$kit/node.xz" >"$tmp/node" || fail 'could not unpack node.xz'
chmod +x "$tmp/node"
node=$tmp/node
"$node" --version >/dev/null || fail "the kit's node does not run here (it needs glibc >= 2.28): $(ldd --version 2>&1 | head -1)"

# The cores we may use (affinity), limited to a cgroup CPU quota if there is one.
cores=()
IFS=, read -ra ranges <<<"$(awk '/Cpus_allowed_list/ { print $2 }' /proc/self/status)"
for range in "${ranges[@]}"; do
  for ((core = ${range%-*}; core <= ${range#*-}; core++)); do cores+=("$core"); done
done
if [[ -r /sys/fs/cgroup/cpu.max ]] && read -r quota period </sys/fs/cgroup/cpu.max && [[ $quota != max ]]; then
  allowed=$((quota / period))
  ((allowed >= 1 && allowed < ${#cores[@]})) && cores=("${cores[@]:0:allowed}")
fi
((${#cores[@]} >= 2)) || fail "need 2 cores at least (server + bots), have ${#cores[@]}"
server_core=${cores[0]}
bot_cores=$(
  IFS=,
  echo "${cores[*]:1}"
)
bot_count=$((${#cores[@]} - 1))
workers=${WORKERS:-$((bot_count < 15 ? bot_count : 15))}
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# The server holds a socket per client (and node raises its own limit only up to this hard one).
(($(ulimit -n) >= 10000)) || echo "run.sh: warning: open files limited to $(ulimit -n); thousands of clients need more" >&2

baseline=${BASELINE:-$("$node" -p "require('$kit/kit.json').baseline?.ref ?? 'none'")}
baseline_args=()
[[ $baseline == none ]] || baseline_args=(--baseline "$baseline")

{
  echo "nproc $(nproc 2>/dev/null || echo ?); cores used: server $server_core, bots $bot_cores ($workers workers)"
  echo "cgroup cpu.max: $(cat /sys/fs/cgroup/cpu.max 2>/dev/null || echo none); open files: $(ulimit -n)"
  if command -v lscpu >/dev/null; then lscpu | grep -v '^Flags' | head -20; else grep -m1 'model name' /proc/cpuinfo; fi
  echo "$(ldd --version 2>&1 | head -1); node $("$node" --version)"
  echo "kit: $(tr -d '\n ' <"$kit/kit.json")"
} | tee "$OUT/device.txt"

# The natives the server loads (SQLite store) and ws uses (bufferutil) must load before anything starts.
"$node" --input-type=module -e "
  import { createRequire } from 'node:module';
  const load = createRequire('$kit/now/server.mjs');
  const Database = load('better-sqlite3');
  new Database(':memory:').prepare('select 1').get();
  load('bufferutil');
" || fail 'better-sqlite3 or bufferutil from the kit does not load here (glibc or libstdc++ too old?)'

budget=${BUDGET_S:-540}
echo "bench: steps $steps, ${baseline_args[*]:-no baseline}, $*; budget ${budget} s"
setsid bash -c 'echo $$ >"$0"; exec "$@"' "$tmp/pgid" \
  taskset -c "$bot_cores" "$node" "$kit/now/bench.mjs" --steps "$steps" --cpus "$server_core/$bot_cores" \
  --workers "$workers" ${baseline_args[@]+"${baseline_args[@]}"} --out "$OUT" "$@" >"$OUT/stdout.txt" 2>"$OUT/bench.log" &
bench=$!
until [[ -s $tmp/pgid ]] || ! kill -0 "$bench" 2>/dev/null; do sleep 0.1; done
pgid=$(cat "$tmp/pgid" 2>/dev/null || echo "$bench")
deadline=$((SECONDS + budget))
while kill -0 "$bench" 2>/dev/null; do
  if ((SECONDS >= deadline)); then
    echo "run.sh: over the ${budget} s budget: stopping the bench (the lines so far are in bench.jsonl)" >&2
    kill -TERM -- "-$pgid" 2>/dev/null || true
    sleep 3
    break
  fi
  sleep 1
done
status=0
wait "$bench" || status=$?

grep '^{' "$OUT/stdout.txt" >"$OUT/bench.jsonl" || true
# One line per step, for reading here; the full figures are in bench.jsonl and bench.json.
"$node" -e "
  const lines = require('fs').readFileSync('$OUT/bench.jsonl', 'utf8').split('\n').filter(Boolean).map(JSON.parse);
  for (const s of lines.filter((line) => !line.summary)) {
    const figures = { clients: s.clients, failed: s.failedJoins, cpu: s.serverCpuPercent, tick99: s.tickMs?.p99,
      gap99: s.patchIntervalP99Ms, bytesPerClient: s.bytesPerClientPerSecond, rssKBPerClient: s.rssKBPerClient,
      botCpuMax: s.loadGeneratorMaxWorkerCpuPercent, botLoop99: s.loadGeneratorEventLoopDelayP99Ms };
    const shown = Object.entries(figures).filter(([, value]) => value !== undefined && value !== null);
    console.log([s.run, s.target, ...shown.map(([key, value]) => key + ' ' + value), ...(s.saturated ?? [])].join(' | '));
  }
  const summary = lines.find((line) => line.summary);
  if (summary) console.log(JSON.stringify({ knee: summary.clientsAtKnee, baseline: summary.baseline, bareWs: summary.bareWs }));
" || true
grep '^|' "$OUT/stdout.txt" || true
echo "--- bench.log (last lines)"
tail -n 15 "$OUT/bench.log"
echo "bench exit status $status after ${SECONDS} s; results in $OUT"
exit "$status"
