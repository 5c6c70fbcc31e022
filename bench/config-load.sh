#!/usr/bin/env bash
# Cold-start cost of loading the layered config (YAML parse + validation) on the one-shot path:
# `dispatch config validate` with a realistic user config and project file, against `dispatch --version`
# (same JVM flags, same run) as the baseline. Prints medians of N runs and the ratio.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
N=${N:-15}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/home/config" "$WORK/proj/.git"
cat > "$WORK/home/config/config.yaml" <<'YAML'
providers:
  anthropic: { type: anthropic }
  local: { type: openai, base_url: "http://127.0.0.1:11434/v1" }
keys:
  - { id: work, provider: anthropic, env: ANTHROPIC_API_KEY, priority: 2 }
models:
  - { id: sonnet, provider: anthropic, name: claude-sonnet-4-5, tags: [heavy, coding], price: { input: 3, output: 15 } }
  - { id: qwen, provider: local, name: qwen2.5-coder, tags: [light] }
default_model: sonnet
permissions: { auto_allow: [/tmp], deny: ["rm -rf *"] }
YAML
printf 'default_model: qwen\npermissions: { network: false }\n' > "$WORK/proj/dispatch.yaml"

median_ms() {
  local times=()
  for _ in $(seq "$N"); do
    local t0 t1
    t0=$(date +%s%N)
    (cd "$WORK/proj" && DISPATCH_HOME="$WORK/home" "$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
        -cp "$BENCH_CP" dev.dispatch.Main "$@" >/dev/null)
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (N + 1) / 2 ))p"
}

base=$(median_ms --version)
cfg=$(median_ms config validate)
show=$(median_ms config show)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
{
  echo "config-load (N=$N, medians): --version ${base} ms (baseline)"
  echo "  config validate: ${cfg} ms = $(ratio "$cfg" "$base")x baseline"
  echo "  config show:     ${show} ms = $(ratio "$show" "$base")x baseline"
} | tee "$RESULTS/config-load.txt"
