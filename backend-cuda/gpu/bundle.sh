#!/usr/bin/env bash
# Packs what a GPU machine without Java or Maven needs to run the cuda backend into ONE archive:
#   backend-cuda/gpu/bundle.sh [OUT_DIR]        (default: .gpu-bundle in the repository root, ignored by git)
# writes OUT_DIR/lenet-gpu.tar.xz, which unpacks to a folder lenet-gpu/ holding
# - runtime/   a jlink'ed Java 17 runtime: only the modules the jars use (jdeps), no debug attributes, headers or man
#   pages, native libraries stripped (strip --strip-unneeded), the module image left uncompressed so that xz
#   compresses it as a whole (about 3x smaller than jlink's own --compress=2 once in the archive)
# - lenet-lab.jar, lib/   the command line and the jars it runs the cuda backend with, re-stored uncompressed for
#   the same reason (about 2x smaller archive). Left out: the cpu backend and ND4J/OpenBLAS/JavaCPP (their native
#   jars alone are 108 MB), and the HTML report's web jars (chart.js, kurkle color); JCuda's natives jar keeps
#   only the driver API's library. So `lenet report` does not work from the bundle; backends, bench and run do.
# - mnist/     the four MNIST IDX files (from LENET_MNIST_DIR or the user cache)
# - specs/models/   the shipped model specs; refs/cuda-agreement-refs.bin.gz   the CPU backend's outputs for them,
#   computed here by ReferenceOutputsTest (see AgreementCheck)
# - lenet      the command line on the bundled runtime and MNIST (`lenet-gpu/lenet bench --backend cuda ...`)
# - check-agreement   runs org.lenetlab.backend.cuda.AgreementCheck on those references (exit 0: all PASS)
# Prints the sizes at the end. See backend-cuda/gpu/README.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/.gpu-bundle}"
modules="${LENET_BUNDLE_MODULES:-java.base,java.desktop,java.logging,java.management,java.net.http,java.sql,java.xml,jdk.unsupported}"
mnist="${LENET_MNIST_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lenet-lab/mnist}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"

command -v nvcc >/dev/null || { echo "bundle: nvcc is not on the PATH; the PTX would not be built" >&2; exit 1; }
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  [ -f "$mnist/$f" ] || { echo "bundle: $mnist/$f not found (run ./lenet fetch first)" >&2; exit 1; }
done
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
b="$stage/lenet-gpu"
mkdir -p "$b/lib" "$b/mnist" "$b/refs" "$b/specs"

(cd "$root" && ./mvnw -B -q -o -pl experiments -am -DskipTests package) >&2
target="$root/experiments/target"
cuda_jar="$(ls "$target"/lib/lenet-backend-cuda-*.jar)"
unzip -l "$cuda_jar" | grep -q 'org/lenetlab/backend/cuda/ptx/convolution.ptx' \
  || { echo "bundle: $cuda_jar holds no PTX" >&2; exit 1; }
# The CPU backend's reference outputs for every shipped model (the same fixed case the GPU side recomputes).
(cd "$root" && ./mvnw -B -q -o -pl backend-cuda -am test -Dtest=ReferenceOutputsTest \
  -Dsurefire.failIfNoSpecifiedTests=false -Dlenet.refs.out="$b/refs/cuda-agreement-refs.bin.gz") >&2
[ -s "$b/refs/cuda-agreement-refs.bin.gz" ] || { echo "bundle: no reference outputs were written" >&2; exit 1; }

jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --output "$b/runtime"
find "$b/runtime" -name '*.so' -exec strip --strip-unneeded {} +

# Stores a jar's entries uncompressed (manifest first), so that xz compresses the classes across jars.
restore_uncompressed() {
  local jar="$1" x
  x="$(mktemp -d)"
  (cd "$x" && unzip -q "$jar" && rm -f "$jar" \
    && { [ ! -f META-INF/MANIFEST.MF ] || zip -q -0 -X "$jar" META-INF/MANIFEST.MF; } \
    && zip -q -0 -X -r "$jar" . -x META-INF/MANIFEST.MF)
  rm -rf "$x"
}
cp "$target/lenet-lab.jar" "$b/"
restore_uncompressed "$b/lenet-lab.jar"
for jar in "$target"/lib/*.jar; do
  name="$(basename "$jar")"
  if [[ "$name" =~ ^(lenet-backend-cpu|nd4j-|openblas-|javacpp-|protobuf-1\.0\.0|jackson-1\.0\.0|guava-1\.0\.0|flatbuffers-|oshi-|jna-|chart\.js-|kurkle__color-) ]]; then
    continue
  fi
  cp "$jar" "$b/lib/"
  if [[ "$name" == jcuda-natives-* ]]; then
    zip -q -d "$b/lib/$name" 'lib/*JCudaRuntime*' 'lib/*JNvrtc*' 'lib/*JNvPTXCompiler*'
  fi
  restore_uncompressed "$b/lib/$name"
done
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  cp "$mnist/$f" "$b/mnist/"
done
mkdir -p "$b/specs/models"
cp "$root"/experiments/specs/models/lenet5-*.json "$b/specs/models/"

cat >"$b/lenet" <<'LAUNCHER'
#!/usr/bin/env bash
# The LeNet Lab command line on the bundled runtime and MNIST.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export LENET_MNIST_DIR="${LENET_MNIST_DIR:-$here/mnist}" LENET_HOME="$here" OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
# shellcheck disable=SC2086
exec "$here/runtime/bin/java" ${LENET_JAVA_OPTS:--Xmx8g} -jar "$here/lenet-lab.jar" "$@"
LAUNCHER
cat >"$b/check-agreement" <<'LAUNCHER'
#!/usr/bin/env bash
# The cuda backend against the CPU backend's reference outputs (computed where the bundle was built).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec "$here/runtime/bin/java" -Xmx4g -cp "$here/lenet-lab.jar" org.lenetlab.backend.cuda.AgreementCheck \
  "$here/refs/cuda-agreement-refs.bin.gz" "$here/specs/models"
LAUNCHER
chmod +x "$b/lenet" "$b/check-agreement"
# The bench's default model, relative to LENET_HOME.
mkdir -p "$b/experiments/specs" && ln -s ../../specs/models "$b/experiments/specs/models"

mkdir -p "$out"
rm -f "$out/lenet-gpu.tar.xz"
tar -C "$stage" -cf - lenet-gpu | xz -9 -T"$(nproc)" >"$out/lenet-gpu.tar.xz"
echo "bundle: unpacked" >&2
du -sh "$b"/* >&2
du -sh "$b" >&2
echo "bundle: $out/lenet-gpu.tar.xz (unpack: tar -xJf lenet-gpu.tar.xz)" >&2
du -sh "$out/lenet-gpu.tar.xz" >&2
