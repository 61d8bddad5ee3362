#!/usr/bin/env bash
# npm run train: rebuilds the shipped model from datasets/ (deterministic for a fixed seed).
# CPU: Debian's python3-torch and python3-onnx; GPU: the same script with torch + CUDA.
set -euo pipefail
cd "$(dirname "$0")/../.."
MODEL_DIR=${MODEL_DIR:-models/smugglescan-mini}
WORK=${WORK:-models/train/work}
PY=${PYTHON:-/usr/bin/python3}
if ! "$PY" -c 'import torch, onnx' 2>/dev/null; then
  echo "npm run train needs PyTorch and onnx for $PY. On Debian 12:" >&2
  echo "  sudo apt-get install -y python3-torch python3-onnx libopenblas0-pthread" >&2
  echo "(or set PYTHON to an interpreter that has torch and onnx)" >&2
  exit 1
fi
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-2} TORCH_THREADS=${TORCH_THREADS:-1}
npx tsx scripts/corpus/build.ts
npx tsx models/train/tokenizer.ts "$MODEL_DIR"
npx tsx models/train/encode.ts "$MODEL_DIR" "$WORK"
"$PY" models/train/train.py --work "$WORK" --out "$MODEL_DIR" "$@"
"$PY" models/train/quantize.py "$MODEL_DIR/onnx/model.onnx" "$MODEL_DIR/onnx/model_quantized.onnx"
npx tsx models/train/finish.ts "$MODEL_DIR"
npx tsx models/train/fit-fusion.ts
npx tsx models/train/card.ts "$MODEL_DIR"
echo "model rebuilt in $MODEL_DIR; fusion refitted (src/fuse/weights.json). Run npm run bench for test figures."
