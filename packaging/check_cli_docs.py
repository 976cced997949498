#!/usr/bin/env python3
"""Checks the command line's documentation against the binary (ctest, label packaging).

  check_cli_docs.py coverage --squint BIN --man squint.1 --doc cli.md --version X.Y.Z
      Every subcommand that "squint --help" lists, and every long option that "squint --help" and
      "squint COMMAND --help" print, is documented in the manual page and in docs/cli.md, in that
      command's section (or in the shared Connections section); neither document describes a
      subcommand that does not exist; the manual page's header names version X.Y.Z.

  check_cli_docs.py render --man squint.1
      The manual page renders with groff's man macros without a single warning. Exits 77 (ctest
      SKIP_RETURN_CODE) when groff is not installed.

Prints one line per problem and exits 1 when there is any.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

SKIP = 77

# A long option at the start of a QCommandLineParser help line: "  -m, --model <NAME>  ...".
# Wrapped description lines are indented further, so they never match.
OPTION_LINE = re.compile(r"^  (?:-[A-Za-z], )?--([a-z0-9][a-z0-9-]*)")
# A subcommand line of "squint --help": "  squint limits   ...  Show ...".
COMMAND_LINE = re.compile(r"^\s+squint ([a-z][a-z0-9-]*)\s+\.\.\.")
# Options every command has; they must be documented once, not in each command's section.
EVERYWHERE = {"help", "help-all"}


def run_help(squint, args):
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([squint, *args, "--help"], capture_output=True, text=True, env=env, timeout=60)
    if proc.returncode != 0:
        raise SystemExit(f"squint {' '.join(args + ['--help'])} exited {proc.returncode}:\n{proc.stderr}")
    return proc.stdout


def long_options(help_text):
    return [m.group(1) for line in help_text.splitlines() if (m := OPTION_LINE.match(line))]


def man_plain(text):
    """The manual page with font escapes removed and \\- written as -."""
    text = re.sub(r"\\f(?:\[[^\]]*\]|\(..|.)", "", text)
    text = text.replace("\\-", "-").replace("\\&", "").replace("\\e", "\\")
    return text


def man_sections(text):
    """{command: text} from '.SS squint COMMAND ...' subsections (several may share a command),
    plus '' for '.SH OPTIONS' (the window's) and 'connections' for '.SH CONNECTIONS'."""
    sections = {}
    current = None
    for line in text.splitlines():
        if line.startswith(".SH "):
            title = line[4:].strip().strip('"')
            current = {"OPTIONS": "", "CONNECTIONS": "connections"}.get(title)
            continue
        if line.startswith(".SS "):
            m = re.match(r"squint ([a-z][a-z0-9-]*)", line[4:].strip().strip('"'))
            current = m.group(1) if m else None
            if current is not None and current not in sections:
                sections[current] = ""
            continue
        if current is not None:
            sections[current] = sections.get(current, "") + line + "\n"
    return sections


def doc_sections(text):
    """{command: text} from '## squint COMMAND' headings, '' for '## squint (the window)', and
    'connections' for '## Connections'."""
    sections = {}
    current = None
    for line in text.splitlines():
        if line.startswith("## "):
            title = line[3:].strip()
            m = re.match(r"squint ([a-z][a-z0-9-]*)$", title)
            if m:
                current = m.group(1)
            elif title.startswith("squint (the window)"):
                current = ""
            elif title == "Connections":
                current = "connections"
            else:
                current = None
            if current is not None:
                sections.setdefault(current, "")
            continue
        if current is not None:
            sections[current] += line + "\n"
    return sections


def mentions(text, option):
    return re.search(r"--" + re.escape(option) + r"(?![a-z0-9-])", text) is not None


def check_document(name, sections, whole, commands, options_by_command, problems):
    for option in sorted(EVERYWHERE):
        if not mentions(whole, option):
            problems.append(f"{name}: --{option} is not documented")
    for command in commands:
        if command not in sections:
            problems.append(f"{name}: no section for 'squint {command}'")
    for section in sections:
        if section not in ("", "connections") and section not in commands:
            problems.append(f"{name}: documents 'squint {section}', which 'squint --help' does not list")
    for command, options in options_by_command.items():
        label = f"squint {command}".strip()
        text = sections.get(command, "") + sections.get("connections", "")
        for option in options:
            if option not in EVERYWHERE and not mentions(text, option):
                problems.append(f"{name}: '{label}' option --{option} is not documented in its section")


def coverage(args):
    top = run_help(args.squint, [])
    commands = [m.group(1) for line in top.splitlines() if (m := COMMAND_LINE.match(line))]
    if not commands:
        return [f"'squint --help' lists no subcommand; its output was:\n{top}"]
    options_by_command = {"": long_options(top)}
    for command in commands:
        options_by_command[command] = long_options(run_help(args.squint, [command]))
        if not options_by_command[command]:
            return [f"'squint {command} --help' lists no option"]

    problems = []
    with open(args.man, encoding="utf-8") as f:
        man_source = f.read()
    man = man_plain(man_source)
    check_document(os.path.basename(args.man), man_sections(man), man, commands, options_by_command, problems)
    with open(args.doc, encoding="utf-8") as f:
        doc = f.read()
    check_document(os.path.basename(args.doc), doc_sections(doc), doc, commands, options_by_command, problems)

    th = re.search(r'^\.TH\s+SQUINT\s+1\s+\S+\s+"Squint ([^"]+)"', man_source, re.MULTILINE)
    if not th:
        problems.append(f"{os.path.basename(args.man)}: no '.TH SQUINT 1 DATE \"Squint VERSION\"' line")
    elif th.group(1) != args.version:
        problems.append(f"{os.path.basename(args.man)}: .TH names Squint {th.group(1)}, the project is {args.version}")
    count = sum(len(v) for v in options_by_command.values())
    if not problems:
        print(f"{len(commands)} subcommands and {count} options documented in both files")
    return problems


def render(args):
    groff = shutil.which("groff")
    if not groff:
        print("SKIPPED: groff is not installed (apt-get install groff-base); the manual page was not rendered")
        sys.exit(SKIP)
    env = dict(os.environ, LC_ALL="C.UTF-8")
    proc = subprocess.run([groff, "-man", "-rCHECKSTYLE=3", "-ww", "-z", "-Tutf8", args.man],
                          capture_output=True, text=True, env=env, timeout=60)
    problems = [line for line in proc.stderr.splitlines() if line.strip()]
    if proc.returncode != 0:
        problems.append(f"groff exited {proc.returncode}")
    if not problems:
        print(f"{os.path.basename(args.man)} renders without warnings")
    return problems


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="what", required=True)
    c = sub.add_parser("coverage")
    c.add_argument("--squint", required=True)
    c.add_argument("--man", required=True)
    c.add_argument("--doc", required=True)
    c.add_argument("--version", required=True)
    r = sub.add_parser("render")
    r.add_argument("--man", required=True)
    args = parser.parse_args()
    problems = coverage(args) if args.what == "coverage" else render(args)
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
