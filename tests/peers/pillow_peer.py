#!/usr/bin/python3
"""Pillow peer for squint-bench: the same jobs done the way a plain Python script would do them.

    pillow_peer.py ingest DIR [--thumb 256] [--repeat N]
        For every file under DIR (recursively): open it with Pillow, draft('RGB', (256, 256)) when it
        is a JPEG (scaled DCT decoding), thumbnail((256, 256)). Counts the files Pillow can't read.
    pillow_peer.py fit [--long-edge 1568] [--model NAME] [--prompt TEXT] [--repeat N] [--out FILE] FILE...
        For each file: open, draft, resize so the long edge is at most 1568 (LANCZOS), convert to RGB,
        JPEG quality 85 into memory, base64; then json.dumps of the chat-completions body Squint sends
        (text part first, then one image_url data URL per image, "stream": true).

One compact JSON object per result on stdout. Single-threaded, no dependency beyond Debian's
python3-pil. The clock starts after the imports (like squint-bench, which starts after the app is up).
"""

import argparse
import base64
import io
import json
import os
import resource
import sys
import time

try:
    from PIL import Image
except ImportError:  # e.g. a pyenv python3 first on PATH: Debian's python3-pil lives under /usr/bin/python3
    if os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3") and os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(__file__)] + sys.argv[1:])
    sys.exit("pillow_peer.py needs Pillow (Debian: apt-get install python3-pil)")

# Decompression-bomb guard like Squint's MaxDecodePixels (150 MP): Pillow's default warns at 89 MP.
Image.MAX_IMAGE_PIXELS = 150_000_000


def all_files(root):
    out = []
    for dirpath, _dirnames, filenames in os.walk(root, followlinks=True):
        for name in filenames:
            path = os.path.join(dirpath, name)
            if os.path.isfile(path):
                out.append(os.path.abspath(path))
    out.sort()
    return out


def expand(paths):
    out = []
    for p in paths:
        out.extend(all_files(p) if os.path.isdir(p) else [os.path.abspath(p)])
    return out


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: kilobytes


def emit(obj):
    sys.stdout.write(json.dumps(obj, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def ingest_once(files, edge):
    loaded = 0
    thumbs = []  # held until the end, like a tray holds its thumbnails
    failures = []
    cpu0 = time.process_time()
    start = time.perf_counter()
    for path in files:
        try:
            with Image.open(path) as im:
                if im.format == "JPEG":
                    im.draft("RGB", (edge, edge))
                im.thumbnail((edge, edge))
                thumbs.append(im)
                loaded += 1
        except Exception as e:  # noqa: BLE001 - any failure counts as a rejected file
            failures.append((path, f"{type(e).__name__}: {e}"))
    wall = time.perf_counter() - start
    return loaded, wall, time.process_time() - cpu0, failures, thumbs


def cmd_ingest(args):
    files = all_files(args.dir)
    best = None
    for _ in range(max(1, args.repeat)):
        loaded, wall, cpu, failures, thumbs = ingest_once(files, args.thumb)
        del thumbs
        if best is None or wall < best[1]:
            best = (loaded, wall, cpu, failures)
    loaded, wall, cpu, failures = best
    for path, reason in failures:
        emit({"peer": "pillow", "rejected": path, "reason": reason})
    emit({
        "peer": "pillow",
        "bench": "ingest",
        "files": len(files),
        "loaded": loaded,
        "wall_s": round(wall, 4),
        "images_per_s": round(loaded / wall, 2) if wall > 0 else 0,
        "cpu_s": round(cpu, 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "thumb": args.thumb,
        "repeat": args.repeat,
    })


def fit_once(files, long_edge, model, prompt):
    cpu0 = time.process_time()
    start = time.perf_counter()
    parts = [{"type": "text", "text": prompt}]
    fitted = 0
    for path in files:
        try:
            with Image.open(path) as im:
                if im.format == "JPEG":
                    im.draft("RGB", (long_edge, long_edge))
                w, h = im.size
                scale = long_edge / max(w, h)
                if scale < 1:
                    im = im.resize((max(1, round(w * scale)), max(1, round(h * scale))), Image.LANCZOS)
                if im.mode != "RGB":
                    im = im.convert("RGB")
                buf = io.BytesIO()
                im.save(buf, "JPEG", quality=85)
        except Exception as e:  # noqa: BLE001
            print(f"pillow_peer: {path}: {e}", file=sys.stderr)
            continue
        url = "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
        parts.append({"type": "image_url", "image_url": {"url": url}})
        fitted += 1
    body = json.dumps(
        {"model": model, "messages": [{"role": "user", "content": parts}], "stream": True},
        separators=(",", ":"),
    ).encode("utf-8")
    wall = time.perf_counter() - start
    return wall, time.process_time() - cpu0, body, fitted


def cmd_fit(args):
    files = expand(args.files)
    best = None
    for _ in range(max(1, args.repeat)):
        wall, cpu, body, fitted = fit_once(files, args.long_edge, args.model, args.prompt)
        if best is None or wall < best[0]:
            best = (wall, cpu, body, fitted)
    wall, cpu, body, fitted = best
    if args.out:
        with open(args.out, "wb") as f:
            f.write(body)
    emit({
        "peer": "pillow",
        "bench": "fit",
        "model": args.model,
        "files": len(files),
        "fitted": fitted,
        "wall_s": round(wall, 4),
        "cpu_s": round(cpu, 3),
        "body_bytes": len(body),
        "long_edge": args.long_edge,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "repeat": args.repeat,
    })


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    pi = sub.add_parser("ingest")
    pi.add_argument("dir")
    pi.add_argument("--thumb", type=int, default=256)
    pi.add_argument("--repeat", type=int, default=1)
    pf = sub.add_parser("fit")
    pf.add_argument("files", nargs="+")
    pf.add_argument("--long-edge", type=int, default=1568)
    pf.add_argument("--model", default="databricks-claude-sonnet-4-5")
    pf.add_argument("--prompt", default="Describe these images.")
    pf.add_argument("--repeat", type=int, default=1)
    pf.add_argument("--out")
    args = p.parse_args()
    if args.command == "ingest":
        cmd_ingest(args)
    else:
        cmd_fit(args)


if __name__ == "__main__":
    main()
