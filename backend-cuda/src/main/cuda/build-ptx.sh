#!/usr/bin/env bash
# Compiles every CUDA C source of the backend to PTX: build-ptx.sh SOURCE_DIR OUTPUT_DIR.
# Run by Maven in generate-resources. With nvcc on the PATH, each NAME.cu becomes OUTPUT_DIR/NAME.ptx (warnings
# are errors), and ptxas must accept it for sm_90 (the H100) before the build goes on. Without nvcc, nothing is
# compiled: OUTPUT_DIR/NOT-BUILT.txt says why, and the backend reports that reason as unavailable at run time.
# Environment: NVCC (default nvcc), LENET_PTX_ARCH (default compute_80: JIT-compiled by the driver for sm_80 and
# newer, the H100's sm_90 included).
set -euo pipefail
src="$1"
out="$2"
nvcc="${NVCC:-nvcc}"
arch="${LENET_PTX_ARCH:-compute_80}"
mkdir -p "$out"
rm -f "$out"/*.ptx "$out/NOT-BUILT.txt"
if ! command -v "$nvcc" >/dev/null 2>&1; then
  echo "PTX not built: nvcc was not on the PATH at build time" >"$out/NOT-BUILT.txt"
  echo "[build-ptx] nvcc not found: the cuda backend will report itself unavailable" >&2
  exit 0
fi
ptxas="$(dirname "$(command -v "$nvcc")")/ptxas"
[ -x "$ptxas" ] || ptxas="ptxas"
for cu in "$src"/*.cu; do
  name="$(basename "$cu" .cu)"
  "$nvcc" -ptx -arch="$arch" -O3 -std=c++17 -Werror all-warnings -lineinfo \
    -I"$src" -o "$out/$name.ptx" "$cu"
  "$ptxas" -arch=sm_90 -O3 -Werror "$out/$name.ptx" -o /dev/null
done
"$nvcc" --version | tail -n 1 >"$out/NVCC-VERSION.txt"
echo "[build-ptx] $(ls "$out"/*.ptx | wc -l) PTX modules for $arch in $out" >&2
