#!/usr/bin/env bash
# Builds the real Kubernetes API server and etcd that the watcher's end-to-end tests run against,
# from the Go module proxy, once: the binaries are kept in a cache folder keyed by version, and a
# second run only prints where they are.
#   watcher/kube/build-binaries.sh        prints the folder holding kube-apiserver and etcd
# k8s.io/kubernetes cannot be `go install`ed (its go.mod replaces its staging modules with local
# paths), so it is built from a module of our own that requires it and maps every staging module
# to its published version, as the Kubernetes docs describe for using it as a library.
set -euo pipefail

KUBERNETES=v1.34.4
STAGING=v0.34.4
ETCD=v3.6.16
ARGO=v3.6.4

cache="${MNEMOS_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mnemos/kube-$KUBERNETES-etcd-$ETCD-argo-$ARGO}"
if [ -x "$cache/kube-apiserver" ] && [ -x "$cache/etcd" ] && [ -f "$cache/argoproj.io_workflows.yaml" ]; then
  echo "$cache"
  exit 0
fi
command -v go >/dev/null || { echo "build-binaries: Go is needed to build kube-apiserver and etcd" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/kube" "$work/etcd" "$cache"
export CGO_ENABLED=0

if [ ! -x "$cache/kube-apiserver" ]; then
cd "$work/kube"
go mod init mnemos.dev/kube-binaries >/dev/null 2>&1
gomod="$(go mod download -json "k8s.io/kubernetes@$KUBERNETES" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
{
  echo "require k8s.io/kubernetes $KUBERNETES"
  echo "replace ("
  sed -n 's#^\s*\(k8s.io/[a-z0-9-]*\) => ./staging/.*#  \1 => \1 '"$STAGING"'#p' "$gomod"
  echo ")"
} >> go.mod
echo "build-binaries: building kube-apiserver $KUBERNETES (several minutes, once)" >&2
go get "k8s.io/kubernetes/cmd/kube-apiserver@$KUBERNETES" >/dev/null 2>&1
go build -trimpath -ldflags='-s -w' -o "$cache/kube-apiserver.tmp" k8s.io/kubernetes/cmd/kube-apiserver
mv "$cache/kube-apiserver.tmp" "$cache/kube-apiserver"
fi

if [ ! -x "$cache/etcd" ]; then
cd "$work/etcd"
go mod init mnemos.dev/etcd-binary >/dev/null 2>&1
echo "build-binaries: building etcd $ETCD" >&2
go get "go.etcd.io/etcd/server/v3@$ETCD" >/dev/null 2>&1
go build -trimpath -ldflags='-s -w' -o "$cache/etcd.tmp" go.etcd.io/etcd/server/v3
mv "$cache/etcd.tmp" "$cache/etcd"
fi

# Argo's own CRDs, from its module. The checksum database has no entry for this module (the
# proxy serves it, sum.golang.org answers 404), so this one download is not checked against it.
argo="$(GOSUMDB=off go mod download -json "github.com/argoproj/argo-workflows/v3@$ARGO" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
for crd in workflows workflowtaskresults; do
  cp "$argo/manifests/base/crds/minimal/argoproj.io_$crd.yaml" "$cache/"
done
echo "$cache"
