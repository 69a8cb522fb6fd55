#!/bin/sh
# Installs this unpacked paude release for one user (or, run as root with PREFIX=/usr/local, for everyone):
#   PREFIX/share/paude-${project.version}/                      this directory, copied
#   PREFIX/bin/paude                                     a symlink to its bin/paude
#   PREFIX/share/bash-completion/completions/paude       a symlink to its completion script
# Usage: ./install.sh [PREFIX]   (PREFIX defaults to ~/.local). Run it again to reinstall; docs/install.md.
set -eu
prefix="${1:-${PREFIX:-$HOME/.local}}"
here="$(cd "$(dirname "$0")" && pwd -P)"
mkdir -p "$prefix/bin" "$prefix/share/bash-completion/completions"
prefix="$(cd "$prefix" && pwd)"   # the symlinks below must be absolute
dest="$prefix/share/paude-${project.version}"
if [ "$(cd "$prefix/share" && pwd -P)/paude-${project.version}" != "$here" ]; then
  if [ -e "$dest" ] && ! [ -f "$dest/lib/paude.jar" ]; then
    echo "install.sh: $dest exists and is not a paude installation; move it away first" >&2
    exit 1
  fi
  rm -rf "$dest"
  cp -R "$here" "$dest"
fi
ln -sfn "$dest/bin/paude" "$prefix/bin/paude"
ln -sfn "$dest/share/bash-completion/completions/paude" "$prefix/share/bash-completion/completions/paude"
echo "paude ${project.version} installed in $dest; command: $prefix/bin/paude"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "add $prefix/bin to your PATH, e.g.: echo 'export PATH=\"$prefix/bin:\$PATH\"' >> ~/.bashrc" ;;
esac
echo "next: paude doctor, then paude images build (docs/install.md)"
