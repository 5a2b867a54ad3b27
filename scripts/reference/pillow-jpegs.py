#!/usr/bin/python3
"""Small JPEGs written by Pillow (libjpeg's IJG tables) at known qualities and subsamplings,
for test/inspect: `lossyvision inspect` must read back exactly the quality and subsampling each
file was written with.

Run from the repository root with Debian's python3-pil:
    /usr/bin/python3 scripts/reference/pillow-jpegs.py

Writes test/fixtures/inspect/q{Q}-{SUB}.jpg (32x32) and manifest.json, which records what Pillow
was asked for and the Pillow version. The picture is a seeded gradient with noise, so every
quantisation table is exercised.
"""
import json
import os

import numpy as np
import PIL
from PIL import Image

OUT = "test/fixtures/inspect"
QUALITIES = [12, 37, 60, 83, 96]
# Pillow's subsampling argument: 0 = 4:4:4, 1 = 4:2:2, 2 = 4:2:0; greyscale is mode "L".
SUBSAMPLINGS = {"420": 2, "422": 1, "444": 0, "grey": None}


def picture():
    rng = np.random.default_rng(17)
    y, x = np.mgrid[0:32, 0:32]
    base = np.stack([x * 8, y * 8, (x + y) * 4], axis=-1).astype(np.float64)
    noisy = base + rng.normal(0, 24, base.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def main():
    os.makedirs(OUT, exist_ok=True)
    rgb = Image.fromarray(picture(), "RGB")
    files = []
    for quality in QUALITIES:
        for name, subsampling in SUBSAMPLINGS.items():
            path = f"{OUT}/q{quality}-{name}.jpg"
            if subsampling is None:
                rgb.convert("L").save(path, "JPEG", quality=quality)
            else:
                rgb.save(path, "JPEG", quality=quality, subsampling=subsampling)
            files.append({"file": os.path.basename(path), "quality": quality,
                          "subsampling": "greyscale" if subsampling is None else f"4:{name[1]}:{name[2]}"})
    rgb.save(f"{OUT}/lossless.png", "PNG")
    manifest = {"generator": "scripts/reference/pillow-jpegs.py", "pillow": PIL.__version__,
                "size": [32, 32], "files": files}
    with open(f"{OUT}/manifest.json", "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
