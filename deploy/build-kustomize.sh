#!/usr/bin/env bash
# Builds kustomize from the Go module proxy once and prints its path; the manifests' test renders
# every overlay with it. Cached in a folder keyed by version.
#   deploy/build-kustomize.sh
set -euo pipefail

KUSTOMIZE=v5.8.0
cache="${XDG_CACHE_HOME:-$HOME/.cache}/mnemos/kustomize-$KUSTOMIZE"
if [ -x "$cache/kustomize" ]; then
  echo "$cache/kustomize"
  exit 0
fi
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  export PATH="$PATH:/usr/local/go/bin"
fi
command -v go >/dev/null || { echo "build-kustomize: Go is needed to build kustomize" >&2; exit 1; }
mkdir -p "$cache"
echo "build-kustomize: building kustomize $KUSTOMIZE (about two minutes, once)" >&2
GOBIN="$cache" CGO_ENABLED=0 go install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE" >&2
echo "$cache/kustomize"
