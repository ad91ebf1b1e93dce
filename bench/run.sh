#!/usr/bin/env bash
# The benchmark harness, one command: data, indexing, query latency (in-process, HTTP), throughput, peers
# (SQLite FTS5, ripgrep, nginx), a profile, and the Markdown report bench/report/REPORT.md. Not part of the tests.
set -euo pipefail

usage() {
    cat >&2 <<'EOF'
usage: bash bench/run.sh [--quick] [--with-50k] [--no-profile] [--work DIR] [--duration SECONDS]

  --quick         real corpus and 1k synthetic learners only (a few minutes)
                  (default: real corpus, 1k and 10k learners)
  --with-50k      also 50k synthetic learners (long: generation plus indexing take most of an hour)
  --no-profile    skip the callgrind profiles of indexing and search
  --work DIR      where data, indexes and raw results go (default build/bench-work; synthetic
                  corpora are kept there and reused by later runs)
  --duration S    seconds per wrk run (default 5)
Writes bench/report/REPORT.md and keeps raw results in WORK/results.
EOF
    exit 2
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench="$root/bench"
corpus="$root/../shared/corpus"
work="$root/build/bench-work"
quick=0 with50k=0 profile=1 duration=5
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=1 ;;
        --with-50k) with50k=1 ;;
        --no-profile) profile=0 ;;
        --work) [ $# -ge 2 ] || usage; work=$2; shift ;;
        --duration) [ $# -ge 2 ] || usage; duration=$2; shift ;;
        *) usage ;;
    esac
    shift
done
[ -x "$corpus/make-repos.sh" ] || { echo "bench: the real corpus is missing: $corpus" >&2; exit 1; }

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

install_packages() {
    local packages=(nginx ripgrep sqlite3 libsqlite3-dev wrk time valgrind git python3) missing=() p
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    log "installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build_all() {
    NEXUS_BUILD_TYPE=RelWithDebInfo "$root/scripts/setup.sh" >/dev/null
    cmake -S "$bench" -B "$root/build/bench" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$root/build/bench" -j "$(nproc)" --target nx-bench-query nx-bench-mentor nx-bench-fts5-build nx-bench-fts5-query \
        >/dev/null
}

# "Cold" means an empty page cache when we may drop it (root), else only a fresh process.
drop_caches() {
    sync
    if [ -w /proc/sys/vm/drop_caches ]; then echo 3 > /proc/sys/vm/drop_caches; fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ------------------------------------------------------------------ data

prepare_real() {
    local dir="$work/data/real"
    [ -f "$dir/cohort.tsv" ] || bash "$corpus/make-repos.sh" "$dir" >&2
}

prepare_synthetic() {
    local n=$1 dir="$work/data/synth-$1" checkout=()
    [ -f "$dir/stats.json" ] && return
    rm -rf "$dir"
    # ripgrep needs files on disk; beyond 10k the checkout alone is gigabytes.
    [ "$n" -le 10000 ] && checkout=(--checkout)
    log "generating $n synthetic learners"
    python3 "$bench/gen_corpus.py" --corpus "$corpus" --learners "$n" --out "$dir" "${checkout[@]}" >&2
}

# ------------------------------------------------------------------ measurements

# index_run NAME DATASET_DIR OUT: one nexus-index run under /usr/bin/time -v.
index_run() {
    local name=$1 data=$2 out=$3
    drop_caches
    /usr/bin/time -v -o "$out/$name.time" "$root/build/bin/nexus-index" --cohort "$data/cohort.tsv" \
        --cache "$out/cache" --index "$out/index" > "$out/$name.log" 2> "$out/$name.err"
}

measure_indexing() {
    local data=$1 out=$2
    rm -rf "$out/cache" "$out/index" "$out/fts5.sqlite"*
    log "$(basename "$out"): nexus-index, first run"
    index_run index-first "$data" "$out"
    log "$(basename "$out"): nexus-index, no-change rerun"
    index_run index-rerun "$data" "$out"
    log "$(basename "$out"): SQLite FTS5 build from the same sections"
    drop_caches
    /usr/bin/time -v -o "$out/fts5-build.time" "$root/build/bench/bin/nx-bench-fts5-build" "$data/cohort.tsv" \
        "$out/fts5.sqlite" > "$out/fts5-build.log"
    # The same first run written as two shards, one writer thread each (issue 15), into its own cache and index.
    log "$(basename "$out"): nexus-index, first run, --shards 2"
    rm -rf "$out/cache-2shards" "$out/index-2shards"
    drop_caches
    /usr/bin/time -v -o "$out/index-first-2shards.time" "$root/build/bin/nexus-index" --cohort "$data/cohort.tsv" \
        --cache "$out/cache-2shards" --index "$out/index-2shards" --shards 2 > "$out/index-first-2shards.log" \
        2> "$out/index-first-2shards.err"
    {
        echo "index_2shards_bytes $(du -sb "$out/index-2shards" | cut -f1)"
        echo "index_bytes $(du -sb "$out/index" | cut -f1)"
        echo "cache_bytes $(du -sb "$out/cache" | cut -f1)"
        echo "fts5_bytes $(du -cb "$out/fts5.sqlite"* | tail -1 | cut -f1)"
        echo "learners $(grep -cv '^learner' "$data/cohort.tsv")"
    } > "$out/sizes.txt"
    rm -rf "$out/cache-2shards" "$out/index-2shards"
}

measure_latency() {
    local out=$1 classes=word,phrase,boolean,filtered,facets,grouped
    log "$(basename "$out"): in-process latency (Nexus shim, FTS5), cold and warm"
    drop_caches
    "$root/build/bench/bin/nx-bench-query" --index "$out/index" --queries "$out/queries.tsv" --phase cold \
        --classes "$classes" > "$out/samples-nexus-cold.tsv"
    "$root/build/bench/bin/nx-bench-query" --index "$out/index" --queries "$out/queries.tsv" --phase warm \
        --repeat 5 --classes "$classes" > "$out/samples-nexus-warm.tsv"
    # The mentor tools (issue 13): suggestions, coverage pages of 100 x 10, similar learners, warm.
    "$root/build/bench/bin/nx-bench-mentor" --index "$out/index" --repeat 20 > "$out/mentor.txt"
    drop_caches
    "$root/build/bench/bin/nx-bench-fts5-query" --db "$out/fts5.sqlite" --queries "$out/queries.tsv" \
        --phase cold > "$out/samples-fts5-cold.tsv"
    "$root/build/bench/bin/nx-bench-fts5-query" --db "$out/fts5.sqlite" --queries "$out/queries.tsv" \
        --phase warm --repeat 5 > "$out/samples-fts5-warm.tsv"
}

# Issue 12: the same searches over three shards opened locally and served by xapian-tcpsrv on loopback (through
# the stub of nexus-index --remote-stub), in-process, warm, the two alternated twice. Facets and grouping count
# over every match: that is what costs most over the network.
measure_remote() {
    local data=$1 out=$2 classes=word,phrase,boolean,facets,grouped shards=() pids=() addresses="" k port round pid
    command -v xapian-tcpsrv > /dev/null || { log "no xapian-tcpsrv (xapian-tools): remote shards not measured"; return 0; }
    log "$(basename "$out"): three shards, opened locally and over xapian-tcpsrv"
    rm -rf "$out/index-3shards"
    "$root/build/bin/nexus-index" --cohort "$data/cohort.tsv" --cache "$out/cache" --index "$out/index-3shards" \
        --shards 3 > "$out/index-3shards.log" 2>&1
    # The generation's shards in order, as the index's own stub names them ("glass gen-1/shard-0").
    mapfile -t shards < <(awk '$2 ~ /shard-/ { print $2 }' "$out/index-3shards/XAPIANDB")
    # Each server in a session of its own: xapian-tcpsrv answers SIGTERM by signalling its whole process group,
    # which would otherwise be this script. Its pid is written before the exec, whatever setsid does.
    for k in "${!shards[@]}"; do
        port=$(free_port)
        setsid bash -c 'echo $$; exec xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$1" "$2" > /dev/null 2>&1' \
            _ "$port" "$out/index-3shards/${shards[k]}" > "$out/tcpsrv-$k.pid" &
        until (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; do sleep 0.1; done
        pids+=("$(cat "$out/tcpsrv-$k.pid")")
        addresses+="${addresses:+,}127.0.0.1:$port"
    done
    "$root/build/bin/nexus-index" --index "$out/index-3shards" --remote-stub "$addresses" > "$out/remote.stub"
    for round in 1 2; do
        "$root/build/bench/bin/nx-bench-query" --index "$out/index-3shards" --queries "$out/queries.tsv" \
            --phase warm --repeat 5 --classes "$classes" > "$out/remote-local-$round.tsv"
        "$root/build/bench/bin/nx-bench-query" --index "$out/remote.stub" --queries "$out/queries.tsv" \
            --phase warm --repeat 5 --classes "$classes" > "$out/remote-stub-$round.tsv"
    done
    kill "${pids[@]}"
    for pid in "${pids[@]}"; do
        while kill -0 "$pid" 2> /dev/null; do sleep 0.1; done
    done
    rm -rf "$out/index-3shards" "$out"/tcpsrv-*.pid
}

measure_ripgrep() {
    local checkout=$1 layout=$2 out=$3 repeat=$4
    [ -d "$checkout" ] || return 0
    log "$(basename "$out"): ripgrep over the checked-out files"
    drop_caches
    python3 "$bench/rg_latency.py" "$checkout" "$out/queries.tsv" --layout "$layout" --phase cold \
        > "$out/samples-rg-cold.tsv"
    python3 "$bench/rg_latency.py" "$checkout" "$out/queries.tsv" --layout "$layout" --phase warm \
        --repeat "$repeat" > "$out/samples-rg-warm.tsv"
}

# start_server INDEX OUT [CACHE_MB]: starts nexus-server on a free port, without the per-client rate
# limit and with room for every wrk connection from the one address (one benchmark client is all the
# traffic: past the default 32 connections per address, the server closes the extra ones at once and
# wrk's 64-connection runs measured reconnections), and by default without the response cache, so
# latency and "distinct query" figures are computed answers; sets server_pid and server_url.
start_server() {
    local index=$1 out=$2 cache_mb=${3:-0} port
    port=$(free_port)
    "$root/build/bin/nexus-server" --index "$index" --listen "127.0.0.1:$port" --rate-limit 0 \
        --max-connections-per-ip 128 --cache-mb "$cache_mb" > "$out/server.log" 2>&1 &
    server_pid=$!
    server_url="http://127.0.0.1:$port"
    for _ in $(seq 100); do
        grep -q 'listening on' "$out/server.log" 2>/dev/null && return 0
        sleep 0.05
    done
    echo "bench: nexus-server did not start (see $out/server.log)" >&2
    return 1
}

stop_server() {
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
}

measure_http() {
    local out=$1 caps
    log "$(basename "$out"): HTTP latency, cold and warm"
    drop_caches
    start_server "$out/index" "$out"
    caps=$(python3 "$bench/queries.py" probe "$server_url" | paste -sd, -)
    echo "${caps:-none}" > "$out/capabilities.txt"
    python3 "$bench/http_latency.py" "$server_url" "$out/queries.tsv" --phase cold --caps "$caps" \
        > "$out/samples-http-cold.tsv"
    python3 "$bench/http_latency.py" "$server_url" "$out/queries.tsv" --phase warm --repeat 5 --caps "$caps" \
        > "$out/samples-http-warm.tsv"
    stop_server
}

# ------------------------------------------------------------------ throughput

start_nginx() {
    local out=$1 port
    port=$(free_port)
    mkdir -p "$out/nginx/www" "$out/nginx/tmp"
    cat > "$out/nginx/nginx.conf" <<EOF
worker_processes $(nproc);
pid $out/nginx/nginx.pid;
error_log $out/nginx/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path $out/nginx/tmp;
    proxy_temp_path $out/nginx/tmp;
    fastcgi_temp_path $out/nginx/tmp;
    uwsgi_temp_path $out/nginx/tmp;
    scgi_temp_path $out/nginx/tmp;
    server {
        listen 127.0.0.1:$port;
        root $out/nginx/www;
        default_type application/json;
    }
}
EOF
    nginx -p "$out/nginx" -c "$out/nginx/nginx.conf" -e "$out/nginx/error.log" -g 'daemon off;' &
    nginx_pid=$!
    nginx_url="http://127.0.0.1:$port"
    for _ in $(seq 100); do
        curl -s -o /dev/null "$nginx_url/" 2>/dev/null && return 0
        sleep 0.05
    done
    echo "bench: nginx did not start (see $out/nginx/error.log)" >&2
    return 1
}

wrk_series() {
    local name=$1 url=$2 out=$3 script=${4:-} c threads args
    for c in 1 4 16 64; do
        threads=2
        [ "$c" -lt 2 ] && threads=1
        args=(-t"$threads" -c"$c" -d"${duration}s" --latency)
        [ -n "$script" ] && args+=(-s "$script")
        wrk "${args[@]}" "$url" > "$out/wrk-$name-c$c.txt"
    done
}

# Lua for wrk: every request a different query of the set (no two consecutive requests alike).
# mix.lua: the classes every server answers, without facet counts; facets.lua: the facets class with
# its http_extra (facets=*), so the cost of counting learners over every match shows apart.
write_mix_script() {
    local out=$1
    python3 - "$out/queries.tsv" "$out/mix.lua" "$out/facets.lua" <<'EOF'
import sys, urllib.parse
mix, facets = [], []
for line in open(sys.argv[1], encoding='utf-8'):
    cols = line.rstrip('\n').split('\t')
    if line.startswith('#'):
        continue
    path = '/api/search?' + urllib.parse.urlencode({'q': cols[2], 'per_page': 10})
    if cols[6] == '-':
        mix.append(path)
    elif cols[1] == 'facets':
        facets.append(path + ('&' + cols[3] if cols[3] != '-' else ''))
for name, paths in ((sys.argv[2], mix), (sys.argv[3], facets)):
    with open(name, 'w', encoding='utf-8') as f:
        f.write('local paths = {' + ', '.join('"%s"' % p for p in paths) + '}\n')
        f.write('local i = 0\n')
        f.write('request = function() i = i % #paths + 1; return wrk.format("GET", paths[i]) end\n')
EOF
}

measure_throughput() {
    local out=$1 query_path="/api/search?q=docker&per_page=10"
    log "$(basename "$out"): throughput with wrk (Nexus, same bytes from nginx)"
    start_server "$out/index" "$out"
    curl -fs "$server_url$query_path" > "$out/response.json"
    start_nginx "$out"
    cp "$out/response.json" "$out/nginx/www/response.json"
    sleep 0.2
    write_mix_script "$out"
    wrk_series nexus-one "$server_url$query_path" "$out"
    wrk_series nexus-mix "$server_url/" "$out" "$out/mix.lua"
    wrk_series nexus-facets "$server_url/" "$out" "$out/facets.lua"
    wrk_series nginx "$nginx_url/response.json" "$out"
    stop_server
    # The same two loads with the response cache on: repeated requests are answered from memory.
    start_server "$out/index" "$out" 8
    wrk_series nexus-one-cached "$server_url$query_path" "$out"
    wrk_series nexus-mix-cached "$server_url/" "$out" "$out/mix.lua"
    python3 "$bench/http_latency.py" --static "$nginx_url/response.json" --count 1000 --engine nginx \
        > "$out/samples-nginx-warm.tsv"
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
    stop_server
}

# ------------------------------------------------------------------ profile

# annotate PREFIX: self and inclusive cost per function of PREFIX.callgrind (files, so no SIGPIPE under pipefail).
annotate() {
    callgrind_annotate --auto=no --inclusive=no "$1.callgrind" > "$1-self.txt" 2>/dev/null
    callgrind_annotate --auto=no --inclusive=yes "$1.callgrind" > "$1-inclusive.txt" 2>/dev/null
}

profile_hot_paths() {
    local out="$work/results/profile" real="$work/data/real" big=$1
    mkdir -p "$out"
    log "profile: callgrind of nexus-index (first 20 learners of the real corpus)"
    head -n 21 "$real/cohort.tsv" > "$out/cohort-20.tsv"
    rm -rf "$out/cache" "$out/index"
    valgrind --tool=callgrind --callgrind-out-file="$out/index.callgrind" "$root/build/bin/nexus-index" \
        --cohort "$out/cohort-20.tsv" --cache "$out/cache" --index "$out/index" > /dev/null 2>&1
    annotate "$out/index"
    log "profile: callgrind of warm in-process searches ($(basename "$big"))"
    valgrind --tool=callgrind --callgrind-out-file="$out/search.callgrind" "$root/build/bench/bin/nx-bench-query" \
        --index "$big/index" --queries "$big/queries.tsv" --phase warm --repeat 1 \
        --classes word,phrase,boolean,filtered,facets,grouped > /dev/null 2>&1
    annotate "$out/search"
    rm -rf "$out/cache" "$out/index"
}

# ------------------------------------------------------------------ main

measure_dataset() {
    local name=$1 data=$2 checkout=$3 layout=$4 rg_repeat=$5 out="$work/results/$1"
    mkdir -p "$out"
    measure_indexing "$data" "$out"
    python3 "$bench/queries.py" expand "$bench/queries.tsv" "$data/cohort.tsv" "$out/queries.tsv"
    measure_latency "$out"
    [ "$name" = real ] || measure_remote "$data" "$out"
    measure_ripgrep "$checkout" "$layout" "$out" "$rg_repeat"
    measure_http "$out"
}

main() {
    local start=$SECONDS scales=(1000)
    [ "$quick" -eq 1 ] || scales+=(10000)
    [ "$with50k" -eq 1 ] && scales+=(50000)
    install_packages
    log "building (scripts/setup.sh, then bench/ tools)"
    build_all
    rm -rf "$work/results"
    mkdir -p "$work/results"
    {
        echo "date $(date -u +%Y-%m-%dT%H:%M:%SZ)"
        echo "cpu $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
        echo "cores $(nproc)"
        echo "memory_gb $(awk '/MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)"
        echo "kernel $(uname -r)"
        echo "os $(. /etc/os-release && echo "$PRETTY_NAME")"
        echo "xapian $(dpkg-query -W -f='${Version}' libxapian30 2>/dev/null || echo '?')"
        echo "sqlite $(sqlite3 --version | cut -d' ' -f1)"
        echo "ripgrep $(rg --version | sed -n "1s/^ripgrep \([^ ]*\).*/\1/p")"
        echo "nginx $(nginx -v 2>&1 | cut -d/ -f2)"
        echo "wrk $(dpkg-query -W -f='${Version}' wrk)"
        echo "commit $(git -C "$root" rev-parse --short HEAD)"
        echo "cold $([ -w /proc/sys/vm/drop_caches ] && echo page-cache-dropped || echo fresh-process-only)"
        echo "mode $([ "$quick" -eq 1 ] && echo quick || echo full)"
        echo "wrk_duration $duration"
        echo "loadavg_start $(cut -d' ' -f1-3 /proc/loadavg)"
    } > "$work/results/machine.txt"

    prepare_real
    measure_dataset real "$work/data/real" "$corpus/repos" corpus 3
    measure_throughput "$work/results/real"
    local n
    for n in "${scales[@]}"; do
        prepare_synthetic "$n"
        # ripgrep at 10k scans ~180 MB per query: one warm pass is enough.
        measure_dataset "synth-$n" "$work/data/synth-$n" "$work/data/synth-$n/checkout" flat \
            "$([ "$n" -ge 10000 ] && echo 1 || echo 3)"
        rm -rf "$work/results/synth-$n/cache"
    done
    [ "$profile" -eq 1 ] && profile_hot_paths "$work/results/synth-1000"
    echo "loadavg_end $(cut -d' ' -f1-3 /proc/loadavg)" >> "$work/results/machine.txt"
    echo "total_seconds $((SECONDS - start))" >> "$work/results/machine.txt"
    mkdir -p "$bench/report"
    python3 "$bench/report.py" "$work/results" > "$bench/report/REPORT.md"
    log "done in $((SECONDS - start)) s: bench/report/REPORT.md (raw results in $work/results)"
}

main
