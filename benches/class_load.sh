#!/usr/bin/env bash
# A class beyond one machine, under load: a throwaway PostgreSQL cluster, two
# `chalkdust serve` instances (a and b) sharing it and one host key, HAProxy
# in front with send-proxy-v2 and health checks, and benches/ssh_load.rs
# driving SESSIONS simulated students through the balancer at a class pace
# (one key a second each). Each student reads the built-in Derivatives
# lesson and answers one of its questions, wrong then right, watching its
# screen; half way (KILL_AT_STEP keys) instance a is killed (SIGKILL, like
# a crash), its students log in again through HAProxy and carry on on b.
#
# Prints (see docs/deployment.md): key -> screen and check -> verdict
# (median, p99), the store alone, resizes, memory per session and CPU of
# both instances, the kill (students on a, reconnect times, reading
# positions restored) and the checks in the store against the verdicts the
# students saw (lost must be 0); then the store's row counts. Exits
# non-zero when something was lost or a student could not carry on.
#
# Not part of CI, and heavy: run it on a quiet machine.
#
#   benches/class_load.sh                      # 1000 students, 60 keys each
#   SESSIONS=50 STEPS=40 THINK_MS=200 PROFILE=dev benches/class_load.sh  # smoke run
#
# Settings: SESSIONS, STEPS (keys per student), THINK_MS (between keys),
# PROFILE (release or dev), RESIZE_EVERY (each student changes its window
# width once every this many keys, staggered; 1200 at one key a second is
# one student in 20 a minute), KILL (KILL, TERM or none), KILL_AT_STEP
# (the kill comes once every student has pressed this many keys; STEPS/2).
#
# Needs Debian's postgresql and haproxy packages, and runs everything on
# loopback. Everything it starts is stopped when it exits.
set -euo pipefail
cd "$(dirname "$0")/.."

SESSIONS=${SESSIONS:-1000}
STEPS=${STEPS:-60}
THINK_MS=${THINK_MS:-1000}
PROFILE=${PROFILE:-release}
RESIZE_EVERY=${RESIZE_EVERY:-1200}
KILL=${KILL:-KILL}
KILL_AT_STEP=${KILL_AT_STEP:-$((STEPS / 2))}
case "$KILL" in
  KILL | TERM | none) ;;
  *) echo "KILL=$KILL: KILL (a crash), TERM (a stop) or none" >&2; exit 2 ;;
esac

work=$(mktemp -d /tmp/chalkdust-class-load.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # Let the servers say goodbye before their database goes.
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "${pg_ctl:-}" ] && [ -d "$work/pg" ]; then
    as_pg "$pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_port() {
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on port $1" >&2
  return 1
}

# PostgreSQL refuses to run as root: run it as the package's postgres user.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

echo "== building ($PROFILE)"
if [ "$PROFILE" = release ]; then
  cargo build --release --bin chalkdust
  chalkdust=target/release/chalkdust
else
  cargo build --bin chalkdust
  chalkdust=target/debug/chalkdust
fi
cargo bench --profile "$PROFILE" --bench ssh_load --no-run

echo "== PostgreSQL"
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg_ctl=$bin/pg_ctl
[ "$(id -u)" = 0 ] && chown postgres: "$work"
pg_port=$(free_port)
as_pg "$bin/initdb" -D "$work/pg" -U postgres -A trust --no-sync --no-instructions >/dev/null
as_pg "$pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
  -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null
as_pg "$bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc 'CREATE DATABASE class'
store="postgres://postgres@127.0.0.1:$pg_port/class"

echo "== two instances, one host key"
ports=()
for name in a b; do
  port=$(free_port)
  "$chalkdust" serve --listen "127.0.0.1:$port" --data "$work/$name" --store "$store" \
    --host-key "$work/ssh_host_ed25519_key" --proxy-protocol 127.0.0.1 \
    --max-sessions $((SESSIONS + 50)) --max-connections $((SESSIONS + 100)) \
    --per-source-max-connections $((SESSIONS + 100)) --per-source-rate 100000 \
    --max-startups 256 --instance "$name" --log-level warn 2>"$work/$name.log" &
  pids+=($!)
  ports+=("$port")
  wait_port "$port"
done
server_pids=$(IFS=,; echo "${pids[*]}")

echo "== HAProxy"
front=$(free_port)
cat >"$work/haproxy.cfg" <<EOF
global
    maxconn $((SESSIONS * 2 + 100))
defaults
    mode tcp
    timeout connect 2s
    timeout client 1h
    timeout server 1h
    retries 2
    option redispatch 1
frontend ssh
    bind 127.0.0.1:$front
    default_backend chalkdust
backend chalkdust
    balance leastconn
    option tcp-check
    tcp-check expect string SSH-2.0-
    # A dead instance is out after two failed checks a second apart; until
    # then a connection refused by it is retried on the other (redispatch).
    server a 127.0.0.1:${ports[0]} send-proxy-v2 check check-send-proxy inter 1s fall 2 rise 2
    server b 127.0.0.1:${ports[1]} send-proxy-v2 check check-send-proxy inter 1s fall 2 rise 2
EOF
haproxy -db -f "$work/haproxy.cfg" 2>"$work/haproxy.log" &
pids+=($!)
wait_port "$front"

echo "== $SESSIONS students x $STEPS keys, one every ${THINK_MS} ms; kill a ($KILL) after key $KILL_AT_STEP"
kill_env=()
if [ "$KILL" != none ]; then
  kill_env=(KILL_PID="${pids[0]}" KILL_SIGNAL="$KILL" KILL_AT_STEP="$KILL_AT_STEP")
fi
status=0
env TARGET_PORT="$front" SERVER_PIDS="$server_pids" SESSIONS="$SESSIONS" STEPS="$STEPS" \
  THINK_MS="$THINK_MS" RESIZE_EVERY="$RESIZE_EVERY" CHECK_STORE="$store" "${kill_env[@]}" \
  cargo bench --profile "$PROFILE" --bench ssh_load || status=$?

echo "== the store afterwards"
as_pg "$bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d class -Atc \
  "SELECT 'learners ' || count(*) FROM learner UNION ALL SELECT 'lesson positions ' || count(*) FROM lesson_position UNION ALL SELECT 'attempts at the question ' || coalesce(sum(attempts), 0) FROM question_try WHERE question = 'linear-7x-2' UNION ALL SELECT 'answers logged ' || count(*) || ' (right ' || count(*) FILTER (WHERE outcome = 'right') || ', wrong ' || count(*) FILTER (WHERE outcome = 'wrong') || ')' FROM answer WHERE question = 'linear-7x-2' UNION ALL SELECT 'sessions listed by a ' || count(*) FILTER (WHERE instance = 'a') || ', by b ' || count(*) FILTER (WHERE instance = 'b') FROM live_session"
echo "(sessions listed by b should be 0: every session ended; a killed instance's rows stay until they are stale)"
for name in a b; do
  # Open mode (no roster) is this bench's choice, not news.
  if grep -E ' (WARN|ERROR) ' "$work/$name.log" | grep -qv 'open mode'; then
    echo "-- instance $name logged warnings:"
    grep -E ' (WARN|ERROR) ' "$work/$name.log" | grep -v 'open mode' | head -5
  fi
done
exit "$status"
