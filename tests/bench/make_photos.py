#!/usr/bin/python3
"""Makes N distinct camera-like JPEG photos from real photos, for squint-bench's tray and memory runs.

    make_photos.py SOURCE_DIR OUT_DIR [--count 500] [--size 4032x3024] [--quality 90] [--seed 1]

Squint drops files whose content it already holds (same SHA-256), so copies under other names would
not fill a tray: every output is a different crop of one of the source photos, scaled to a camera
size (12 MP by default), flipped or not, with its own brightness and sensor-like noise, encoded as
a baseline JPEG with a small EXIF block (camera make and model, orientation 1; every fifth with a GPS
position), like a phone photo. Needs only Debian's python3-pil.
"""

import argparse
import os
import random
import sys

from PIL import Image, ImageEnhance

Image.MAX_IMAGE_PIXELS = 150_000_000


def sources(root):
    out = []
    for dirpath, _d, files in os.walk(root):
        for name in sorted(files):
            if name.lower().endswith((".jpg", ".jpeg")):
                out.append(os.path.join(dirpath, name))
    return sorted(out)


def exif_for(i, rng):
    exif = Image.Exif()
    exif[0x010F] = "SquintBench"          # Make
    exif[0x0110] = f"Camera {i % 7}"     # Model
    exif[0x0112] = 1                      # Orientation: normal
    exif[0x0132] = "2024:05:%02d 12:%02d:%02d" % (1 + i % 28, i % 60, (i * 7) % 60)  # DateTime
    if i % 5 == 0:
        gps = {1: "N", 2: (48.0, 51.0, rng.uniform(0, 59)), 3: "E", 4: (2.0, 21.0, rng.uniform(0, 59))}
        exif[0x8825] = gps
    return exif


def main():
    p = argparse.ArgumentParser()
    p.add_argument("source")
    p.add_argument("out")
    p.add_argument("--count", type=int, default=500)
    p.add_argument("--size", default="4032x3024")
    p.add_argument("--quality", type=int, default=90)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    w, h = (int(v) for v in args.size.split("x"))
    srcs = sources(args.source)
    if not srcs:
        sys.exit(f"no JPEG photos under {args.source}")
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    loaded = {}
    noise = Image.effect_noise((w, h), 40).convert("RGB")  # one noise field, shifted per image below
    for i in range(args.count):
        path = os.path.join(args.out, f"photo_{i:04d}.jpg")
        if os.path.exists(path):
            continue
        src = srcs[i % len(srcs)]
        if src not in loaded:
            loaded.clear()  # keep one decoded source in memory at a time
            loaded[src] = Image.open(src).convert("RGB")
        im = loaded[src]
        sw, sh = im.size
        # a 4:3 crop covering 55-100 % of the source's width, at a random place
        cw = int(sw * rng.uniform(0.55, 1.0))
        ch = min(sh, int(cw * h / w))
        cw = int(ch * w / h)
        x = rng.randint(0, sw - cw)
        y = rng.randint(0, sh - ch)
        img = im.crop((x, y, x + cw, y + ch)).resize((w, h), Image.BICUBIC)
        if rng.random() < 0.5:
            img = img.transpose(Image.FLIP_LEFT_RIGHT)
        img = ImageEnhance.Brightness(img).enhance(rng.uniform(0.85, 1.15))
        dx, dy = rng.randint(0, 64), rng.randint(0, 64)
        shifted = noise.transform((w, h), Image.AFFINE, (1, 0, dx, 0, 1, dy))
        img = Image.blend(img, shifted, 0.08)
        img.save(path, "JPEG", quality=args.quality, exif=exif_for(i, rng), optimize=False, progressive=False)
        if (i + 1) % 50 == 0:
            print(f"{i + 1}/{args.count}", file=sys.stderr)


if __name__ == "__main__":
    main()
