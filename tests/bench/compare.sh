#!/usr/bin/env bash
# compare.sh: squint-bench against the Pillow peer, side by side, in one run.
#
#   tests/bench/compare.sh DIR [--repeat N] [--photos PHOTO_DIR] [--count 500] [--no-photos]
#
#   1. ingest   squint-bench ingest DIR         vs  pillow_peer.py ingest DIR          (target: >= 1.7x)
#   2. fit      squint-bench fit --model MODEL  vs  pillow_peer.py fit --long-edge 1568 (target: >= 3x)
#               over the same files (every file under DIR)
#   3. stall    squint-bench ingest of 200 photos: largest GUI-thread stall            (target: <= 50 ms)
#   4. memory   squint-bench ingest of COUNT distinct photos: RSS with the tray full   (target: < 300 MB)
#
# Steps 3 and 4 need distinct photos (Squint drops duplicates by SHA-256): they are made once from the
# JPEGs under DIR by make_photos.py into PHOTO_DIR (default ${TMPDIR:-/tmp}/squint-bench-photos-COUNT),
# 12 MP camera-like JPEGs, and reused when they are already there.
#
# Every line on stdout is one JSON object: each tool's own result lines, then one
# {"compare":...} line per comparison. Progress goes to stderr.
#
# Environment: SQUINT_BENCH (the executable; default BUILD_DIR/tests/bench/squint-bench, BUILD_DIR
# defaulting to build), PYTHON (default /usr/bin/python3: Debian's python3-pil), MODEL (default
# databricks-claude-sonnet-4-5), LONG_EDGE (default 1568).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/../.." && pwd)
build_dir=${BUILD_DIR:-build}
[[ $build_dir = /* ]] || build_dir="$src/$build_dir"
bench=${SQUINT_BENCH:-$build_dir/tests/bench/squint-bench}
python=${PYTHON:-/usr/bin/python3}
peer="$src/tests/peers/pillow_peer.py"
model=${MODEL:-databricks-claude-sonnet-4-5}
long_edge=${LONG_EDGE:-1568}

die() {
    echo "compare.sh: $*" >&2
    exit 2
}
say() { echo "compare.sh: $*" >&2; }

dir=""
repeat=3
count=500
photos=""
do_photos=1
while (($# > 0)); do
    case "$1" in
    --repeat) repeat=$2; shift 2 ;;
    --count) count=$2; shift 2 ;;
    --photos) photos=$2; shift 2 ;;
    --no-photos) do_photos=0; shift ;;
    -h | --help) sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) [[ -z $dir ]] || die "one DIR only"; dir=$1; shift ;;
    esac
done
[[ -n $dir && -d $dir ]] || die "usage: compare.sh DIR [--repeat N] [--photos PHOTO_DIR] [--count N] [--no-photos]"
[[ -x $bench ]] || die "$bench is not built (set SQUINT_BENCH or BUILD_DIR; build with -DCMAKE_BUILD_TYPE=RelWithDebInfo)"
"$python" -c 'import PIL' 2>/dev/null || die "$python has no Pillow (apt-get install python3-pil)"
photos=${photos:-${TMPDIR:-/tmp}/squint-bench-photos-$count}

out=$(mktemp -d "${TMPDIR:-/tmp}/squint-compare.XXXXXX")
trap 'rm -rf "$out"' EXIT

# run NAME CMD...: stdout to $out/NAME.jsonl and to our stdout; stderr filtered of libpng's iCCP chatter
run() {
    local name=$1
    shift
    say "+ $*"
    "$@" 2> >(grep -v 'iCCP: known incorrect sRGB profile' >&2) | tee "$out/$name.jsonl"
}

# compare KIND SQUINT_JSONL PILLOW_JSONL: prints the {"compare":KIND,...} line
compare() {
    "$python" - "$@" <<'EOF'
import json, sys
kind, a, b = sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None

def summary(path, bench):
    if not path:
        return {}
    for line in open(path):
        d = json.loads(line)
        if d.get("bench") == bench:
            return d
    return {}

def ratio(x, y):
    return round(x / y, 2) if x and y else None

s = summary(a, "ingest" if kind in ("ingest", "stall", "memory") else "fit")
p = summary(b, "ingest" if kind == "ingest" else "fit")
if kind == "ingest":
    r = {"compare": "ingest", "files": s.get("files"),
         "squint_images_per_s": s.get("images_per_s"), "pillow_images_per_s": p.get("images_per_s"),
         "speedup": ratio(s.get("images_per_s"), p.get("images_per_s")),
         "squint_thumbs_per_s": s.get("thumbs_per_s"),
         "thumbs_speedup": ratio(s.get("thumbs_per_s"), p.get("images_per_s")),
         "cpu_ratio": ratio(p.get("cpu_s"), s.get("cpu_s")),
         "squint_peak_rss_mb": s.get("peak_rss_mb"), "pillow_peak_rss_mb": p.get("peak_rss_mb"),
         "max_stall_ms": s.get("max_stall_ms"), "target": 1.7}
    r["pass"] = bool(r["speedup"] and r["speedup"] >= 1.7)
elif kind == "fit":
    r = {"compare": "fit", "model": s.get("model"), "files": s.get("files"),
         "squint_wall_s": s.get("wall_s"), "squint_fit_s": s.get("fit_s"), "pillow_wall_s": p.get("wall_s"),
         "speedup": ratio(p.get("wall_s"), s.get("wall_s")),
         "fit_speedup": ratio(p.get("wall_s"), s.get("fit_s")),
         "cpu_ratio": ratio(p.get("cpu_s"), s.get("cpu_s")),
         "squint_body_bytes": s.get("body_bytes"), "pillow_body_bytes": p.get("body_bytes"),
         "fits": s.get("fits"), "target": 3.0}
    r["pass"] = bool(r["speedup"] and r["speedup"] >= 3.0)
elif kind == "stall":
    r = {"compare": "stall", "images": s.get("loaded"), "max_stall_ms": s.get("max_stall_ms"),
         "stalls_over_50ms": s.get("stalls_over_50ms"), "target_ms": 50}
    r["pass"] = s.get("max_stall_ms") is not None and s["max_stall_ms"] <= 50
else:
    r = {"compare": "memory", "images": s.get("loaded"), "peak_rss_mb": s.get("peak_rss_mb"),
         "rss_after_mb": s.get("rss_after_mb"), "prepared_mb": s.get("prepared_mb"),
         "thumb_mb": s.get("thumb_mb"), "target_mb": 300}
    r["pass"] = s.get("peak_rss_mb") is not None and s["peak_rss_mb"] < 300 and s["rss_after_mb"] < 300
print(json.dumps(r, separators=(",", ":")))
EOF
}

say "squint-bench: $bench; peer: $python $peer; $(nproc) cores; model $model"
load_before=$(cut -d' ' -f1 /proc/loadavg)

# 1. ingest
run squint-ingest "$bench" ingest "$dir" --repeat "$repeat" --model "$model"
run pillow-ingest "$python" "$peer" ingest "$dir" --repeat "$repeat"

# 2. fit, over every file under DIR
mapfile -d '' files < <(find "$dir" -type f -print0 | sort -z)
run squint-fit "$bench" fit --model "$model" --repeat "$repeat" "${files[@]}"
run pillow-fit "$python" "$peer" fit --long-edge "$long_edge" --model "$model" --repeat "$repeat" "${files[@]}"

compare ingest "$out/squint-ingest.jsonl" "$out/pillow-ingest.jsonl"
compare fit "$out/squint-fit.jsonl" "$out/pillow-fit.jsonl"

# 3. and 4.: distinct photos
if ((do_photos)); then
    made=$(find "$photos" -maxdepth 1 -name 'photo_*.jpg' 2>/dev/null | wc -l)
    if ((made < count)); then
        say "making $count distinct photos in $photos (once; a few minutes)"
        "$python" "$here/make_photos.py" "$dir" "$photos" --count "$count"
    fi
    subset="$out/photos-200"
    mkdir -p "$subset"
    find "$photos" -maxdepth 1 -name 'photo_*.jpg' | sort | head -n 200 | while read -r f; do
        ln "$f" "$subset/" 2>/dev/null || cp "$f" "$subset/"
    done
    run squint-stall "$bench" ingest "$subset" --model "$model"
    compare stall "$out/squint-stall.jsonl"
    # a fresh process, so that its peak RSS is the 500-image tray's alone
    run squint-memory "$bench" ingest "$photos" --model "$model"
    compare memory "$out/squint-memory.jsonl"
fi

# The machine, so that the figures can be read in context: other work on it slows the multi-threaded
# side more than the single-threaded peer.
"$python" - "$load_before" <<'EOF'
import json, os, platform, sys
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
print(json.dumps({"compare": "machine", "cores": os.cpu_count(), "cpu": cpu,
                  "load_before": float(sys.argv[1]), "load_after": os.getloadavg()[0]}, separators=(",", ":")))
EOF
