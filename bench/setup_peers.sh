#!/usr/bin/env bash
# Create .venv-peers (git-ignored): the project plus the two peer detectors the text benchmarks compare with.
# The peers are never installed in the project's own .venv.
#   bash bench/setup_peers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
# hatesonar reads the locale: make en_US.UTF-8 available (Debian's `locales` package)
if [ "$(id -u)" = 0 ] && ! locale -a 2>/dev/null | grep -qi '^en_US.utf-\?8$'; then
  if [ -f /etc/locale.gen ]; then
    sed -i 's/^# *en_US.UTF-8/en_US.UTF-8/' /etc/locale.gen && locale-gen >/dev/null
  fi
fi
[ -x .venv-peers/bin/python ] || "$PY" -m venv .venv-peers
.venv-peers/bin/pip install -q --upgrade pip
.venv-peers/bin/pip install -q -e . "alt-profanity-check==1.9.1" "hatesonar==0.1.0"
LC_ALL=en_US.UTF-8 .venv-peers/bin/python -c "from profanity_check import predict_prob; from hatesonar import Sonar; \
print('peers ready:', predict_prob(['hello']), Sonar().ping('hello')['top_class'])"
