#!/usr/bin/env bash
# gantry's builder: stages an app with buildpacks into a droplet, inside the
# stack image (bash, coreutils, tar, gzip and busybox; no node), so what is
# built is what runs. It follows Cloud Foundry's buildpack lifecycle:
#
#   no --skip-detect   every buildpack's bin/detect runs in --buildpack-order;
#                      the first that passes stages the app alone.
#   --skip-detect      the named buildpacks all run: every one but the last runs
#                      bin/supply only; the last runs bin/supply (if it has one)
#                      and bin/finalize, or the deprecated bin/compile.
#   then               bin/release of the last buildpack gives the start command
#                      (default_process_types.web); a Procfile `web:` line wins.
#
# Arguments each script gets (the CF convention):
#   detect   BUILD_DIR
#   supply   BUILD_DIR CACHE_DIR DEPS_DIR DEPS_INDEX
#   finalize BUILD_DIR CACHE_DIR DEPS_DIR DEPS_INDEX PROFILE_DIR
#   compile  BUILD_DIR CACHE_DIR
#   release  BUILD_DIR
#
# The droplet (--output-droplet, a .tgz) holds app/, deps/, profile.d/, tmp/,
# logs/ and staging_info.yml (detected_buildpack, start_command). Staging paths
# are the runtime paths (--droplet-root, default /home/vcap), so absolute paths a
# buildpack writes keep working when the cell unpacks the droplet there.
# At runtime the launcher (src/lifecycle/launcher/launcher.sh) sets DEPS_DIR,
# enters app/ and sources profile.d/*.sh, deps/*/profile.d/*.sh (where supply
# scripts put theirs), app/.profile.d/*.sh and app/.profile, then runs
# start_command.
#
# The build cache is one directory per buildpack name, carried between stagings
# as a .tgz (--cache-in from the previous staging, --cache-out for the next).
#
# The result (--output-metadata) is one JSON object: droplet digest and size,
# start command, detected buildpack, the buildpacks that ran, cache digest.
#
# Exit codes (as CF's): 1 system error, 222 no buildpack detected, 223 compile
# or finalize failed, 224 release failed, 225 supply failed. On failure the
# last line on stderr says which step failed.
set -uo pipefail

readonly EXIT_SYSTEM=1 EXIT_DETECT=222 EXIT_COMPILE=223 EXIT_RELEASE=224 EXIT_SUPPLY=225
readonly DETECT_FAIL_MSG='None of the buildpacks detected a compatible application'

usage() {
  cat <<'EOF'
usage: builder.sh --buildpacks-dir DIR --buildpack-order NAME[,NAME...] [options]

  --app-dir DIR              the app's source, copied into the build dir (default: the build dir already holds it)
  --droplet-root DIR         where app/, deps/, profile.d/ are made (default /home/vcap)
  --buildpacks-dir DIR       holds each buildpack as DIR/NAME (a directory) or DIR/NAME.tgz|.tar.gz|.zip
  --buildpack-order LIST     comma-separated buildpack names, in order
  --skip-detect              use every named buildpack (supply…, then the last finalizes) instead of detecting
  --cache-in FILE            build cache .tgz from the previous staging (absent or empty: cold cache)
  --cache-out FILE           where to write the build cache .tgz for the next staging
  --output-droplet FILE      where to write the droplet .tgz
  --output-metadata FILE     where to write the result JSON
  --work-dir DIR             scratch space (default: a fresh dir under $TMPDIR)
  --stack NAME               exported to the scripts as CF_STACK (default bookworm)
EOF
}

say() { printf -- '-----> %s\n' "$*"; }
warn() { printf 'builder: warning: %s\n' "$*" >&2; }
# fail CODE MESSAGE: the last line on stderr names the step that failed.
fail() {
  local code=$1; shift
  printf 'builder: failed: %s\n' "$*" >&2
  exit "$code"
}

# --- text helpers (pure; builder.test sources this file to check them) ---------

# JSON string literal of $1.
json_str() {
  local s=$1 out='' i c code
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/\\r}
  s=${s//$'\t'/\\t}
  if [[ $s =~ [[:cntrl:]] ]]; then
    for ((i = 0; i < ${#s}; i++)); do
      c=${s:i:1}
      if [[ $c =~ [[:cntrl:]] ]]; then
        printf -v code '%d' "'$c"
        printf -v c '\\u%04x' "$code"
      fi
      out+=$c
    done
    s=$out
  fi
  printf '"%s"' "$s"
}

trim() {
  local s=$1
  s=${s#"${s%%[![:space:]]*}"}
  s=${s%"${s##*[![:space:]]}"}
  printf '%s' "$s"
}

# The value of a one-line YAML scalar: "double" (JSON-style escapes), 'single'
# ('' is a quote), or plain (a " #" starts a comment). Prints nothing for ~/null.
yaml_scalar() {
  local v
  v=$(trim "$1")
  case $v in
    \"*)
      v=${v#\"}
      local out='' i c
      for ((i = 0; i < ${#v}; i++)); do
        c=${v:i:1}
        if [[ $c == '\' ]]; then
          i=$((i + 1)); c=${v:i:1}
          case $c in
            n) out+=$'\n' ;; t) out+=$'\t' ;; r) out+=$'\r' ;;
            u) local ch; printf -v ch "\\u${v:i+1:4}"; out+=$ch; i=$((i + 4)) ;;
            *) out+=$c ;;
          esac
        elif [[ $c == '"' ]]; then
          break
        else
          out+=$c
        fi
      done
      printf '%s' "$out" ;;
    \'*)
      v=${v#\'}
      local out='' i c
      for ((i = 0; i < ${#v}; i++)); do
        c=${v:i:1}
        if [[ $c == "'" ]]; then
          if [[ ${v:i+1:1} == "'" ]]; then out+="'"; i=$((i + 1)); else break; fi
        else
          out+=$c
        fi
      done
      printf '%s' "$out" ;;
    *)
      [[ $v == *' #'* ]] && v=$(trim "${v%%' #'*}")
      [[ $v == '#'* ]] && v=''
      case $v in '~' | null | Null | NULL) v='' ;; esac
      printf '%s' "$v" ;;
  esac
}

# A block scalar (`|` or `>`): the lines after the key that are indented more
# than it, literal (|) or folded into one line (>); chomped of trailing newlines.
yaml_block() {
  local style=$1 key_indent=$2; shift 2
  local out='' line stripped indent block_indent=-1
  for line in "$@"; do
    stripped=${line#"${line%%[! ]*}"}
    indent=$(( ${#line} - ${#stripped} ))
    if [[ -z $stripped ]]; then out+=$'\n'; continue; fi
    (( indent <= key_indent )) && break
    (( block_indent < 0 )) && block_indent=$indent
    out+="${line:block_indent}"$'\n'
  done
  out=${out%%$'\n'}
  while [[ $out == *$'\n' ]]; do out=${out%$'\n'}; done
  if [[ $style == '>'* ]]; then out=${out//$'\n'/ }; fi
  printf '%s' "$out"
}

# The `web` entry of a flow mapping "{web: x, worker: y}".
yaml_flow_web() {
  local body=$1 re_dq='(^|[{,[:space:]])web:[[:space:]]*("([^"\\]|\\.)*")' re_sq="(^|[{,[:space:]])web:[[:space:]]*('([^']|'')*')" re_plain='(^|[{,[:space:]])web:[[:space:]]*([^,}]*)'
  if [[ $body =~ $re_dq ]]; then yaml_scalar "${BASH_REMATCH[2]}"
  elif [[ $body =~ $re_sq ]]; then yaml_scalar "${BASH_REMATCH[2]}"
  elif [[ $body =~ $re_plain ]]; then yaml_scalar "${BASH_REMATCH[2]}"
  fi
}

# Reads YAML on stdin and prints the `web` entry of the mapping under the
# top-level key $1, or at the top level when $1 is empty (a Procfile). A small
# subset of YAML: what buildpacks' release output and Procfiles use.
yaml_web() {
  local parent=$1 line stripped indent in_parent=0 child_indent=-1 value i
  local -a lines=()
  while IFS= read -r line || [[ -n $line ]]; do lines+=("${line%$'\r'}"); done
  for ((i = 0; i < ${#lines[@]}; i++)); do
    line=${lines[i]}
    stripped=${line#"${line%%[! ]*}"}
    indent=$(( ${#line} - ${#stripped} ))
    [[ -z $stripped || $stripped == '#'* || $stripped == '---'* || $stripped == '...'* ]] && continue
    if [[ -z $parent ]]; then
      (( indent == 0 )) || continue
      if [[ $stripped =~ ^web:([[:space:]]+(.*))?$ ]]; then
        value=${BASH_REMATCH[2]}
      else
        continue
      fi
    else
      if (( indent == 0 )); then
        in_parent=0
        if [[ $stripped =~ ^${parent}:[[:space:]]*(.*)$ ]]; then
          value=$(trim "${BASH_REMATCH[1]}")
          if [[ $value == '{'* ]]; then yaml_flow_web "$value"; return 0; fi
          in_parent=1; child_indent=-1
        fi
        continue
      fi
      (( in_parent )) || continue
      (( child_indent < 0 )) && child_indent=$indent
      (( indent == child_indent )) || continue
      if [[ $stripped =~ ^web:([[:space:]]+(.*))?$ ]]; then
        value=${BASH_REMATCH[2]}
      else
        continue
      fi
    fi
    value=$(trim "$value")
    if [[ $value =~ ^[\|\>][+-]?$ ]]; then
      yaml_block "$value" "$indent" "${lines[@]:i+1}"
    else
      yaml_scalar "$value"
    fi
    return 0
  done
  return 0
}

# The start command: the app's Procfile `web:` wins over the release's
# default_process_types.web. $1: Procfile path (may not exist); $2: release YAML.
choose_start_command() {
  local procfile=$1 release=$2 cmd=''
  [[ -f $procfile ]] && cmd=$(yaml_web '' <"$procfile")
  [[ -z $cmd ]] && cmd=$(printf '%s\n' "$release" | yaml_web default_process_types)
  printf '%s' "$cmd"
}

# CF pads the deps index to the digits of the number of buildpacks: 0..9, 00..10.
deps_index() {
  local i=$1 count=$2
  printf "%0${#count}d" "$i"
}

cache_key() { printf '%s' "${1//[^A-Za-z0-9._-]/_}"; }

# --- the staging steps ---------------------------------------------------------

# Locates (and unpacks, for archives) buildpack $1; prints the dir holding bin/.
resolve_buildpack() {
  local name=$1 src dest entries
  if [[ -d $BUILDPACKS_DIR/$name ]]; then
    src=$BUILDPACKS_DIR/$name
  else
    dest=$WORK_DIR/buildpacks/$(cache_key "$name")
    if [[ ! -d $dest ]]; then
      mkdir -p "$dest.part" || return 1
      if [[ -f $BUILDPACKS_DIR/$name.tgz ]]; then tar -xzf "$BUILDPACKS_DIR/$name.tgz" -C "$dest.part" || return 1
      elif [[ -f $BUILDPACKS_DIR/$name.tar.gz ]]; then tar -xzf "$BUILDPACKS_DIR/$name.tar.gz" -C "$dest.part" || return 1
      elif [[ -f $BUILDPACKS_DIR/$name.zip ]]; then
        busybox unzip -q -o "$BUILDPACKS_DIR/$name.zip" -d "$dest.part" >&2 || return 1
        # Zips made elsewhere often carry no unix modes: a buildpack's scripts must run.
        find "$dest.part" -path '*/bin/*' -type f -exec chmod u+x {} + || return 1
      else
        rmdir "$dest.part"
        echo "buildpack '$name' not found in $BUILDPACKS_DIR (looked for a directory, $name.tgz, $name.tar.gz, $name.zip)" >&2
        return 1
      fi
      # Only a whole unpack counts as unpacked.
      mv "$dest.part" "$dest" || return 1
    fi
    src=$dest
  fi
  if [[ ! -d $src/bin ]]; then
    # An archive of a directory: one top-level entry holding bin/.
    entries=("$src"/*)
    if [[ ${#entries[@]} -eq 1 && -d ${entries[0]}/bin ]]; then
      src=${entries[0]}
    else
      echo "malformed buildpack '$name': no bin/ directory in $src" >&2
      return 1
    fi
  fi
  printf '%s' "$src"
}

# run_script BUILDPACK_NAME SCRIPT ARGS...: the script's stdout and stderr go to
# the builder's; returns its exit status.
run_script() {
  local name=$1 script=$2; shift 2
  if [[ ! -x $script ]]; then
    echo "buildpack '$name': $script is not executable" >&2
    return 126
  fi
  (cd "$BUILD_DIR" && "$script" "$@")
}

setup() {
  BUILD_DIR=$DROPLET_ROOT/app
  DEPS_DIR=$DROPLET_ROOT/deps
  PROFILE_DIR=$DROPLET_ROOT/profile.d
  CACHE_ROOT=$WORK_DIR/cache
  mkdir -p "$BUILD_DIR" "$DEPS_DIR" "$PROFILE_DIR" "$DROPLET_ROOT/tmp" "$DROPLET_ROOT/logs" "$CACHE_ROOT" \
    "$(dirname "$OUTPUT_DROPLET")" "$(dirname "$OUTPUT_METADATA")" "$(dirname "$CACHE_OUT")" ||
    fail $EXIT_SYSTEM "setting up the staging directories under $DROPLET_ROOT and $WORK_DIR"
  if [[ -n $APP_DIR ]]; then
    [[ -d $APP_DIR ]] || fail $EXIT_SYSTEM "app dir $APP_DIR does not exist"
    cp -R --preserve=mode,timestamps,links "$APP_DIR/." "$BUILD_DIR/" || fail $EXIT_SYSTEM "copying the app from $APP_DIR into $BUILD_DIR"
  fi
  if [[ -n $CACHE_IN && -s $CACHE_IN ]]; then
    if tar -xzf "$CACHE_IN" -C "$CACHE_ROOT" 2>/dev/null; then
      say "Restored the build cache ($(du -sk "$CACHE_ROOT" | cut -f1) KB)"
    else
      # A damaged cache costs time, not correctness: start cold.
      warn "the build cache $CACHE_IN could not be unpacked; staging with an empty cache"
      rm -rf "$CACHE_ROOT" && mkdir -p "$CACHE_ROOT"
    fi
  fi
}

# Sets SELECTED (names that run, in order), FINAL_DIR and DETECT_OUTPUT.
detect() {
  local name dir out status
  for name in "${ORDER[@]}"; do
    if ! dir=$(resolve_buildpack "$name"); then continue; fi
    if [[ ! -x $dir/bin/detect ]]; then
      warn "buildpack '$name' has no executable bin/detect; skipping it"
      continue
    fi
    out=$(cd "$BUILD_DIR" && "$dir/bin/detect" "$BUILD_DIR")
    status=$?
    if [[ $status -eq 0 ]]; then
      SELECTED=("$name")
      FINAL_DIR=$dir
      DETECT_OUTPUT=$(trim "$out")
      say "Detected buildpack: $name${DETECT_OUTPUT:+ ($DETECT_OUTPUT)}"
      return 0
    fi
  done
  fail $EXIT_DETECT "detect: $DETECT_FAIL_MSG (tried: ${ORDER[*]})"
}

supply_all() {
  local count=${#ORDER[@]} i name dir idx cache status
  local -a dirs=()
  # Check every supply buildpack before running any, as CF does.
  for ((i = 0; i < count - 1; i++)); do
    name=${ORDER[i]}
    dir=$(resolve_buildpack "$name") || fail $EXIT_SUPPLY "supply: buildpack '$name' could not be used"
    [[ -e $dir/bin/supply ]] || fail $EXIT_SUPPLY "supply: buildpack '$name' has no bin/supply, so it cannot supply dependencies to a multi-buildpack app"
    dirs+=("$dir")
  done
  for ((i = 0; i < count - 1; i++)); do
    name=${ORDER[i]}
    idx=$(deps_index "$i" "$count")
    cache=$CACHE_ROOT/$(cache_key "$name")
    mkdir -p "$cache" "$DEPS_DIR/$idx"
    say "Supplying dependencies with buildpack $name (deps index $idx)"
    run_script "$name" "${dirs[i]}/bin/supply" "$BUILD_DIR" "$cache" "$DEPS_DIR" "$idx"
    status=$?
    [[ $status -eq 0 ]] || fail $EXIT_SUPPLY "supply: buildpack '$name' bin/supply exited with status $status"
  done
  name=${ORDER[count - 1]}
  FINAL_DIR=$(resolve_buildpack "$name") || fail $EXIT_SUPPLY "finalize: buildpack '$name' could not be used"
  SELECTED=("${ORDER[@]}")
}

finalize() {
  local count=${#SELECTED[@]} name idx cache status
  name=${SELECTED[count - 1]}
  idx=$(deps_index $((count - 1)) "$count")
  cache=$CACHE_ROOT/$(cache_key "$name")
  mkdir -p "$cache" "$DEPS_DIR/$idx"
  if [[ -e $FINAL_DIR/bin/finalize ]]; then
    if [[ -e $FINAL_DIR/bin/supply ]]; then
      say "Supplying dependencies with buildpack $name (deps index $idx)"
      run_script "$name" "$FINAL_DIR/bin/supply" "$BUILD_DIR" "$cache" "$DEPS_DIR" "$idx"
      status=$?
      [[ $status -eq 0 ]] || fail $EXIT_SUPPLY "supply: buildpack '$name' bin/supply exited with status $status"
    fi
    say "Finalizing with buildpack $name"
    run_script "$name" "$FINAL_DIR/bin/finalize" "$BUILD_DIR" "$cache" "$DEPS_DIR" "$idx" "$PROFILE_DIR"
    status=$?
    [[ $status -eq 0 ]] || fail $EXIT_COMPILE "finalize: buildpack '$name' bin/finalize exited with status $status"
  elif [[ -e $FINAL_DIR/bin/compile ]]; then
    if (( count > 1 )); then
      warn "the last buildpack ($name) has no bin/finalize, so it cannot use the dependencies the buildpacks before it supplied"
    fi
    rmdir "$DEPS_DIR/$idx" 2>/dev/null || rm -rf "${DEPS_DIR:?}/$idx"
    say "Compiling with buildpack $name (deprecated bin/compile)"
    run_script "$name" "$FINAL_DIR/bin/compile" "$BUILD_DIR" "$cache"
    status=$?
    [[ $status -eq 0 ]] || fail $EXIT_COMPILE "compile: buildpack '$name' bin/compile exited with status $status"
  else
    fail $EXIT_COMPILE "finalize: buildpack '$name' has neither bin/finalize nor bin/compile"
  fi
}

# Sets START_COMMAND from release (and the Procfile).
release() {
  local name=${SELECTED[${#SELECTED[@]} - 1]} out='' status
  if [[ -e $FINAL_DIR/bin/release ]]; then
    out=$(run_script "$name" "$FINAL_DIR/bin/release" "$BUILD_DIR")
    status=$?
    [[ $status -eq 0 ]] || fail $EXIT_RELEASE "release: buildpack '$name' bin/release exited with status $status"
  else
    warn "buildpack '$name' has no bin/release"
  fi
  START_COMMAND=$(choose_start_command "$BUILD_DIR/Procfile" "$out")
  if [[ -z $START_COMMAND ]]; then
    warn 'No start command specified by buildpack or via Procfile.'
    warn 'App will not start unless a command is provided at runtime.'
  elif [[ -f $BUILD_DIR/Procfile && -n $(yaml_web '' <"$BUILD_DIR/Procfile") ]]; then
    say "Start command (from the Procfile): $START_COMMAND"
  else
    say "Start command (from buildpack $name): $START_COMMAND"
  fi
}

package_droplet() {
  local detected=$1
  # JSON, which is YAML, as CF writes it: one line the launcher can read with sed.
  printf '{"detected_buildpack":%s,"start_command":%s}\n' "$(json_str "$detected")" "$(json_str "$START_COMMAND")" \
    >"$DROPLET_ROOT/staging_info.yml" || fail $EXIT_SYSTEM "writing staging_info.yml"
  # gzip -1: droplets travel over loopback and local disks; speed beats size.
  tar -C "$DROPLET_ROOT" -cf - app deps profile.d tmp logs staging_info.yml | gzip -1 >"$OUTPUT_DROPLET" ||
    fail $EXIT_SYSTEM "packing the droplet into $OUTPUT_DROPLET"
}

package_cache() {
  local d keep name
  # Keep only the caches of the buildpacks that ran, as CF does.
  for d in "$CACHE_ROOT"/*; do
    [[ -e $d ]] || continue
    keep=0
    for name in "${SELECTED[@]}"; do [[ $(basename "$d") == "$(cache_key "$name")" ]] && keep=1; done
    (( keep )) || rm -rf "$d"
  done
  tar -C "$CACHE_ROOT" -cf - . | gzip -1 >"$CACHE_OUT" || fail $EXIT_SYSTEM "packing the build cache into $CACHE_OUT"
}

write_result() {
  local detected=$1 digest size cache_digest name sep=''
  digest=$(sha256sum "$OUTPUT_DROPLET" | cut -d' ' -f1)
  size=$(stat -c %s "$OUTPUT_DROPLET")
  cache_digest=$(sha256sum "$CACHE_OUT" | cut -d' ' -f1)
  {
    printf '{"droplet":"sha256:%s","droplet_size":%s,"start_command":%s,"detected_buildpack":%s,' \
      "$digest" "$size" "$(json_str "$START_COMMAND")" "$(json_str "$detected")"
    printf '"buildpacks":['
    for name in "${SELECTED[@]}"; do printf '%s%s' "$sep" "$(json_str "$name")"; sep=','; done
    printf '],"cache":"sha256:%s"}\n' "$cache_digest"
  } >"$OUTPUT_METADATA" || fail $EXIT_SYSTEM "writing $OUTPUT_METADATA"
  say "Droplet: sha256:$digest ($((size / 1024)) KB)"
}

main() {
  APP_DIR='' DROPLET_ROOT=/home/vcap BUILDPACKS_DIR='' ORDER_LIST='' SKIP_DETECT=0 CACHE_IN='' CACHE_OUT=''
  OUTPUT_DROPLET='' OUTPUT_METADATA='' WORK_DIR='' STACK=bookworm
  while [[ $# -gt 0 ]]; do
    case $1 in
      --app-dir) APP_DIR=${2-}; shift 2 ;;
      --droplet-root) DROPLET_ROOT=${2-}; shift 2 ;;
      --buildpacks-dir) BUILDPACKS_DIR=${2-}; shift 2 ;;
      --buildpack-order) ORDER_LIST=${2-}; shift 2 ;;
      --skip-detect) SKIP_DETECT=1; shift ;;
      --cache-in) CACHE_IN=${2-}; shift 2 ;;
      --cache-out) CACHE_OUT=${2-}; shift 2 ;;
      --output-droplet) OUTPUT_DROPLET=${2-}; shift 2 ;;
      --output-metadata) OUTPUT_METADATA=${2-}; shift 2 ;;
      --work-dir) WORK_DIR=${2-}; shift 2 ;;
      --stack) STACK=${2-}; shift 2 ;;
      -h | --help) usage; exit 0 ;;
      *) usage >&2; fail $EXIT_SYSTEM "unknown argument: $1" ;;
    esac
  done
  local missing=''
  [[ -n $BUILDPACKS_DIR ]] || missing+=' --buildpacks-dir'
  [[ -n $ORDER_LIST ]] || missing+=' --buildpack-order'
  [[ -n $OUTPUT_DROPLET ]] || missing+=' --output-droplet'
  [[ -n $OUTPUT_METADATA ]] || missing+=' --output-metadata'
  [[ -n $CACHE_OUT ]] || missing+=' --cache-out'
  [[ -z $missing ]] || { usage >&2; fail $EXIT_SYSTEM "missing arguments:$missing"; }
  IFS=',' read -r -a ORDER <<<"$ORDER_LIST"
  [[ ${#ORDER[@]} -gt 0 ]] || fail $EXIT_SYSTEM "--buildpack-order names no buildpack"
  if [[ -z $WORK_DIR ]]; then
    WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/gantry-builder.XXXXXX") || fail $EXIT_SYSTEM "making a work dir"
  fi
  export CF_STACK=$STACK

  setup
  SELECTED=() FINAL_DIR='' DETECT_OUTPUT='' START_COMMAND=''
  if (( SKIP_DETECT )); then supply_all; else detect; fi
  finalize
  release
  local detected=${SELECTED[${#SELECTED[@]} - 1]}
  # A detect that names itself names the droplet's buildpack (as CF does).
  if (( ! SKIP_DETECT )) && [[ -n $DETECT_OUTPUT && $DETECT_OUTPUT != *$'\n'* ]]; then detected=$DETECT_OUTPUT; fi
  package_droplet "$detected"
  package_cache
  write_result "$detected"
}

# Sourcing the file (tests) defines the functions without staging anything.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  main "$@"
fi
