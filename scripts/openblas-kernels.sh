# Sourced by ./lenet and .ci/run (so that Maven's tests use the same kernels as the command line).
# OpenBLAS 0.3.19 (the build ND4J 1.0.0-M2.1 comes with) does not recognise recent CPUs: on this project's AMD EPYC
# it picks old SSE kernels ("Barcelona"), and the machines' environment presets OPENBLAS_CORETYPE=Haswell (AVX2).
# On a CPU with the AVX-512 subsets of its SkylakeX kernels, use those (2-7x faster than Haswell's on LeNet's
# products). LENET_OPENBLAS_CORETYPE overrides the choice; "inherit" keeps OPENBLAS_CORETYPE as it is. The backend's
# device description (and so every result's provenance) names the kernels used.
choice="${LENET_OPENBLAS_CORETYPE:-}"
if [ -z "$choice" ] && [ -r /proc/cpuinfo ]; then
  flags="$(grep -m1 '^flags' /proc/cpuinfo || true)"
  choice=SkylakeX
  for f in avx512f avx512cd avx512bw avx512dq avx512vl; do
    case " $flags " in *" $f "*) ;; *) choice=inherit ;; esac
  done
fi
if [ -n "$choice" ] && [ "$choice" != inherit ]; then
  export OPENBLAS_CORETYPE="$choice"
fi
