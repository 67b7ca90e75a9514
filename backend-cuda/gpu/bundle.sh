#!/usr/bin/env bash
# Packs what a GPU machine without Java or Maven needs to run the cuda backend into one folder:
#   backend-cuda/gpu/bundle.sh [OUT_DIR]        (default: .gpu-bundle in the repository root)
# - runtime/   a jlink'ed Java 17 runtime (only the modules the command line needs, stripped and compressed; about
#   46 MiB, most of it libjvm.so); LENET_BUNDLE_JAVA=0 leaves it out and the launcher uses `java` on the PATH
# - lenet-lab.jar, lib/   the command line and its jars, with the cuda backend's PTX inside lenet-backend-cuda
#   (built by nvcc from backend-cuda/src/main/cuda). The cpu backend and ND4J (whose native jar alone is 94 MB)
#   are left out unless LENET_BUNDLE_CPU=1, so the bundle lists only the cuda backend; JCuda's natives jar keeps
#   only the driver API's library (its runtime, NVRTC and PTX-compiler libraries are unused).
# - mnist/     the four MNIST IDX files from the user cache, gzipped
# - lenet      a launcher: unpacks mnist/ to a temporary folder once, then runs the command line
#   (e.g. `OUT_DIR/lenet backends`, `OUT_DIR/lenet bench --backend cuda ...`, `OUT_DIR/lenet run spec.json`)
# Prints the bundle's size at the end. See backend-cuda/gpu/README.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/.gpu-bundle}"
modules="${LENET_BUNDLE_MODULES:-java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.net.http,java.scripting,java.sql,java.xml,jdk.management,jdk.unsupported}"
mnist="${LENET_MNIST_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lenet-lab/mnist}"

command -v nvcc >/dev/null || { echo "bundle: nvcc is not on the PATH; the PTX would not be built" >&2; exit 1; }
(cd "$root" && ./mvnw -B -q -pl experiments -am -DskipTests package) >&2
target="$root/experiments/target"
cuda_jar="$(ls "$target"/lib/lenet-backend-cuda-*.jar)"
unzip -l "$cuda_jar" | grep -q 'org/lenetlab/backend/cuda/ptx/convolution.ptx' \
  || { echo "bundle: $cuda_jar holds no PTX" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/lib" "$out/mnist"
[ "${LENET_BUNDLE_JAVA:-1}" = 0 ] || jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --strip-native-debug-symbols=objcopy="$(command -v objcopy)" --output "$out/runtime"
cp "$target/lenet-lab.jar" "$out/"
for jar in "$target"/lib/*.jar; do
  name="$(basename "$jar")"
  if [ "${LENET_BUNDLE_CPU:-0}" != 1 ] && [[ "$name" =~ ^(lenet-backend-cpu|nd4j-|openblas-|javacpp-|protobuf-1\.0\.0|jackson-1\.0\.0|guava-1\.0\.0|flatbuffers-|oshi-|jna-) ]]; then
    continue
  fi
  cp "$jar" "$out/lib/"
  if [[ "$name" == jcuda-natives-* ]]; then
    zip -q -d "$out/lib/$name" 'lib/*JCudaRuntime*' 'lib/*JNvrtc*' 'lib/*JNvPTXCompiler*'
  fi
done
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  if [ -f "$mnist/$f" ]; then
    gzip -9 -c "$mnist/$f" >"$out/mnist/$f.gz"
  else
    echo "bundle: $mnist/$f not found (run ./lenet fetch first); the bundle has no MNIST" >&2
  fi
done
cat >"$out/lenet" <<'LAUNCHER'
#!/usr/bin/env bash
# The LeNet Lab command line on the bundled runtime, with the bundled MNIST unpacked once.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data="${LENET_MNIST_DIR:-${TMPDIR:-/tmp}/lenet-bundle-mnist}"
if [ -d "$here/mnist" ] && [ ! -f "$data/t10k-labels-idx1-ubyte" ]; then
  mkdir -p "$data"
  for gz in "$here"/mnist/*.gz; do gzip -dc "$gz" >"$data/$(basename "$gz" .gz)"; done
fi
export LENET_MNIST_DIR="$data" LENET_HOME="$here" OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
java_bin="$here/runtime/bin/java"
[ -x "$java_bin" ] || java_bin=java
exec "$java_bin" ${LENET_JAVA_OPTS:--Xmx8g} -jar "$here/lenet-lab.jar" "$@"
LAUNCHER
chmod +x "$out/lenet"
echo "bundle: $out" >&2
du -sh "$out"/* >&2
du -sh "$out" >&2
