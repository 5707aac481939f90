# Sourced by the jobs/*.sh scripts (after `cd` to the repository root): the environment every gsae
# run wants, and the BLAS kernel check.
#   gsae_env BINARY     export it; BINARY is the gsae the script runs
#   run_complete FILE   true when FILE is a gsae run file whose training finished (status complete)

# One BLAS thread per rank: the MPI ranks are the parallelism. Open MPI refuses root without these.
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
if [ "$(id -u)" = 0 ]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi

# OpenBLAS picks its kernels for the CPU when it loads. A CPU newer than the OpenBLAS (Debian 12
# ships 0.3.21; e.g. an Intel Xeon with AVX512-FP16) gets its generic "Prescott" SSE3 kernels,
# 2-3x slower GEMMs (docs/benchmarks.md, "OpenBLAS kernels"). When that happens and no OPENBLAS_CORETYPE is set, ask
# for the kernels the CPU's flags allow, and say so once on stderr. `gsae --version` and every
# file's `blas` attribute name the kernels a run used.
gsae_env() {
  local core flags
  core=$("$1" --version | sed -n 's/.*OpenBLAS [^ ]* \([A-Za-z0-9_]*\))$/\1/p')
  if [ -z "${OPENBLAS_CORETYPE:-}" ] && [ "$core" = Prescott ] && [ -r /proc/cpuinfo ]; then
    flags=" $(grep -m1 '^flags' /proc/cpuinfo) "
    case $flags in
      *" avx512f "*) export OPENBLAS_CORETYPE=SkylakeX ;;
      *" avx2 "*) export OPENBLAS_CORETYPE=Haswell ;;
    esac
    if [ -n "${OPENBLAS_CORETYPE:-}" ]; then
      echo "note: OpenBLAS chose its generic Prescott kernels on this CPU; using OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE" >&2
    fi
  fi
}

run_complete() {
  /usr/bin/python3 -c "import h5py, sys; sys.exit(h5py.File(sys.argv[1], 'r').attrs.get('status') != b'complete')" \
    "$1" 2>/dev/null
}
