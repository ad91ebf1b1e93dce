#!/usr/bin/env bash
# Turns the bundled example cohort (examples/cohort/<learner>/) into real bare git repositories
# OUTDIR/<learner>/alx-project-nexus.git with one stable commit each, plus OUTDIR/cohort.tsv.
#
# Usage: examples/make-example-repos.sh OUTDIR
# Rerunnable: each OUTDIR/<learner>/ and OUTDIR/cohort.tsv are rebuilt; nothing else in OUTDIR is touched.
# Needs only bash, git and coreutils; ignores the caller's git configuration so that commit ids are
# identical on every machine and every run.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cohort_src="$script_dir/cohort"

# learner, cohort, commit date. The date is fixed per learner because it is part of the commit id.
learner_table() {
    cat <<'TABLE'
amara-okafor-dev	2025-03	2025-03-03T10:00:00Z
kwesi-codes	2025-03	2025-03-05T10:00:00Z
lindiwe-api	2025-03	2025-03-10T10:00:00Z
tariq-builds	2025-03	2025-03-12T10:00:00Z
zola-m	2025-03	2025-03-14T10:00:00Z
rin-frontend	2025-06	2025-06-02T10:00:00Z
nkechi-dev	2025-06	2025-06-04T10:00:00Z
joao-pereira	2025-06	2025-06-09T10:00:00Z
meron-t	2025-06	2025-06-11T10:00:00Z
samir-k	2025-06	2025-06-13T10:00:00Z
TABLE
}

die() {
    echo "make-example-repos: $*" >&2
    exit 1
}

# Runs git without the caller's global or system configuration: hooks, excludes files, autocrlf,
# signing or a different default branch there would otherwise change the files or the commit ids.
git_clean() {
    GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null \
        git -c core.autocrlf=false -c core.excludesFile=/dev/null -c commit.gpgSign=false \
        -c init.defaultBranch=main "$@"
}

# Every learner folder must have a table row and every row a folder, so a new folder is never
# silently left out of the cohort.
check_table_matches_folders() {
    local learner
    for dir in "$cohort_src"/*/; do
        learner=$(basename "$dir")
        learner_table | cut -f1 | grep -qxF "$learner" ||
            die "$cohort_src/$learner has no row in the learner table of $0"
    done
    while IFS=$'\t' read -r learner _ _; do
        [[ $learner =~ ^[A-Za-z0-9][A-Za-z0-9-]*$ ]] || die "learner table: bad learner name '$learner'"
        [[ -f "$cohort_src/$learner/README.md" ]] || die "learner table: $cohort_src/$learner/README.md is missing"
    done < <(learner_table)
}

# build_repo LEARNER DATE WORKDIR BARE: commits the learner's files once and pushes them to BARE.
build_repo() {
    local learner=$1 date=$2 workdir=$3 bare=$4
    local tree="$workdir/$learner"

    mkdir -p "$tree"
    cp -R "$cohort_src/$learner/." "$tree/"
    # The file mode is part of the tree id; the umask must not change it.
    find "$tree" -type f -exec chmod 644 {} +

    git_clean init -q "$tree"
    git_clean -C "$tree" symbolic-ref HEAD refs/heads/main
    # --force: the vendored node_modules/ and build/ files must be in the repo even if some
    # ignore rule would drop them; the indexer is the one that has to skip them.
    git_clean -C "$tree" add --all --force .
    GIT_AUTHOR_DATE="$date" GIT_COMMITTER_DATE="$date" \
        git_clean -C "$tree" -c user.name="$learner" -c user.email="$learner@users.noreply.example" \
        commit -q -m "Project Nexus documentation"

    git_clean init -q --bare "$bare"
    git_clean --git-dir="$bare" symbolic-ref HEAD refs/heads/main
    git_clean -C "$tree" push -q "$bare" main:refs/heads/main
}

main() {
    [[ $# -eq 1 && -n $1 ]] || die "usage: $0 OUTDIR"
    check_table_matches_folders

    mkdir -p "$1"
    local outdir
    outdir=$(cd "$1" && pwd)

    local workdir
    workdir=$(mktemp -d "${TMPDIR:-/tmp}/nexus-examples.XXXXXX")
    # shellcheck disable=SC2064 # expand now: workdir is local to main
    trap "rm -rf '$workdir'" EXIT

    local tsv="$workdir/cohort.tsv" count=0 learner cohort date
    printf 'learner\turl\tcohort\n' >"$tsv"
    while IFS=$'\t' read -r learner cohort date; do
        rm -rf "${outdir:?}/$learner"
        mkdir -p "$outdir/$learner"
        build_repo "$learner" "$date" "$workdir" "$outdir/$learner/alx-project-nexus.git"
        printf '%s\t%s\t%s\n' "$learner" "$outdir/$learner/alx-project-nexus.git" "$cohort" >>"$tsv"
        count=$((count + 1))
    done < <(learner_table)
    mv "$tsv" "$outdir/cohort.tsv"

    local cohorts
    cohorts=$(learner_table | cut -f2 | sort -u | paste -sd, -)
    echo "make-example-repos: built $count bare repos (cohorts $cohorts) in $outdir; cohort file $outdir/cohort.tsv"
}

main "$@"
