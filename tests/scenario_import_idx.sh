#!/usr/bin/env bash
# gsae import-idx: 500 MNIST test images (IDX, gzip) become a data set that is the same, byte for
# byte, on 1 and 2 ranks; /data/Y is numpy's decoding of the gz file / 255 and /data/labels the
# labels. Bad inputs give one error line, a non-zero exit and no output file; gsae train refuses the
# imported data set (no /truth/A) with one clear line.
source "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1800000000

mnist_test_set
total=$("$PYTHON" -c "import gzip, struct, sys; print(struct.unpack('>I', gzip.open(sys.argv[1]).read(8)[4:])[0])" "$images")

# --- 1 and 2 ranks write the same file
for np in 1 2; do
  mkdir r$np
  (cd r$np && mpi $np import-idx --images "$images" --labels "$labels" --out mnist.h5 --count 500 >/dev/null)
  ! ls r$np/*.partial >/dev/null 2>&1 || fail "left a .partial file"
done
cmp r1/mnist.h5 r2/mnist.h5 || fail "the files of 1 and 2 ranks differ"
ok "1 and 2 ranks write the same file, byte for byte"

# --- contents against numpy's own decoding of the gz files
"$PYTHON" - r2/mnist.h5 "$images" "$labels" "$GSAE_PRECISION" <<'PY' || fail "contents of the imported file"
import gzip, sys, h5py, numpy as np
path, images, labels, precision = sys.argv[1:]
real = np.float64 if precision == "double" else np.float32
px = np.frombuffer(gzip.open(images).read()[16:], np.uint8).reshape(-1, 784)[:500]
lb = np.frombuffer(gzip.open(labels).read()[8:], np.uint8)[:500]
with h5py.File(path, "r") as f:
    Y, L = f["data/Y"][()], f["data/labels"][()]
    a = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
    assert Y.dtype == real and Y.shape == (500, 784), (Y.dtype, Y.shape)
    assert L.dtype == np.int32 and L.shape == (500,), (L.dtype, L.shape)
    want = px.astype(real) / real(255)
    assert np.array_equal(Y, want), f"Y differs from pixels / 255: max abs diff {np.abs(Y - want).max()}"
    assert Y.min() >= 0 and Y.max() <= 1
    assert np.array_equal(L, lb.astype(np.int32)), "labels differ"
    for k in ("data/Y", "data/labels"):
        assert f[k].attrs["description"], f"{k} has no description"
    assert "truth" not in f, "an imported file has no ground truth"
    assert a["format"] == "gsae-dataset" and a["scale"] == "pixel / 255", a
    assert (a["n"], a["samples"], a["image_rows"], a["image_cols"]) == (784, 500, 28, 28), a
    assert images in a["source"] and labels in a["source"], a["source"]
    assert a["created"] == "2027-01-15T08:00:00Z" and "import-idx" in a["command"], a
print(f"Y (500, 784) {Y.dtype} = pixels / 255 exactly; labels {np.bincount(L).tolist()}")
PY
ok "Y is numpy's pixels / 255 and the labels match"

# a slice: --first 200 --count 7 is rows 200..206 of the whole
mpi 2 import-idx --images "$images" --labels "$labels" --out slice.h5 --first 200 --count 7 >/dev/null
"$PYTHON" - <<'PY' || fail "--first / --count slice"
import h5py, numpy as np
with h5py.File("slice.h5", "r") as s, h5py.File("r1/mnist.h5", "r") as w:
    assert np.array_equal(s["data/Y"][()], w["data/Y"][200:207]) and np.array_equal(s["data/labels"][()], w["data/labels"][200:207])
PY
ok "--first 200 --count 7 holds images 200..206"

# --- bad inputs: one error line, non-zero exit, no output file, no rank left hanging
head -c $(($(stat -c %s "$images") / 2)) "$images" >trunc-images.gz   # half of the gzip stream
"$PYTHON" - "$labels" <<'PY'
import gzip, struct, sys
data = gzip.open(sys.argv[1]).read()
with gzip.open("labels100.gz", "wb") as f:   # a labels file of the first 100 labels only
    f.write(struct.pack(">II", 0x801, 100) + data[8:108])
PY
imp=(import-idx --out out.h5)
expect_error 1 "nope.gz: no such file" out.h5 -- "${imp[@]}" --images nope.gz --labels "$labels"
expect_error 2 "nope.gz: no such file" out.h5 -- "${imp[@]}" --images "$images" --labels nope.gz
expect_error 1 "magic 0x00000801 is an IDX file of 1 dimension (a labels file); an images file has magic 0x00000803" out.h5 -- \
  "${imp[@]}" --images "$labels" --labels "$labels"
expect_error 2 "trunc-images.gz: truncated gzip stream" out.h5 -- "${imp[@]}" --images trunc-images.gz --labels "$labels" --count 10
expect_error 1 "asks for images [$((total - 100)), $((total + 400))), but $images holds $total" out.h5 -- \
  "${imp[@]}" --images "$images" --labels "$labels" --first $((total - 100)) --count 500
expect_error 1 "--first $total is beyond the $total images" out.h5 -- "${imp[@]}" --images "$images" --labels "$labels" --first $total
expect_error 1 "holds $total images but labels100.gz holds 100 labels" out.h5 -- "${imp[@]}" --images "$images" --labels labels100.gz
expect_error 1 "--count must be positive" out.h5 -- "${imp[@]}" --images "$images" --labels "$labels" --count 0
expect_error 1 "--labels FILE is required" out.h5 -- "${imp[@]}" --images "$images"
expect_error 1 "unknown flag '--cout'" out.h5 -- "${imp[@]}" --images "$images" --labels "$labels" --cout 5
expect_error 2 "cannot create file" out.h5 -- import-idx --images "$images" --labels "$labels" --count 5 --out no/such/dir/out.h5

# --- gsae train has no ground truth to start from in an imported data set: one clear line
expect_error 2 "r1/mnist.h5: no ground-truth dictionary /truth/A to initialise from" out.h5 -- \
  train --data r1/mnist.h5 --out out.h5 --epochs 1 --progress-every 0
