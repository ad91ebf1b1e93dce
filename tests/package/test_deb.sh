#!/usr/bin/env bash
# The .deb as an operator meets it: made by cpack from this build, installed with dpkg -i, used from / (the
# installed indexer and server on the example cohort, the page, the API, the man pages), removed with dpkg -r.
#
# Usage: test_deb.sh BUILD_DIR SOURCE_DIR
# Needs root (dpkg): without it, exits 77, which ctest reports as skipped. Whatever happens, the trap takes the
# package away again and deletes the nexus user and /var/lib/nexus when this test was the one to create them.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: installing a package with dpkg needs root"
    exit 77
fi
build=$(cd "$1" && pwd)
source=$(cd "$2" && pwd)

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
step() { echo "== $*"; }
# As the units run the programs: user nexus, with the environment systemd gives it (HOME its home, not root's,
# which libgit2 reads for git's configuration). It execs the program, so it is called in a subshell, whose pid is
# then the program's.
as_nexus() {
    exec env -i HOME=/var/lib/nexus USER=nexus LOGNAME=nexus PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin \
        setpriv --reuid nexus --regid nexus --init-groups -- "$@"
}

# One package test at a time on the machine: several clones or worktrees would install the same package.
exec 9>/run/lock/nexus-package-test.lock
flock -w 900 9 || fail "another package test held /run/lock/nexus-package-test.lock for 15 minutes"

state=$(dpkg-query -W -f='${db:Status-Status}' nexus 2>/dev/null || true)
case "$state" in
"" | not-installed) ;;
*) fail "a package 'nexus' is already on this machine ($state); this test would replace it. Remove it first" \
        "(dpkg -P nexus) if it is a leftover." ;;
esac
had_user=no
getent passwd nexus >/dev/null && had_user=yes
had_state_dir=no
[ -e /var/lib/nexus ] && had_state_dir=yes
# What is named nexus before the test; after dpkg -r nothing more may be.
named_nexus() { find /usr /etc -name '*nexus*' 2>/dev/null | sort; }
named_before=$(named_nexus)

work=$(mktemp -d /tmp/nexus-deb-test.XXXXXX)
# The indexer and the server run as the nexus user, who must reach the example repositories and the index.
chmod 0755 "$work"
server_pid=""

# Every step runs whatever the one before did: a cleanup that stopped halfway would leave the machine changed.
cleanup() {
    local status=$?
    set +e
    trap - ERR
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    state=$(dpkg-query -W -f='${db:Status-Status}' nexus 2>/dev/null || true)
    if [ -n "$state" ] && [ "$state" != not-installed ]; then
        # Purge (which deletes /var/lib/nexus) only what this test brought; an existing state folder is kept.
        if [ "$had_state_dir" = no ]; then dpkg_locked -P nexus >/dev/null; else dpkg_locked -r nexus >/dev/null; fi
    fi
    [ "$had_state_dir" = no ] && rm -rf /var/lib/nexus
    # Enablement links the test made that the package failed to take away.
    comm -13 <(echo "$named_before") <(named_nexus) | grep '^/etc/systemd/system/' | xargs -r rm -f
    [ "$(dpkg-query -W -f='${db:Status-Status}' nexus 2>/dev/null)" = installed ] &&
        echo "cleanup: the package nexus could not be removed: dpkg -P nexus" >&2
    if [ "$had_user" = no ] && getent passwd nexus >/dev/null; then
        userdel nexus
        getent group nexus >/dev/null && groupdel nexus
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
# A command that fails without a message of its own is named, with its line.
trap 'echo "FAIL: line $LINENO: $BASH_COMMAND" >&2' ERR

# dpkg refuses at once when apt or another dpkg holds its lock (an unattended upgrade): wait for it a while.
dpkg_locked() {
    local out
    for _ in $(seq 60); do
        if out=$(dpkg "$@" 2>&1); then
            printf '%s\n' "$out"
            return 0
        fi
        grep -q "lock" <<<"$out" || { printf '%s\n' "$out" >&2; return 1; }
        sleep 5
    done
    printf '%s\n' "$out" >&2
    return 1
}

step "cmake --install into another prefix: the units there name that prefix's programs"
cmake --install "$build" --prefix "$work/prefix" >"$work/install.log" 2>&1 || { cat "$work/install.log"; fail "cmake --install failed"; }
for unit in nexus-index nexus-server; do
    grep -q "^ExecStart=$work/prefix/bin/$unit " "$work/prefix/lib/systemd/system/$unit.service" ||
        fail "$unit.service installed under $work/prefix does not start $work/prefix/bin/$unit"
done
[ -f "$work/prefix/share/nexus/web/index.html" ] && [ -f "$work/prefix/share/man/man1/nexus-server.1.gz" ] ||
    fail "cmake --install left out the page or the man pages"

step "cpack -G DEB makes the package from this build, with Depends from the binaries"
(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/pkg" >"$work/cpack.log" 2>&1) ||
    { cat "$work/cpack.log"; fail "cpack -G DEB failed"; }
deb=$(echo "$work"/pkg/nexus_*.deb)
[ -f "$deb" ] || fail "cpack made no nexus_*.deb in $work/pkg"
depends=$(dpkg-deb -f "$deb" Depends)
echo "package: $(basename "$deb"), $(stat -c %s "$deb") bytes"
echo "Depends: $depends"
for lib in adduser libc6 libgit2- libjansson4 libmd4c0 libmicrohttpd12 libxapian30 libstdc++6; do
    grep -q "\(^\|, \)$lib" <<<"$depends" || fail "Depends lacks $lib: $depends"
done

step "dpkg -i installs it"
dpkg_locked -i "$deb" || fail "dpkg -i $(basename "$deb") failed"
[ "$(dpkg-query -W -f='${db:Status-Status}' nexus)" = installed ] || fail "dpkg does not list nexus as installed"
dpkg -L nexus >"$work/files"
for path in /usr/bin/nexus-index /usr/bin/nexus-server; do
    [ -x "$path" ] || fail "$path is not an installed program"
done
for path in /usr/share/nexus/web/index.html /usr/share/man/man1/nexus-index.1.gz /usr/share/man/man1/nexus-server.1.gz \
    /usr/lib/systemd/system/nexus-index.service /usr/lib/systemd/system/nexus-index.timer \
    /usr/lib/systemd/system/nexus-server.service; do
    [ -f "$path" ] || fail "$path was not installed"
done

step "postinst made the nexus system user, owning /var/lib/nexus"
IFS=: read -r _ _ uid _ _ home shell < <(getent passwd nexus) || fail "no user nexus after dpkg -i"
[ "$uid" -lt 1000 ] || fail "nexus has uid $uid, not a system uid"
[ "$home" = /var/lib/nexus ] || fail "nexus has home $home, not /var/lib/nexus"
[ "$shell" = /usr/sbin/nologin ] || fail "nexus has shell $shell, not /usr/sbin/nologin"
[ "$(stat -c '%U:%G %a' /var/lib/nexus)" = "nexus:nexus 750" ] ||
    fail "/var/lib/nexus is $(stat -c '%U:%G %a' /var/lib/nexus), not nexus:nexus 750"

step "the units are valid, name the installed programs and are neither enabled nor started"
grep -q '^ExecStart=/usr/bin/nexus-server --index /var/lib/nexus/index ' /usr/lib/systemd/system/nexus-server.service ||
    fail "nexus-server.service does not start /usr/bin/nexus-server"
grep -q '^ExecStart=/usr/bin/nexus-index ' /usr/lib/systemd/system/nexus-index.service ||
    fail "nexus-index.service does not start /usr/bin/nexus-index"
# verify also runs the units' Documentation= (man:nexus-server(1)), so it checks the pages are found.
systemd-analyze verify /usr/lib/systemd/system/nexus-index.service /usr/lib/systemd/system/nexus-index.timer \
    /usr/lib/systemd/system/nexus-server.service || fail "systemd-analyze verify rejects the installed units"
exposure=$(systemd-analyze security --offline=yes /usr/lib/systemd/system/nexus-server.service 2>&1 |
    sed -n 's/.*Overall exposure level for nexus-server.service: \([0-9.]*\).*/\1/p')
echo "nexus-server.service exposure (systemd-analyze security): $exposure"
awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 2.0) }' ||
    fail "nexus-server.service is not sandboxed: exposure '$exposure' (above 2.0)"
links=$(find /etc/systemd/system -name 'nexus-*' 2>/dev/null)
[ -z "$links" ] || fail "the package enabled units: $links"
if [ -d /run/systemd/system ]; then
    for unit in nexus-server.service nexus-index.timer nexus-index.service; do
        ! systemctl -q is-active "$unit" || fail "$unit was started by the package"
    done
fi

step "man finds both pages, and each lists every option of the program's --help"
for program in nexus-index nexus-server; do
    page=$(man -w "$program") || fail "man -w $program finds no page"
    [ "$page" = "/usr/share/man/man1/$program.1.gz" ] || fail "man -w $program gives $page"
    text=$(LC_ALL=C MANWIDTH=400 man "$program" 2>/dev/null | col -b)
    for option in $("/usr/bin/$program" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
        grep -q -- "$option" <<<"$text" || fail "man $program does not mention $option of --help"
    done
done

step "the installed indexer, run as nexus from /, indexes the example cohort"
"$source/examples/make-example-repos.sh" "$work/repos" >/dev/null
mkdir "$work/state"
# libgit2, like git, opens only repositories owned by the user running it (safe.directory).
chown -R nexus:nexus "$work/repos" "$work/state"
(cd / && as_nexus /usr/bin/nexus-index --cohort "$work/repos/cohort.tsv" --cache "$work/state/mirrors" \
    --index "$work/state/index") >"$work/index.log" 2>&1 || { cat "$work/index.log"; fail "nexus-index failed"; }
tail -n 1 "$work/index.log"

step "the installed server, started from / without --web, serves the installed page and the API"
(cd / && as_nexus /usr/bin/nexus-server --index "$work/state/index" --listen 127.0.0.1:0) \
    >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
url=""
for _ in $(seq 100); do
    url=$(sed -n 's#^nexus-server: listening on \(http://[^/ ]*/\)$#\1#p' "$work/server.out")
    [ -n "$url" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.err"; fail "nexus-server exited"; }
    sleep 0.1
done
[ -n "$url" ] || fail "nexus-server printed no 'listening on' line in 10 s"
echo "server: $url"
! grep -q warning "$work/server.err" || fail "nexus-server warned: $(cat "$work/server.err")"
curl -fsS "$url" -o "$work/page.html" || fail "GET / failed"
cmp -s "$work/page.html" /usr/share/nexus/web/index.html || fail "GET / is not /usr/share/nexus/web/index.html"
curl -fsS "${url}app.js" -o "$work/app.js" || fail "GET /app.js failed"
cmp -s "$work/app.js" /usr/share/nexus/web/app.js || fail "GET /app.js is not the installed app.js"
answer=$(curl -fsS "${url}api/search?q=celery") || fail "GET /api/search?q=celery failed"
python3 - "$answer" <<'PY' || fail "/api/search?q=celery: $answer"
import json, sys
answer = json.loads(sys.argv[1])
learners = {hit["learner"] for hit in answer["hits"]}
# Two of the example cohort's learners who write about Celery (examples/cohort/).
assert {"amara-okafor-dev", "nkechi-dev"} <= learners, f"learners {sorted(learners)}"
print(f"/api/search?q=celery: about {answer['estimated_total']} sections, learners {sorted(learners)}")
PY
health=$(curl -fsS "${url}healthz") || fail "GET /healthz failed"
grep -q '"status":"ok"' <<<"$health" || fail "/healthz answered $health"
kill "$server_pid"
wait "$server_pid" || fail "nexus-server did not exit cleanly on SIGTERM"
server_pid=""

step "dpkg -r removes every file it installed, and the links of units an operator enabled, keeping /var/lib/nexus"
systemctl --no-reload enable nexus-index.timer nexus-server.service >/dev/null 2>&1 ||
    fail "systemctl enable of the installed units failed"
[ -n "$(find /etc/systemd/system -name 'nexus-*')" ] || fail "systemctl enable made no links"
dpkg_locked -r nexus || fail "dpkg -r nexus failed"
left=""
while IFS= read -r path; do
    if [ -d "$path" ] && [ ! -L "$path" ]; then
        # dpkg keeps a folder other packages' files are in, and removes one that held only ours.
        [ -z "$(ls -A "$path")" ] && left+=" $path"
    elif [ -e "$path" ] || [ -L "$path" ]; then
        left+=" $path"
    fi
done <"$work/files"
[ -z "$left" ] || fail "dpkg -r left:$left"
links=$(find /etc/systemd/system -name 'nexus-*')
[ -z "$links" ] || fail "dpkg -r left enablement links: $links"
strays=$(comm -13 <(echo "$named_before") <(named_nexus))
[ -z "$strays" ] || fail "files named nexus remain: $strays"
[ -d /var/lib/nexus ] || fail "dpkg -r deleted /var/lib/nexus"
echo "after dpkg -r: status $(dpkg-query -W -f='${db:Status-Status}' nexus), /var/lib/nexus kept" \
    "($(stat -c '%U:%G %a' /var/lib/nexus))"

if [ "$had_state_dir" = no ]; then
    step "dpkg -P also deletes /var/lib/nexus"
    dpkg_locked -P nexus || fail "dpkg -P nexus failed"
    [ ! -e /var/lib/nexus ] || fail "dpkg -P left /var/lib/nexus"
fi
echo "PASS"
