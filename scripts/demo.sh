#!/usr/bin/env bash
# The main job: set up, build, index a cohort (the bundled example by default) and serve it.
# Usage: bash scripts/demo.sh [COHORT.tsv]   (NEXUS_LISTEN=host:port overrides 127.0.0.1:8080)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/setup.sh"

var="$root/var"
mkdir -p "$var"
cohort=${1:-}
if [ -z "$cohort" ]; then
    "$root/examples/make-example-repos.sh" "$var/example-repos"
    cohort="$var/example-repos/cohort.tsv"
fi

"$root/build/bin/nexus-index" --cohort "$cohort" --cache "$var/cache" --index "$var/index"
listen=${NEXUS_LISTEN:-127.0.0.1:8080}
cat <<EOF
demo: some questions to ask the cohort (the API is described at http://$listen/openapi.json):
  http://$listen/api/search?q=celery&facets=*            sections, with learner facet counts
  http://$listen/api/learners?tech=celery&tech=redis      who covered both, with evidence
  http://$listen/api/learners?q=caching&format=csv        the same kind of answer as a spreadsheet
  http://$listen/api/learners/amara-okafor-dev            a profile (an example cohort learner)
  http://$listen/api/technologies                         the coverage table
  http://$listen/api/solutions?q=connection+refused       challenge/solution pairs
EOF
exec "$root/build/bin/nexus-server" --index "$var/index" --listen "$listen"
