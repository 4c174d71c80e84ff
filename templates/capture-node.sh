#!/bin/sh
# benchwright node capture, as a POSIX shell script: needs sh, awk, sed, sort, tr, wc, tail,
# grep, stat, readlink and tar (busybox has them all), no Node.js, no kubectl. Read-only: it
# reads the node's files and /proc and writes one tarball (a node bundle) to standard output
# or to $OUT. It runs no audit command. Keys, certificates and anything holding PEM data are
# recorded with mode and owner only; config files are copied with every credential replaced
# (the same line rules as `benchwright node capture`). Variables: ROOT (default /), PROC
# (default /proc), OUT (default: standard output), RELEASE (the node's minor release, 1.NN).
# Written by `benchwright node capture-script`; `benchwright evaluate <benchmark> --node
# bundle.tar` reads its output.
set -u
set -f
ROOT=${ROOT:-/}
ROOT=${ROOT%/}
PROC=${PROC:-/proc}
OUT=${OUT:--}
RELEASE=${RELEASE:-}
export LC_ALL=C
umask 077
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bw-capture.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT INT TERM
B=$WORK/bundle
mkdir -p "$B" "$WORK/p"
: >"$WORK/entries"
: >"$WORK/notes"
TOTAL=0
COUNT=0
TAB=$(printf '\t')
# Fields of the entries list: a separator no path holds (IFS whitespace would merge empty fields).
US=$(printf '\037')
RECORD=0

# @watch@

note() { printf '%s\n' "$1" >>"$WORK/notes"; }

# uid and gid names from the root's own passwd and group files (first line for an id wins).
idnames() {
  resolve "/etc/$1"
  if [ -f "$ROOT$RES" ] && [ ! -L "$ROOT$RES" ]; then
    awk -F: 'NF >= 3 && $3 ~ /^[0-9]+$/ && $1 != "" && !($3 in m) { m[$3] = $1; print $3 "\t" $1 }' "$ROOT$RES"
  fi
}
name_of() { # file id
  n=$(awk -F'\t' -v id="$2" '$1 == id { print $2; exit }' "$1")
  [ -n "$n" ] && printf '%s' "$n" || printf '%s' "$2"
}

# Paths: normalised without the leading slash; `..` stops at the root.
normpath() {
  printf '%s\n' "$1" | awk -F/ '{
    n = 0
    for (i = 1; i <= NF; i++) {
      if ($i == "" || $i == ".") continue
      if ($i == "..") { if (n > 0) n--; continue }
      p[++n] = $i
    }
    s = ""
    for (i = 1; i <= n; i++) s = s (i > 1 ? "/" : "") p[i]
    print s
  }'
}

seen() { awk -F"$US" -v p="$1" '$1 == p { f = 1; exit } END { exit !f }' "$WORK/entries"; }

# Follow links in every part of a path under the root, recording each link met. Sets RES.
resolve() {
  rest=$(normpath "$1")
  cur=
  hops=0
  while [ -n "$rest" ]; do
    case $rest in
    */*) part=${rest%%/*}; rest=${rest#*/} ;;
    *) part=$rest; rest= ;;
    esac
    cand="$cur/$part"
    if [ -L "$ROOT$cand" ]; then
      t=$(readlink "$ROOT$cand")
      if [ "$RECORD" = 1 ] && ! seen "$cand"; then
        set -- $(stat -c '%u %g' "$ROOT$cand")
        printf "%s${US}symlink${US}${US}%s${US}%s${US}%s\n" "$cand" "$(name_of "$WORK/users" "$1")" "$(name_of "$WORK/groups" "$2")" "$t" >>"$WORK/entries"
        COUNT=$((COUNT + 1))
      fi
      hops=$((hops + 1))
      if [ $hops -gt 40 ]; then
        RES="$cand${rest:+/$rest}"
        return
      fi
      case $t in
      /*) next=$t ;;
      *) next="$cur/$t" ;;
      esac
      rest=$(normpath "$next${rest:+/$rest}")
      cur=
    else
      cur=$cand
    fi
  done
  RES=${cur:-/}
}

idnames passwd >"$WORK/users"
idnames group >"$WORK/groups"

# The line rules of benchwright's redaction (src/node/capture/redact.ts), in awk.
cat >"$WORK/redact.awk" <<'AWK'
function secretname(n) { return tolower(n) ~ /(^|[-_.])(token|password|passwd|secret|(secret|access|api)[-_]key)s?$/ }
function urlpw(s,   out) {
  out = ""
  while (match(s, /:\/\/[^:\/@ \t]+:[^@ \t\/]+@/)) {
    m = substr(s, RSTART, RLENGTH)
    c = index(substr(m, 4), ":") + 3
    out = out substr(s, 1, RSTART - 1) substr(m, 1, c) "REDACTED@"
    s = substr(s, RSTART + RLENGTH)
  }
  return out s
}
function flagvalue(name, value,   eq) {
  if (secretname(name)) return "REDACTED"
  if (match(value, /^[A-Za-z0-9][A-Za-z0-9_.-]*=/)) {
    inner = substr(value, 1, RLENGTH - 1)
    if (secretname(inner)) return inner "=REDACTED"
  }
  return urlpw(value)
}
function inlinekeys(s,   out, m, c, k) {
  out = ""
  while (match(s, "(\"(" K ")\"|'(" K ")'|(" K "))[ \t]*:[ \t]*(\"[^\"]*\"|'[^']*'|[^,} \t\"'][^,} \t]*)")) {
    m = substr(s, RSTART, RLENGTH)
    c = index(m, ":")
    k = substr(m, 1, c - 1)
    sub(/[ \t]+$/, "", k)
    out = out substr(s, 1, RSTART - 1) k ": \"REDACTED\""
    s = substr(s, RSTART + RLENGTH)
  }
  return out s
}
function flags(s,   out, m, eq, d, name, start, len) {
  out = ""
  while (match(s, /--?[A-Za-z0-9][A-Za-z0-9_.-]*=[^ \t"',]+/)) {
    start = RSTART
    len = RLENGTH
    m = substr(s, start, len)
    eq = index(m, "=")
    d = (substr(m, 2, 1) == "-") ? 2 : 1
    name = substr(m, d + 1, eq - d - 1)
    out = out substr(s, 1, start - 1) substr(m, 1, eq) flagvalue(name, substr(m, eq + 1))
    s = substr(s, start + len)
  }
  return out s
}
function secretkey(n,   i) {
  sub(/[+]$/, "", n)
  for (i = 1; i <= nk; i++) if (ks[i] == n) return 1
  return n ~ /[-_.]/ && secretname(n)
}
function spaced(s,   out, m, b, d, name, p, q, rs, rl) {
  out = ""
  while (match(s, /(^|[ \t"'])--?[A-Za-z0-9][A-Za-z0-9_.-]*[ \t]+("[^"]*"|'[^']*'|[^ \t"'\\-][^ \t"']*)/)) {
    rs = RSTART
    rl = RLENGTH
    m = substr(s, rs, rl)
    b = (substr(m, 1, 1) == "-") ? "" : substr(m, 1, 1)
    p = substr(m, length(b) + 1)
    match(p, /^--?/)
    d = substr(p, 1, RLENGTH)
    name = substr(p, RLENGTH + 1)
    match(name, /^[A-Za-z0-9_.-]+/)
    q = substr(name, RLENGTH + 1)
    name = substr(name, 1, RLENGTH)
    match(q, /^[ \t]+/)
    if (secretname(name)) m = b d name substr(q, 1, RLENGTH) "REDACTED"
    out = out substr(s, 1, rs - 1) m
    s = substr(s, rs + rl)
  }
  return out s
}
function assignments(s,   out, m, b, name, at, nm) {
  out = ""
  while (match(s, /(^|[ \t"'[,(])[A-Za-z_][A-Za-z0-9_.-]*=("[^"]*"|'[^']*'|[^ \t"',\]]*)/)) {
    m = substr(s, RSTART, RLENGTH)
    b = (substr(m, 1, 1) ~ /[A-Za-z_]/) ? "" : substr(m, 1, 1)
    name = substr(m, length(b) + 1)
    name = substr(name, 1, index(name, "=") - 1)
    at = RSTART - 1 + length(b) + length(name) + 1
    nm = name
    gsub(/_/, "-", nm)
    if (secretname(nm)) {
      out = out substr(s, 1, at) "REDACTED"
      s = substr(s, RSTART + RLENGTH)
    } else {
      out = out substr(s, 1, at)
      s = substr(s, at + 1)
    }
  }
  return out s
}
function indent(s) { match(s, /^[ \t]*/); return RLENGTH }
BEGIN {
  K = "access-token|client-certificate-data|client-key-data|client-secret|id-token|password|refresh-token|secret|token"
  nk = split(K, ks, "|")
  block = -1
  n = 0
}
{
  line = $0
  n++
  if (pending && line !~ /^[ \t]*$/) {
    pending = 0
    if (match(line, /^[ \t]*("[^"]*"|'[^']*'|[^ \t"'\\-][^ \t]*)/)) {
      match(line, /^[ \t]*/)
      w = RLENGTH
      match(line, /^[ \t]*("[^"]*"|'[^']*'|[^ \t"'\\-][^ \t]*)/)
      line = substr(line, 1, w) "REDACTED" substr(line, RLENGTH + 1)
    }
  }
  if (block >= 0) {
    if (line ~ /^[[:space:]]*$/ || indent(line) > block) { out[n] = ""; next }
    block = -1
  }
  if (match(line, /^[ \t]*(- )?["']?[A-Za-z0-9][A-Za-z0-9_.-]*[+]?["']?[ \t]*:/)) {
    pre = substr(line, 1, RLENGTH)
    rest = substr(line, RLENGTH + 1)
    kn = pre
    sub(/^[ \t]*(- )?["']?/, "", kn)
    sub(/[+]?["']?[ \t]*:$/, "", kn)
    gsub(/^[[:space:]]+|[[:space:]]+$/, "", rest)
    if (rest != "" && secretkey(kn)) {
      if (rest ~ /^[|>][-+0-9]*$/) {
        l2 = line
        if (match(l2, /^[ \t]*- /)) l2 = substr(l2, 1, RLENGTH - 2) "  " substr(l2, RLENGTH + 1)
        block = indent(l2)
      }
      out[n] = pre " \"REDACTED\"" (rest ~ /,$/ ? "," : "")
      next
    }
  }
  if (match(line, /(^|[ \t"'])--?[A-Za-z0-9][A-Za-z0-9_.-]*["']?[ \t]*[\\]?[ \t]*$/)) {
    e = substr(line, RSTART, RLENGTH)
    sub(/^[ \t"']*-+/, "", e)
    match(e, /^[A-Za-z0-9_.-]+/)
    if (secretname(substr(e, 1, RLENGTH))) pending = 1
  }
  l = inlinekeys(line)
  l = flags(l)
  l = spaced(l)
  l = assignments(l)
  if (match(l, /^[ \t]*(export[ \t]+)?[A-Za-z_][A-Za-z0-9_]*=/)) {
    pre = substr(l, 1, RLENGTH)
    nm = pre
    sub(/^[ \t]*(export[ \t]+)?/, "", nm)
    sub(/=$/, "", nm)
    gsub(/_/, "-", nm)
    if (secretname(nm)) l = pre "REDACTED"
  }
  out[n] = urlpw(l)
}
END {
  for (i = 1; i <= n; i++) printf "%s%s", out[i], (i < n || trail) ? "\n" : ""
}
AWK

# A command line with every credential replaced (redactArgv), its arguments joined by spaces.
cat >"$WORK/argv.awk" <<'AWK'
function secretname(n) { return tolower(n) ~ /(^|[-_.])(token|password|passwd|secret|(secret|access|api)[-_]key)s?$/ }
function urlpw(s,   out, m, c) {
  out = ""
  while (match(s, /:\/\/[^:\/@ \t]+:[^@ \t\/]+@/)) {
    m = substr(s, RSTART, RLENGTH)
    c = index(substr(m, 4), ":") + 3
    out = out substr(s, 1, RSTART - 1) substr(m, 1, c) "REDACTED@"
    s = substr(s, RSTART + RLENGTH)
  }
  return out s
}
function flagvalue(name, value,   inner) {
  if (secretname(name)) return "REDACTED"
  if (match(value, /^[A-Za-z0-9][A-Za-z0-9_.-]*=/)) {
    inner = substr(value, 1, RLENGTH - 1)
    if (secretname(inner)) return inner "=REDACTED"
  }
  return urlpw(value)
}
{ a[n++] = $0 }
END {
  out = ""
  for (i = 0; i < n; i++) {
    x = a[i]
    w = ""
    if (match(x, /^--?[A-Za-z0-9][A-Za-z0-9_.-]*/)) {
      pre = substr(x, 1, RLENGTH)
      name = pre
      sub(/^--?/, "", name)
      rest = substr(x, RLENGTH + 1)
      if (rest ~ /^=/) w = pre "=" flagvalue(name, substr(rest, 2))
      else if (rest == "" && secretname(name) && i + 1 < n && a[i + 1] !~ /^-/) { w = x " REDACTED"; i++ }
    }
    if (w == "" && i > 0 && match(x, /^[A-Za-z_][A-Za-z0-9_.-]*=/)) {
      nm = substr(x, 1, RLENGTH - 1)
      gsub(/_/, "-", nm)
      if (secretname(nm)) w = substr(x, 1, RLENGTH) "REDACTED"
    }
    if (w == "") w = (i == 0) ? x : urlpw(x)
    out = out (out == "" && i == 0 ? "" : " ") w
  }
  print out
}
AWK

# Copy a regular file (a real path) redacted, unless it holds PEM data, NUL bytes, or is too large.
copyfile() {
  src="$ROOT$1"
  size=$(wc -c <"$src" 2>/dev/null) || return
  size=$((size + 0))
  if [ "$size" -gt 1048576 ]; then
    note "$1: larger than 1048576 bytes or unreadable, recorded without a copy"
    return
  fi
  if [ $((TOTAL + size)) -gt 67108864 ]; then
    note "$1: the copies reach 67108864 bytes, recorded without a copy"
    return
  fi
  grep -q -e '-----BEGIN' "$src" 2>/dev/null && return
  [ "$(tr -d '\000' <"$src" | wc -c)" -eq "$size" ] || return
  trail=0
  [ "$size" -gt 0 ] && [ -z "$(tail -c 1 "$src" | tr -d '\n')" ] && trail=1
  mkdir -p "$B$(dirname "$1")"
  awk -v trail=$trail -f "$WORK/redact.awk" "$src" >"$B$1"
  TOTAL=$((TOTAL + size))
}

# Record a path (links on the way too); copy it when $2 is 1 and it is a safe regular file.
# Sets R_PATH (the real path) and R_TYPE (file, folder, other, or empty when missing).
record() {
  R_TYPE=
  R_PATH=$1
  case $1 in /*) ;; *) return ;; esac
  if [ $COUNT -ge 20000 ]; then
    note "more than 20000 entries: the rest is not recorded"
    return
  fi
  RECORD=1
  resolve "$1"
  RECORD=0
  R_PATH=$RES
  f="$ROOT$R_PATH"
  if [ -L "$f" ] || { [ ! -e "$f" ]; }; then
    [ -n "${3:-}" ] && note "$R_PATH ($3) is not on the node"
    return
  fi
  if [ -d "$f" ]; then R_TYPE=folder; elif [ -f "$f" ]; then R_TYPE=file; else R_TYPE=other; fi
  if seen "$R_PATH"; then
    [ "$2" = 1 ] && [ "$R_TYPE" = file ] && [ ! -f "$B$R_PATH" ] && copyfile "$R_PATH"
    return
  fi
  set -- "$2" $(stat -c '%a %u %g' "$f")
  t=$R_TYPE
  [ "$t" = other ] && t=file && note "$R_PATH is not a regular file, recorded without a copy"
  printf "%s${US}%s${US}%s${US}%s${US}%s${US}\n" "$R_PATH" "$t" "$2" "$(name_of "$WORK/users" "$3")" "$(name_of "$WORK/groups" "$4")" >>"$WORK/entries"
  COUNT=$((COUNT + 1))
  [ "$1" = 1 ] && [ "$R_TYPE" = file ] && copyfile "$R_PATH"
}

isconfig() { case $1 in *.yaml | *.yml | *.json | *.conf | *.conflist | *.manifest) return 0 ;; esac; return 1; }

names() { ls -A "$ROOT$1" 2>/dev/null | sort; }

# A folder and what is below it ($3 levels), copying config files when $2 is 1.
walk() {
  record "$1" 0 "${4:-}"
  [ "$R_TYPE" = folder ] || return
  visit "$R_PATH" 0 "$2" "$3"
}
visit() {
  [ "$2" -ge "$4" ] && return
  for n in $(names "$1"); do
    child="${1%/}/$n"
    vc=0
    [ "$3" = 1 ] && isconfig "$n" && vc=1
    record "$child" $vc
    if [ "$R_TYPE" = folder ] && [ "$R_PATH" = "$child" ]; then
      visit "$child" $(($2 + 1)) "$3" "$4"
    fi
  done
}

# --name=value and --name value pairs of an argv file (one argument a line), as name<TAB>value lines.
pairs() {
  awk 'NR > 1 {
    if (pending != "") {
      if ($0 !~ /^-/) { print pending "\t" $0; pending = ""; next }
      pending = ""
    }
    if (match($0, /^--?[A-Za-z0-9][A-Za-z0-9_.-]*/)) {
      name = substr($0, 1, RLENGTH); sub(/^--?/, "", name)
      rest = substr($0, RLENGTH + 1)
      if (rest ~ /^=/) print name "\t" substr(rest, 2)
      else if (rest == "") pending = name
    }
  }' "$1"
}

component() { # argv file -> component name or empty
  awk 'NR == 1 { n = $0; sub(/.*\//, "", n) }
       NR == 2 { h = $0; sub(/.*\//, "", h) }
       END {
         if (n == "hyperkube") n = h
         split("kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy etcd", b, " ")
         for (i = 1; i <= 6; i++) if (n == b[i]) { print b[i]; exit }
         for (i = 1; i <= 6; i++) if ("kube-" n == b[i]) { print b[i]; exit }
       }' "$1"
}

followflag() { # name value who
  old_ifs=$IFS
  IFS=,
  set -- "$1" $2
  IFS=$old_ifs
  fname=$1
  shift
  for v in "$@"; do
    case $v in /*) ;; *) continue ;; esac
    case " $CONFIG_FLAGS " in
    *" $fname "*)
      record "$v" 1 "--$fname"
      [ "$R_TYPE" = folder ] && walk "$v" 1 1
      continue
      ;;
    esac
    case $fname in
    *cert-dir) walk "$v" 0 4 "--$fname" ;;
    *data-dir) walk "$v" 0 1 "--$fname" ;;
    *) record "$v" 0 "--$fname" ;;
    esac
  done
}

fieldvalues() { # file key
  [ -f "$1" ] || return 0
  awk -v k="$2" '{
    if (match($0, "^[ \t]*[\"'"'"']?" k "[\"'"'"']?[ \t]*:[ \t]*[\"'"'"']?[^\"'"'"' \t,]+")) {
      v = substr($0, RSTART, RLENGTH); sub("^[ \t]*[\"'"'"']?" k "[\"'"'"']?[ \t]*:[ \t]*[\"'"'"']?", "", v); print v
    }
  }' "$1"
}

copied() { # node path -> the bundle copy of its real file
  resolve "$1"
  printf '%s' "$B$RES"
}

# ---- multi-component processes (src/node/capture/distros.ts, in awk) ----
# k3s and rke2: the options of the config file and its drop-ins, merged as k3s merges them
# (the last file to set a key wins, `key+:` appends), one `--key=value` a line.
cat >"$WORK/k3sconf.awk" <<'AWK'
function trim(t) { gsub(/^[ \t]+|[ \t]+$/, "", t); return t }
function scalar(t,   out, i, c, n) {
  t = trim(t)
  n = length(t)
  if (substr(t, 1, 1) == "\"") {
    out = ""
    for (i = 2; i <= n; i++) {
      c = substr(t, i, 1)
      if (c == "\\" && i < n) { i++; out = out substr(t, i, 1) }
      else if (c == "\"") return out
      else out = out c
    }
    return out
  }
  if (substr(t, 1, 1) == "'") {
    out = ""
    for (i = 2; i <= n; i++) {
      c = substr(t, i, 1)
      if (c == "'") {
        if (substr(t, i + 1, 1) == "'") { out = out "'"; i++ } else return out
      } else out = out c
    }
    return out
  }
  if (match(t, /[ \t]#/)) t = substr(t, 1, RSTART - 1)
  sub(/[ \t]+$/, "", t)
  return t
}
# Entries: key, type (s: scalar, l: list), the items (SUBSEP-joined) and their count.
function add(k, t, v, c) { ne++; ek[ne] = k; et[ne] = t; ev[ne] = v; ec[ne] = c }
FNR == 1 { open = 0 }
{
  line = $0
  sub(/\r$/, "", line)
  t = trim(line)
  if (t == "" || substr(t, 1, 1) == "#") next
  if (match(line, /^["']?[A-Za-z0-9][A-Za-z0-9_.-]*[+]?["']?[ \t]*:([ \t]|$)/)) {
    open = 0
    rest = trim(substr(line, RLENGTH + 1))
    k = line
    sub(/^["']/, "", k)
    match(k, /^[A-Za-z0-9][A-Za-z0-9_.-]*[+]?/)
    k = substr(k, 1, RLENGTH)
    if (rest == "" || substr(rest, 1, 1) == "#") { add(k, "s", "", 1); open = ne }
    else if (substr(rest, 1, 1) == "[") {
      inner = substr(rest, 2)
      if (match(inner, /\][^\]]*$/)) inner = substr(inner, 1, RSTART - 1)
      m = split(inner, parts, ",")
      v = ""; c = 0
      for (i = 1; i <= m; i++) { x = scalar(parts[i]); if (x != "") { v = (c ? v SUBSEP : "") x; c++ } }
      add(k, "l", v, c)
    } else add(k, "s", scalar(rest), 1)
    next
  }
  if (open && match(line, /^[ \t]*-[ \t]+/)) {
    x = scalar(substr(line, RLENGTH + 1))
    if (et[open] == "s") { et[open] = "l"; ev[open] = x; ec[open] = 1 }
    else { ev[open] = (ec[open] ? ev[open] SUBSEP : "") x; ec[open]++ }
  }
}
END {
  for (e = 1; e <= ne; e++) {
    k = ek[e]
    app = (k ~ /[+]$/)
    sub(/[+]$/, "", k)
    if (!(k in vt)) order[++no] = k
    if (app && (k in vt)) {
      # Both sides as lists, empty items dropped.
      v = ""; c = 0
      if (vc[k] > 0) {
        m = split(vv[k], parts, SUBSEP)
        for (i = 1; i <= m; i++) if (parts[i] != "") { v = (c ? v SUBSEP : "") parts[i]; c++ }
      }
      if (ec[e] > 0) {
        m = split(ev[e], parts, SUBSEP)
        for (i = 1; i <= m; i++) if (parts[i] != "") { v = (c ? v SUBSEP : "") parts[i]; c++ }
      }
      vt[k] = "l"; vv[k] = v; vc[k] = c
    } else { vt[k] = et[e]; vv[k] = ev[e]; vc[k] = ec[e] }
  }
  for (o = 1; o <= no; o++) {
    k = order[o]
    d = (length(k) == 1) ? "-" : "--"
    if (vt[k] == "s") print d k "=" vv[k]
    else if (vc[k] > 0) {
      # By the count: one empty item splits into no field.
      split(vv[k], parts, SUBSEP)
      for (i = 1; i <= vc[k]; i++) print d k "=" parts[i]
    }
  }
}
AWK

# The arguments a k3s or rke2 process runs with: the files' options after the subcommand,
# less those the command line names itself.
cat >"$WORK/effective.awk" <<'AWK'
BEGIN { while ((getline l < optf) > 0) opt[++no] = l }
{ a[++na] = $0 }
END {
  at = 0
  for (i = 2; i <= na; i++) if (a[i] == "server" || a[i] == "agent") { at = i; break }
  if (!at || !no) { for (i = 1; i <= na; i++) print a[i]; exit }
  for (i = at + 1; i <= na; i++)
    if (match(a[i], /^--?[A-Za-z0-9][A-Za-z0-9_.-]*(=|$)/)) {
      g = a[i]; sub(/^--?/, "", g); sub(/=.*/, "", g); given[g] = 1
    }
  for (i = 1; i <= at; i++) print a[i]
  for (o = 1; o <= no; o++) {
    g = opt[o]; sub(/^--?/, "", g); sub(/=.*/, "", g)
    if (!(g in given)) print opt[o]
  }
  for (i = at + 1; i <= na; i++) print a[i]
}
AWK

# $VAR and ${VAR} expanded from the process's environment (envf: its NAME=value lines); loaded
# with -f before argsfile.awk or expand.awk, which use it.
cat >"$WORK/envexpand.awk" <<'AWK'
function expand(s,   out, m, name) {
  out = ""
  while (match(s, /\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$[A-Za-z_][A-Za-z0-9_]*/)) {
    m = substr(s, RSTART, RLENGTH)
    name = m
    sub(/^\$\{?/, "", name)
    sub(/\}$/, "", name)
    out = out substr(s, 1, RSTART - 1) ((name in env) ? env[name] : m)
    s = substr(s, RSTART + RLENGTH)
  }
  return out s
}
BEGIN {
  while ((getline l < envf) > 0) { i = index(l, "="); if (i > 1) env[substr(l, 1, i - 1)] = substr(l, i + 1) }
}
AWK

# An args file of microk8s's kubelite read as kubelite reads it: trimmed, empty and `#` lines
# skipped, quotes removed, split on single spaces, each word expanded (envexpand.awk).
cat >"$WORK/argsfile.awk" <<'AWK'
{
  t = $0
  gsub(/^[[:space:]]+|[[:space:]]+$/, "", t)
  if (t == "" || substr(t, 1, 1) == "#") next
  gsub(/["']/, "", t)
  m = split(t, parts, / /)
  for (i = 1; i <= m; i++) if (parts[i] != "") print expand(parts[i])
}
AWK

# A path with $VAR or ${VAR} expanded (envexpand.awk alone).
cat >"$WORK/expand.awk" <<'AWK'
{ print expand($0) }
AWK

# The flags a k3s or rke2 process passes each component (`--kube-apiserver-arg=name=value`),
# as one argv file per component after the process's own: component, then its flags.
splitpassed() { # argv file
  pairs "$1" | awk -F'\t' '
    $1 == "kube-apiserver-arg" { c = "kube-apiserver" }
    $1 == "kube-controller-manager-arg" { c = "kube-controller-manager" }
    $1 == "kube-scheduler-arg" { c = "kube-scheduler" }
    $1 == "kubelet-arg" { c = "kubelet" }
    $1 == "kube-proxy-arg" { c = "kube-proxy" }
    $1 == "etcd-arg" { c = "etcd" }
    c != "" { if (!(c in seen)) { seen[c] = 1; order[++n] = c }; args[c] = args[c] "\n--" substr($0, index($0, "\t") + 1) }
    { c = "" }
    END { for (i = 1; i <= n; i++) print order[i] args[order[i]] "\n" }' >"$WORK/split"
  awk -v dir="$WORK/p" -v start="$np" 'BEGIN { RS = ""; FS = "\n"; k = start }
    { k++; f = dir "/" k; printf "%s", "" > f; for (i = 1; i <= NF; i++) print $i > f; close(f); printf "%s", $1 > (f ".c"); close(f ".c"); printf "" > (f ".split"); close(f ".split") }
    END { print k - start }' "$WORK/split" >"$WORK/nsplit"
  np=$((np + $(cat "$WORK/nsplit")))
}

# A regular file under the root (links followed) no larger than the copy limit: sets RES.
readable() { resolve "$1"; [ -f "$ROOT$RES" ] && [ ! -L "$ROOT$RES" ] && [ -r "$ROOT$RES" ] && [ "$(wc -c <"$ROOT$RES")" -le 1048576 ]; }

# ---- processes ----
np=0
: >"$WORK/mfiles"
for pid in $(ls "$PROC" 2>/dev/null | grep -E '^[0-9]+$' | sort -n); do
  [ -r "$PROC/$pid/cmdline" ] || continue
  tr '\000' '\n' <"$PROC/$pid/cmdline" >"$WORK/argv" 2>/dev/null || continue
  [ -s "$WORK/argv" ] || continue
  c=$(component "$WORK/argv")
  base=$(head -n 1 "$WORK/argv" | sed 's#.*/##')
  if [ -n "$c" ]; then
    np=$((np + 1))
    cp "$WORK/argv" "$WORK/p/$np"
    printf '%s' "$c" >"$WORK/p/$np.c"
    if [ "$c" = etcd ] && [ -r "$PROC/$pid/environ" ]; then
      tr '\000' '\n' <"$PROC/$pid/environ" | grep -E '^ETCD_[A-Z0-9_]+=' >"$WORK/p/$np.env"
    fi
    continue
  fi
  case $base in k3s | rke2 | kubelite) ;; *) continue ;; esac
  : >"$WORK/env"
  [ -r "$PROC/$pid/environ" ] && tr '\000' '\n' <"$PROC/$pid/environ" >"$WORK/env" 2>/dev/null
  np=$((np + 1))
  : >"$WORK/p/$np.c"
  if [ "$base" = kubelite ]; then
    cp "$WORK/argv" "$WORK/p/$np"
    pairs "$WORK/argv" >"$WORK/kpairs"
    start=$(awk 'NR > 1 {
        if ($0 ~ /^--?start-control-plane$/) on = 1
        else if ($0 ~ /^--?start-control-plane=/) { v = $0; sub(/^--?start-control-plane=/, "", v); on = (tolower(v) ~ /^(0|f|false)$/) ? 0 : 1 }
      }
      BEGIN { on = 1 } END { print on }' "$WORK/argv")
    for spec in apiserver-args-file:kube-apiserver:1 controller-manager-args-file:kube-controller-manager:1 \
      scheduler-args-file:kube-scheduler:1 proxy-args-file:kube-proxy:0 kubelet-args-file:kubelet:0; do
      flag=${spec%%:*}
      rest=${spec#*:}
      comp=${rest%%:*}
      [ "${rest#*:}" = 1 ] && [ "$start" = 0 ] && continue
      path=$(awk -F'\t' -v f="$flag" '$1 == f { v = substr($0, length(f) + 2) } END { print v }' "$WORK/kpairs")
      [ -n "$path" ] || path=/var/snap/microk8s/current/args/$comp
      path=$(printf '%s\n' "$path" | awk -v envf="$WORK/env" -f "$WORK/envexpand.awk" -f "$WORK/expand.awk")
      printf '%s\t%s\n' "$path" "kubelite --$flag" >>"$WORK/mfiles"
      # kubelite stops when a file is missing: a component without its file is not running.
      readable "$path" || continue
      np=$((np + 1))
      { printf '%s\n' "$comp"; awk -v envf="$WORK/env" -f "$WORK/envexpand.awk" -f "$WORK/argsfile.awk" "$ROOT$RES"; } >"$WORK/p/$np"
      printf '%s' "$comp" >"$WORK/p/$np.c"
      : >"$WORK/p/$np.split"
    done
    continue
  fi
  # k3s, rke2: the config file ($K3S_CONFIG_FILE, --config/-c, or the default) and its drop-ins.
  if [ "$base" = k3s ]; then var=K3S_CONFIG_FILE; conf=/etc/rancher/k3s/config.yaml; else var=RKE2_CONFIG_FILE; conf=/etc/rancher/rke2/config.yaml; fi
  fromenv=$(awk -v k="$var" 'index($0, k "=") == 1 { v = substr($0, length(k) + 2) } END { print v }' "$WORK/env")
  if [ -n "$fromenv" ]; then conf=$fromenv; else
    conf=$(awk -v d="$conf" 'NR > 1 && !done {
        if ($0 == "--config" || $0 == "-c") { want = 1; next }
        if (want) { v = $0; done = 1; next }
        if ($0 ~ /^(--config|-c)=/) { v = $0; sub(/^(--config|-c)=/, "", v); done = 1 }
      }
      END { if (want && !done) print d; else if (done) print v; else print d }' "$WORK/argv")
  fi
  printf '%s\t\n' "$conf" >>"$WORK/mfiles"
  set --
  readable "$conf" && set -- "$ROOT$RES"
  resolve "$conf.d"
  if [ -d "$ROOT$RES" ] && [ ! -L "$ROOT$RES" ]; then
    for n in $(names "$RES"); do
      case $(printf '%s' "$n" | tr 'A-Z' 'a-z') in *.yaml | *.yml) ;; *) continue ;; esac
      resolve "$conf.d/$n"
      [ -f "$ROOT$RES" ] && [ ! -L "$ROOT$RES" ] || continue
      printf '%s\t\n' "${conf%/}.d/$n" >>"$WORK/mfiles"
      readable "$conf.d/$n" && set -- "$@" "$ROOT$RES"
    done
  fi
  if [ $# -gt 0 ]; then awk -f "$WORK/k3sconf.awk" "$@" >"$WORK/opts"; else : >"$WORK/opts"; fi
  awk -v optf="$WORK/opts" -f "$WORK/effective.awk" "$WORK/argv" >"$WORK/p/$np"
  splitpassed "$WORK/p/$np"
done
# A component that also runs as its own process (rke2's static Pods) is that process.
i=0
: >"$WORK/alone"
while [ $i -lt $np ]; do
  i=$((i + 1))
  [ -e "$WORK/p/$i.split" ] || cat "$WORK/p/$i.c" >>"$WORK/alone"
  [ -e "$WORK/p/$i.split" ] || echo >>"$WORK/alone"
done
i=0
while [ $i -lt $np ]; do
  i=$((i + 1))
  [ -e "$WORK/p/$i.split" ] && grep -q -x -F -e "$(cat "$WORK/p/$i.c")" "$WORK/alone" && : >"$WORK/p/$i.drop"
done
while IFS="$TAB" read -r f why; do record "$f" 1 "$why"; done <"$WORK/mfiles"

# ---- units, drop-ins and the environment files they name ----
: >"$WORK/units"
for folder in $SYSTEMD; do
  for u in kubelet kube-apiserver kube-controller-manager kube-scheduler kube-proxy etcd k3s k3s-agent rke2-server rke2-agent; do
    record "$folder/$u.service" 1
    [ "$R_TYPE" = file ] && printf '%s\n' "$R_PATH" >>"$WORK/units"
    resolve "$folder/$u.service.d"
    if [ -d "$ROOT$RES" ] && [ ! -L "$ROOT$RES" ]; then
      record "$folder/$u.service.d" 0
      rd=$RES
      for n in $(names "$rd"); do
        case $n in *.conf) record "$folder/$u.service.d/$n" 1; printf '%s\n' "$R_PATH" >>"$WORK/units" ;; esac
      done
    fi
  done
done
while read -r u; do
  [ -f "$B$u" ] || continue
  for f in $(sed -n "s/^[ $TAB]*EnvironmentFile[ $TAB]*=[ $TAB]*-\{0,1\}\([^ $TAB]*\).*/\1/p" "$B$u"); do record "$f" 1; done
done <"$WORK/units"

# ---- every path flag of every component ----
i=0
while [ $i -lt $np ]; do
  i=$((i + 1))
  [ -e "$WORK/p/$i.drop" ] && continue
  c=$(cat "$WORK/p/$i.c")
  [ -n "$c" ] || continue
  pairs "$WORK/p/$i" >"$WORK/pairs"
  while IFS="$TAB" read -r name value; do followflag "$name" "$value" "$c"; done <"$WORK/pairs"
done

# ---- the kubelet's config: static Pod folder, CA and serving certificate ----
: >"$WORK/podpaths"
i=0
while [ $i -lt $np ]; do
  i=$((i + 1))
  [ -e "$WORK/p/$i.drop" ] && continue
  c=$(cat "$WORK/p/$i.c")
  [ "$c" = kubelet ] || continue
  pairs "$WORK/p/$i" | awk -F'\t' '$1 == "config" { print $2 }' >"$WORK/configs"
  while read -r cfg; do
    fc=$(copied "$cfg")
    fieldvalues "$fc" staticPodPath >>"$WORK/podpaths"
    for k in clientCAFile tlsCertFile tlsPrivateKeyFile; do
      for v in $(fieldvalues "$fc" $k); do record "$v" 0 "kubelet config $k"; done
    done
  done <"$WORK/configs"
done
i=0
while [ $i -lt $np ]; do
  i=$((i + 1))
  [ -e "$WORK/p/$i.drop" ] && continue
  [ -n "$(cat "$WORK/p/$i.c")" ] || continue
  pairs "$WORK/p/$i" | awk -F'\t' '$1 == "pod-manifest-path" && $2 ~ /^\// { print $2 }' >>"$WORK/podpaths"
done
[ -s "$WORK/podpaths" ] || echo /etc/kubernetes/manifests >"$WORK/podpaths"
awk '!($0 in s) { s[$0] = 1; print }' "$WORK/podpaths" >"$WORK/podpaths.u"
: >"$WORK/manifests"
while read -r folder; do
  walk "$folder" 1 1
  resolve "$folder"
  real=$RES
  for n in $(names "$real"); do isconfig "$n" && printf '%s\n' "${real%/}/$n" >>"$WORK/manifests"; done
done <"$WORK/podpaths.u"
while read -r m; do
  fc=$(copied "$m")
  [ -f "$fc" ] || continue
  grep -o -E -e "--[A-Za-z0-9][A-Za-z0-9_.-]*=[\"']?/[^\"' 	,]*" "$fc" | sed -E "s/^--//; s/=[\"']?/$TAB/" >"$WORK/mflags"
  while IFS="$TAB" read -r name value; do followflag "$name" "$value" "$m"; done <"$WORK/mflags"
done <"$WORK/manifests"

# ---- an AdmissionConfiguration's plugin configuration files ----
i=0
while [ $i -lt $np ]; do
  i=$((i + 1))
  [ -e "$WORK/p/$i.drop" ] && continue
  [ -n "$(cat "$WORK/p/$i.c")" ] || continue
  pairs "$WORK/p/$i" | awk -F'\t' '$1 == "admission-control-config-file" { print $2 }' >"$WORK/adm"
  while read -r a; do
    for p in $(fieldvalues "$(copied "$a")" path); do record "$p" 1 "plugin configuration in $a"; done
  done <"$WORK/adm"
done

# ---- every path a shipped benchmark asks about ----
for p in $WATCH_COPY; do
  record "$p" 1
  [ "$R_TYPE" = folder ] && walk "$p" 1 1
done
for p in $WATCH_LIST; do record "$p" 0; done
for p in $WATCH_BELOW; do walk "${p#*:}" "${p%%:*}" 4; done

# ---- the bundle's index ----
q() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g' | tr -d '\000-\037'; }
NAME=
resolve /etc/hostname
[ -f "$ROOT$RES" ] && [ ! -L "$ROOT$RES" ] && NAME=$(awk 'NF { sub(/^[ \t]+/, ""); sub(/[ \t\r]+$/, ""); print; exit }' "$ROOT$RES")
if [ -z "$RELEASE" ]; then
  while read -r m; do
    fc=$(copied "$m")
    [ -f "$fc" ] || continue
    RELEASE=$(grep -o -E "image:[ 	]*[\"']?[^ 	]*/(kube-apiserver|kube-controller-manager|kube-scheduler|kube-proxy):v[0-9]+\.[0-9]+\." "$fc" | head -n 1 | sed -E 's/.*:v([0-9]+)\.([0-9]+)\..*/\1.\2/')
    [ -n "$RELEASE" ] && break
  done <"$WORK/manifests"
fi
{
  echo '# benchwright node bundle index: modes, owners, processes and API objects of the node.'
  echo 'apiVersion: benchwright.dev/v1alpha1'
  echo 'kind: NodeBundle'
  echo 'node:'
  [ -n "$NAME" ] && echo "  name: \"$(q "$NAME")\""
  [ -n "$RELEASE" ] && echo "  release: \"$RELEASE\""
  [ -z "$NAME$RELEASE" ] && echo '  {}'
  sort -t "$US" -k1,1 "$WORK/entries" | awk -F"$US" '!($1 in s) { s[$1] = 1; print }' >"$WORK/entries.s"
  if [ -s "$WORK/entries.s" ]; then echo 'files:'; else echo 'files: []'; fi
  while IFS="$US" read -r path type mode owner group target; do
    line="  - { path: \"$(q "$path")\", type: $type"
    [ -n "$mode" ] && line="$line, mode: \"$mode\""
    line="$line, owner: \"$(q "$owner")\", group: \"$(q "$group")\""
    [ "$type" = symlink ] && line="$line, target: \"$(q "$target")\""
    echo "$line }"
  done <"$WORK/entries.s"
  if [ $np -gt 0 ]; then echo 'processes:'; else echo 'processes: []'; fi
  i=0
  while [ $i -lt $np ]; do
    i=$((i + 1))
    [ -e "$WORK/p/$i.drop" ] && continue
    cmd=$(awk -f "$WORK/argv.awk" "$WORK/p/$i" 2>/dev/null || true)
    echo "  - command: \"$(q "$cmd")\""
    if [ -s "$WORK/p/$i.env" ]; then
      printf '    environment: {'
      sep=' '
      while IFS= read -r kv; do
        k=${kv%%=*}
        v=${kv#*=}
        lk=$(printf '%s' "$k" | tr '_' '-' | tr 'A-Z' 'a-z')
        printf '%s' "$lk" | grep -q -E '(^|[-_.])(token|password|passwd|secret|(secret|access|api)[-_]key)s?$' && v=REDACTED
        printf '%s"%s": "%s"' "$sep" "$(q "$k")" "$(q "$v")"
        sep=', '
      done <"$WORK/p/$i.env"
      echo ' }'
    fi
  done
} >"$WORK/index.tmp" 2>/dev/null
# ---- the bundle folder, then the tarball ----
while IFS="$US" read -r path type mode owner group target; do
  case $type in
  folder) mkdir -p "$B$path" ;;
  symlink)
    mkdir -p "$B$(dirname "$path")"
    ln -s "$target" "$B$path"
    ;;
  esac
done <"$WORK/entries.s"
mv "$WORK/index.tmp" "$B/node-bundle.yaml"
sort -u "$WORK/notes" | sed 's/^/note: /' >&2
if [ "$OUT" = - ]; then
  tar -cf - -C "$WORK" bundle
else
  tar -cf "$OUT.tmp.$$" -C "$WORK" bundle && mv "$OUT.tmp.$$" "$OUT"
fi
