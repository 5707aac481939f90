#!/usr/bin/env python3
"""Validity checks on figures written by gsae-plot, for tests/scenario_plot.sh (no gsae code).

  plotcheck.py BASE...   BASE.png and BASE.pdf exist and are well formed:
      PNG: the 8-byte signature, an IHDR chunk first with width and height > 0, and
           matplotlib.image.imread loads it to an array of that shape
      PDF: starts with %PDF-, ends with %%EOF (trailing whitespace allowed), more than 1 KiB
Prints one line per figure; exits 1 with the reason on the first bad one.
"""
import os
import struct
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.image  # noqa: E402


def fail(msg):
    print(f"plotcheck: {msg}", file=sys.stderr)
    sys.exit(1)


def check_png(path):
    with open(path, "rb") as f:
        head = f.read(33)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path}: not a PNG (signature {head[:8]!r})")
    length, kind = struct.unpack(">I4s", head[8:16])
    if kind != b"IHDR" or length != 13:
        fail(f"{path}: first chunk is {kind!r}, not IHDR")
    w, h = struct.unpack(">II", head[16:24])
    if w == 0 or h == 0:
        fail(f"{path}: IHDR says {w} x {h}")
    img = matplotlib.image.imread(path)
    if img.shape[:2] != (h, w):
        fail(f"{path}: imread gives {img.shape}, IHDR {w} x {h}")
    if float(img[..., :3].min()) == float(img[..., :3].max()):
        fail(f"{path}: the image is one flat colour")
    return w, h


def check_pdf(path):
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(b"%PDF-"):
        fail(f"{path}: does not start with %PDF- ({data[:8]!r})")
    if not data.rstrip().endswith(b"%%EOF"):
        fail(f"{path}: does not end with %%EOF")
    if len(data) < 1024:
        fail(f"{path}: only {len(data)} bytes")
    return len(data)


for base in sys.argv[1:]:
    for ext in (".png", ".pdf"):
        if not os.path.isfile(base + ext):
            fail(f"{base + ext}: missing")
    w, h = check_png(base + ".png")
    n = check_pdf(base + ".pdf")
    print(f"plotcheck: {base}.png {w} x {h} px, {base}.pdf {n} bytes")
