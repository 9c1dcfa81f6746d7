#!/usr/bin/env bash
# Installs the Debian 12 packages jianwei needs to build and test, skipping those
# already present. Safe to run repeatedly; `make run` and `make test` call it first.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  clang libclang-rt-14-dev          # libFuzzer targets
  lld                               # the linker (half GNU ld's link time)
  libgtest-dev libgmock-dev libbenchmark-dev
  libintelrdfpmath-dev              # decimal128 arithmetic (FEEL numbers)
  nlohmann-json3-dev                # JSON documents and TCK/JDM files
  libpugixml-dev                    # DMN / PMML XML
  libyaml-cpp-dev                   # strategy package manifests
  libcli11-dev                      # the jianwei command line
  libfmt-dev
  libxgboost-dev                    # GBDT training and the parity benchmark
  libeigen3-dev                     # learn: IRLS logistic regression, VIF
  tzdata                            # IANA zone ids in FEEL date-times
  libsodium-dev                     # SHA-256 of package artifacts, API-key hashes
  libpcre2-dev                      # XPath regexes of FEEL matches/replace/split
  libboost-dev                      # decision service HTTP (Boost.Beast/Asio, header-only)
  python3-numpy python3-networkx    # graph layer cross-checks (scripts/graph)
  libsqlite3-dev                    # store: the embedded SQLite decision store (WAL)
  libpq-dev                         # store: the PostgreSQL driver (libpq)
  libarchive-dev                    # store: tar / tar.gz package archives (upload, pack)
  postgresql                        # store tests: a private server (scripts/pg-test-server.sh)
  libjemalloc-dev                   # the jianwei binary's allocator (src/cli/CMakeLists.txt)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
