#!/usr/bin/env sh
# Re-fetch the country outlines the map draws: Natural Earth 1:50m
# (public domain) as TopoJSON, from the npm package world-atlas 2.0.2
# (ISC licence, Michael Bostock). The file is committed so that
# `cargo build` needs neither npm nor the network.
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
(cd "$tmp" && npm pack world-atlas@2.0.2 >/dev/null && tar xzf world-atlas-2.0.2.tgz)
cp "$tmp/package/countries-50m.json" countries-50m.json
rm -rf "$tmp"
