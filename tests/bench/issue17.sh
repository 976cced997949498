#!/usr/bin/env bash
# issue17.sh: the measurements of issue 17 (one decode per image), side by side with the Pillow peer,
# before and after, printed as one table.
#
#   tests/bench/issue17.sh [--repeat 3] [--work DIR] [--sets LIST] [--before BENCH] [--after BENCH]
#
# Sets (LIST is comma-separated, default all of them):
#   mate16       the 16 JPEG photos of Debian's mate-backgrounds (1280x1024 to 5640x3172, three progressive)
#   mate         every file of /usr/share/backgrounds/mate (those 16 and 14 PNG wallpapers)
#   camera20     20 camera-like 12 MP JPEGs  } the first 20 and 100 of 500 made once by make_photos.py
#   camera100    100 of them                 } from the mate JPEGs (distinct content, EXIF, noise)
#   progressive  12 progressive 5120x2880 JPEGs: make_photos.py --size 5120x2880, re-encoded with
#                `cjpeg -progressive -quality 90 -optimize` (libjpeg-turbo-progs)
#   photos500    500 camera-like JPEGs: the GUI-thread stall while 200 are ingested and the peak RSS
#                with 500 in the tray (compare.sh --photos)
# Each set runs through compare.sh (squint-bench and tests/peers/pillow_peer.py one after the other in
# the same run, the ratio taken within that run), once with the build before the change (--before,
# skipped when not given) and once with the build after it; the progressive set also gets
# `squint-bench jpegscale` (what a progressive file costs at 1/2, 1/4 and 1/8).
#
# Needs: apt-get install mate-backgrounds libjpeg-turbo-progs python3-pil. The sets are made once in
# the work folder (default ${TMPDIR:-/tmp}/squint-issue17) and reused. Every figure is printed with the
# load average before and after its run: on a busy machine compare the ratios, not the seconds.
# The raw JSON lines go to WORK/results-<time>.jsonl.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/../.." && pwd)
python=${PYTHON:-/usr/bin/python3}
mate=${MATE:-/usr/share/backgrounds/mate}
model=${MODEL:-databricks-claude-sonnet-4-5}
repeat=3
work=${TMPDIR:-/tmp}/squint-issue17
sets=mate16,mate,camera20,camera100,progressive,photos500
before=${BEFORE_BENCH:-}
after=${AFTER_BENCH:-$src/build/tests/bench/squint-bench}

die() {
    echo "issue17.sh: $*" >&2
    exit 2
}
say() { echo "issue17.sh: $*" >&2; }

while (($# > 0)); do
    case "$1" in
    --repeat) repeat=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --sets) sets=$2; shift 2 ;;
    --before) before=$2; shift 2 ;;
    --after) after=$2; shift 2 ;;
    -h | --help) sed -n '2,26p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1" ;;
    esac
done
[[ -x $after ]] || die "$after is not built (cmake --build build --target squint-bench)"
[[ -z $before || -x $before ]] || die "$before is not executable"
[[ -d $mate ]] || die "$mate is missing (apt-get install mate-backgrounds)"
"$python" -c 'import PIL' 2>/dev/null || die "$python has no Pillow (apt-get install python3-pil)"
mkdir -p "$work"

# ---- the sets ------------------------------------------------------------------------------------
make_sets() {
    if [[ ! -d $work/mate16 ]]; then
        mkdir -p "$work/mate16.tmp"
        find "$mate" -type f -iname '*.jpg' -exec cp {} "$work/mate16.tmp/" \;
        mv "$work/mate16.tmp" "$work/mate16"
    fi
    local made
    made=$( (find "$work/photos-500" -maxdepth 1 -name 'photo_*.jpg' 2>/dev/null || true) | wc -l)
    if ((made < 500)); then
        say "making 500 camera-like photos in $work/photos-500 (once; a few minutes)"
        "$python" "$here/make_photos.py" "$mate" "$work/photos-500" --count 500
    fi
    local n
    for n in 20 100; do
        if [[ ! -d $work/camera-$n ]]; then
            mkdir -p "$work/camera-$n.tmp"
            find "$work/photos-500" -maxdepth 1 -name 'photo_*.jpg' | sort | head -n "$n" |
                while read -r f; do ln "$f" "$work/camera-$n.tmp/" 2>/dev/null || cp "$f" "$work/camera-$n.tmp/"; done
            mv "$work/camera-$n.tmp" "$work/camera-$n"
        fi
    done
    if [[ ! -d $work/progressive ]]; then
        command -v cjpeg >/dev/null && command -v djpeg >/dev/null || die "cjpeg/djpeg missing (apt-get install libjpeg-turbo-progs)"
        say "making 12 progressive 5120x2880 JPEGs in $work/progressive"
        rm -rf "$work/progressive-src" "$work/progressive.tmp"
        "$python" "$here/make_photos.py" "$mate" "$work/progressive-src" --count 12 --size 5120x2880 --seed 17
        mkdir -p "$work/progressive.tmp"
        local f
        for f in "$work/progressive-src"/*.jpg; do
            djpeg -pnm "$f" | cjpeg -progressive -quality 90 -optimize >"$work/progressive.tmp/prog_$(basename "$f")"
        done
        mv "$work/progressive.tmp" "$work/progressive"
    fi
}
make_sets

dir_of() {
    case "$1" in
    mate16) echo "$work/mate16" ;;
    mate) echo "$mate" ;;
    camera20) echo "$work/camera-20" ;;
    camera100) echo "$work/camera-100" ;;
    progressive) echo "$work/progressive" ;;
    photos500) echo "$work/camera-20" ;; # compare.sh needs a DIR; the stall and memory runs use --photos
    *) die "unknown set $1" ;;
    esac
}

# ---- the runs ------------------------------------------------------------------------------------
results=$work/results-$(date +%Y%m%d-%H%M%S).jsonl
: >"$results"
tag() { # tag SET BUILD: prefixes each JSON line with the set and the build
    "$python" -c '
import json, sys
for line in sys.stdin:
    line = line.strip()
    if line.startswith("{"):
        d = json.loads(line); d["set"] = sys.argv[1]; d["build"] = sys.argv[2]
        print(json.dumps(d, separators=(",", ":")), flush=True)' "$1" "$2"
}

IFS=, read -r -a wanted <<<"$sets"
for set in "${wanted[@]}"; do
    dir=$(dir_of "$set")
    for build in before after; do
        bench=$before
        [[ $build = after ]] && bench=$after
        [[ -n $bench ]] || continue
        say "$set, $build: $(cut -d' ' -f1-3 /proc/loadavg)"
        if [[ $set = photos500 ]]; then
            SQUINT_BENCH=$bench MODEL=$model "$here/compare.sh" "$dir" --repeat 1 --photos "$work/photos-500" --count 500 |
                tag "$set" "$build" >>"$results"
        else
            SQUINT_BENCH=$bench MODEL=$model "$here/compare.sh" "$dir" --repeat "$repeat" --no-photos | tag "$set" "$build" >>"$results"
        fi
    done
    if [[ $set = progressive ]]; then
        "$after" jpegscale --repeat "$repeat" "$dir" 2>/dev/null | tag "$set" after >>"$results"
    fi
done

# ---- the table -----------------------------------------------------------------------------------
"$python" - "$results" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]

def find(set_, build, **match):
    for r in rows:
        if r.get("set") == set_ and r.get("build") == build and all(r.get(k) == v for k, v in match.items()):
            return r
    return None

def load(set_, build):
    m = find(set_, build, compare="machine")
    return f'{m["load_before"]:.1f}-{m["load_after"]:.1f}' if m else ""

sets = []
for r in rows:
    if r.get("set") not in sets:
        sets.append(r.get("set"))
print("| set | measure | before (Squint / Pillow = ratio) | after (Squint / Pillow = ratio) | target | load before / after |")
print("| --- | --- | --- | --- | --- | --- |")
def fmt_ratio(v):
    return f"{v:.2f}x" if v is not None else "-"
for s in sets:
    loads = f'{load(s, "before") or "-"} / {load(s, "after") or "-"}'
    if s != "photos500":
        for measure, target in (("thumbnails in", "1.7x"), ("until idle", "1.5x (over 20 images)"), ("fit + body", "3x")):
            out = []
            for b in ("before", "after"):
                if measure == "fit + body":
                    c = find(s, b, compare="fit")
                    out.append(f'{c["squint_wall_s"]:.2f} s / {c["pillow_wall_s"]:.2f} s = {fmt_ratio(c["speedup"])}'
                               + ("" if c.get("fits") else " (does not fit)") if c else "-")
                else:
                    c = find(s, b, compare="ingest")
                    if not c:
                        out.append("-")
                    elif measure == "thumbnails in":
                        out.append(f'{c["squint_thumbs_per_s"]:.1f} / {c["pillow_images_per_s"]:.1f} img/s = {fmt_ratio(c["thumbs_speedup"])}')
                    else:
                        out.append(f'{c["squint_images_per_s"]:.1f} / {c["pillow_images_per_s"]:.1f} img/s = {fmt_ratio(c["speedup"])}')
            files = (find(s, "after", compare="ingest") or find(s, "before", compare="ingest") or {}).get("files")
            print(f"| {s} ({files} files) | {measure} | {out[0]} | {out[1]} | {target} | {loads} |")
    else:
        out_s, out_m = [], []
        for b in ("before", "after"):
            st = find(s, b, compare="stall")
            me = find(s, b, compare="memory")
            out_s.append(f'{st["max_stall_ms"]:.1f} ms ({st["stalls_over_50ms"]} over 50 ms)' if st else "-")
            out_m.append(f'peak {me["peak_rss_mb"]:.0f} MB, {me["rss_after_mb"]:.0f} MB after' if me else "-")
        print(f"| {s} | GUI stall, 200 ingested | {out_s[0]} | {out_s[1]} | < 50 ms | {loads} |")
        print(f"| {s} | RSS, 500 in the tray | {out_m[0]} | {out_m[1]} | < 300 MB | {loads} |")
    if s == "progressive":
        j = find(s, "after", bench="jpegscale")
        if j:
            print(f'| {s} | decode at 1/1, 1/2, 1/4, 1/8 (all scans); first scan only | '
                  f'{j["full_s"]:.2f}, {j["half_s"]:.2f} ({j["half_of_full"]:.2f}), {j["quarter_s"]:.2f} ({j["quarter_of_full"]:.2f}), '
                  f'{j["eighth_s"]:.2f} ({j["eighth_of_full"]:.2f}) s; {j["first_scan_thumb_s"]:.2f} s | | | single thread, {j["files"]} files |')
print(f"\nraw results: {sys.argv[1]}")
EOF
