# staticfile: the directory to serve, relative to the app: the Staticfile's
# `root:` (e.g. "root: public"), else the app itself. Sourced by finalize and
# release with $build_dir set; sets $root.
root=.
if [[ -f $build_dir/Staticfile ]]; then
  line=$(grep -E '^root:' "$build_dir/Staticfile" | head -1 || true)
  value=${line#root:}
  value=${value#"${value%%[![:space:]]*}"}
  value=${value%"${value##*[![:space:]]}"}
  value=${value#\"}; value=${value%\"}; value=${value#\'}; value=${value%\'}
  value=${value#./}; value=${value%/}
  [[ -n $value ]] && root=$value
fi
